/**
 * The bundled catalogs, compiled at build time (`npm ci` runs it) into one JSON file with a
 * fingerprint of the YAML it came from. Loading that skips YAML parsing and schema validation,
 * which is most of a CLI run's time. If any YAML file differs from what was compiled (edited after
 * the build), the fingerprint no longer matches and the validating loader runs instead, so a
 * catalog is never trusted without having been validated.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Catalog, CatalogEntry, CatalogInfo, TableInfo } from './model.js';

export const COMPILED_FORMAT = 1;

interface CompiledFile {
  readonly format: number;
  readonly fingerprint: string;
  readonly catalogs: ReadonlyArray<{
    readonly info: CatalogInfo;
    readonly tables: readonly TableInfo[];
    /** Entries with `catalog` and `table` replaced by the table's index. */
    readonly entries: ReadonlyArray<Omit<CatalogEntry, 'catalog' | 'table'> & { readonly tableIndex: number }>;
  }>;
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
  const file: CompiledFile = {
    format: COMPILED_FORMAT,
    fingerprint: fingerprintDir(dir),
    catalogs: catalogs.map((c) => ({
      info: c.info,
      tables: c.tables,
      entries: c.entries.map(({ catalog: _catalog, table, ...rest }) => ({ ...rest, tableIndex: c.tables.indexOf(table) })),
    })),
  };
  writeFileSync(outFile, JSON.stringify(file));
}

/** The compiled catalogs when they match the YAML in `dir` now; undefined otherwise. */
export function readCompiled(dir: string, compiledFile: string): Catalog[] | undefined {
  let file: CompiledFile;
  try {
    file = JSON.parse(readFileSync(compiledFile, 'utf8')) as CompiledFile;
  } catch {
    return undefined;
  }
  if (file.format !== COMPILED_FORMAT || file.fingerprint !== fingerprintDir(dir)) return undefined;
  return file.catalogs.map((c) => {
    const info: CatalogInfo = { ...c.info, file: path.join(dir, path.basename(c.info.file)) };
    const entries = c.entries.map(({ tableIndex, ...rest }) => {
      const table = c.tables[tableIndex];
      if (!table) throw new Error(`compiled catalog ${info.id} is corrupt`);
      return { ...rest, catalog: info, table } as CatalogEntry;
    });
    return { info, tables: c.tables, entries };
  });
}
