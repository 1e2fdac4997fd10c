/**
 * Finding and reading catalog files safely, without the YAML parser (the compiled fast path uses
 * this too). Only regular files are read: a FIFO or a device named `*.yaml` would block a
 * synchronous read forever, so it is refused by type before and after opening (O_NONBLOCK keeps
 * the open itself from waiting for a writer). A file over the size cap is refused with its size,
 * not read: one giant catalog must not take the process's memory with it.
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

/** Largest catalog file read (ERRCODE_CATALOG_MAX_BYTES overrides it). */
export const DEFAULT_CATALOG_MAX_BYTES = 32 * 1024 * 1024;

/** One problem in one catalog file. Line 0: the file as a whole. */
export interface CatalogProblem {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  readonly reason: string;
}

export class CatalogError extends Error {
  constructor(readonly problems: readonly CatalogProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'CatalogError';
  }
}

export function formatProblem(problem: CatalogProblem): string {
  return `${problem.file}:${problem.line}${problem.column ? `:${problem.column}` : ''}: ${problem.reason}`;
}

export function catalogMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ERRCODE_CATALOG_MAX_BYTES;
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_CATALOG_MAX_BYTES;
}

const CATALOG_FILE = /\.ya?ml$/i;

const errnoCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'error';

/** Catalog files named by paths: a file is taken as is, a directory gives its *.yaml files. */
export function catalogFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(p);
    } catch (error) {
      const code = errnoCode(error);
      const reason = code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code})`;
      throw new CatalogError([{ file: p, line: 0, reason }]);
    }
    if (!stat.isDirectory()) {
      files.push(p);
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(p);
    } catch (error) {
      throw new CatalogError([{ file: p, line: 0, reason: `cannot list the directory (${errnoCode(error)})` }]);
    }
    for (const name of names.sort()) if (CATALOG_FILE.test(name)) files.push(path.join(p, name));
  }
  return files;
}

export type FileRead = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly problem: CatalogProblem };

/** The file's bytes, or why it was refused; never blocks on a FIFO and never throws. */
export function readCatalogBytes(file: string, maxBytes = catalogMaxBytes()): FileRead {
  let bytes: Buffer | undefined;
  let read = 0;
  const refused = readCatalogFileInto(file, maxBytes, (size) => {
    bytes = Buffer.allocUnsafe(size);
    return (fd) => {
      while (read < size) {
        const n = readSync(fd, bytes as Buffer, read, size - read, read);
        if (n === 0) break;
        read += n;
      }
    };
  });
  return refused ? { ok: false, problem: refused } : { ok: true, bytes: (bytes as Buffer).subarray(0, read) };
}

const CHUNK_BYTES = 256 * 1024;

/**
 * Feeds the file's bytes to `update` a chunk at a time (a hash, without holding the whole file);
 * undefined when read, else why it was refused, under the same rules as readCatalogBytes.
 */
export function streamCatalogBytes(
  file: string,
  update: (chunk: Buffer) => void,
  maxBytes = catalogMaxBytes(),
): CatalogProblem | undefined {
  // Up to the size the file had when opened, as readCatalogBytes reads: both see the same bytes.
  return readCatalogFileInto(file, maxBytes, (size) => (fd) => {
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size));
    for (let at = 0; at < size; ) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - at), at);
      if (n === 0) break;
      update(chunk.subarray(0, n));
      at += n;
    }
  });
}

/** Opens a catalog file safely and hands it to the reader `prepare` returns; undefined when read, else why not. */
function readCatalogFileInto(file: string, maxBytes: number, prepare: (size: number) => (fd: number) => void): CatalogProblem | undefined {
  const refuse = (reason: string): CatalogProblem => ({ file, line: 0, reason });
  let fd: number;
  try {
    // A FIFO is refused by its type before it is opened; O_NONBLOCK covers one swapped in meanwhile.
    if (!statSync(file).isFile()) return refuse('not a regular file; refused');
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return refuse(`cannot read (${errnoCode(error)})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return refuse('not a regular file; refused');
    if (stat.size > maxBytes) {
      return refuse(`file is ${stat.size} bytes, over the ${maxBytes}-byte limit for a catalog (ERRCODE_CATALOG_MAX_BYTES)`);
    }
    prepare(stat.size)(fd);
    return undefined;
  } catch (error) {
    return refuse(`cannot read (${errnoCode(error)})`);
  } finally {
    closeSync(fd);
  }
}
