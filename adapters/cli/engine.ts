/**
 * Builds the engine for a CLI run: bundled catalogs (unless --no-bundled), ERRCODE_CATALOGS, the
 * team catalog directory (ERRCODE_TEAM_CATALOGS, once it exists), --catalogs.
 */
import { existsSync, statSync } from 'node:fs';
import { lookupInCatalogs } from '../../src/code-lookup.js';
import type { LookupResult } from '../../src/engine/answer.js';
import { Engine, type LookupOptions } from '../../src/engine/engine.js';
import { catalogDirsFromEnv, loadEngine } from '../../src/load-engine.js';
import { describeFsError, UsageError } from './io.js';

function catalogDirs(catalogsFlag: string | undefined, env: NodeJS.ProcessEnv): string[] {
  const team = env.ERRCODE_TEAM_CATALOGS?.trim();
  const fromEnv = catalogDirsFromEnv(env.ERRCODE_CATALOGS);
  const fromFlag = catalogDirsFromEnv(catalogsFlag);
  mustExist('ERRCODE_CATALOGS', fromEnv);
  mustExist('--catalogs', fromFlag);
  return [...fromEnv, ...(team && existsSync(team) ? [team] : []), ...fromFlag];
}

/** A path that is not there is a mistyped argument, not an invalid catalog (and has no line to name). */
function mustExist(setting: string, paths: readonly string[]): void {
  for (const p of paths) {
    try {
      statSync(p);
    } catch (error) {
      throw new UsageError(`${setting}: ${p}: ${describeFsError(error)}`);
    }
  }
}

/** The CLI refuses to run on an invalid catalog: every problem, file:line: reason, then exit 2. */
async function refusingBadCatalogs<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    // Checked by name: the loader module is imported lazily, only when YAML has to be read.
    if (error instanceof Error && error.name === 'CatalogError') throw new UsageError(`invalid catalog:\n${error.message}`);
    throw error;
  }
}

export async function engineFor(
  catalogsFlag: string | undefined,
  env: NodeJS.ProcessEnv,
  options: { noBundled?: boolean } = {},
): Promise<Engine> {
  const dirs = catalogDirs(catalogsFlag, env);
  if (options.noBundled && dirs.length === 0) throw new UsageError('--no-bundled needs --catalogs DIRS (or ERRCODE_CATALOGS)');
  return refusingBadCatalogs(async () => {
    if (options.noBundled) return new Engine((await import('../../src/catalog/load.js')).loadCatalogs(dirs));
    return await loadEngine(dirs);
  });
}

/**
 * A lookup: a question of codes only reads just the custom entries its codes reach (the answer
 * is the same as over everything loaded); --no-bundled loads what it is given.
 */
export async function lookupFor(
  query: string,
  catalogsFlag: string | undefined,
  env: NodeJS.ProcessEnv,
  options: LookupOptions & { noBundled?: boolean } = {},
): Promise<LookupResult> {
  const lookup = options.limit !== undefined ? { limit: options.limit } : {};
  if (options.noBundled) return (await engineFor(catalogsFlag, env, options)).lookup(query, lookup);
  const dirs = catalogDirs(catalogsFlag, env);
  return refusingBadCatalogs(() => lookupInCatalogs(dirs, query, lookup));
}
