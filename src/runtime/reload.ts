/**
 * Catalog reload (SIGHUP, or a file change with ERRCODE_WATCH=1): the new catalogs are read and
 * validated in a worker thread, handed over in pieces and indexed in time slices, so a big catalog
 * never blocks the bot for long; a reload that fails keeps the old catalogs and logs why, one that
 * passes swaps atomically.
 */
import { existsSync, type FSWatcher, watch } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadCatalogsFast } from '../catalog/bundled.js';
import { CatalogError, type CatalogProblem } from '../catalog/files.js';
import type { Catalog } from '../catalog/model.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import type { Logger } from '../logger.js';
import type { EngineHolder } from '../services.js';
import { CatalogTransferFailure, receiveCatalogs } from './catalog-transfer.js';
import type { CatalogWorkerInput } from './catalog-worker.js';

export type ReloadOutcome = { readonly ok: true; readonly entries: number } | { readonly ok: false; readonly reason: string };

export class CatalogReloader {
  private running: Promise<ReloadOutcome> | undefined;
  private watchers: FSWatcher[] = [];
  private debounce: NodeJS.Timeout | undefined;

  constructor(
    private readonly engines: EngineHolder,
    private readonly dirs: readonly string[],
    private readonly logger: Logger,
    private readonly options: EngineOptions = {},
    private readonly build: (dirs: readonly string[], options: EngineOptions) => Promise<Engine> = loadEngineOffThread,
  ) {}

  /** One reload at a time; a reload asked for while one runs gets that one's outcome. */
  reload(trigger: string): Promise<ReloadOutcome> {
    this.running ??= this.doReload(trigger).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async doReload(trigger: string): Promise<ReloadOutcome> {
    try {
      const next = await this.build(this.dirs, this.options);
      this.engines.swap(next);
      this.logger.info({ event: 'catalog_reload', trigger, outcome: 'swapped', entries: next.size }, 'catalogs reloaded');
      return { ok: true, entries: next.size };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(
        { event: 'catalog_reload', trigger, outcome: 'kept_old', reason },
        'catalog reload failed; keeping the catalogs already loaded',
      );
      return { ok: false, reason };
    }
  }

  /** Reload on changes under these directories (debounced: editors write files in several steps). */
  watch(paths: readonly string[], debounceMs = 300): void {
    for (const dir of paths) {
      try {
        this.watchers.push(
          watch(dir, { persistent: false }, () => {
            clearTimeout(this.debounce);
            this.debounce = setTimeout(() => void this.reload('file-change'), debounceMs);
          }),
        );
      } catch (error) {
        this.logger.warn({ event: 'catalog_watch_failed', dir, reason: (error as Error).message }, 'cannot watch catalog directory');
      }
    }
  }

  close(): void {
    clearTimeout(this.debounce);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }
}

/** Heap a reload worker may use: a hostile catalog exhausts the worker, not the bot. */
const WORKER_HEAP_MB = 1536;

/**
 * The engine for `dirs`, its catalogs loaded in a worker thread and taken in piece by piece, its
 * indexes built in time slices: the event loop keeps turning throughout. Run from the TypeScript
 * sources (there is no compiled worker beside this file) the catalogs load in-process instead.
 */
export async function loadEngineOffThread(dirs: readonly string[], options: EngineOptions = {}): Promise<Engine> {
  const workerFile = new URL('./catalog-worker.js', import.meta.url);
  const catalogs = existsSync(fileURLToPath(workerFile)) ? await loadInWorker(workerFile, dirs) : await loadCatalogsFast(dirs);
  return Engine.build(catalogs, options);
}

async function loadInWorker(workerFile: URL, dirs: readonly string[]): Promise<Catalog[]> {
  const worker = new Worker(workerFile, {
    workerData: { dirs } satisfies CatalogWorkerInput,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  const stopped = new Promise<Error>((resolve) => {
    worker.once('error', resolve);
    worker.once('exit', (code) => resolve(new Error(`catalog worker stopped (exit code ${code})`)));
  });
  try {
    return await receiveCatalogs(worker, stopped);
  } catch (error) {
    if (error instanceof CatalogTransferFailure && error.senderName === 'CatalogError') {
      throw new CatalogError(error.problems as CatalogProblem[]);
    }
    throw error;
  } finally {
    await worker.terminate();
  }
}
