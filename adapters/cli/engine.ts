/** Builds the engine for a CLI run: bundled catalogs, ERRCODE_CATALOGS, --catalogs. */
import { CatalogError, catalogDirsFromEnv, createEngine, type Engine } from '../../src/index.js';
import { UsageError } from './io.js';

export function engineFor(catalogsFlag: string | undefined, env: NodeJS.ProcessEnv): Engine {
  const dirs = [...catalogDirsFromEnv(env.ERRCODE_CATALOGS), ...catalogDirsFromEnv(catalogsFlag)];
  try {
    return createEngine(dirs);
  } catch (error) {
    // The CLI refuses to run on an invalid catalog: every problem, file:line: reason, then exit 2.
    if (error instanceof CatalogError) throw new UsageError(`invalid catalog:\n${error.message}`);
    throw error;
  }
}
