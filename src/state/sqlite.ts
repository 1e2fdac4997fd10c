/**
 * The SQLite store: one process, surviving restarts, in one file. Uses the runtime's built-in
 * node:sqlite (Node 22.13+ and 24; no native module to compile). One process per file: the store
 * takes SQLite's exclusive lock for as long as it is open, so a second process on the same file is
 * refused at once (the OS drops the lock when the holder dies, kill -9 included). Several processes
 * share state through Redis instead.
 *
 * node:sqlite is synchronous and the connection is this process's only one, so every operation runs
 * as one transaction with nothing interleaved: the decision is atomic by construction.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
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
  RETENTION_MS,
  type Reservation,
  type StateStore,
  type StoreHealth,
  sortFixStats,
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

// The slice of node:sqlite used here. @types/node 20 has no types for it (Node 20 has no module).
type SqlValue = string | number | bigint | null;
interface SqliteStatement {
  run(...params: SqlValue[]): { changes: number | bigint };
  get(...params: SqlValue[]): Record<string, SqlValue> | undefined;
  all(...params: SqlValue[]): Record<string, SqlValue>[];
}
interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}
export interface SqliteModule {
  DatabaseSync: new (file: string, options?: { timeout?: number }) => SqliteDatabase;
}

/** node:sqlite, or undefined where the runtime has none (Node 20, Node 22 before 22.13). */
export async function loadSqlite(): Promise<SqliteModule | undefined> {
  // A variable specifier keeps TypeScript (with Node 20's types) from resolving the module.
  const specifier = 'node:sqlite';
  try {
    return (await import(specifier)) as SqliteModule;
  } catch {
    return undefined;
  }
}

/** Another process holds the file. */
export class StateFileLockedError extends Error {
  override readonly name = 'StateFileLockedError';
}

/** Bump when the tables change; a file from a newer version is refused rather than misread. */
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS marks (key TEXT PRIMARY KEY, token TEXT NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS marks_expires ON marks (expires);
CREATE TABLE IF NOT EXISTS windows (channel TEXT NOT NULL, token TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (channel, token)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS votes (entry TEXT NOT NULL, user TEXT NOT NULL, vote TEXT NOT NULL, platform TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (entry, user)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reports (query TEXT PRIMARY KEY, count INTEGER NOT NULL, platforms TEXT NOT NULL, last_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reporters (query TEXT NOT NULL, user TEXT NOT NULL, PRIMARY KEY (query, user)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS settings (channel TEXT PRIMARY KEY, json TEXT NOT NULL, updated INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, since INTEGER NOT NULL);
`;

/**
 * Teaching (issue 14): proposals (the whole proposal as JSON, with its id, normalised code and status
 * beside it for the lookups) and step credits. New tables only: a file written before them still
 * opens (they are created), and an older errcode ignores them.
 */
const TEACHING_SCHEMA = `
CREATE TABLE IF NOT EXISTS proposals (id TEXT PRIMARY KEY, code TEXT NOT NULL, status TEXT NOT NULL, created INTEGER NOT NULL, updated INTEGER NOT NULL, json TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS proposals_pending ON proposals (status, code);
CREATE TABLE IF NOT EXISTS fixes (entry TEXT NOT NULL, user TEXT NOT NULL, steps TEXT NOT NULL, platform TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (entry, user)) WITHOUT ROWID;
`;

/** The small values' table (see "Small values with a TTL" below); created on open like the rest. */
const VALUES_SCHEMA = `
CREATE TABLE IF NOT EXISTS small_values (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID;
`;

/** Expired rows are deleted at most this often (reads ignore them in between). */
const PURGE_EVERY_MS = 60_000;

export interface SqliteStoreOptions {
  readonly clock?: () => number;
}

export class SqliteStateStore implements StateStore {
  readonly backend = 'sqlite' as const;
  private readonly clock: () => number;
  private readonly marks: MarkTable;
  private readonly sql: ReturnType<typeof prepareAll>;
  private lastPurge = 0;
  private closed = false;

  private constructor(
    private readonly db: SqliteDatabase,
    readonly file: string,
    options: SqliteStoreOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    this.sql = prepareAll(db);
    this.marks = sqlMarks(this.sql);
  }

  /** Opens (creating the file and its directory on first start) and locks the file for this process. */
  static open(sqlite: SqliteModule, file: string, options: SqliteStoreOptions = {}): SqliteStateStore {
    const resolved = path.resolve(file);
    try {
      mkdirSync(path.dirname(resolved), { recursive: true });
    } catch (error) {
      throw new Error(`ERRCODE_STATE: cannot create the directory for ${resolved}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    let db: SqliteDatabase;
    try {
      // timeout 0: a locked file is refused at once instead of waiting for a holder that never lets go.
      db = new sqlite.DatabaseSync(resolved, { timeout: 0 });
    } catch (error) {
      throw new Error(`ERRCODE_STATE: cannot open ${resolved}: ${describe(error)}`);
    }
    try {
      db.exec('PRAGMA locking_mode = EXCLUSIVE');
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA synchronous = NORMAL');
      // The first write takes the exclusive lock, held until close: this is the one-process rule.
      db.exec('BEGIN IMMEDIATE');
      const version = Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
      if (version > SCHEMA_VERSION) {
        throw new Error(`${resolved} was written by a newer errcode (state schema ${version}, this one reads ${SCHEMA_VERSION})`);
      }
      db.exec(SCHEMA);
      db.exec(TEACHING_SCHEMA);
      db.exec(VALUES_SCHEMA);
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      db.prepare('INSERT OR REPLACE INTO holder (id, pid, since) VALUES (1, ?, ?)').run(process.pid, Date.now());
      db.exec('COMMIT');
    } catch (error) {
      try {
        db.close();
      } catch {
        // already unusable; the error below says why
      }
      if (isBusy(error)) {
        throw new StateFileLockedError(
          `ERRCODE_STATE: ${resolved} is in use by another errcode process. A SQLite state file serves one process; ` +
            'to run several processes (replicas, shards), point ERRCODE_STATE at a Redis server (redis://host:6379) instead.',
        );
      }
      throw new Error(`ERRCODE_STATE: cannot use ${resolved} as errcode's state: ${describe(error)}`);
    }
    return new SqliteStateStore(db, resolved, options);
  }

  async claim(key: string, ttlMs: number): Promise<ClaimOutcome> {
    assertPositive('ttlMs', ttlMs);
    const token = randomUUID();
    return this.write((now) => claimIn(this.marks, key, ttlMs, now, token)) ? { status: 'claimed', token } : { status: 'taken' };
  }

  async renewClaim(key: string, token: string, ttlMs: number): Promise<boolean> {
    return this.write((now) => renewClaimIn(this.marks, key, token, ttlMs, now));
  }

  async releaseClaim(key: string, token: string): Promise<boolean> {
    return this.write((now) => releaseClaimIn(this.marks, key, token, now));
  }

  async decideAutoReply(ask: AutoReplyAsk, limits: AutoReplyLimits): Promise<AutoReplyOutcome> {
    const token = randomUUID();
    return { status: 'decided', ...this.write((now) => decideIn(this.marks, ask, limits, now, token)) };
  }

  async commitAutoReply(reservation: Reservation): Promise<boolean> {
    return this.write((now) => commitIn(this.marks, reservation, now));
  }

  async releaseAutoReply(reservation: Reservation): Promise<boolean> {
    return this.write((now) => releaseIn(this.marks, reservation, now));
  }

  async mute(channelId: string, codeKey: string, ttlMs: number): Promise<void> {
    assertPositive('ttlMs', ttlMs);
    this.write((now) => this.marks.put(markKeys.mute(channelId, codeKey), 'mute', now + ttlMs));
  }

  async isMuted(channelId: string, codeKey: string): Promise<boolean> {
    return this.marks.liveToken(markKeys.mute(channelId, codeKey), this.clock()) !== undefined;
  }

  async recordVote(vote: VoteInput): Promise<VoteOutcome> {
    return this.write((now) => {
      const previous = this.sql.voteGet.get(vote.entryId, vote.userId)?.vote as VoteValue | undefined;
      this.sql.votePut.run(vote.entryId, vote.userId, vote.vote, vote.platform, now);
      if (previous === undefined) return { outcome: 'new' };
      return previous === vote.vote ? { outcome: 'unchanged' } : { outcome: 'changed', previous };
    });
  }

  async voteTallies(): Promise<readonly VoteTally[]> {
    const rows = this.sql.voteTallies.all();
    return sortTallies(rows.map((r) => ({ entryId: String(r.entry), helpful: Number(r.helpful), notHelpful: Number(r.not_helpful) })));
  }

  async reportMissing(report: MissingReportInput): Promise<boolean> {
    const query = normaliseReportQuery(report.query);
    return this.write((now) => {
      const row = this.sql.reportGet.get(query);
      if (!row && Number(this.sql.reportCount.get()?.n ?? 0) >= MAX_REPORTED_QUERIES) return false;
      if (report.userId !== undefined && Number(this.sql.reporterAdd.run(query, report.userId).changes) === 0) return false;
      const platforms = new Set<string>(row ? (JSON.parse(String(row.platforms)) as string[]) : []);
      platforms.add(report.platform);
      this.sql.reportPut.run(query, Number(row?.count ?? 0) + 1, JSON.stringify([...platforms].sort()), now);
      return true;
    });
  }

  async missingReports(): Promise<readonly MissingReportSummary[]> {
    return sortReports(
      this.sql.reportAll.all().map((r) => ({
        query: String(r.query),
        count: Number(r.count),
        platforms: JSON.parse(String(r.platforms)) as string[],
        lastAt: Number(r.last_at),
      })),
    );
  }

  async channelSettings(channelId: string): Promise<ChannelSettings> {
    return readSettings(this.sql.settingsGet.get(channelId)?.json as string | undefined);
  }

  async updateChannelSettings(channelId: string, patch: ChannelSettings): Promise<ChannelSettings> {
    return this.write((now) => {
      const next = mergeSettings(readSettings(this.sql.settingsGet.get(channelId)?.json as string | undefined), patch);
      this.sql.settingsPut.run(channelId, JSON.stringify(next), now);
      return next;
    });
  }

  // ----- teaching (issue 14) -----

  async createProposal(input: ProposalInput): Promise<Proposal> {
    return this.write((now) => {
      if (Number(this.sql.proposalCount.get()?.n ?? 0) >= MAX_PROPOSALS)
        throw new TooManyProposalsError(`${MAX_PROPOSALS} proposals kept already`);
      const proposal = newProposal(input, newProposalId(randomUUID()), now);
      this.putProposal(proposal);
      return proposal;
    });
  }

  async getProposal(id: string): Promise<Proposal | undefined> {
    return readProposal(this.sql.proposalGet.get(id));
  }

  async pendingProposals(): Promise<readonly Proposal[]> {
    return this.sql.proposalsPending.all().flatMap((row) => readProposal(row) ?? []);
  }

  async pendingProposalsFor(code: string): Promise<readonly Proposal[]> {
    return this.sql.proposalsPendingFor.all(normaliseProposalCode(code)).flatMap((row) => readProposal(row) ?? []);
  }

  async allProposals(): Promise<readonly Proposal[]> {
    return this.sql.proposalsAll.all().flatMap((row) => readProposal(row) ?? []);
  }

  async decideProposal(id: string, decision: ProposalDecision): Promise<DecideOutcome> {
    return this.write(() => {
      const outcome = applyDecision(readProposal(this.sql.proposalGet.get(id)), decision);
      if (outcome.outcome === 'decided') this.putProposal(outcome.proposal);
      return outcome;
    });
  }

  async editProposal(id: string, fields: ProposalFields, edit: ProposalEdit): Promise<EditOutcome> {
    return this.write(() => {
      const outcome = applyEdit(readProposal(this.sql.proposalGet.get(id)), fields, edit);
      if (outcome.outcome === 'edited') this.putProposal(outcome.proposal);
      return outcome;
    });
  }

  async recordFix(credit: FixCreditInput): Promise<{ outcome: 'new' | 'changed' }> {
    return this.write((now) => {
      const known = this.sql.fixGet.get(credit.entryId, credit.userId) !== undefined;
      this.sql.fixPut.run(credit.entryId, credit.userId, JSON.stringify([...credit.steps]), credit.platform, now);
      return { outcome: known ? 'changed' : 'new' };
    });
  }

  async fixStats(entryId: string): Promise<FixStats> {
    return tallyFixes(
      entryId,
      this.sql.fixesOf.all(entryId).map((r) => readSteps(r.steps)),
    );
  }

  async allFixStats(): Promise<readonly FixStats[]> {
    const byEntry = new Map<string, number[][]>();
    for (const row of this.sql.fixesAll.all()) {
      const entry = String(row.entry);
      const list = byEntry.get(entry) ?? [];
      list.push(readSteps(row.steps));
      byEntry.set(entry, list);
    }
    return sortFixStats([...byEntry].map(([entryId, credits]) => tallyFixes(entryId, credits)));
  }

  private putProposal(proposal: Proposal): void {
    this.sql.proposalPut.run(
      proposal.id,
      normaliseProposalCode(proposal.code),
      proposal.status,
      proposal.createdAt,
      proposal.updatedAt,
      JSON.stringify(proposal),
    );
  }

  health(): StoreHealth {
    return this.closed ? { backend: 'sqlite', ok: false, detail: 'closed' } : { backend: 'sqlite', ok: true };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  // -- Small values with a TTL ----------------------------------------------------------------

  private valueSql?: ReturnType<typeof prepareValues>;
  private get values(): ReturnType<typeof prepareValues> {
    this.valueSql ??= prepareValues(this.db);
    return this.valueSql;
  }

  async readValue(key: string): Promise<string | undefined> {
    const row = this.values.get.get(key);
    return row && Number(row.expires) > this.clock() ? String(row.value) : undefined;
  }

  async writeValue(key: string, value: string, ttlMs: number): Promise<void> {
    assertValue(value, ttlMs);
    // One statement is its own transaction: no BEGIN/COMMIT round for a write this frequent.
    const now = this.clock();
    this.values.put.run(key, value, now + ttlMs);
    if (now - this.lastValuePurge >= PURGE_EVERY_MS) {
      this.lastValuePurge = now;
      this.values.purge.run(now);
    }
  }

  async deleteValue(key: string): Promise<void> {
    this.values.drop.run(key);
  }

  private lastValuePurge = 0;

  /** One transaction around `work`, rolled back when it throws. */
  private write<T>(work: (now: number) => T): T {
    const now = this.clock();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work(now);
      if (now - this.lastPurge >= PURGE_EVERY_MS) {
        this.lastPurge = now;
        this.sql.purgeMarks.run(now);
        this.sql.purgeWindows.run(now - 60 * 60 * 1000);
        this.sql.purgeVotes.run(now - RETENTION_MS);
        this.sql.purgeSettings.run(now - RETENTION_MS);
        this.sql.purgeProposals.run(now - RETENTION_MS);
        this.sql.purgeFixes.run(now - RETENTION_MS);
      }
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }
}

function prepareAll(db: SqliteDatabase) {
  const p = (sql: string) => db.prepare(sql);
  return {
    markGet: p('SELECT token, expires FROM marks WHERE key = ?'),
    markPut: p('INSERT OR REPLACE INTO marks (key, token, expires) VALUES (?, ?, ?)'),
    markDrop: p('DELETE FROM marks WHERE key = ? AND token = ? AND expires > ?'),
    markExtend: p('UPDATE marks SET expires = ? WHERE key = ? AND token = ? AND expires > ?'),
    windowPrune: p('DELETE FROM windows WHERE channel = ? AND at <= ?'),
    windowCount: p('SELECT COUNT(*) AS n FROM windows WHERE channel = ?'),
    windowAdd: p('INSERT OR REPLACE INTO windows (channel, token, at) VALUES (?, ?, ?)'),
    windowDrop: p('DELETE FROM windows WHERE channel = ? AND token = ?'),
    voteGet: p('SELECT vote FROM votes WHERE entry = ? AND user = ?'),
    votePut: p('INSERT OR REPLACE INTO votes (entry, user, vote, platform, at) VALUES (?, ?, ?, ?, ?)'),
    voteTallies: p("SELECT entry, SUM(vote = 'helpful') AS helpful, SUM(vote <> 'helpful') AS not_helpful FROM votes GROUP BY entry"),
    reportGet: p('SELECT count, platforms FROM reports WHERE query = ?'),
    reportCount: p('SELECT COUNT(*) AS n FROM reports'),
    reportPut: p('INSERT OR REPLACE INTO reports (query, count, platforms, last_at) VALUES (?, ?, ?, ?)'),
    reportAll: p('SELECT query, count, platforms, last_at FROM reports'),
    reporterAdd: p('INSERT OR IGNORE INTO reporters (query, user) VALUES (?, ?)'),
    settingsGet: p('SELECT json FROM settings WHERE channel = ?'),
    settingsPut: p('INSERT OR REPLACE INTO settings (channel, json, updated) VALUES (?, ?, ?)'),
    purgeMarks: p('DELETE FROM marks WHERE expires <= ?'),
    purgeWindows: p('DELETE FROM windows WHERE at <= ?'),
    purgeVotes: p('DELETE FROM votes WHERE at <= ?'),
    purgeSettings: p('DELETE FROM settings WHERE updated <= ?'),
    // teaching (issue 14)
    proposalCount: p('SELECT COUNT(*) AS n FROM proposals'),
    proposalGet: p('SELECT json FROM proposals WHERE id = ?'),
    proposalPut: p('INSERT OR REPLACE INTO proposals (id, code, status, created, updated, json) VALUES (?, ?, ?, ?, ?, ?)'),
    proposalsPending: p("SELECT json FROM proposals WHERE status = 'pending' ORDER BY created, id"),
    proposalsPendingFor: p("SELECT json FROM proposals WHERE status = 'pending' AND code = ? ORDER BY created, id"),
    proposalsAll: p('SELECT json FROM proposals ORDER BY created, id'),
    purgeProposals: p('DELETE FROM proposals WHERE updated <= ?'),
    fixGet: p('SELECT steps FROM fixes WHERE entry = ? AND user = ?'),
    fixPut: p('INSERT OR REPLACE INTO fixes (entry, user, steps, platform, at) VALUES (?, ?, ?, ?, ?)'),
    fixesOf: p('SELECT steps FROM fixes WHERE entry = ?'),
    fixesAll: p('SELECT entry, steps FROM fixes'),
    purgeFixes: p('DELETE FROM fixes WHERE at <= ?'),
  };
}

function prepareValues(db: SqliteDatabase) {
  return {
    get: db.prepare('SELECT value, expires FROM small_values WHERE key = ?'),
    put: db.prepare('INSERT OR REPLACE INTO small_values (key, value, expires) VALUES (?, ?, ?)'),
    drop: db.prepare('DELETE FROM small_values WHERE key = ?'),
    purge: db.prepare('DELETE FROM small_values WHERE expires <= ?'),
  };
}

function sqlMarks(sql: ReturnType<typeof prepareAll>): MarkTable {
  return {
    liveToken(key, now) {
      const row = sql.markGet.get(key);
      return row && Number(row.expires) > now ? String(row.token) : undefined;
    },
    put(key, token, expires) {
      sql.markPut.run(key, token, expires);
    },
    dropIf(key, token, now) {
      return Number(sql.markDrop.run(key, token, now).changes) > 0;
    },
    extendIf(key, token, expires, now) {
      return Number(sql.markExtend.run(expires, key, token, now).changes) > 0;
    },
    windowCount(channelId, since) {
      sql.windowPrune.run(channelId, since);
      return Number(sql.windowCount.get(channelId)?.n ?? 0);
    },
    windowAdd(channelId, token, at) {
      sql.windowAdd.run(channelId, token, at);
    },
    windowDrop(channelId, token) {
      return Number(sql.windowDrop.run(channelId, token).changes) > 0;
    },
  };
}

function readProposal(row: Record<string, SqlValue> | undefined): Proposal | undefined {
  return row ? (JSON.parse(String(row.json)) as Proposal) : undefined;
}

function readSteps(value: SqlValue | undefined): number[] {
  try {
    const steps = JSON.parse(String(value)) as unknown;
    return Array.isArray(steps) ? steps.filter((s): s is number => Number.isInteger(s)) : [];
  } catch {
    return [];
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { errcode?: unknown }).errcode;
  // SQLITE_BUSY (5) and SQLITE_LOCKED (6), including their extended codes (low byte).
  return typeof code === 'number' && ((code & 0xff) === 5 || (code & 0xff) === 6);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
