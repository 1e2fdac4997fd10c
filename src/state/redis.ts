/**
 * The Redis store: state shared by several processes (replicas, shards). Client: node-redis
 * (@redis/client), the client Redis itself maintains, with no dependencies of its own; it reconnects
 * by itself and, with the offline queue off, refuses commands at once while disconnected, so a
 * decision fails closed instead of waiting in a queue.
 *
 * Every key has the prefix and a TTL. A channel's keys share one hash tag ({c:<channel>}), so a
 * decision's keys sit in one cluster slot and one script can touch them all; votes and reports have
 * a tag each for the same reason.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import { CLAIM, DECIDE, FIX_CREDIT, MERGE_SETTINGS, PROPOSAL_CREATE, PROPOSAL_SWAP, REPORT, SETTLE, VOTE } from './redis-scripts.js';
import { describeRedisUrl } from './setting.js';
import {
  type AutoReplyAsk,
  type AutoReplyLimits,
  type AutoReplyOutcome,
  applyDecision,
  applyEdit,
  type ChannelSettings,
  type ClaimOutcome,
  type CodeVerdict,
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
  RETENTION_MS,
  type Reservation,
  type StateStore,
  StateUnavailableError,
  type StoreHealth,
  type StoreSuppressionReason,
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
import { assertPositive, assertValue, mergeSettings, readSettings } from './validate.js';

export interface RedisStoreOptions {
  readonly clock?: () => number;
  /** Key prefix; default `errcode:`. Several bots can share one Redis with different prefixes. */
  readonly prefix?: string;
  /** Longest wait for one command; past it the operation counts as unavailable. Default 2 s. */
  readonly commandTimeoutMs?: number;
  /** Longest wait for the first connection before open() returns anyway (and keeps trying). Default 5 s. */
  readonly connectWaitMs?: number;
  /** Ceiling of the reconnect backoff. Default 2 s. */
  readonly maxReconnectDelayMs?: number;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 2000;

const REASONS = new Set<StoreSuppressionReason>(['muted', 'thread-duplicate', 'cooldown', 'rate-cap']);

class Script {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}
const SCRIPTS = {
  claim: new Script(CLAIM),
  settle: new Script(SETTLE),
  decide: new Script(DECIDE),
  vote: new Script(VOTE),
  report: new Script(REPORT),
  mergeSettings: new Script(MERGE_SETTINGS),
  proposalCreate: new Script(PROPOSAL_CREATE),
  proposalSwap: new Script(PROPOSAL_SWAP),
  fixCredit: new Script(FIX_CREDIT),
};

/** A compare-and-set that keeps losing means something is badly wrong: say so instead of spinning. */
const MAX_SWAP_ATTEMPTS = 20;

function connectClient(url: string, options: RedisStoreOptions) {
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  return createClient({
    url,
    disableOfflineQueue: true,
    pingInterval: 10_000,
    socket: {
      connectTimeout: 2000,
      // Forever, with a capped backoff: Redis coming back is the normal end of an outage.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 10), maxDelay),
    },
  });
}
type Client = ReturnType<typeof connectClient>;

export class RedisStateStore implements StateStore {
  readonly backend = 'redis' as const;
  private readonly clock: () => number;
  private readonly prefix: string;
  private readonly commandTimeoutMs: number;
  private lastError: string | undefined;
  /** Set when a command got no answer in time (a stalled server), cleared by the next answer. */
  private stalled = false;
  private closed = false;

  private constructor(
    private readonly client: Client,
    readonly where: string,
    options: RedisStoreOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.prefix = options.prefix ?? 'errcode:';
    this.commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  }

  /**
   * Connects, waiting up to `connectWaitMs` for the first connection. An unreachable server does not
   * stop start-up: the store answers "unavailable" (silence) and keeps reconnecting; `warning` says so.
   */
  static async open(url: string, options: RedisStoreOptions = {}): Promise<{ store: RedisStateStore; warning?: string }> {
    const client = connectClient(url, options);
    const store = new RedisStateStore(client, describeRedisUrl(url), options);
    // Without a listener node-redis would throw connection errors; they are recorded for health instead.
    client.on('error', (error: unknown) => {
      store.lastError = error instanceof Error ? error.message || error.name : String(error);
    });
    client.on('ready', () => {
      store.lastError = undefined;
    });
    const connecting = client.connect().then(
      () => true,
      (error: unknown) => {
        store.lastError = error instanceof Error ? error.message : String(error);
        return false;
      },
    );
    const waitMs = options.connectWaitMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const ready = await Promise.race([connecting, new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)))]);
    clearTimeout(timer);
    if (ready && client.isReady) return { store };
    return {
      store,
      warning:
        `ERRCODE_STATE: Redis at ${store.where} is not reachable (${store.lastError ?? 'no answer'}); ` +
        'auto-replies stay silent until it is, and the store keeps reconnecting.',
    };
  }

  async claim(key: string, ttlMs: number): Promise<ClaimOutcome> {
    assertPositive('ttlMs', ttlMs);
    const token = randomUUID();
    try {
      const claimed = await this.run(SCRIPTS.claim, [this.key('claim', enc(key))], [this.now(), token, Math.ceil(ttlMs)]);
      return claimed === 1 ? { status: 'claimed', token } : { status: 'taken' };
    } catch (error) {
      return this.unavailable(error);
    }
  }

  async renewClaim(key: string, token: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    return (await this.settle([this.key('claim', enc(key))], token, now, false, [ttlMs > 0 ? now + Math.ceil(ttlMs) : 0])) > 0;
  }

  async releaseClaim(key: string, token: string): Promise<boolean> {
    return (await this.settle([this.key('claim', enc(key))], token, this.now(), false, [0])) > 0;
  }

  async decideAutoReply(ask: AutoReplyAsk, limits: AutoReplyLimits): Promise<AutoReplyOutcome> {
    const { channelId, threadId, codeKeys } = ask;
    const keys = [this.channelKey(channelId, 'window')];
    for (const codeKey of codeKeys) keys.push(...this.codeMarks(channelId, threadId, codeKey));
    const token = randomUUID();
    const now = this.now();
    let reply: unknown;
    try {
      reply = await this.run(SCRIPTS.decide, keys, [
        now,
        token,
        Math.ceil(limits.holdMs),
        Math.ceil(limits.cooldownMs),
        Math.ceil(limits.threadMs),
        limits.maxPerWindow,
        Math.ceil(limits.windowMs),
      ]);
    } catch (error) {
      return this.unavailable(error);
    }
    if (!Array.isArray(reply) || reply.length !== codeKeys.length)
      return this.unavailable(new Error('unexpected reply from the decide script'));
    const verdicts = codeKeys.map((codeKey, i): CodeVerdict => {
      const answer = String(reply[i]);
      if (answer === 'reply') return { codeKey, reply: true };
      return {
        codeKey,
        reply: false,
        reason: REASONS.has(answer as StoreSuppressionReason) ? (answer as StoreSuppressionReason) : 'rate-cap',
      };
    });
    const allowed = [...new Set(verdicts.filter((v) => v.reply).map((v) => v.codeKey))];
    if (allowed.length === 0) return { status: 'decided', verdicts };
    return {
      status: 'decided',
      verdicts,
      reservation: { token, channelId, threadId, codeKeys: allowed, at: now, cooldownMs: limits.cooldownMs, threadMs: limits.threadMs },
    };
  }

  async commitAutoReply(reservation: Reservation): Promise<boolean> {
    const { token, channelId, threadId, at } = reservation;
    const keys: string[] = [];
    const expiries: number[] = [];
    for (const codeKey of reservation.codeKeys) {
      const [, thread, cooldown] = this.codeMarks(channelId, threadId, codeKey);
      keys.push(cooldown, thread);
      expiries.push(at + Math.ceil(reservation.cooldownMs), at + Math.ceil(reservation.threadMs));
    }
    return (await this.settle(keys, token, this.now(), false, expiries)) > 0;
  }

  async releaseAutoReply(reservation: Reservation): Promise<boolean> {
    const { token, channelId, threadId } = reservation;
    const keys: string[] = [];
    for (const codeKey of reservation.codeKeys) {
      const [, thread, cooldown] = this.codeMarks(channelId, threadId, codeKey);
      keys.push(cooldown, thread);
    }
    keys.push(this.channelKey(channelId, 'window'));
    return (
      (await this.settle(
        keys,
        token,
        this.now(),
        true,
        keys.slice(0, -1).map(() => 0),
      )) > 0
    );
  }

  async mute(channelId: string, codeKey: string, ttlMs: number): Promise<void> {
    assertPositive('ttlMs', ttlMs);
    const ttl = Math.ceil(ttlMs);
    const value = `${this.now() + ttl}|mute`;
    await this.call(() =>
      this.client.set(this.channelKey(channelId, 'mute', enc(codeKey)), value, { expiration: { type: 'PX', value: ttl } }),
    );
  }

  async isMuted(channelId: string, codeKey: string): Promise<boolean> {
    const value = await this.call(() => this.client.get(this.channelKey(channelId, 'mute', enc(codeKey))));
    return typeof value === 'string' && Number(value.slice(0, value.indexOf('|'))) > this.now();
  }

  async recordVote(vote: VoteInput): Promise<VoteOutcome> {
    const previous = await this.call(() =>
      this.run(
        SCRIPTS.vote,
        [this.key('{votes}', 'entry', enc(vote.entryId)), this.key('{votes}', 'tally')],
        [vote.userId, vote.vote, vote.entryId, RETENTION_MS],
      ),
    );
    if (previous === '') return { outcome: 'new' };
    if (previous === '=') return { outcome: 'unchanged' };
    return { outcome: 'changed', previous: previous === 'helpful' ? 'helpful' : 'not_helpful' };
  }

  async voteTallies(): Promise<readonly VoteTally[]> {
    const fields = await this.call(() => this.client.hGetAll(this.key('{votes}', 'tally')));
    const byEntry = new Map<string, { helpful: number; notHelpful: number }>();
    for (const [field, count] of Object.entries(fields as Record<string, string>)) {
      const colon = field.indexOf(':');
      const vote = field.slice(0, colon) as VoteValue;
      const entryId = field.slice(colon + 1);
      const tally = byEntry.get(entryId) ?? { helpful: 0, notHelpful: 0 };
      if (vote === 'helpful') tally.helpful += Number(count);
      else tally.notHelpful += Number(count);
      byEntry.set(entryId, tally);
    }
    return sortTallies([...byEntry].map(([entryId, t]) => ({ entryId, ...t })));
  }

  async reportMissing(report: MissingReportInput): Promise<boolean> {
    const query = normaliseReportQuery(report.query);
    const reporter = report.userId === undefined ? '' : `${report.userId}\u0000${query}`;
    const counted = await this.call(() =>
      this.run(
        SCRIPTS.report,
        [this.key('{reports}', 'summary'), this.key('{reports}', 'reporters')],
        [query, reporter, report.platform, this.now(), RETENTION_MS, MAX_REPORTED_QUERIES],
      ),
    );
    return counted === 1;
  }

  async missingReports(): Promise<readonly MissingReportSummary[]> {
    const fields = await this.call(() => this.client.hGetAll(this.key('{reports}', 'summary')));
    const rows: MissingReportSummary[] = [];
    for (const [query, json] of Object.entries(fields as Record<string, string>)) {
      const s = JSON.parse(json) as { count: number; platforms: string[]; lastAt: number };
      rows.push({ query, count: s.count, platforms: [...s.platforms].sort(), lastAt: s.lastAt });
    }
    return sortReports(rows);
  }

  async channelSettings(channelId: string): Promise<ChannelSettings> {
    return readSettings(await this.call(() => this.client.get(this.channelKey(channelId, 'settings'))));
  }

  async updateChannelSettings(channelId: string, patch: ChannelSettings): Promise<ChannelSettings> {
    mergeSettings({}, patch); // refuses an invalid patch before it reaches the server
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const clear = Object.entries(patch)
      .filter(([, v]) => v === undefined)
      .map(([k]) => k);
    const merged = await this.call(() =>
      this.run(SCRIPTS.mergeSettings, [this.channelKey(channelId, 'settings')], [JSON.stringify(set), JSON.stringify(clear), RETENTION_MS]),
    );
    return readSettings(String(merged));
  }

  // ----- teaching (issue 14) -----

  async createProposal(input: ProposalInput): Promise<Proposal> {
    const proposal = newProposal(input, newProposalId(randomUUID()), this.now());
    const stored = await this.call(() =>
      this.run(SCRIPTS.proposalCreate, this.proposalKeys(), [
        proposal.id,
        JSON.stringify(proposal),
        normaliseProposalCode(proposal.code),
        MAX_PROPOSALS,
        RETENTION_MS,
      ]),
    );
    if (stored !== 1) throw new TooManyProposalsError(`${MAX_PROPOSALS} proposals kept already`);
    return proposal;
  }

  async getProposal(id: string): Promise<Proposal | undefined> {
    const json = await this.call(() => this.client.hGet(this.proposalKeys()[0], id));
    return typeof json === 'string' ? (JSON.parse(json) as Proposal) : undefined;
  }

  async pendingProposals(): Promise<readonly Proposal[]> {
    const pending = (await this.call(() => this.client.hGetAll(this.proposalKeys()[1]))) as Record<string, string>;
    return this.proposalsById(Object.keys(pending));
  }

  async pendingProposalsFor(code: string): Promise<readonly Proposal[]> {
    const key = normaliseProposalCode(code);
    const pending = (await this.call(() => this.client.hGetAll(this.proposalKeys()[1]))) as Record<string, string>;
    return this.proposalsById(Object.keys(pending).filter((id) => pending[id] === key));
  }

  async allProposals(): Promise<readonly Proposal[]> {
    const all = (await this.call(() => this.client.hGetAll(this.proposalKeys()[0]))) as Record<string, string>;
    return sortProposals(Object.values(all).map((json) => JSON.parse(json) as Proposal));
  }

  async decideProposal(id: string, decision: ProposalDecision): Promise<DecideOutcome> {
    return this.swapProposal(id, (current) => applyDecision(current, decision));
  }

  async editProposal(id: string, fields: ProposalFields, edit: ProposalEdit): Promise<EditOutcome> {
    return this.swapProposal(id, (current) => applyEdit(current, fields, edit));
  }

  async recordFix(credit: FixCreditInput): Promise<{ outcome: 'new' | 'changed' }> {
    const added = await this.call(() =>
      this.run(
        SCRIPTS.fixCredit,
        [this.key('{fixes}', 'entry', enc(credit.entryId)), this.key('{fixes}', 'entries')],
        [credit.userId, JSON.stringify([...credit.steps]), credit.entryId, RETENTION_MS],
      ),
    );
    return { outcome: Number(added) === 1 ? 'new' : 'changed' };
  }

  async fixStats(entryId: string): Promise<FixStats> {
    const values = await this.call(() => this.client.hVals(this.key('{fixes}', 'entry', enc(entryId))));
    return tallyFixes(entryId, (values as string[]).map(parseSteps));
  }

  async allFixStats(): Promise<readonly FixStats[]> {
    const entries = (await this.call(() => this.client.sMembers(this.key('{fixes}', 'entries')))) as string[];
    return sortFixStats(await Promise.all(entries.map((entryId) => this.fixStats(entryId))));
  }

  /** proposals (id -> JSON), pending (id -> code): one hash tag, so one script touches both. */
  private proposalKeys(): [string, string] {
    return [this.key('{proposals}', 'all'), this.key('{proposals}', 'pending')];
  }

  private async proposalsById(ids: readonly string[]): Promise<Proposal[]> {
    if (ids.length === 0) return [];
    const values = await this.call(() => this.client.hmGet(this.proposalKeys()[0], [...ids]));
    return sortProposals((values as Array<string | null>).flatMap((json) => (json ? [JSON.parse(json) as Proposal] : [])));
  }

  /** Read, work the change out (pure), write if nothing changed meanwhile; else read again. */
  private async swapProposal<T extends DecideOutcome | EditOutcome>(id: string, change: (current: Proposal | undefined) => T): Promise<T> {
    for (let attempt = 0; attempt < MAX_SWAP_ATTEMPTS; attempt += 1) {
      const json = await this.call(() => this.client.hGet(this.proposalKeys()[0], id));
      const current = typeof json === 'string' ? (JSON.parse(json) as Proposal) : undefined;
      const outcome = change(current);
      if (outcome.outcome !== 'decided' && outcome.outcome !== 'edited') return outcome;
      const next = outcome.proposal;
      const written = await this.call(() =>
        this.run(SCRIPTS.proposalSwap, this.proposalKeys(), [
          id,
          String(json),
          JSON.stringify(next),
          next.status === 'pending' ? '1' : '0',
          normaliseProposalCode(next.code),
          RETENTION_MS,
        ]),
      );
      if (Number(written) === 1) return outcome;
    }
    throw new StateUnavailableError(`Redis at ${this.where}: proposal ${id} kept changing; gave up after ${MAX_SWAP_ATTEMPTS} attempts`);
  }

  health(): StoreHealth {
    if (this.closed) return { backend: 'redis', ok: false, detail: 'closed' };
    if (this.client.isReady && this.stalled)
      return { backend: 'redis', ok: false, detail: `Redis at ${this.where} stalled: no answer in time` };
    if (this.client.isReady) return { backend: 'redis', ok: true };
    return { backend: 'redis', ok: false, detail: `Redis at ${this.where} unreachable${this.lastError ? `: ${this.lastError}` : ''}` };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.client.isReady && !this.stalled) {
      try {
        // QUIT waits for the replies still due; a server that stopped answering is not waited for.
        await this.answered(() => this.client.close());
        return;
      } catch {
        // fall through: drop the socket
      }
    }
    this.client.destroy();
  }

  // -- Small values with a TTL ----------------------------------------------------------------

  async readValue(key: string): Promise<string | undefined> {
    const value = await this.call(() => this.client.get(this.key('v', enc(key))));
    if (typeof value !== 'string') return undefined;
    // "<expires>|<value>": the caller's clock decides, as for every other mark.
    const bar = value.indexOf('|');
    return Number(value.slice(0, bar)) > this.now() ? value.slice(bar + 1) : undefined;
  }

  async writeValue(key: string, value: string, ttlMs: number): Promise<void> {
    assertValue(value, ttlMs);
    const ttl = Math.ceil(ttlMs);
    await this.call(() =>
      this.client.set(this.key('v', enc(key)), `${this.now() + ttl}|${value}`, { expiration: { type: 'PX', value: ttl } }),
    );
  }

  async deleteValue(key: string): Promise<void> {
    await this.call(() => this.client.del(this.key('v', enc(key))));
  }

  /** Runs a script by its SHA1, sending the source once when this server has not seen it yet. */
  private async run(script: Script, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    return this.answered(async () => {
      try {
        return await this.client.sendCommand(['EVALSHA', script.sha, ...tail]);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await this.client.sendCommand(['EVAL', script.source, ...tail]);
      }
    });
  }

  /**
   * node-redis times a command out only while it waits to be written; one written to a stalled
   * server would wait forever. So every operation has its own deadline.
   */
  private async answered<T>(operation: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.stalled = true;
        reject(new Error(`no answer within ${this.commandTimeoutMs} ms`));
      }, this.commandTimeoutMs);
    });
    try {
      const result = await Promise.race([operation(), deadline]);
      this.stalled = false;
      return result;
    } finally {
      clearTimeout(timer);
    }
  }

  private async settle(
    keys: readonly string[],
    token: string,
    now: number,
    withWindow: boolean,
    expiries: readonly number[],
  ): Promise<number> {
    const touched = await this.call(() => this.run(SCRIPTS.settle, keys, [now, token, withWindow ? '1' : '0', ...expiries]));
    return Number(touched);
  }

  /** Bookkeeping calls: an unreachable server is a StateUnavailableError the caller can word. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await this.answered(operation);
    } catch (error) {
      throw new StateUnavailableError(`Redis at ${this.where}: ${messageOf(error)}`, { cause: error });
    }
  }

  private unavailable(error: unknown): { status: 'unavailable'; error: string } {
    return { status: 'unavailable', error: `Redis at ${this.where}: ${messageOf(error)}` };
  }

  private now(): number {
    return Math.floor(this.clock());
  }

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  private channelKey(channelId: string, ...parts: string[]): string {
    return this.key(`{c:${enc(channelId)}}`, ...parts);
  }

  /** mute, thread, cooldown: the order the decide script reads them in. */
  private codeMarks(channelId: string, threadId: string, codeKey: string): [string, string, string] {
    return [
      this.channelKey(channelId, 'mute', enc(codeKey)),
      this.channelKey(channelId, 'thread', enc(threadId), enc(codeKey)),
      this.channelKey(channelId, 'cool', enc(codeKey)),
    ];
  }
}

/** Key parts percent-encoded: no ':' ambiguity, and no '{' or '}' to move a key into another slot. */
function enc(part: string): string {
  return encodeURIComponent(part);
}

function parseSteps(json: string): number[] {
  try {
    const steps = JSON.parse(json) as unknown;
    return Array.isArray(steps) ? steps.filter((s): s is number => Number.isInteger(s)) : [];
  } catch {
    return [];
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
