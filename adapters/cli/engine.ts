/**
 * Builds the engine for a CLI run: bundled catalogs (unless --no-bundled), ERRCODE_CATALOGS, the
 * team catalog directory (ERRCODE_TEAM_CATALOGS, once it exists), --catalogs.
 */
import { existsSync } from 'node:fs';
import { Engine } from '../../src/engine/engine.js';
import { catalogDirsFromEnv, loadEngine } from '../../src/load-engine.js';
import { UsageError } from './io.js';

export async function engineFor(
  catalogsFlag: string | undefined,
  env: NodeJS.ProcessEnv,
  options: { noBundled?: boolean } = {},
): Promise<Engine> {
  const team = env.ERRCODE_TEAM_CATALOGS?.trim();
  const dirs = [
    ...catalogDirsFromEnv(env.ERRCODE_CATALOGS),
    ...(team && existsSync(team) ? [team] : []),
    ...catalogDirsFromEnv(catalogsFlag),
  ];
  if (options.noBundled && dirs.length === 0) throw new UsageError('--no-bundled needs --catalogs DIRS (or ERRCODE_CATALOGS)');
  try {
    if (options.noBundled) return new Engine((await import('../../src/catalog/load.js')).loadCatalogs(dirs));
    return await loadEngine(dirs);
  } catch (error) {
    // The CLI refuses to run on an invalid catalog: every problem, file:line: reason, then exit 2.
    // (Checked by name: the loader module is imported lazily, only when YAML has to be read.)
    if (error instanceof Error && error.name === 'CatalogError') throw new UsageError(`invalid catalog:\n${error.message}`);
    throw error;
  }
}
