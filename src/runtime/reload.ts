/**
 * Catalog reload (SIGHUP, or a file change with ERRCODE_WATCH=1): the new catalogs are validated
 * first; a reload that fails keeps the old catalogs and logs why, one that passes swaps atomically.
 */
import { type FSWatcher, watch } from 'node:fs';
import type { Engine, EngineOptions } from '../engine/engine.js';
import { loadEngine } from '../load-engine.js';
import type { Logger } from '../logger.js';
import type { EngineHolder } from '../services.js';

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
    private readonly build: (dirs: readonly string[], options: EngineOptions) => Promise<Engine> = loadEngine,
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
