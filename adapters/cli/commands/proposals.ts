/**
 * Teaching from a terminal (issue 14): `errcode proposals [--json]`, `errcode approve ID`,
 * `errcode reject ID`, against the store ERRCODE_STATE names, and the step credits `errcode stats`
 * prints. Approving is src/product/teaching.ts's approveProposal, the same code the chat review
 * runs: the team catalog (ERRCODE_TEAM_CATALOGS) is written and validated the same way.
 *
 * The CLI's default store is memory, which holds no proposals, so these need ERRCODE_STATE set to
 * the bot's SQLite file or Redis URL. A SQLite file serves one process: while the bot runs on it,
 * the CLI is refused (point both at Redis to review from a terminal while the bot runs).
 */
import { userInfo } from 'node:os';
import { approveProposal, decisionText, rejectProposal, scopeText } from '../../../src/product/teaching.js';
import { openStateStore } from '../../../src/state/open.js';
import { parseStateSetting } from '../../../src/state/setting.js';
import type { StateStore } from '../../../src/state/store.js';
import { engineFor } from '../engine.js';
import { type CliIo, EXIT, line, UsageError } from '../io.js';
import type { CommonFlags } from './flags.js';

const NEEDS_STATE =
  "proposals live in the state store: set ERRCODE_STATE to the bot's SQLite file (e.g. data/errcode-state.sqlite) " +
  "or its Redis URL (redis://host:6379). The CLI's default is memory, which holds no proposals.";

/** The store ERRCODE_STATE names; memory (or unset) is refused with what to set. */
async function openStore(io: CliIo): Promise<StateStore> {
  const raw = io.env.ERRCODE_STATE?.trim();
  if (!raw || raw === 'memory') throw new UsageError(NEEDS_STATE);
  let setting: ReturnType<typeof parseStateSetting>;
  try {
    setting = parseStateSetting(raw);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  try {
    const opened = await openStateStore(setting, { redisConnectWaitMs: 3000 });
    for (const warning of opened.warnings) line(io.stderr, `errcode: ${warning}`);
    if (opened.store.backend === 'memory') {
      await opened.store.close();
      throw new UsageError(NEEDS_STATE);
    }
    return opened.store;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

async function withStore<T>(io: CliIo, work: (store: StateStore) => Promise<T>): Promise<T> {
  const store = await openStore(io);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export async function proposalsCommand(flags: CommonFlags, io: CliIo): Promise<number> {
  return withStore(io, async (store) => {
    const all = await store.allProposals();
    if (flags.json) {
      line(io.stdout, JSON.stringify({ proposals: all }, null, 2));
    } else {
      const pending = all.filter((p) => p.status === 'pending');
      line(io.stdout, `Pending proposals (${pending.length} of ${all.length} kept):`);
      for (const p of pending) {
        line(io.stdout, `  ${p.id}  ${p.code}  ${p.meaning}`);
        line(
          io.stdout,
          `      from ${p.platform}:${p.proposer}${p.channelId ? ` in ${p.channelId}` : ''}, ${new Date(p.createdAt).toISOString()}${scopeText(p) ? `, scope ${scopeText(p)}` : ''}`,
        );
        for (const [i, step] of p.steps.entries()) line(io.stdout, `      ${i + 1}. ${step}`);
        if (p.link) line(io.stdout, `      ${p.link}`);
      }
      const decided = all.filter((p) => p.status !== 'pending');
      if (decided.length > 0) line(io.stdout, `Decided (${decided.length}):`);
      for (const p of decided)
        line(
          io.stdout,
          `  ${p.id}  ${p.code}  ${p.status} by ${p.decided?.platform}:${p.decided?.by} ${p.decided ? new Date(p.decided.at).toISOString() : ''}`,
        );
    }
    return all.length > 0 ? EXIT.matched : EXIT.nothing;
  });
}

export async function decideCommand(
  decision: 'approve' | 'reject',
  ids: readonly string[],
  flags: CommonFlags,
  io: CliIo,
): Promise<number> {
  const [id, ...extra] = ids;
  if (!id || extra.length > 0 || !/^p[0-9a-f]{1,16}$/.test(id))
    throw new UsageError(`${decision} takes one proposal id (see errcode proposals)`);
  const by = { platform: 'cli', user: io.env.USER ?? safeUser() };
  return withStore(io, async (store) => {
    const team = io.env.ERRCODE_TEAM_CATALOGS?.trim();
    const result =
      decision === 'approve'
        ? await approveProposal(
            store,
            {
              maintainers: {},
              teamCatalogDir: team || undefined,
              // No bot in this process: the running bot picks the file up on SIGHUP or with ERRCODE_WATCH=1.
              reload: async () => ({ ok: true, entries: 0 }),
            },
            await engineFor(flags.catalogs, io.env),
            id,
            by,
          )
        : await rejectProposal(store, id, by);
    const text = decisionText(result, id, flags.lang);
    const ok = result.outcome === 'approved' || result.outcome === 'rejected';
    line(ok ? io.stdout : io.stderr, text);
    if (result.outcome === 'approved') line(io.stdout, 'The running bot loads it on SIGHUP (or by itself with ERRCODE_WATCH=1).');
    return ok ? EXIT.matched : result.outcome === 'no-team-dir' ? EXIT.usage : EXIT.nothing;
  });
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Per entry: how many marked it fixed, and per step how many had it ticked (`errcode stats`). */
export interface StepCreditRow {
  readonly entry_id: string;
  readonly fixed: number;
  readonly by_step: readonly number[];
}

/** The step credits from ERRCODE_STATE, or undefined when no persistent store is set. */
export async function stepCredits(io: CliIo): Promise<readonly StepCreditRow[] | undefined> {
  const raw = io.env.ERRCODE_STATE?.trim();
  if (!raw || raw === 'memory') return undefined;
  return withStore(io, async (store) =>
    (await store.allFixStats()).map((s) => ({ entry_id: s.entryId, fixed: s.fixed, by_step: s.byStep })),
  );
}

export function printStepCredits(io: CliIo, rows: readonly StepCreditRow[] | undefined): void {
  // No persistent store named: the log-only stats stay as they were.
  if (rows === undefined) return;
  line(io.stdout, `Step credits ("Fixed it" clicks) (${rows.length}):`);
  for (const row of rows) {
    const steps = row.by_step.flatMap((n, i) => (n > 0 ? [`step ${i + 1}: ${n}`] : [])).join(', ');
    line(io.stdout, `  ${String(row.fixed).padStart(4)}  ${row.entry_id}  (${steps || 'no step ticked'})`);
  }
}
