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

/** What went wrong with a file, in words (`no such file or directory`), not an errno name (ENOENT). */
const FS_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EMFILE: 'too many open files',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
};

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && FS_ERRORS[code]) ?? (code ? `cannot be read (${code})` : 'cannot be read');
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
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`);
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
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`);
  } finally {
    closeSync(fd);
  }
}
