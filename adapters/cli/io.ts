import { closeSync, openSync, readSync } from 'node:fs';

/** What a CLI command may touch; tests pass their own. */
export interface CliIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly env: NodeJS.ProcessEnv;
}

/** Exit statuses: the contract scripts rely on. */
export const EXIT = Object.freeze({ matched: 0, nothing: 1, usage: 2 } as const);

/** Bad usage or unreadable input: one line on stderr, exit 2. */
export class UsageError extends Error {}

export function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}

/**
 * At most `maxBytes` bytes from the start of a file, so a 10 GB log or a huge page is never read
 * whole. An unreadable file is a UsageError naming it.
 */
export function readFileHead(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    const buffer = Buffer.alloc(maxBytes);
    let size = 0;
    for (;;) {
      const n = readSync(fd, buffer, size, maxBytes - size, null);
      size += n;
      if (n === 0 || size >= maxBytes) break;
    }
    return buffer.subarray(0, size);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  } finally {
    closeSync(fd);
  }
}
