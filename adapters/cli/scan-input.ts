/**
 * A scan's input, read in pieces the engine reads whole. `Engine.scan` reads at most its scanLimit
 * characters of a text and drops the rest with a note: right for a chat message, wrong for a log
 * file handed to the CLI, whose error is usually near the end. So the CLI reads the file or
 * standard input in pieces of at most scanLimit bytes (a UTF-8 byte is at most one UTF-16
 * character, so the engine never cuts a piece), each cut after a line's end where the piece has
 * one, and stops at a hard overall cap. A file longer than the cap is read from its last cap's worth
 * (a log grows at its end, and the newest lines hold the error being chased); standard input, which
 * may never end, is read from its start.
 */
import { createReadStream, statSync } from 'node:fs';
import { describeFsError, UsageError } from './io.js';

/**
 * The most a scan reads: 16 MiB. Kubernetes rotates a container's log at 10 MiB by default
 * (kubelet containerLogMaxSize), so `kubectl logs pod | errcode scan -` fits whole; the cap, with
 * the budget for reading again in parts (commands/scan.ts), keeps the longest scan within about
 * 15 s of CPU, and endless input (`yes | errcode scan -`) ends. Memory stays at about one piece.
 */
export const SCAN_INPUT_CAP = 16 * 1024 * 1024;

/** Which end of an input too long to read whole was read. */
export type KeptPart = 'first' | 'last';

export function cutShortNote(kept: KeptPart = 'first'): string {
  const mib = SCAN_INPUT_CAP / (1024 * 1024);
  return kept === 'last'
    ? `input cut short: only its last ${mib} MiB were scanned (the most a scan reads; a log's newest lines are at its end); the start was not read`
    : `input cut short: only its first ${mib} MiB were scanned (the most a scan reads); the rest was not read`;
}

export interface ReadSummary {
  readonly bytesRead: number;
  /** False when the input went on past the cap (the rest was not read). */
  readonly complete: boolean;
  /** Of an input cut short, the part read. */
  readonly kept: KeptPart;
}

/** What a scan reads: the bytes, and how many at the start of a long file were skipped. */
export interface ScanSource {
  readonly chunks: AsyncIterable<Buffer | string>;
  readonly skippedBytes: number;
}

const NEWLINE = 0x0a;

/** Where to cut `buffer` at or before `max` bytes: after its last line end, else before a UTF-8 character starts. */
function cutPoint(buffer: Buffer, max: number): number {
  const newline = buffer.lastIndexOf(NEWLINE, max - 1);
  if (newline >= 0) return newline + 1;
  return characterStart(buffer, max);
}

/** `at`, or the nearest earlier offset that does not fall inside a UTF-8 character. */
function characterStart(buffer: Buffer, at: number): number {
  let cut = Math.min(at, buffer.length);
  // Continuation bytes are 10xxxxxx; a character is at most 4 bytes.
  while (cut > 0 && cut > at - 4 && ((buffer[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return cut > 0 ? cut : at;
}

/** Reads `source` to its end or the cap, handing over each piece (at most `pieceBytes`) as text. */
export async function readPieces(
  source: ScanSource,
  pieceBytes: number,
  onPiece: (text: string) => void,
  capBytes: number = SCAN_INPUT_CAP,
): Promise<ReadSummary> {
  let pending: Buffer = Buffer.alloc(0);
  let bytesRead = 0;
  let capped = false;
  // Read from inside a long file: the line cut at its start is no line, and is dropped.
  let atLineStart = source.skippedBytes === 0;
  for await (const chunk of source.chunks) {
    let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (bytesRead + bytes.length > capBytes) {
      bytes = bytes.subarray(0, characterStart(bytes, capBytes - bytesRead));
      capped = true;
    }
    if (!atLineStart) {
      const newline = bytes.indexOf(NEWLINE);
      if (newline === -1) continue;
      bytes = bytes.subarray(newline + 1);
      atLineStart = true;
    }
    bytesRead += bytes.length;
    pending = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
    while (pending.length >= pieceBytes) {
      const cut = cutPoint(pending, pieceBytes);
      onPiece(pending.subarray(0, cut).toString('utf8'));
      pending = pending.subarray(cut);
    }
    if (capped) break;
  }
  if (pending.length > 0) onPiece(pending.toString('utf8'));
  const skipped = source.skippedBytes > 0;
  return { bytesRead, complete: !skipped && !capped, kept: skipped ? 'last' : 'first' };
}

/**
 * A file's bytes (of a file longer than `capBytes`, its last `capBytes`), or standard input's; an
 * unreadable file is a UsageError in plain words.
 */
export function scanSource(file: string | undefined, stdin: NodeJS.ReadStream, capBytes: number = SCAN_INPUT_CAP): ScanSource {
  if (file === undefined || file === '-') {
    if (stdin.isTTY) throw new UsageError('scan reads a FILE or standard input; nothing was piped in (try: errcode scan app.log)');
    return { chunks: stdin, skippedBytes: 0 };
  }
  const size = regularFileSize(file);
  const skippedBytes = size !== undefined && size > capBytes ? size - capBytes : 0;
  return { chunks: readable(file, skippedBytes), skippedBytes };
}

/** A regular file's size; undefined for anything else (a FIFO, a device), read as a stream from its start. */
function regularFileSize(file: string): number | undefined {
  try {
    const stats = statSync(file);
    return stats.isFile() ? stats.size : undefined;
  } catch {
    // Said by the read itself, in the same words as any other unreadable file.
    return undefined;
  }
}

async function* readable(file: string, start: number): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16, start })) yield chunk as Buffer;
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`);
  }
}
