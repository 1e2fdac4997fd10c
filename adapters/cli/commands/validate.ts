/** `errcode validate [PATH...]`: checks catalog files; problems as `file:line: reason`, exit 1. */
import { bundledCatalogDir, CatalogError, catalogDirsFromEnv, formatProblem, loadCatalogs } from '../../../src/index.js';
import { type CliIo, EXIT, line } from '../io.js';

export function validateCommand(paths: readonly string[], io: CliIo): number {
  const targets = paths.length > 0 ? paths : [bundledCatalogDir(), ...catalogDirsFromEnv(io.env.ERRCODE_CATALOGS)];
  try {
    const catalogs = loadCatalogs(targets);
    const entries = catalogs.reduce((n, c) => n + c.entries.length, 0);
    for (const c of catalogs) line(io.stdout, `ok ${c.info.file}: ${c.entries.length} entries`);
    line(io.stdout, `${catalogs.length} catalogs valid, ${entries} entries`);
    return EXIT.matched;
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    for (const problem of error.problems) line(io.stderr, formatProblem(problem));
    return EXIT.nothing;
  }
}
