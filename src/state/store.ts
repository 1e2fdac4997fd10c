/**
 * The state store: everything the bot remembers between events — event dedupe, cooldowns, one answer
 * per code per thread, "Not relevant" mutes, the per-channel window, votes, missing-code reports and
 * channel settings — behind one asynchronous interface, so one process (memory), one process that
 * survives restarts (SQLite) and several processes (Redis) behave the same. Every operation that
 * decides something is one atomic step on the backend: two processes can never both claim.
 *
 * Time comes from the store's clock (injectable for tests); Redis stores the expiry it was given as
 * well as a server-side TTL, so replicas agree as far as their clocks do (NTP keeps that to ms).
 */
import { REPORTED_QUERY_LIMIT } from '../feedback.js';
import type { AutoReplySettings } from '../policy/auto-reply.js';

/** Why the store says no to an auto-reply (the channel-level reasons stay with the policy). */
export type StoreSuppressionReason = 'muted' | 'thread-duplicate' | 'cooldown' | 'rate-cap';

/** The limits a decision applies; the policy owns the numbers (AUTO_REPLY_DEFAULTS). */
export interface AutoReplyLimits {
  /** The same code in the same channel is answered at most once per cooldown. */
  readonly cooldownMs: number;
  /** How long a thread remembers a code was answered in it. */
  readonly threadMs: number;
  /** Messages answered per channel per window, at most. */
  readonly maxPerWindow: number;
  readonly windowMs: number;
  /**
   * How long the marks of an uncommitted reservation hold. A crash between deciding and posting then
   * blocks the code for this long only, so a redelivered event can still be answered.
   */
  readonly holdMs: number;
}

/** One message that may get an auto-reply: every code it would answer, best first. */
export interface AutoReplyAsk {
  readonly channelId: string;
  /** The thread the reply would go to (Slack thread_ts, Discord thread or root message id). */
  readonly threadId: string;
  readonly codeKeys: readonly string[];
}

export type CodeVerdict =
  | { readonly codeKey: string; readonly reply: true }
  | { readonly codeKey: string; readonly reply: false; readonly reason: StoreSuppressionReason };

/**
 * The marks one decision made, held until the reply is posted (commit) or failed (release). Plain
 * data: it can be logged, or handed to another piece of code, and a second commit or release is a
 * harmless no-op.
 */
export interface Reservation {
  readonly token: string;
  readonly channelId: string;
  readonly threadId: string;
  /** The codes that were allowed (and so marked). */
  readonly codeKeys: readonly string[];
  /** When the decision was taken: cooldown and thread marks count from here. */
  readonly at: number;
  readonly cooldownMs: number;
  readonly threadMs: number;
}

/** A backend that cannot answer (Redis down): the caller stays silent, never guesses. */
export interface Unavailable {
  readonly status: 'unavailable';
  readonly error: string;
}

export type AutoReplyOutcome =
  | {
      readonly status: 'decided';
      /** One per code asked, in order. */
      readonly verdicts: readonly CodeVerdict[];
      /** Present when at least one code was allowed. */
      readonly reservation?: Reservation;
    }
  | Unavailable;

export type ClaimOutcome = { readonly status: 'claimed'; readonly token: string } | { readonly status: 'taken' } | Unavailable;

export type VoteValue = 'helpful' | 'not_helpful';

export interface VoteInput {
  readonly platform: string;
  readonly entryId: string;
  readonly userId: string;
  readonly vote: VoteValue;
}

/** `new`: counted; `changed`: the user's earlier vote moved; `unchanged`: the same click again. */
export type VoteOutcome = { readonly outcome: 'new' | 'unchanged' } | { readonly outcome: 'changed'; readonly previous: VoteValue };

export interface VoteTally {
  readonly entryId: string;
  readonly helpful: number;
  readonly notHelpful: number;
}

export interface MissingReportInput {
  readonly platform: string;
  readonly query: string;
  /** Who reported; the same user reporting the same query again is not counted twice. */
  readonly userId?: string;
}

export interface MissingReportSummary {
  /** Trimmed, lower-cased, at most REPORTED_QUERY_LIMIT characters (as `errcode stats` groups them). */
  readonly query: string;
  readonly count: number;
  readonly platforms: readonly string[];
  readonly lastAt: number;
}

/** What a channel can set for itself today: auto-replies on or off there. */
export interface ChannelSettings {
  readonly autoReply?: boolean;
}

export interface StoreHealth {
  readonly backend: StateBackend;
  /** False while the backend cannot answer (auto-replies are then silent). */
  readonly ok: boolean;
  readonly detail?: string;
}

export type StateBackend = 'memory' | 'sqlite' | 'redis';

/**
 * Thrown when the backend is down by everything but claim and decide (which answer "unavailable"):
 * mutes, votes, reports, settings, and renewing, committing or releasing. A failed commit leaves
 * the marks to expire after holdMs; a failed release leaves them held for that long.
 */
export class StateUnavailableError extends Error {
  override readonly name = 'StateUnavailableError';
}

export interface StateStore {
  readonly backend: StateBackend;

  /** Set-if-absent: the first caller within `ttlMs` gets a token, every other one `taken`. */
  claim(key: string, ttlMs: number): Promise<ClaimOutcome>;
  /** Moves a claim's expiry to now + `ttlMs`; false when the claim is no longer this token's. */
  renewClaim(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim up (the work failed, let a redelivery try again); false when not this token's. */
  releaseClaim(key: string, token: string): Promise<boolean>;

  /**
   * The whole auto-reply decision for one message, atomically: per code mute, thread, cooldown; then
   * the channel window, which counts messages answered (not codes); then the marks, held for
   * `limits.holdMs` until commit or release.
   */
  decideAutoReply(ask: AutoReplyAsk, limits: AutoReplyLimits): Promise<AutoReplyOutcome>;
  /** The reply was posted: the marks now last their full cooldown and thread times. */
  commitAutoReply(reservation: Reservation): Promise<boolean>;
  /** The reply could not be posted: undo this reservation's marks and its window slot, nobody else's. */
  releaseAutoReply(reservation: Reservation): Promise<boolean>;

  /** "Not relevant": no auto-replies for this code in this channel for `ttlMs`. */
  mute(channelId: string, codeKey: string, ttlMs: number): Promise<void>;
  isMuted(channelId: string, codeKey: string): Promise<boolean>;

  /** One vote per user per entry: a second click changes the vote, it never adds one. */
  recordVote(vote: VoteInput): Promise<VoteOutcome>;
  voteTallies(): Promise<readonly VoteTally[]>;

  /** Returns whether the report was counted (false: this user already reported this query). */
  reportMissing(report: MissingReportInput): Promise<boolean>;
  missingReports(): Promise<readonly MissingReportSummary[]>;

  channelSettings(channelId: string): Promise<ChannelSettings>;
  /** Merges `patch` into the channel's settings; `undefined` values clear a setting. */
  updateChannelSettings(channelId: string, patch: ChannelSettings): Promise<ChannelSettings>;

  health(): StoreHealth;
  close(): Promise<void>;
}

/** How long votes, reports and settings are kept after their last change (Redis keys need a TTL). */
export const RETENTION_MS = 400 * 24 * 60 * 60 * 1000;

/** Distinct queries kept in reports; past this, new queries are dropped (old ones still count). */
export const MAX_REPORTED_QUERIES = 10_000;

export function normaliseReportQuery(query: string): string {
  return query.trim().toLowerCase().slice(0, REPORTED_QUERY_LIMIT);
}

/** The store's limits from the policy's settings, with the same meaning the in-memory policy gives them. */
export function autoReplyLimits(settings: AutoReplySettings, holdMs = DEFAULT_HOLD_MS): AutoReplyLimits {
  return {
    cooldownMs: settings.cooldownMs,
    // One answer per code per thread for as long as anyone is likely to read the thread.
    threadMs: Math.max(settings.cooldownMs, settings.muteMs),
    maxPerWindow: settings.maxPerChannelPerMinute,
    windowMs: 60_000,
    holdMs,
  };
}

/** Long enough for a post with retries; short enough that a crash blocks a redelivery only briefly. */
export const DEFAULT_HOLD_MS = 2 * 60 * 1000;

/** Sorted as `errcode stats` prints them: most reported first, then by query. */
export function sortReports(rows: MissingReportSummary[]): MissingReportSummary[] {
  return rows.sort((a, b) => b.count - a.count || (a.query < b.query ? -1 : a.query > b.query ? 1 : 0));
}

export function sortTallies(rows: VoteTally[]): VoteTally[] {
  return rows
    .filter((row) => row.helpful + row.notHelpful > 0)
    .sort((a, b) => b.notHelpful - a.notHelpful || (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
}
