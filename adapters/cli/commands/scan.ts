/** `errcode scan [--json] [--limit N] [FILE|-]`: what an auto-reply would say about this text, for a whole log. */
import type { Answer } from '../../../src/engine/answer.js';
import { MAX_SIGHTINGS_PER_DETECTOR } from '../../../src/engine/detectors/detector.js';
import type { Engine } from '../../../src/engine/engine.js';
import { ENGINE_DEFAULTS, SCAN_ANSWERS } from '../../../src/engine/engine.js';
import { ui } from '../../../src/messages.js';
import { redactSecrets, type SecretKind } from '../../../src/secrets.js';
import { engineFor } from '../engine.js';
import { type CliIo, EXIT, line } from '../io.js';
import { scanJson } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { renderScan } from '../render/text.js';
import { cutShortNote, readPieces, SCAN_INPUT_CAP, scanSource } from '../scan-input.js';
import type { FoundAt, ScanReport } from '../scan-report.js';
import type { CommonFlags } from './flags.js';

/** Codes shown without --limit: as many as the bot's reply to a paste names. */
export const DEFAULT_SCAN_LIMIT = SCAN_ANSWERS;

/**
 * A piece is read again in parts when it came back full: as many answers as a scan gives, or as
 * many sightings as a detector keeps (a log with a number on every line fills that long before
 * its end, and the error is often the last line). Parts of this size hold a typical log's lines
 * under that limit; a part still full is read again in eighths.
 */
const PART_CHARS = 16 * 1024;
const SUBPARTS = 8;

/**
 * The most characters read again in parts, over the whole input: as many as the input cap, so a
 * scan of the largest input stays within about 15 s of CPU (0.16 s per MiB read in pieces, about
 * 0.7 s per MiB read again in parts; measured on a log with a number on every line). Past it, the
 * count of codes found is a lower bound, and said so.
 */
const REREAD_BUDGET = SCAN_INPUT_CAP;

export async function scanCommand(source: string | undefined, flags: CommonFlags, io: CliIo): Promise<number> {
  const input = scanSource(source, io.stdin);
  const engine = await engineFor(flags.catalogs, io.env, { noBundled: flags.noBundled });
  const merged = new MergedScan(engine);
  const read = await readPieces(input, ENGINE_DEFAULTS.scanLimit, (piece) => merged.addPiece(piece), SCAN_INPUT_CAP);
  const report: ScanReport = {
    answers: merged.answers(),
    where: merged.where,
    notes: merged.notes,
    limit: flags.limit ?? DEFAULT_SCAN_LIMIT,
    foundAtLeast: merged.budgetSpent,
    bytesRead: read.bytesRead,
    complete: read.complete,
    kept: read.kept,
  };
  // Said on stderr too, where it is seen when standard output goes to `| jq` or a file.
  if (!read.complete) line(io.stderr, `errcode: ${cutShortNote(read.kept)}`);
  // The excerpts were redacted; the input itself still holds the credential, wherever it came from.
  if (merged.secrets.size > 0)
    line(io.stderr, `errcode: ${ui('rotateSecretInput', flags.lang, { kinds: [...merged.secrets].join(', ') })}`);
  if (flags.json) line(io.stdout, JSON.stringify(scanJson(report, flags.lang), null, 2));
  else line(io.stdout, renderScan(report, flags.lang, styleFor(io.stdout, io.env)));
  return report.answers.length > 0 ? EXIT.matched : EXIT.nothing;
}

/** The answers of every piece, one per entry, each with its best confidence, best first. */
class MergedScan {
  private readonly byEntry = new Map<string, { answer: Answer; order: number }>();
  /** Where each entry's code was first seen: its line (counted from the first line read) and the line. */
  readonly where = new Map<string, FoundAt>();
  readonly notes: string[] = [];
  /** Credentials redacted from the excerpts shown. */
  readonly secrets = new Set<SecretKind>();
  private reread = 0;
  /** Lines before the next piece. */
  private linesRead = 0;
  budgetSpent = false;

  constructor(private readonly engine: Engine) {}

  addPiece(text: string): void {
    this.add(text, this.linesRead);
    this.linesRead += countLines(text);
  }

  private add(text: string, firstLine: number): void {
    const result = this.engine.scan(text);
    for (const note of result.notes) if (!this.notes.includes(note)) this.notes.push(note);
    for (const answer of result.answers) this.keep(answer, text, firstLine);
    // `Engine.scan` answers at most SCAN_ANSWERS codes: a piece that came back full may hold more.
    const full = result.answers.length >= SCAN_ANSWERS || result.considered >= MAX_SIGHTINGS_PER_DETECTOR;
    if (full) this.readInParts(text, firstLine);
  }

  private readInParts(text: string, firstLine: number): void {
    const parts = partsOf(text, text.length > PART_CHARS * SUBPARTS ? PART_CHARS : Math.ceil(text.length / SUBPARTS));
    if (parts.length < 2) return;
    if (this.reread + text.length > REREAD_BUDGET) {
      this.budgetSpent = true;
      return;
    }
    this.reread += text.length;
    let line = firstLine;
    for (const part of parts) {
      this.add(part, line);
      line += countLines(part);
    }
  }

  private keep(answer: Answer, text: string, firstLine: number): void {
    const known = this.byEntry.get(answer.entryId);
    if (!known) this.byEntry.set(answer.entryId, { answer, order: this.byEntry.size });
    else if (answer.confidence > known.answer.confidence) known.answer = answer;
    if (!this.where.has(answer.entryId)) {
      const at = lineHolding(text, answer.matchedAs ?? answer.code);
      if (at) {
        // A log line quoted back is what gets pasted into a ticket: never with the token it held.
        const redacted = redactSecrets(at.excerpt);
        for (const kind of redacted.found) this.secrets.add(kind);
        const clueLines = linesOfClues(text, answer, at, firstLine);
        this.where.set(answer.entryId, {
          line: firstLine + at.line,
          excerpt: shortened(redacted.text),
          ...(clueLines.size > 0 ? { clueLines } : {}),
        });
      }
    }
  }

  answers(): Answer[] {
    return [...this.byEntry.values()].sort((a, b) => b.answer.confidence - a.answer.confidence || a.order - b.order).map((k) => k.answer);
  }
}

/** Newlines in `text`: the lines a piece of whole lines holds. */
function countLines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n += 1;
  return n;
}

/** Longest excerpt of a line shown. */
const EXCERPT_CHARS = 160;

/**
 * The line of each quoted clue of `answer` (a platform word, a payload's message) read elsewhere in
 * `text` than on the code's line: its occurrence nearest the code, when that is on another line.
 * Counted from `firstLine`, as the code's line is.
 */
function linesOfClues(text: string, answer: Answer, code: CodeLine, firstLine: number): Map<string, number> {
  const lines = new Map<string, number>();
  let lower: string | undefined;
  for (const clue of answer.why) {
    if (clue.kind !== 'keyword' && clue.kind !== 'message') continue;
    const words = clue.detail.toLowerCase();
    if (words.length === 0 || lines.has(words)) continue;
    lower ??= text.toLowerCase();
    // The nearest occurrence: the last one before the code's line ends, else the first after it.
    const before = lower.lastIndexOf(words, code.lineEnd);
    const at = before >= 0 ? before : lower.indexOf(words, code.lineEnd);
    if (at < 0 || (at >= code.lineStart && at < code.lineEnd)) continue;
    lines.set(words, firstLine + countLines(text.slice(0, at)) + 1);
  }
  return lines;
}

/** Where a code was seen in a piece: its line (1 for the first), the line trimmed, and where the line starts and ends. */
interface CodeLine extends FoundAt {
  readonly lineStart: number;
  readonly lineEnd: number;
}

/**
 * The first line of `text` holding `code` as a number of its own (not inside a longer one), its
 * number (1 for the first) and the line, trimmed: where a reader of a long log looks.
 */
function lineHolding(text: string, code: string): CodeLine | undefined {
  const lower = code.toLowerCase();
  const haystack = /[a-f]/i.test(code) ? text.toLowerCase() : text;
  for (let at = haystack.indexOf(lower); at >= 0; at = haystack.indexOf(lower, at + 1)) {
    const before = haystack.charCodeAt(at - 1);
    const after = haystack.charCodeAt(at + lower.length);
    if (isDigitCode(before) || isDigitCode(after) || (lower[0] !== '-' && before === 45)) continue;
    const start = text.lastIndexOf('\n', at) + 1;
    const stop = text.indexOf('\n', at);
    // The whole line: redacted before it is cut, so a credential across the cut is still found.
    const end = stop === -1 ? text.length : stop;
    return { line: countLines(text.slice(0, start)) + 1, excerpt: text.slice(start, end).trim(), lineStart: start, lineEnd: end };
  }
  return undefined;
}

const shortened = (line: string) => (line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line);

const isDigitCode = (c: number) => c >= 48 && c <= 57;

/** `text` in parts of whole lines, each about `size` characters (a line longer than that is one part). */
function partsOf(text: string, size: number): string[] {
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start + size - 1);
    const stop = end === -1 ? text.length : end + 1;
    parts.push(text.slice(start, stop));
    start = stop;
  }
  return parts;
}
