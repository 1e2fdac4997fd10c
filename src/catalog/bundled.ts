/**
 * Loading catalogs fast: the bundled ones from the compiled file when it is current, custom ones
 * from their compiled cache when the file has not changed since it was validated, anything else
 * (new or edited YAML) through the validating loader, imported only when needed so a CLI run that
 * does not need YAML and the schema never loads them.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogCacheDir, fingerprintBytes, readCachedCatalog, readCompiledWithFingerprint, writeCachedCatalog } from './compiled.js';
import { CatalogError, type CatalogProblem, catalogFiles, readCatalogBytes } from './files.js';
import type { Catalog } from './model.js';

/** The package root: the first ancestor of this file holding package.json (works from src/ and dist/). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i += 1) {
    try {
      if (statSync(path.join(dir, 'package.json')).isFile()) return dir;
    } catch {
      // not here; go up
    }
    dir = path.dirname(dir);
  }
  throw new Error('errcode: cannot find the package root holding catalogs/');
}

export function bundledCatalogDir(): string {
  return path.join(packageRoot(), 'catalogs');
}

/** Where the build writes the compiled bundled catalogs. */
export function compiledCatalogFile(): string {
  return path.join(packageRoot(), 'dist', 'catalogs.compiled.json');
}

export interface FastLoadOptions {
  /** Where compiled custom catalogs are cached; undefined: no cache. Default: catalogCacheDir(). */
  readonly cacheDir?: string | undefined;
}

/** Bundled catalogs plus extra directories; throws CatalogError (from the loader) on a bad one. */
export async function loadCatalogsFast(extraDirs: readonly string[], options: FastLoadOptions = {}): Promise<Catalog[]> {
  return (await loadCatalogSet(extraDirs, options)).catalogs;
}

export interface LoadedCatalogSet {
  readonly catalogs: Catalog[];
  /**
   * The fingerprint of the bundled catalogs and of each custom file, in load order: what the set
   * was loaded from. Undefined when the bundled catalogs came from YAML (no compiled file).
   */
  readonly fingerprints: readonly string[] | undefined;
}

/** loadCatalogsFast, with the fingerprints of what was loaded. */
export async function loadCatalogSet(extraDirs: readonly string[], options: FastLoadOptions = {}): Promise<LoadedCatalogSet> {
  const compiled = readCompiledWithFingerprint(bundledCatalogDir(), compiledCatalogFile());
  const bundled = compiled?.catalogs ?? (await import('./load.js')).loadCatalogs([bundledCatalogDir()]);
  const fingerprints: string[] | undefined = compiled ? [compiled.fingerprint] : undefined;
  if (extraDirs.length === 0) return { catalogs: bundled, fingerprints };
  const cacheDir = 'cacheDir' in options ? options.cacheDir : catalogCacheDir();
  const extra = await loadCustomCatalogs(extraDirs, cacheDir, fingerprints);
  refuseDuplicateIds(bundled, extra);
  return { catalogs: [...bundled, ...extra], fingerprints };
}

/** A catalog id names one catalog: a custom one reusing a bundled or another custom id is refused. */
export function refuseDuplicateIds(bundled: readonly Catalog[], extra: readonly { readonly info: Catalog['info'] }[]): void {
  const ids = new Map(bundled.map((c) => [c.info.id, 'a bundled catalog']));
  const problems: CatalogProblem[] = [];
  for (const c of extra) {
    const other = ids.get(c.info.id);
    if (other) problems.push({ file: c.info.file, line: 1, reason: `catalog id "${c.info.id}" is already used by ${other}` });
    ids.set(c.info.id, c.info.file);
  }
  if (problems.length > 0) throw new CatalogError(problems);
}

/** Custom catalog files, each from its cache when current, else validated (and then cached). */
async function loadCustomCatalogs(
  dirs: readonly string[],
  cacheDir: string | undefined,
  fingerprints: string[] | undefined,
): Promise<Catalog[]> {
  const catalogs: Catalog[] = [];
  const problems: CatalogProblem[] = [];
  for (const file of catalogFiles(dirs)) {
    const read = readCatalogBytes(file);
    if (!read.ok) {
      problems.push(read.problem);
      continue;
    }
    const fingerprint = fingerprintBytes(read.bytes);
    fingerprints?.push(fingerprint);
    const cached = cacheDir ? readCachedCatalog(cacheDir, file, fingerprint) : undefined;
    if (cached) {
      catalogs.push(cached);
      continue;
    }
    const { parseCatalogText } = await import('./load.js');
    const result = parseCatalogText(read.bytes.toString('utf8'), file);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    if (cacheDir) writeCachedCatalog(cacheDir, file, fingerprint, result.catalog);
    catalogs.push(result.catalog);
  }
  if (problems.length > 0) throw new CatalogError(problems);
  return catalogs;
}
