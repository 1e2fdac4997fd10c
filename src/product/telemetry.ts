/**
 * One set of metric labels and log events for every platform: what was asked, auto-replied and
 * clicked. Adapters call these and log nothing of their own about the product (never the text).
 */
import type { Answer } from '../engine/answer.js';
import type { Platform } from '../feedback.js';
import { codeLabel } from '../interaction/card.js';
import type { Services } from '../services.js';
import type { CardAction } from './actions.js';
import type { Reply } from './reply.js';

export type ChatPlatform = Exclude<Platform, 'cli'>;

/** How someone asked: a slash command, a message shortcut / context menu, a mention. */
export type AskKind = 'command' | 'message-action' | 'mention';
export type Outcome = 'found' | 'not-found' | 'empty';

/** The `kind` label of errcode_end_to_end_seconds, the same on every platform. */
export type EventKind = AskKind | 'auto-reply' | 'click';

export const EVENT_KINDS: readonly EventKind[] = ['command', 'message-action', 'mention', 'auto-reply', 'click'];

const seconds = (started: number) => (performance.now() - started) / 1000;

export function outcomeOf(reply: Reply): Outcome {
  if (reply.kind === 'card' || reply.kind === 'answers') return 'found';
  return reply.kind === 'no-match' ? 'not-found' : 'empty';
}

function answerFields(answer: Answer | undefined): Record<string, unknown> {
  if (!answer) return {};
  return {
    catalog: answer.catalog.id,
    code: answer.code,
    ...(answer.main ? { main: answer.main } : {}),
    entryId: answer.entryId,
    confidence: answer.confidence,
  };
}

export function recordAsk(
  services: Services,
  event: {
    platform: ChatPlatform;
    kind: AskKind;
    reply: Reply;
    answers: readonly Answer[];
    started: number;
    where: Record<string, unknown>;
  },
): void {
  const outcome = outcomeOf(event.reply);
  const took = seconds(event.started);
  services.metrics.queries.inc({ platform: event.platform, outcome });
  services.metrics.endToEndSeconds.observe({ platform: event.platform, kind: event.kind }, took);
  // The line is built only when it is written: a reply's own cost is measured (npm run bench).
  if (!services.logger.isLevelEnabled('info')) return;
  services.logger.info(
    {
      event: 'query',
      platform: event.platform,
      kind: event.kind,
      outcome,
      ...event.where,
      ...answerFields(event.answers[0]),
      codes: event.answers.map((a) => `${a.catalog.id}:${codeLabel(a)}`),
      latencyMs: Math.round(took * 1000),
    },
    'query answered',
  );
}

export function recordAutoReply(
  services: Services,
  event: { platform: ChatPlatform; answers: readonly Answer[]; secrets: number; started: number; where: Record<string, unknown> },
): void {
  const took = seconds(event.started);
  services.metrics.autoReplies.inc({ platform: event.platform });
  services.metrics.endToEndSeconds.observe({ platform: event.platform, kind: 'auto-reply' }, took);
  services.logger.info(
    {
      event: 'auto_reply',
      platform: event.platform,
      outcome: 'replied',
      ...event.where,
      ...answerFields(event.answers[0]),
      codes: event.answers.map((a) => `${a.catalog.id}:${codeLabel(a)}`),
      secretsFound: event.secrets,
      latencyMs: Math.round(took * 1000),
    },
    'auto-replied to a paste',
  );
}

export function recordClick(
  services: Services,
  event: { platform: ChatPlatform; action: CardAction | 'stale'; started: number; where: Record<string, unknown> },
): void {
  const took = seconds(event.started);
  services.metrics.endToEndSeconds.observe({ platform: event.platform, kind: 'click' }, took);
  services.logger.debug({
    event: 'card_action',
    platform: event.platform,
    action: event.action,
    ...event.where,
    latencyMs: Math.round(took * 1000),
  });
}
