/**
 * `errcode stats [FILE|-]`: what catalog maintainers should look at — the queries reported as
 * missing and the answers voted not helpful. Without an argument it reads the state store named by
 * ERRCODE_STATE (unset: `npm start`'s default file, data/errcode-state.sqlite, where it exists; a
 * redis:// URL for replicas); with FILE (or - for standard input) it reads errcode's JSON log instead.
 * A memory store (named, or SQLite on a Node without node:sqlite) is refused: it never holds stats.
 *
 * Each source yields one StatsReport; a new kind of figure is one more field there, filled by
 * the sources that know it, and printed by `print`.
 */
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { FEEDBACK_EVENTS } from '../../../src/feedback.js';
import { openStateStore } from '../../../src/state/open.js';
import { DEFAULT_STATE_FILE, parseStateSetting } from '../../../src/state/setting.js';
import { normaliseReportQuery } from '../../../src/state/store.js';
import { plural } from '../../../src/text.js';
import { type CliIo, describeFsError, EXIT, line, UsageError } from '../io.js';
import type { CommonFlags } from './flags.js';
import { printStepCredits, type StepCreditRow, stepCredits } from './proposals.js';

const NEEDS_STATE =
  "stats are kept in the state store: set ERRCODE_STATE to the bot's SQLite file (e.g. data/errcode-state.sqlite) " +
  "or its Redis URL (redis://host:6379), or pass the bot's JSON log: errcode stats FILE. The CLI's default is memory, which holds no stats.";

interface MissingRow {
  readonly query: string;
  readonly count: number;
  readonly platforms: readonly string[];
}

interface VoteRow {
  readonly entryId: string;
  readonly helpful: number;
  readonly notHelpful: number;
}

interface StatsReport {
  readonly missing: readonly MissingRow[];
  /** Entries with at least one "not helpful", most first. */
  readonly notHelpful: readonly VoteRow[];
  /** Where the figures came from, for --json (`lines` read from a log, or the store). */
  readonly source: Record<string, unknown>;
  /** The last line of the text output. */
  readonly footer: string;
}

export async function statsCommand(source: string | undefined, flags: CommonFlags, io: CliIo): Promise<number> {
  const report = source === undefined ? await fromStore(io) : await fromLog(source, io);
  // Issue 14's part of stats: per-entry step credits, from the store when one is named.
  const credits = await stepCredits(io);
  print(report, credits, flags, io);
  return report.missing.length + report.notHelpful.length > 0 ? EXIT.matched : EXIT.nothing;
}

function print(report: StatsReport, credits: readonly StepCreditRow[] | undefined, flags: CommonFlags, io: CliIo): void {
  if (flags.json) {
    const json = {
      ...(credits ? { step_credits: credits } : {}),
      ...report.source,
      missing: report.missing.map((m) => ({ query: m.query, count: m.count, platforms: [...m.platforms] })),
      not_helpful: report.notHelpful.map((v) => ({ entry_id: v.entryId, not_helpful: v.notHelpful, helpful: v.helpful })),
    };
    line(io.stdout, JSON.stringify(json, null, 2));
    return;
  }
  line(io.stdout, `Missing codes reported (${report.missing.length}):`);
  for (const m of report.missing) line(io.stdout, `  ${String(m.count).padStart(4)}  ${m.query}  (${m.platforms.join(', ')})`);
  line(io.stdout, `Answers voted not helpful (${report.notHelpful.length}):`);
  for (const v of report.notHelpful) line(io.stdout, `  ${String(v.notHelpful).padStart(4)}  ${v.entryId}  (helpful: ${v.helpful})`);
  line(io.stdout, report.footer);
  printStepCredits(io, credits);
}

/** The store the bot writes to: one vote per person per entry, one report per person per query. */
async function fromStore(io: CliIo): Promise<StatsReport> {
  // An empty memory store would only ever say "0": say what to point stats at instead. Unset, the
  // bot's default file is read where there is one (run from the bot's directory).
  const raw = io.env.ERRCODE_STATE?.trim() || (existsSync(DEFAULT_STATE_FILE) ? DEFAULT_STATE_FILE : undefined);
  if (!raw || raw.toLowerCase() === 'memory') throw new UsageError(NEEDS_STATE);
  let setting: ReturnType<typeof parseStateSetting>;
  try {
    setting = parseStateSetting(raw);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let opened: Awaited<ReturnType<typeof openStateStore>>;
  try {
    opened = await openStateStore(setting);
  } catch (error) {
    // A SQLite file held by the running bot: its message points at Redis for shared access.
    throw new UsageError((error as Error).message);
  }
  const { store } = opened;
  try {
    // A SQLite file on a Node without node:sqlite opens as memory: nothing the bot wrote is there.
    if (store.backend === 'memory') throw new UsageError(`${NEEDS_STATE} (${opened.warnings.join(' ') || 'the store opened as memory'})`);
    for (const warning of opened.warnings) line(io.stderr, `errcode: ${warning}`);
    if (!store.health().ok) throw new UsageError(`ERRCODE_STATE: ${store.health().detail ?? 'the state store cannot answer'}`);
    const [reports, tallies] = await Promise.all([store.missingReports(), store.voteTallies()]);
    return {
      missing: reports.map((r) => ({ query: r.query, count: r.count, platforms: r.platforms })),
      notHelpful: tallies.filter((t) => t.notHelpful > 0),
      source: { state: opened.description },
      footer: `read from the state store (${opened.description})`,
    };
  } finally {
    await store.close();
  }
}

/** errcode's JSON log: every line written, so a changed vote counts as the person's last one. */
async function fromLog(source: string, io: CliIo): Promise<StatsReport> {
  let input: NodeJS.ReadableStream;
  if (source === '-') {
    if (io.stdin.isTTY) throw new UsageError('stats - reads a log from standard input');
    input = io.stdin;
  } else {
    const stream = createReadStream(source);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`cannot read ${source}: ${describeFsError(error)}`)));
    });
    input = stream;
  }
  const missing = new Map<string, { count: number; platforms: Set<string> }>();
  const votes = new Map<string, VoteRow>();
  let lines = 0;
  let unreadable = 0;
  for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lines += 1;
    if (!raw.startsWith('{')) continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      unreadable += 1;
      continue;
    }
    if (record.event === FEEDBACK_EVENTS.missing && typeof record.query === 'string') {
      const key = normaliseReportQuery(record.query);
      const tally = missing.get(key) ?? { count: 0, platforms: new Set<string>() };
      tally.count += 1;
      if (typeof record.platform === 'string') tally.platforms.add(record.platform);
      missing.set(key, tally);
    } else if (record.event === FEEDBACK_EVENTS.vote && typeof record.entryId === 'string') {
      const row = votes.get(record.entryId) ?? { entryId: record.entryId, helpful: 0, notHelpful: 0 };
      // A changed vote moves one vote from the other side (the log line names the one it replaces).
      const undo = record.previous === 'helpful' ? { helpful: -1 } : record.previous === 'not_helpful' ? { notHelpful: -1 } : {};
      votes.set(record.entryId, {
        entryId: row.entryId,
        helpful: row.helpful + (record.vote === 'helpful' ? 1 : 0) + (undo.helpful ?? 0),
        notHelpful: row.notHelpful + (record.vote === 'helpful' ? 0 : 1) + (undo.notHelpful ?? 0),
      });
    }
  }
  return {
    missing: [...missing.entries()]
      .sort((a, b) => b[1].count - a[1].count)
      .map(([query, t]) => ({ query, count: t.count, platforms: [...t.platforms].sort() })),
    notHelpful: [...votes.values()].filter((v) => v.notHelpful > 0).sort((a, b) => b.notHelpful - a.notHelpful),
    source: { lines, unreadable },
    footer: `${plural(lines, 'log line')} read${unreadable > 0 ? `, ${unreadable} unreadable` : ''}`,
  };
}
