/**
 * The memory store: one process, gone on exit. For the CLI, unit tests, and the fallback where
 * node:sqlite does not exist. Bounded like the in-memory policy: every map expires and is capped,
 * oldest first out.
 */
import { randomUUID } from 'node:crypto';
import { claimIn, commitIn, decideIn, type MarkTable, markKeys, releaseClaimIn, releaseIn, renewClaimIn } from './decide.js';
import {
  type AutoReplyAsk,
  type AutoReplyLimits,
  type AutoReplyOutcome,
  applyDecision,
  applyEdit,
  type ChannelSettings,
  type ClaimOutcome,
  type DecideOutcome,
  type EditOutcome,
  type FixCreditInput,
  type FixStats,
  MAX_PROPOSALS,
  MAX_REPORTED_QUERIES,
  type MissingReportInput,
  type MissingReportSummary,
  newProposal,
  newProposalId,
  normaliseProposalCode,
  normaliseReportQuery,
  type Proposal,
  type ProposalDecision,
  type ProposalEdit,
  type ProposalFields,
  type ProposalInput,
  type Reservation,
  type StateStore,
  type StoreHealth,
  sortFixStats,
  sortProposals,
  sortReports,
  sortTallies,
  TooManyProposalsError,
  tallyFixes,
  type VoteInput,
  type VoteOutcome,
  type VoteTally,
  type VoteValue,
} from './store.js';
import { assertPositive, assertValue, mergeSettings } from './validate.js';

export interface MemoryStoreOptions {
  readonly clock?: () => number;
  /** Most marks (and, separately, channel windows) held before the oldest are forgotten. */
  readonly maxTrackedKeys?: number;
}

/** Insertion-ordered, so the first key is the oldest written: a cheap bound on memory. */
class BoundedMarks implements MarkTable {
  private readonly marks = new Map<string, { token: string; expires: number }>();
  private readonly windows = new Map<string, Map<string, number>>();

  constructor(private readonly maxKeys: number) {}

  liveToken(key: string, now: number): string | undefined {
    const mark = this.marks.get(key);
    if (!mark) return undefined;
    if (mark.expires <= now) {
      this.marks.delete(key);
      return undefined;
    }
    return mark.token;
  }

  put(key: string, token: string, expires: number): void {
    this.marks.delete(key);
    this.marks.set(key, { token, expires });
    trim(this.marks, this.maxKeys);
  }

  dropIf(key: string, token: string, now: number): boolean {
    if (this.liveToken(key, now) !== token) return false;
    this.marks.delete(key);
    return true;
  }

  extendIf(key: string, token: string, expires: number, now: number): boolean {
    if (this.liveToken(key, now) !== token) return false;
    this.marks.set(key, { token, expires });
    return true;
  }

  windowCount(channelId: string, since: number): number {
    const window = this.windows.get(channelId);
    if (!window) return 0;
    for (const [token, at] of window) if (at <= since) window.delete(token);
    return window.size;
  }

  windowAdd(channelId: string, token: string, at: number): void {
    const window = this.windows.get(channelId) ?? new Map<string, number>();
    window.set(token, at);
    this.windows.delete(channelId);
    this.windows.set(channelId, window);
    trim(this.windows, this.maxKeys);
  }

  windowDrop(channelId: string, token: string): boolean {
    return this.windows.get(channelId)?.delete(token) ?? false;
  }

  get size(): number {
    return this.marks.size + this.windows.size;
  }
}

function trim(map: Map<string, unknown>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

export class MemoryStateStore implements StateStore {
  readonly backend = 'memory' as const;
  private readonly clock: () => number;
  private readonly marks: BoundedMarks;
  private readonly votes = new Map<string, Map<string, VoteValue>>();
  private readonly reports = new Map<string, { reporters: Set<string>; count: number; platforms: Set<string>; lastAt: number }>();
  private readonly settings = new Map<string, ChannelSettings>();
  private readonly proposals = new Map<string, Proposal>();
  private readonly fixes = new Map<string, Map<string, readonly number[]>>();

  constructor(options: MemoryStoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.marks = new BoundedMarks(options.maxTrackedKeys ?? 200_000);
  }

  async claim(key: string, ttlMs: number): Promise<ClaimOutcome> {
    assertPositive('ttlMs', ttlMs);
    const token = randomUUID();
    return claimIn(this.marks, key, ttlMs, this.clock(), token) ? { status: 'claimed', token } : { status: 'taken' };
  }

  async renewClaim(key: string, token: string, ttlMs: number): Promise<boolean> {
    return renewClaimIn(this.marks, key, token, ttlMs, this.clock());
  }

  async releaseClaim(key: string, token: string): Promise<boolean> {
    return releaseClaimIn(this.marks, key, token, this.clock());
  }

  async decideAutoReply(ask: AutoReplyAsk, limits: AutoReplyLimits): Promise<AutoReplyOutcome> {
    return { status: 'decided', ...decideIn(this.marks, ask, limits, this.clock(), randomUUID()) };
  }

  async commitAutoReply(reservation: Reservation): Promise<boolean> {
    return commitIn(this.marks, reservation, this.clock());
  }

  async releaseAutoReply(reservation: Reservation): Promise<boolean> {
    return releaseIn(this.marks, reservation, this.clock());
  }

  async mute(channelId: string, codeKey: string, ttlMs: number): Promise<void> {
    assertPositive('ttlMs', ttlMs);
    const now = this.clock();
    this.marks.put(markKeys.mute(channelId, codeKey), 'mute', now + ttlMs);
  }

  async isMuted(channelId: string, codeKey: string): Promise<boolean> {
    return this.marks.liveToken(markKeys.mute(channelId, codeKey), this.clock()) !== undefined;
  }

  async recordVote(vote: VoteInput): Promise<VoteOutcome> {
    const byUser = this.votes.get(vote.entryId) ?? new Map<string, VoteValue>();
    this.votes.set(vote.entryId, byUser);
    const previous = byUser.get(vote.userId);
    byUser.set(vote.userId, vote.vote);
    if (previous === undefined) return { outcome: 'new' };
    return previous === vote.vote ? { outcome: 'unchanged' } : { outcome: 'changed', previous };
  }

  async voteTallies(): Promise<readonly VoteTally[]> {
    const rows: VoteTally[] = [];
    for (const [entryId, byUser] of this.votes) {
      let helpful = 0;
      for (const value of byUser.values()) if (value === 'helpful') helpful += 1;
      rows.push({ entryId, helpful, notHelpful: byUser.size - helpful });
    }
    return sortTallies(rows);
  }

  async reportMissing(report: MissingReportInput): Promise<boolean> {
    const query = normaliseReportQuery(report.query);
    let summary = this.reports.get(query);
    if (!summary) {
      if (this.reports.size >= MAX_REPORTED_QUERIES) return false;
      summary = { reporters: new Set(), count: 0, platforms: new Set(), lastAt: 0 };
      this.reports.set(query, summary);
    }
    if (report.userId !== undefined) {
      if (summary.reporters.has(report.userId)) return false;
      summary.reporters.add(report.userId);
    }
    summary.count += 1;
    summary.platforms.add(report.platform);
    summary.lastAt = this.clock();
    return true;
  }

  async missingReports(): Promise<readonly MissingReportSummary[]> {
    return sortReports(
      [...this.reports].map(([query, s]) => ({ query, count: s.count, platforms: [...s.platforms].sort(), lastAt: s.lastAt })),
    );
  }

  async channelSettings(channelId: string): Promise<ChannelSettings> {
    return this.settings.get(channelId) ?? {};
  }

  async updateChannelSettings(channelId: string, patch: ChannelSettings): Promise<ChannelSettings> {
    const next = mergeSettings(this.settings.get(channelId) ?? {}, patch);
    this.settings.set(channelId, next);
    return next;
  }

  // ----- teaching (issue 14) -----

  async createProposal(input: ProposalInput): Promise<Proposal> {
    if (this.proposals.size >= MAX_PROPOSALS) throw new TooManyProposalsError(`${MAX_PROPOSALS} proposals kept already`);
    const proposal = newProposal(input, newProposalId(randomUUID()), this.clock());
    this.proposals.set(proposal.id, proposal);
    return proposal;
  }

  async getProposal(id: string): Promise<Proposal | undefined> {
    return this.proposals.get(id);
  }

  async pendingProposals(): Promise<readonly Proposal[]> {
    return sortProposals([...this.proposals.values()].filter((p) => p.status === 'pending'));
  }

  async pendingProposalsFor(code: string): Promise<readonly Proposal[]> {
    const key = normaliseProposalCode(code);
    return sortProposals([...this.proposals.values()].filter((p) => p.status === 'pending' && normaliseProposalCode(p.code) === key));
  }

  async allProposals(): Promise<readonly Proposal[]> {
    return sortProposals([...this.proposals.values()]);
  }

  async decideProposal(id: string, decision: ProposalDecision): Promise<DecideOutcome> {
    const outcome = applyDecision(this.proposals.get(id), decision);
    if (outcome.outcome === 'decided') this.proposals.set(id, outcome.proposal);
    return outcome;
  }

  async editProposal(id: string, fields: ProposalFields, edit: ProposalEdit): Promise<EditOutcome> {
    const outcome = applyEdit(this.proposals.get(id), fields, edit);
    if (outcome.outcome === 'edited') this.proposals.set(id, outcome.proposal);
    return outcome;
  }

  async recordFix(credit: FixCreditInput): Promise<{ outcome: 'new' | 'changed' }> {
    const byUser = this.fixes.get(credit.entryId) ?? new Map<string, readonly number[]>();
    this.fixes.set(credit.entryId, byUser);
    const known = byUser.has(credit.userId);
    byUser.set(credit.userId, [...credit.steps]);
    return { outcome: known ? 'changed' : 'new' };
  }

  async fixStats(entryId: string): Promise<FixStats> {
    return tallyFixes(entryId, this.fixes.get(entryId)?.values() ?? []);
  }

  async allFixStats(): Promise<readonly FixStats[]> {
    return sortFixStats([...this.fixes].map(([entryId, byUser]) => tallyFixes(entryId, byUser.values())));
  }

  health(): StoreHealth {
    return { backend: 'memory', ok: true };
  }

  /** Marks (claims, mutes, cooldowns, threads) and channel windows held now: for memory-bound tests. */
  trackedKeys(): number {
    return this.marks.size;
  }

  async close(): Promise<void> {}

  // -- Small values with a TTL ----------------------------------------------------------------

  private readonly values = new Map<string, { value: string; expires: number }>();

  async readValue(key: string): Promise<string | undefined> {
    const entry = this.values.get(key);
    if (entry && entry.expires > this.clock()) return entry.value;
    this.values.delete(key);
    return undefined;
  }

  async writeValue(key: string, value: string, ttlMs: number): Promise<void> {
    assertValue(value, ttlMs);
    this.values.set(key, { value, expires: this.clock() + ttlMs });
    // A handful per bot (one per shard); the bound only guards against a caller's runaway keys.
    if (this.values.size > MAX_VALUES) trim(this.values, MAX_VALUES);
  }

  async deleteValue(key: string): Promise<void> {
    this.values.delete(key);
  }
}

const MAX_VALUES = 10_000;
