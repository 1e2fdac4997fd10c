/**
 * The auto-reply flow every platform shares: scan the paste, ask the state store which answers
 * may go out (one atomic decision shared by every process), note credentials so the reply never
 * echoes them, and count what was sent and suppressed. The channel-level checks (enabled, allow
 * and deny lists) are the policy's, answered before any scanning or store work.
 */
import type { Answer } from '../engine/answer.js';
import { turn } from '../engine/steps.js';
import type { Platform } from '../feedback.js';
import { redactSecretsInSlices, type SecretKind } from '../secrets.js';
import type { Services } from '../services.js';
import type { Reservation } from '../state/store.js';
import { noteStateUnavailable } from '../state/unavailable.js';

/** Answers one auto-reply carries at most (one card per code, the rest summarised). */
export const MAX_ANSWERS_PER_REPLY = 3;

export interface PasteEvent {
  readonly platform: Exclude<Platform, 'cli'>;
  readonly channelId: string;
  readonly threadId: string;
  /** Message text, code blocks and attachment texts, already joined. */
  readonly text: string;
}

export interface AutoReplyPlan {
  /** What to reply with, best first; empty: stay silent. */
  readonly answers: readonly Answer[];
  /** Codes the paste also holds, worth an answer but past MAX_ANSWERS_PER_REPLY: named, not carded. */
  readonly more: readonly Answer[];
  /** Credentials found in the paste: the poster should be told, privately, to rotate them. */
  readonly secrets: readonly SecretKind[];
  /**
   * Call once the reply is known: true when it was posted (the cooldown and thread marks stay),
   * false when it could not be (they are given back, so a retry of the event can still answer).
   * Never throws: a store that cannot settle is counted, and its marks expire after holdMs.
   */
  settle(posted: boolean): Promise<void>;
}

const nothingToSettle = async () => undefined;

export async function planAutoReply(services: Services, event: PasteEvent): Promise<AutoReplyPlan> {
  const { policy, metrics, logger, state } = services;
  // A paste of megabytes is redacted in time slices: /livez and the platform's acks get turns meanwhile.
  const secrets = (await redactSecretsInSlices(event.text)).found;
  const channel = policy.channelAllowed(event.channelId);
  if (!channel.reply) {
    metrics.autoRepliesSuppressed.inc({ platform: event.platform, reason: channel.reason });
    return { answers: [], more: [], secrets, settle: nothingToSettle };
  }
  // Redaction and the scan each read up to megabytes: the event loop (acks, /livez) gets a turn between them.
  await turn();
  const started = performance.now();
  const result = services.engines.current.scan(event.text);
  metrics.engineSeconds.observe({ operation: 'scan' }, (performance.now() - started) / 1000);
  // The best answers only: the store marks every code it allows, so it is asked only about what would be sent.
  const candidates = result.answers.slice(0, MAX_ANSWERS_PER_REPLY);
  if (candidates.length === 0) return { answers: [], more: [], secrets, settle: nothingToSettle };

  const outcome = await state.decideAutoReply(
    { channelId: event.channelId, threadId: event.threadId, codeKeys: candidates.map((a) => a.entryKey) },
    policy.limits,
  );
  if (outcome.status === 'unavailable') {
    // Fail closed: without the shared decision another process may already have answered.
    noteStateUnavailable(services, 'decide', outcome.error);
    metrics.autoRepliesSuppressed.inc({ platform: event.platform, reason: 'state-unavailable' });
    return { answers: [], more: [], secrets, settle: nothingToSettle };
  }
  const answers: Answer[] = [];
  outcome.verdicts.forEach((verdict, i) => {
    const answer = candidates[i];
    if (!answer) return;
    if (verdict.reply) {
      answers.push(answer);
      return;
    }
    metrics.autoRepliesSuppressed.inc({ platform: event.platform, reason: verdict.reason });
    logger.debug({
      event: 'auto_reply_suppressed',
      platform: event.platform,
      channel: event.channelId,
      entryId: answer.entryId,
      reason: verdict.reason,
    });
  });
  const reservation = outcome.reservation;
  // Named only beside cards that go out: a reply held back by the cooldown says nothing of the rest.
  const more = answers.length > 0 ? result.answers.slice(MAX_ANSWERS_PER_REPLY) : [];
  return { answers, more, secrets, settle: reservation ? (posted) => settleReservation(services, reservation, posted) : nothingToSettle };
}

async function settleReservation(services: Services, reservation: Reservation, posted: boolean): Promise<void> {
  try {
    if (posted) await services.state.commitAutoReply(reservation);
    else await services.state.releaseAutoReply(reservation);
  } catch (error) {
    noteStateUnavailable(services, posted ? 'commit' : 'release', error);
  }
}
