/**
 * Worker thread for catalog reloads: reading, YAML parsing and validating a big catalog take
 * seconds of CPU and a lot of memory, none of which may block the event loop that answers Slack,
 * Discord and /livez. The catalogs go back in pieces the bot's thread asks for one at a time
 * (./catalog-transfer.ts); a failure goes back as the loader's problems.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalogsFast } from '../catalog/bundled.js';
import { serveCatalogs } from './catalog-transfer.js';

export interface CatalogWorkerInput {
  readonly dirs: readonly string[];
}

const { dirs } = workerData as CatalogWorkerInput;
if (parentPort) serveCatalogs(parentPort, () => loadCatalogsFast(dirs));
