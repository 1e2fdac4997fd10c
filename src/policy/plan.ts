/**
 * The auto-reply flow every platform shares: scan the paste, keep the answers the policy allows,
 * note credentials so the reply never echoes them, and count what was sent and suppressed.
 */
import type { Answer } from '../engine/answer.js';
import type { Platform } from '../feedback.js';
import { redactSecrets, type SecretKind } from '../secrets.js';
import type { Services } from '../services.js';
import type { AutoReplyReservation } from './auto-reply.js';

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
  /** Credentials found in the paste: the poster should be told, privately, to rotate them. */
  readonly secrets: readonly SecretKind[];
  /**
   * Call once the reply is known: true when it was posted (the cooldown and thread marks stay),
   * false when it could not be (they are given back, so a retry of the event can still answer).
   */
  settle(posted: boolean): void;
}

export function planAutoReply(services: Services, event: PasteEvent): AutoReplyPlan {
  const { policy, metrics, logger } = services;
  const secrets = redactSecrets(event.text).found;
  const channel = policy.channelAllowed(event.channelId);
  if (!channel.reply) {
    metrics.autoRepliesSuppressed.inc({ platform: event.platform, reason: channel.reason });
    return { answers: [], secrets, settle: () => undefined };
  }
  const started = performance.now();
  const result = services.engines.current.scan(event.text);
  metrics.engineSeconds.observe({ operation: 'scan' }, (performance.now() - started) / 1000);
  const answers: Answer[] = [];
  const reservations: AutoReplyReservation[] = [];
  for (const answer of result.answers) {
    if (answers.length >= MAX_ANSWERS_PER_REPLY) break;
    const decision = policy.decide({ channelId: event.channelId, threadId: event.threadId, codeKey: answer.entryKey });
    if (decision.reply) {
      answers.push(answer);
      reservations.push(decision.reservation);
    } else {
      metrics.autoRepliesSuppressed.inc({ platform: event.platform, reason: decision.reason });
      logger.debug({
        event: 'auto_reply_suppressed',
        platform: event.platform,
        channel: event.channelId,
        entryId: answer.entryId,
        reason: decision.reason,
      });
    }
  }
  const settle = (posted: boolean) => {
    for (const reservation of reservations) {
      if (posted) reservation.commit();
      else reservation.release();
    }
  };
  return { answers, secrets, settle };
}
