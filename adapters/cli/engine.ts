/** Builds the engine for a CLI run: bundled catalogs, ERRCODE_CATALOGS, --catalogs. */
import type { Engine } from '../../src/engine/engine.js';
import { catalogDirsFromEnv, loadEngine } from '../../src/load-engine.js';
import { UsageError } from './io.js';

export async function engineFor(catalogsFlag: string | undefined, env: NodeJS.ProcessEnv): Promise<Engine> {
  const dirs = [...catalogDirsFromEnv(env.ERRCODE_CATALOGS), ...catalogDirsFromEnv(catalogsFlag)];
  try {
    return await loadEngine(dirs);
  } catch (error) {
    // The CLI refuses to run on an invalid catalog: every problem, file:line: reason, then exit 2.
    // (Checked by name: the loader module is imported lazily, only when YAML has to be read.)
    if (error instanceof Error && error.name === 'CatalogError') throw new UsageError(`invalid catalog:\n${error.message}`);
    throw error;
  }
}
