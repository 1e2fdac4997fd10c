/**
 * `errcode validate [PATH...]`: checks catalog files; problems as `file:line: reason`, exit 1.
 * Without paths: the bundled catalogs (unless --no-bundled), ERRCODE_CATALOGS and --catalogs.
 */
import { bundledCatalogDir, CatalogError, catalogDirsFromEnv, formatProblem, loadCatalogs } from '../../../src/index.js';
import { plural } from '../../../src/text.js';
import { type CliIo, EXIT, line, UsageError } from '../io.js';
import type { CommonFlags } from './flags.js';

export function validateCommand(paths: readonly string[], flags: Pick<CommonFlags, 'catalogs' | 'noBundled'>, io: CliIo): number {
  const extra = [...catalogDirsFromEnv(io.env.ERRCODE_CATALOGS), ...catalogDirsFromEnv(flags.catalogs)];
  const targets = paths.length > 0 ? paths : [...(flags.noBundled ? [] : [bundledCatalogDir()]), ...extra];
  if (targets.length === 0) throw new UsageError('--no-bundled needs --catalogs DIRS (or ERRCODE_CATALOGS) or PATHs to validate');
  try {
    const catalogs = loadCatalogs(targets);
    const entries = catalogs.reduce((n, c) => n + c.entries.length, 0);
    for (const c of catalogs) line(io.stdout, `ok ${c.info.file}: ${plural(c.entries.length, 'entry', 'entries')}`);
    line(io.stdout, `${plural(catalogs.length, 'catalog')} valid, ${plural(entries, 'entry', 'entries')}`);
    return EXIT.matched;
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    for (const problem of error.problems) line(io.stderr, formatProblem(problem));
    return EXIT.nothing;
  }
}
