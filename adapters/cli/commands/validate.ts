/**
 * `errcode validate [PATH...]`: checks catalog files; problems as `file:line: reason`, exit 1.
 * Without paths: the bundled catalogs (unless --no-bundled), ERRCODE_CATALOGS and --catalogs.
 */
import { statSync } from 'node:fs';
import {
  bundledCatalogDir,
  type Catalog,
  CatalogError,
  type CatalogProblem,
  catalogDirsFromEnv,
  catalogFiles,
  formatProblem,
  loadCatalogs,
} from '../../../src/index.js';
import { plural } from '../../../src/text.js';
import { type CliIo, EXIT, line, UsageError } from '../io.js';
import type { CommonFlags } from './flags.js';

export function validateCommand(paths: readonly string[], flags: Pick<CommonFlags, 'catalogs' | 'noBundled'>, io: CliIo): number {
  const extra = [...catalogDirsFromEnv(io.env.ERRCODE_CATALOGS), ...catalogDirsFromEnv(flags.catalogs)];
  const targets = paths.length > 0 ? paths : [...(flags.noBundled ? [] : [bundledCatalogDir()]), ...extra];
  if (targets.length === 0) throw new UsageError('--no-bundled needs --catalogs DIRS (or ERRCODE_CATALOGS) or PATHs to validate');
  const problems: CatalogProblem[] = targets.filter(holdsNoCatalogFile).map((dir) => ({ file: dir, line: 0, reason: NO_CATALOG_FILES }));
  let catalogs: Catalog[] = [];
  try {
    catalogs = loadCatalogs(targets);
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0) {
    for (const problem of problems) line(io.stderr, formatProblem(problem));
    return EXIT.nothing;
  }
  const entries = catalogs.reduce((n, c) => n + c.entries.length, 0);
  for (const c of catalogs) line(io.stdout, `ok ${c.info.file}: ${plural(c.entries.length, 'entry', 'entries')}`);
  line(io.stdout, `${plural(catalogs.length, 'catalog')} valid, ${plural(entries, 'entry', 'entries')}`);
  return EXIT.matched;
}

const NO_CATALOG_FILES = 'no catalog files found in this directory (validate reads *.yaml and *.yml files)';

/** `errcode validate /etc` checks nothing: a directory without a catalog file is a mistaken path, not "0 catalogs valid". */
function holdsNoCatalogFile(target: string): boolean {
  try {
    return statSync(target).isDirectory() && catalogFiles([target]).length === 0;
  } catch {
    return false; // loadCatalogs names a path it cannot read
  }
}
