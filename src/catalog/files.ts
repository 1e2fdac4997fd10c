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
  const refuse = (reason: string): FileRead => ({ ok: false, problem: { file, line: 0, reason } });
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
    const bytes = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { ok: true, bytes: bytes.subarray(0, read) };
  } catch (error) {
    return refuse(`cannot read (${errnoCode(error)})`);
  } finally {
    closeSync(fd);
  }
}
