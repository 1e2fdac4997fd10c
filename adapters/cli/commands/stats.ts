/**
 * `errcode stats [FILE|-]`: reads errcode's JSON log and summarises what catalog maintainers
 * should look at: the queries reported as missing and the answers voted not helpful.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { FEEDBACK_EVENTS } from '../../../src/feedback.js';
import { type CliIo, EXIT, line, UsageError } from '../io.js';
import type { CommonFlags } from './flags.js';
import { printStepCredits, stepCredits } from './proposals.js';

interface Tally {
  count: number;
  platforms: Set<string>;
}

export async function statsCommand(source: string | undefined, flags: CommonFlags, io: CliIo): Promise<number> {
  let input: NodeJS.ReadableStream;
  if (source === undefined || source === '-') {
    if (io.stdin.isTTY) throw new UsageError('stats reads a log FILE or standard input');
    input = io.stdin;
  } else {
    const stream = createReadStream(source);
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (error: NodeJS.ErrnoException) => reject(new UsageError(`cannot read ${source}: ${error.code ?? 'error'}`)));
    });
    input = stream;
  }
  const missing = new Map<string, Tally>();
  const votes = new Map<string, { helpful: number; notHelpful: number }>();
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
      const key = record.query.trim().toLowerCase();
      const tally = missing.get(key) ?? { count: 0, platforms: new Set<string>() };
      tally.count += 1;
      if (typeof record.platform === 'string') tally.platforms.add(record.platform);
      missing.set(key, tally);
    } else if (record.event === FEEDBACK_EVENTS.vote && typeof record.entryId === 'string') {
      const tally = votes.get(record.entryId) ?? { helpful: 0, notHelpful: 0 };
      if (record.vote === 'helpful') tally.helpful += 1;
      else tally.notHelpful += 1;
      votes.set(record.entryId, tally);
    }
  }
  const missingRows = [...missing.entries()].sort((a, b) => b[1].count - a[1].count);
  const voteRows = [...votes.entries()].filter(([, v]) => v.notHelpful > 0).sort((a, b) => b[1].notHelpful - a[1].notHelpful);
  // Issue 14's part of stats: per-entry step credits from the store (its own section).
  const credits = await stepCredits(io);
  if (flags.json) {
    line(
      io.stdout,
      JSON.stringify(
        {
          ...(credits ? { step_credits: credits } : {}),
          lines,
          unreadable,
          missing: missingRows.map(([query, t]) => ({ query, count: t.count, platforms: [...t.platforms].sort() })),
          not_helpful: voteRows.map(([entryId, v]) => ({ entry_id: entryId, not_helpful: v.notHelpful, helpful: v.helpful })),
        },
        null,
        2,
      ),
    );
  } else {
    line(io.stdout, `Missing codes reported (${missingRows.length}):`);
    for (const [query, t] of missingRows)
      line(io.stdout, `  ${String(t.count).padStart(4)}  ${query}  (${[...t.platforms].sort().join(', ')})`);
    line(io.stdout, `Answers voted not helpful (${voteRows.length}):`);
    for (const [entryId, v] of voteRows) line(io.stdout, `  ${String(v.notHelpful).padStart(4)}  ${entryId}  (helpful: ${v.helpful})`);
    line(io.stdout, `${lines} log lines read${unreadable > 0 ? `, ${unreadable} unreadable` : ''}`);
    printStepCredits(io, credits);
  }
  return missingRows.length + voteRows.length > 0 ? EXIT.matched : EXIT.nothing;
}
