/**
 * Worker thread for catalog reloads: reading, YAML parsing and validating a big catalog take
 * seconds of CPU and a lot of memory, none of which may block the event loop that answers Slack,
 * Discord and /livez. The catalogs are posted back whole (structured clone keeps the shared
 * catalog and table objects shared); a failure is posted back as the loader's problems.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalogsFast } from '../catalog/bundled.js';

export interface CatalogWorkerInput {
  readonly dirs: readonly string[];
}

export type CatalogWorkerOutput =
  | { readonly ok: true; readonly catalogs: unknown }
  | { readonly ok: false; readonly name: string; readonly message: string; readonly problems?: unknown };

const { dirs } = workerData as CatalogWorkerInput;
loadCatalogsFast(dirs).then(
  (catalogs) => parentPort?.postMessage({ ok: true, catalogs } satisfies CatalogWorkerOutput),
  (error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    const problems = (e as { problems?: unknown }).problems;
    parentPort?.postMessage({
      ok: false,
      name: e.name,
      message: e.message,
      ...(problems ? { problems } : {}),
    } satisfies CatalogWorkerOutput);
  },
);
