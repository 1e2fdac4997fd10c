/**
 * A scan's input, read in pieces the engine reads whole. `Engine.scan` reads at most its scanLimit
 * characters of a text and drops the rest with a note: right for a chat message, wrong for a log
 * file handed to the CLI, whose error is usually near the end. So the CLI reads the file or
 * standard input in pieces of at most scanLimit bytes (a UTF-8 byte is at most one UTF-16
 * character, so the engine never cuts a piece), each cut after a line's end where the piece has
 * one, and stops at a hard overall cap.
 */
import { createReadStream } from 'node:fs';
import { describeFsError, UsageError } from './io.js';

/**
 * The most a scan reads: 16 MiB. Kubernetes rotates a container's log at 10 MiB by default
 * (kubelet containerLogMaxSize), so `kubectl logs pod | errcode scan -` fits whole; the cap, with
 * the budget for reading again in parts (commands/scan.ts), keeps the longest scan within about
 * 15 s of CPU, and endless input (`yes | errcode scan -`) ends. Memory stays at about one piece.
 */
export const SCAN_INPUT_CAP = 16 * 1024 * 1024;

export function cutShortNote(): string {
  return `input cut short: only its first ${SCAN_INPUT_CAP / (1024 * 1024)} MiB were scanned (the most a scan reads); the rest was not read`;
}

export interface ReadSummary {
  readonly bytesRead: number;
  /** False when the input went on past the cap (the rest was not read). */
  readonly complete: boolean;
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
  source: AsyncIterable<Buffer | string>,
  pieceBytes: number,
  onPiece: (text: string) => void,
  capBytes: number = SCAN_INPUT_CAP,
): Promise<ReadSummary> {
  let pending: Buffer = Buffer.alloc(0);
  let bytesRead = 0;
  let complete = true;
  for await (const chunk of source) {
    let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (bytesRead + bytes.length > capBytes) {
      bytes = bytes.subarray(0, characterStart(bytes, capBytes - bytesRead));
      complete = false;
    }
    bytesRead += bytes.length;
    pending = pending.length === 0 ? bytes : Buffer.concat([pending, bytes]);
    while (pending.length >= pieceBytes) {
      const cut = cutPoint(pending, pieceBytes);
      onPiece(pending.subarray(0, cut).toString('utf8'));
      pending = pending.subarray(cut);
    }
    if (!complete) break;
  }
  if (pending.length > 0) onPiece(pending.toString('utf8'));
  return { bytesRead, complete };
}

/** A file's bytes, or standard input's; an unreadable file is a UsageError in plain words. */
export function scanSource(file: string | undefined, stdin: NodeJS.ReadStream): AsyncIterable<Buffer | string> {
  if (file === undefined || file === '-') {
    if (stdin.isTTY) throw new UsageError('scan reads a FILE or standard input; nothing was piped in (try: errcode scan app.log)');
    return stdin;
  }
  return readable(file);
}

async function* readable(file: string): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 16 })) yield chunk as Buffer;
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`);
  }
}
