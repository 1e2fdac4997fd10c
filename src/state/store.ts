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

export interface StateStore extends TeachingStore {
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

  // -- Small values with a TTL (the Discord gateway session per bot and shard) ------------------
  // A plain last-writer-wins value: no decision rides on it, so no script and no token. Written
  // often (the gateway's sequence), so each write is one command or one row.

  /** The value while it lives, else undefined. */
  readValue(key: string): Promise<string | undefined>;
  /** Sets the value and (re)starts its TTL. */
  writeValue(key: string, value: string, ttlMs: number): Promise<void>;
  deleteValue(key: string): Promise<void>;
}

/** Longest value writeValue takes: a session record is about 300 bytes; this is far above it. */
export const MAX_VALUE_LENGTH = 64 * 1024;

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

// ===== Teaching (issue 14): proposals and step credits ===============================================
//
// Proposals are what people suggest from chat ("Add it for my team", "Suggest a fix"), kept until a
// maintainer decides. The store keeps them as given: the product layer redacts, caps and checks the
// text before it gets here. A decision is one atomic step (pending → approved / rejected): two
// maintainers clicking at once cannot both decide. Step credits: when someone marks a card "Fixed",
// the steps they had ticked on it are credited; one credit per user per entry (a second "Fixed"
// replaces their earlier one, like a vote).

export type ProposalStatus = 'pending' | 'approved' | 'rejected';
export type ProposalKind = 'add' | 'fix';

/** What a proposal says: the fields of the modal, already redacted and capped. */
export interface ProposalFields {
  /** The code as written (`100014`, `0x9b`); the lookup key is `normaliseProposalCode(code)`. */
  readonly code: string;
  /** The catalog the proposer meant, when known (prefilled from the card). */
  readonly catalogId?: string;
  /** The section within that catalog, when known. */
  readonly sectionId?: string;
  readonly meaning: string;
  /** One fix step per item. */
  readonly steps: readonly string[];
  readonly link?: string;
}

export interface ProposalInput extends ProposalFields {
  readonly kind: ProposalKind;
  /** The entry the proposal is about ("Suggest a fix" on a card), when there is one. */
  readonly entryId?: string;
  readonly platform: string;
  readonly proposer: string;
  /** Where it was proposed from (channel id), when known. */
  readonly channelId?: string;
}

export interface ProposalDecision {
  readonly decision: Exclude<ProposalStatus, 'pending'>;
  readonly by: string;
  readonly platform: string;
  readonly at: number;
}

export interface ProposalEdit {
  readonly by: string;
  readonly platform: string;
  readonly at: number;
}

export interface Proposal extends ProposalInput {
  readonly id: string;
  readonly status: ProposalStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Present once decided: who decided, on which platform, when. */
  readonly decided?: ProposalDecision;
  /** Every edit before the decision, oldest first. */
  readonly edits: readonly ProposalEdit[];
}

export type DecideOutcome =
  | { readonly outcome: 'decided'; readonly proposal: Proposal }
  /** Someone decided first (or it was never pending): nothing changed. */
  | { readonly outcome: 'already-decided'; readonly proposal: Proposal }
  | { readonly outcome: 'missing' };

export type EditOutcome =
  | { readonly outcome: 'edited'; readonly proposal: Proposal }
  | { readonly outcome: 'already-decided'; readonly proposal: Proposal }
  | { readonly outcome: 'missing' };

export interface FixCreditInput {
  readonly platform: string;
  readonly entryId: string;
  readonly userId: string;
  /** The 0-based steps ticked when "Fixed" was clicked (may be empty). */
  readonly steps: readonly number[];
}

export interface FixStats {
  readonly entryId: string;
  /** Users who marked this entry fixed. */
  readonly fixed: number;
  /** Per 0-based step: how many of them had that step ticked. Sparse steps read as 0. */
  readonly byStep: readonly number[];
}

/** The teaching operations every backend implements (StateStore extends this). */
export interface TeachingStore {
  createProposal(input: ProposalInput): Promise<Proposal>;
  getProposal(id: string): Promise<Proposal | undefined>;
  /** Pending proposals, oldest first. */
  pendingProposals(): Promise<readonly Proposal[]>;
  /** Pending proposals for one code (`normaliseProposalCode`), oldest first. */
  pendingProposalsFor(code: string): Promise<readonly Proposal[]>;
  /** Every proposal kept (any status), oldest first: `errcode proposals`. */
  allProposals(): Promise<readonly Proposal[]>;
  /** pending → approved / rejected, atomically; only the first decision counts. */
  decideProposal(id: string, decision: ProposalDecision): Promise<DecideOutcome>;
  /** Replaces a pending proposal's fields (a maintainer's Edit); a decided one is left alone. */
  editProposal(id: string, fields: ProposalFields, edit: ProposalEdit): Promise<EditOutcome>;

  /** Credits the ticked steps; one credit per user per entry (a later one replaces it). */
  recordFix(credit: FixCreditInput): Promise<{ readonly outcome: 'new' | 'changed' }>;
  fixStats(entryId: string): Promise<FixStats>;
  /** Every entry with a credit, most fixed first. */
  allFixStats(): Promise<readonly FixStats[]>;
}

/** Proposals kept at most (pending and decided together); past this, new ones are refused. */
export const MAX_PROPOSALS = 5_000;

/** The store is full of proposals: a maintainer should review (or they expire after RETENTION_MS). */
export class TooManyProposalsError extends Error {
  override readonly name = 'TooManyProposalsError';
}

/** How proposals are looked up by code: trimmed, lower case (hex spellings `0X9B` and `0x9b` agree). */
export function normaliseProposalCode(code: string): string {
  return code.trim().toLowerCase();
}

/** A short id: fits button values and custom_ids, easy to type after `errcode approve`. */
export function newProposalId(random: string): string {
  return `p${random.replace(/-/g, '').slice(0, 10)}`;
}

export function sortProposals<T extends Proposal>(rows: T[]): T[] {
  return rows.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Counts from each user's ticked steps (user → steps). */
export function tallyFixes(entryId: string, credits: Iterable<readonly number[]>): FixStats {
  const byStep: number[] = [];
  let fixed = 0;
  for (const steps of credits) {
    fixed += 1;
    for (const step of new Set(steps)) {
      if (!Number.isInteger(step) || step < 0 || step > 63) continue;
      while (byStep.length <= step) byStep.push(0);
      byStep[step] = (byStep[step] ?? 0) + 1;
    }
  }
  return { entryId, fixed, byStep };
}

export function sortFixStats(rows: FixStats[]): FixStats[] {
  return rows.filter((r) => r.fixed > 0).sort((a, b) => b.fixed - a.fixed || (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
}

/** The decision applied to a proposal, or why not (pure: memory and SQLite share it; Lua mirrors it). */
export function applyDecision(current: Proposal | undefined, decision: ProposalDecision): DecideOutcome {
  if (!current) return { outcome: 'missing' };
  if (current.status !== 'pending') return { outcome: 'already-decided', proposal: current };
  return { outcome: 'decided', proposal: { ...current, status: decision.decision, decided: decision, updatedAt: decision.at } };
}

export function applyEdit(current: Proposal | undefined, fields: ProposalFields, edit: ProposalEdit): EditOutcome {
  if (!current) return { outcome: 'missing' };
  if (current.status !== 'pending') return { outcome: 'already-decided', proposal: current };
  const { catalogId: _c, sectionId: _s, link: _l, ...kept } = current;
  return {
    outcome: 'edited',
    proposal: { ...kept, ...fields, updatedAt: edit.at, edits: [...current.edits, edit] },
  };
}

export function newProposal(input: ProposalInput, id: string, now: number): Proposal {
  return { ...input, steps: [...input.steps], id, status: 'pending', createdAt: now, updatedAt: now, edits: [] };
}
