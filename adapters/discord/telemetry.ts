/** Metrics and the one info line per answered query or auto-reply (never the pasted text). */
import type { Answer } from '../../src/engine/answer.js';
import { codeLabel } from '../../src/interaction/card.js';
import type { Services } from '../../src/services.js';

export type QueryKind = 'slash' | 'context_menu' | 'mention';

const since = (started: number) => (performance.now() - started) / 1000;

export function recordQuery(
  services: Services,
  kind: QueryKind,
  outcome: 'found' | 'not-found' | 'empty-query',
  answer: Answer | undefined,
  started: number,
): void {
  const seconds = since(started);
  services.metrics.queries.inc({ platform: 'discord', outcome });
  services.metrics.endToEndSeconds.observe({ platform: 'discord', kind }, seconds);
  services.logger.info(
    {
      event: 'query',
      platform: 'discord',
      kind,
      outcome,
      ...(answer ? { catalog: answer.catalog.id, code: codeLabel(answer), entryId: answer.entryId } : {}),
      latencyMs: Math.round(seconds * 1000),
    },
    'query answered',
  );
}

export function recordAutoReply(services: Services, answers: readonly Answer[], secrets: number, started: number): void {
  const seconds = since(started);
  const first = answers[0];
  services.metrics.autoReplies.inc({ platform: 'discord' });
  services.metrics.endToEndSeconds.observe({ platform: 'discord', kind: 'auto_reply' }, seconds);
  services.logger.info(
    {
      event: 'auto_reply',
      platform: 'discord',
      outcome: 'sent',
      ...(first ? { catalog: first.catalog.id, code: codeLabel(first), entryId: first.entryId } : {}),
      answers: answers.map((a) => `${a.catalog.id}:${codeLabel(a)}`),
      secretsFound: secrets,
      latencyMs: Math.round(seconds * 1000),
    },
    'auto-reply sent',
  );
}

export function recordComponent(services: Services, action: string, started: number): void {
  services.metrics.endToEndSeconds.observe({ platform: 'discord', kind: 'component' }, since(started));
  services.logger.debug({ event: 'component', platform: 'discord', action, latencyMs: Math.round(since(started) * 1000) });
}
