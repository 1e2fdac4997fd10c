/**
 * The auto-reply decision and the claim, written once over a synchronous table of expiring marks.
 * The memory and SQLite stores run it as it is (SQLite inside one transaction); the Redis store
 * runs the same steps as a Lua script (./redis-scripts.ts), and the contract tests hold them equal.
 */
import type { AutoReplyAsk, AutoReplyLimits, CodeVerdict, Reservation, StoreSuppressionReason } from './store.js';

/** Expiring marks (key -> token) and per-channel windows of answered messages. */
export interface MarkTable {
  /** The mark's token while it lives (expires after `now`), else undefined. */
  liveToken(key: string, now: number): string | undefined;
  put(key: string, token: string, expires: number): void;
  /** Deletes the mark when it is this token's; true when it was, and still alive at `now`. */
  dropIf(key: string, token: string, now: number): boolean;
  /** Gives a living mark a new expiry when it is this token's; true when it was. */
  extendIf(key: string, token: string, expires: number, now: number): boolean;
  /** Entries of the channel's window taken after `since` (older ones may be forgotten now). */
  windowCount(channelId: string, since: number): number;
  windowAdd(channelId: string, token: string, at: number): void;
  windowDrop(channelId: string, token: string): boolean;
}

const SEP = '\u0000';
export const markKeys = {
  claim: (key: string) => `k${SEP}${key}`,
  mute: (channelId: string, codeKey: string) => `m${SEP}${channelId}${SEP}${codeKey}`,
  cooldown: (channelId: string, codeKey: string) => `c${SEP}${channelId}${SEP}${codeKey}`,
  thread: (channelId: string, threadId: string, codeKey: string) => `t${SEP}${channelId}${SEP}${threadId}${SEP}${codeKey}`,
};

export function renewClaimIn(table: MarkTable, key: string, token: string, ttlMs: number, now: number): boolean {
  return ttlMs > 0 ? table.extendIf(markKeys.claim(key), token, now + ttlMs, now) : table.dropIf(markKeys.claim(key), token, now);
}

export function releaseClaimIn(table: MarkTable, key: string, token: string, now: number): boolean {
  return table.dropIf(markKeys.claim(key), token, now);
}

export function claimIn(table: MarkTable, key: string, ttlMs: number, now: number, token: string): boolean {
  const mark = markKeys.claim(key);
  if (table.liveToken(mark, now) !== undefined) return false;
  table.put(mark, token, now + ttlMs);
  return true;
}

export function decideIn(
  table: MarkTable,
  ask: AutoReplyAsk,
  limits: AutoReplyLimits,
  now: number,
  token: string,
): { verdicts: CodeVerdict[]; reservation?: Reservation } {
  const { channelId, threadId, codeKeys } = ask;
  const reasons: (StoreSuppressionReason | 'candidate' | 'repeat')[] = [];
  const candidates: string[] = [];
  for (const codeKey of codeKeys) {
    if (table.liveToken(markKeys.mute(channelId, codeKey), now) !== undefined) reasons.push('muted');
    else if (candidates.includes(codeKey)) reasons.push('repeat');
    else if (table.liveToken(markKeys.thread(channelId, threadId, codeKey), now) !== undefined) reasons.push('thread-duplicate');
    else if (table.liveToken(markKeys.cooldown(channelId, codeKey), now) !== undefined) reasons.push('cooldown');
    else {
      reasons.push('candidate');
      candidates.push(codeKey);
    }
  }
  // The window counts messages answered: one slot for the whole message, however many codes it answers.
  const full = candidates.length > 0 && table.windowCount(channelId, now - limits.windowMs) >= limits.maxPerWindow;
  const verdicts = codeKeys.map((codeKey, i): CodeVerdict => {
    const reason = reasons[i];
    if (reason === 'candidate') return full ? { codeKey, reply: false, reason: 'rate-cap' } : { codeKey, reply: true };
    // A code repeated within one message shares the first one's fate: capped with it, or already answered by it.
    if (reason === 'repeat' || reason === undefined) return { codeKey, reply: false, reason: full ? 'rate-cap' : 'thread-duplicate' };
    return { codeKey, reply: false, reason };
  });
  if (candidates.length === 0 || full) return { verdicts };

  const held = now + limits.holdMs;
  for (const codeKey of candidates) {
    putUnlessPast(table, markKeys.cooldown(channelId, codeKey), token, Math.min(held, now + limits.cooldownMs), now);
    putUnlessPast(table, markKeys.thread(channelId, threadId, codeKey), token, Math.min(held, now + limits.threadMs), now);
  }
  table.windowAdd(channelId, token, now);
  return {
    verdicts,
    reservation: { token, channelId, threadId, codeKeys: candidates, at: now, cooldownMs: limits.cooldownMs, threadMs: limits.threadMs },
  };
}

export function commitIn(table: MarkTable, reservation: Reservation, now: number): boolean {
  const { token, channelId, threadId, at } = reservation;
  let committed = false;
  for (const codeKey of reservation.codeKeys) {
    committed = settle(table, markKeys.cooldown(channelId, codeKey), token, at + reservation.cooldownMs, now) || committed;
    committed = settle(table, markKeys.thread(channelId, threadId, codeKey), token, at + reservation.threadMs, now) || committed;
  }
  return committed;
}

export function releaseIn(table: MarkTable, reservation: Reservation, now: number): boolean {
  const { token, channelId, threadId } = reservation;
  let released = table.windowDrop(channelId, token);
  for (const codeKey of reservation.codeKeys) {
    released = table.dropIf(markKeys.cooldown(channelId, codeKey), token, now) || released;
    released = table.dropIf(markKeys.thread(channelId, threadId, codeKey), token, now) || released;
  }
  return released;
}

function putUnlessPast(table: MarkTable, key: string, token: string, expires: number, now: number): void {
  // A zero cooldown records nothing, as the in-memory policy's map forgets an entry that expires at once.
  if (expires > now) table.put(key, token, expires);
}

/** A committed mark lasts its full time from the decision; one whose full time is over goes now. */
function settle(table: MarkTable, key: string, token: string, expires: number, now: number): boolean {
  return expires > now ? table.extendIf(key, token, expires, now) : table.dropIf(key, token, now);
}
