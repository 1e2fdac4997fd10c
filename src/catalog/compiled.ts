/**
 * Catalogs compiled to JSON with a fingerprint of the YAML they came from. Loading that skips YAML
 * parsing and schema validation, which is most of a CLI run's time. The bundled catalogs are
 * compiled at build time (`npm ci` runs it) into one file; a custom catalog is compiled the first
 * time it is loaded, one cache file per catalog file (./cache-file.ts: entries one record each,
 * with a code index, so a lookup can read only what its codes reach). If a YAML file differs from what was
 * compiled (edited since), the fingerprint no longer matches and the validating loader runs
 * instead, so a catalog is never trusted without having been validated.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { CatalogFileIndex, decodeCatalogFile, encodeCatalogFile } from './cache-file.js';
import { streamCatalogBytes } from './files.js';
import type { Catalog, CatalogEntry, CatalogInfo, TableInfo } from './model.js';
import { shapedEntry, shapedInfo, shapedTable } from './shapes.js';

export const COMPILED_FORMAT = 2;

interface CompiledCatalog {
  readonly info: CatalogInfo;
  readonly tables: readonly TableInfo[];
  /** Entries with `catalog` and `table` replaced by the table's index. */
  readonly entries: ReadonlyArray<Omit<CatalogEntry, 'catalog' | 'table'> & { readonly tableIndex: number }>;
}

interface CompiledFile {
  readonly format: number;
  readonly fingerprint: string;
  readonly catalogs: readonly CompiledCatalog[];
}

function compileCatalog(c: Catalog): CompiledCatalog {
  const tableIndex = new Map(c.tables.map((t, i) => [t, i]));
  return {
    info: c.info,
    tables: c.tables,
    entries: c.entries.map(({ catalog: _catalog, table, ...rest }) => ({ ...rest, tableIndex: tableIndex.get(table) ?? -1 })),
  };
}

function reviveCatalog(c: CompiledCatalog, file: string): Catalog {
  const info = shapedInfo({ ...c.info, file });
  const tables = c.tables.map(shapedTable);
  const entries = c.entries.map(({ tableIndex, ...rest }) => {
    const table = tables[tableIndex];
    if (!table) throw new Error(`compiled catalog ${info.id} is corrupt`);
    return shapedEntry({ ...rest, catalog: info, table } as CatalogEntry);
  });
  return { info, tables, entries };
}

/** Hash of every catalog file's name and content in a directory. */
export function fingerprintDir(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir)
    .filter((n) => /\.ya?ml$/i.test(n))
    .sort()) {
    hash
      .update(name)
      .update('\u0000')
      .update(readFileSync(path.join(dir, name)))
      .update('\u0000');
  }
  return hash.digest('hex');
}

export function writeCompiled(catalogs: readonly Catalog[], dir: string, outFile: string): void {
  const file: CompiledFile = { format: COMPILED_FORMAT, fingerprint: fingerprintDir(dir), catalogs: catalogs.map(compileCatalog) };
  writeFileSync(outFile, JSON.stringify(file));
}

/** The compiled catalogs when they match the YAML in `dir` now; undefined otherwise. */
export function readCompiled(dir: string, compiledFile: string): Catalog[] | undefined {
  return readCompiledWithFingerprint(dir, compiledFile)?.catalogs;
}

/** readCompiled, with the fingerprint of the YAML it matched. */
export function readCompiledWithFingerprint(dir: string, compiledFile: string): { catalogs: Catalog[]; fingerprint: string } | undefined {
  let file: CompiledFile;
  try {
    file = JSON.parse(readFileSync(compiledFile, 'utf8')) as CompiledFile;
  } catch {
    return undefined;
  }
  if (file.format !== COMPILED_FORMAT || file.fingerprint !== fingerprintDir(dir)) return undefined;
  return {
    catalogs: file.catalogs.map((c) => reviveCatalog(c, path.join(dir, path.basename(c.info.file)))),
    fingerprint: file.fingerprint,
  };
}

/**
 * Where compiled custom catalogs are kept: ERRCODE_CACHE_DIR, else the user's cache directory.
 * `ERRCODE_CACHE_DIR=off` turns the cache off. It is the user's own: a cache in a shared place
 * could be written by someone else and would then be trusted unvalidated.
 */
export function catalogCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.ERRCODE_CACHE_DIR;
  if (configured === 'off') return undefined;
  if (configured) return configured;
  const base = env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'errcode', 'catalogs');
}

const cacheName = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);
const cachePath = (cacheDir: string, file: string) => path.join(cacheDir, `${cacheName(path.resolve(file))}.catalog`);

export function fingerprintBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** fingerprintBytes of the file's content, read a chunk at a time; undefined when the file is refused. */
export function fingerprintFile(file: string): string | undefined {
  const hash = createHash('sha256');
  const refused = streamCatalogBytes(file, (chunk) => hash.update(chunk));
  return refused ? undefined : hash.digest('hex');
}

/**
 * A file's identity and change time as stat gives them. Any write to the file sets its ctime to
 * the time of the write, and no call sets a ctime back (utimes sets mtime and atime, and itself
 * moves ctime on): the same stamp means the same bytes, except for a write inside the clock tick of
 * the stat, which STAMP_SETTLED_NS rules out.
 */
interface FileStamp {
  readonly dev: string;
  readonly ino: string;
  readonly size: string;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
}

/**
 * A stamp is trusted only when the file's last change is this long before the stamp was recorded:
 * a write in the same tick as the stat would leave the same ctime (file systems keep times at a
 * coarse clock, some at 2 s). A file changed more recently is hashed, as with no stamp at all.
 */
const STAMP_SETTLED_NS = 2_000_000_000n;

function stampOf(file: string): FileStamp | undefined {
  try {
    const s = statSync(file, { bigint: true });
    if (!s.isFile()) return undefined;
    return { dev: `${s.dev}`, ino: `${s.ino}`, size: `${s.size}`, mtimeNs: `${s.mtimeNs}`, ctimeNs: `${s.ctimeNs}` };
  } catch {
    return undefined;
  }
}

const sameStamp = (a: FileStamp, b: FileStamp) =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

const stampPath = (cacheDir: string, file: string) => path.join(cacheDir, `${cacheName(`stamp\u0000${path.resolve(file)}`)}.stamp`);

/**
 * fingerprintFile, remembered in the cache by the file's stamp: a CLI run over a large custom
 * catalog would otherwise hash all of it (16 MB for 100,000 entries, 20-45 ms) to learn that it has
 * not changed. An edit changes the stamp, so it is hashed and validated again as before. The
 * stamp file is in the user's own cache directory, trusted as the compiled catalogs beside it are.
 */
export function fingerprintFileStamped(
  cacheDir: string,
  file: string,
  now = Date.now(),
  hashFile: (file: string) => string | undefined = fingerprintFile,
): string | undefined {
  const before = stampOf(file);
  if (before === undefined) return hashFile(file);
  const target = stampPath(cacheDir, file);
  try {
    const kept = JSON.parse(readFileSync(target, 'utf8')) as { stamp: FileStamp; fingerprint: string; recordedNs: string };
    if (
      typeof kept.fingerprint === 'string' &&
      sameStamp(kept.stamp, before) &&
      BigInt(before.ctimeNs) + STAMP_SETTLED_NS < BigInt(kept.recordedNs)
    ) {
      markUsed(target, now);
      return kept.fingerprint;
    }
  } catch {
    // no stamp yet, or one unreadable: hash the file
  }
  const fingerprint = hashFile(file);
  const after = stampOf(file);
  // Changed while it was read: the hash is of neither version for sure, so nothing is remembered.
  if (fingerprint === undefined || after === undefined || !sameStamp(before, after)) return fingerprint;
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    const recordedNs = `${BigInt(now) * 1_000_000n}`;
    writeFileSync(target, JSON.stringify({ stamp: after, fingerprint, recordedNs }), { mode: 0o600 });
  } catch {
    // read-only cache directory: the next run hashes again
  }
  return fingerprint;
}

/** The compiled catalog for `file` when its fingerprint matches the bytes read now; undefined otherwise. */
export function readCachedCatalog(cacheDir: string, file: string, fingerprint: string, now = Date.now()): Catalog | undefined {
  try {
    const target = cachePath(cacheDir, file);
    const catalog = decodeCatalogFile(readFileSync(target), fingerprint, file);
    if (catalog) markUsed(target, now);
    return catalog;
  } catch {
    return undefined;
  }
}

/**
 * The compiled catalog for `file` opened for reading some of its entries, when its fingerprint
 * matches the bytes read now; undefined otherwise. The caller closes it.
 */
export function openCachedCatalog(cacheDir: string, file: string, fingerprint: string, now = Date.now()): CatalogFileIndex | undefined {
  const target = cachePath(cacheDir, file);
  const index = CatalogFileIndex.open(target, fingerprint, file);
  if (index) markUsed(target, now);
  return index;
}

/**
 * Whether an engine was once built over exactly these catalogs (the bundled ones and each custom
 * file, by fingerprint, in this order). Building it checks what spans all entries at once (no two
 * entries share a short key), which a load of only some entries cannot; the mark says it held.
 */
export function isVerifiedSet(cacheDir: string, fingerprints: readonly string[], now = Date.now()): boolean {
  const target = path.join(cacheDir, `${cacheName(['verified', ...fingerprints].join('\u0000'))}.verified`);
  try {
    statSync(target);
  } catch {
    return false;
  }
  markUsed(target, now);
  return true;
}

/** Best effort, like the cache entries: an unwritten mark only means the next lookup loads everything. */
export function markVerifiedSet(cacheDir: string, fingerprints: readonly string[]): void {
  const target = path.join(cacheDir, `${cacheName(['verified', ...fingerprints].join('\u0000'))}.verified`);
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    writeFileSync(target, '', { mode: 0o600 });
  } catch {
    // read-only cache directory: nothing to remember
  }
}

/**
 * Cache cleanup. An entry is rewritten in place when its catalog changes, so what piles up is the
 * entries of catalogs moved or deleted, and temp files a crash left. The modification time says
 * when an entry was last used (a hit refreshes it, at most once a day); the sweep runs whenever an
 * entry is written and removes only errcode's own file names, whatever else the directory holds.
 */
export const CACHE_UNUSED_MAX_MS = 30 * 24 * 3600 * 1000;
/** A temp file older than this is no write in progress but a crashed one. */
export const CACHE_TEMP_MAX_MS = 3600 * 1000;
const USE_MARK_INTERVAL_MS = 24 * 3600 * 1000;
/** `.json`: the format before the code index; swept like any unused entry. */
const ENTRY_NAME = /^[0-9a-f]{32}\.(?:catalog|verified|stamp|json)$/;
const TEMP_NAME = /^[0-9a-f]{32}\.(?:catalog|json)\.\d+\.tmp$/;

function markUsed(target: string, now: number): void {
  try {
    if (now - statSync(target).mtimeMs > USE_MARK_INTERVAL_MS) utimesSync(target, new Date(now), new Date(now));
  } catch {
    // best effort: an unmarked entry is only swept earlier and compiled again
  }
}

/** Removes cache entries unused for CACHE_UNUSED_MAX_MS and stale temp files; returns how many. */
export function sweepCatalogCache(cacheDir: string, now = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const maxAge = ENTRY_NAME.test(name) ? CACHE_UNUSED_MAX_MS : TEMP_NAME.test(name) ? CACHE_TEMP_MAX_MS : undefined;
    if (maxAge === undefined) continue;
    const file = path.join(cacheDir, name);
    try {
      const stat = statSync(file);
      if (!stat.isFile() || now - stat.mtimeMs <= maxAge) continue;
      unlinkSync(file);
      removed += 1;
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}

/** Best effort: a cache that cannot be written (read-only home) only means the next load validates again. */
export function writeCachedCatalog(cacheDir: string, file: string, fingerprint: string, catalog: Catalog): boolean {
  const target = cachePath(cacheDir, file);
  const temp = `${target}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    writeFileSync(temp, encodeCatalogFile(catalog, fingerprint), { mode: 0o600 });
    renameSync(temp, target); // whole or not at all: a reader never sees half a file
    sweepCatalogCache(cacheDir);
    return true;
  } catch {
    return false;
  }
}
