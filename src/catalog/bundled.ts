/**
 * Loading catalogs fast: the bundled ones from the compiled file when it is current, anything else
 * (custom directories, edited YAML) through the validating loader, imported only when needed so a
 * CLI run that does not need YAML and the schema never loads them.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCompiled } from './compiled.js';
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

/** Bundled catalogs plus extra directories; throws CatalogError (from the loader) on a bad one. */
export async function loadCatalogsFast(extraDirs: readonly string[]): Promise<Catalog[]> {
  const bundled = readCompiled(bundledCatalogDir(), compiledCatalogFile());
  if (bundled && extraDirs.length === 0) return bundled;
  const { loadCatalogs } = await import('./load.js');
  if (!bundled) return loadCatalogs([bundledCatalogDir(), ...extraDirs]);
  const extra = loadCatalogs(extraDirs);
  const ids = new Set(bundled.map((c) => c.info.id));
  const clash = extra.find((c) => ids.has(c.info.id));
  if (clash) {
    const { CatalogError } = await import('./load.js');
    throw new CatalogError([
      { file: clash.info.file, line: 1, reason: `catalog id "${clash.info.id}" is already used by a bundled catalog` },
    ]);
  }
  return [...bundled, ...extra];
}
