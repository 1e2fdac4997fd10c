/**
 * The fast way to an engine for processes that start often (the CLI) or want start-up quick (the
 * bot): compiled bundled catalogs, validated YAML for everything else. `createEngine` in index.ts
 * always validates from YAML; both give the same engine.
 */
import { loadCatalogsFast } from './catalog/bundled.js';
import { Engine, type EngineOptions } from './engine/engine.js';

export async function loadEngine(extraCatalogDirs: readonly string[] = [], options: EngineOptions = {}): Promise<Engine> {
  return new Engine(await loadCatalogsFast(extraCatalogDirs), options);
}

/**
 * The same catalogs, for a process that serves questions (the bot): built as a reload builds them
 * (Engine.build), text index and answers' parts included, so no first question waits for them.
 */
export async function loadServingEngine(extraCatalogDirs: readonly string[] = [], options: EngineOptions = {}): Promise<Engine> {
  return Engine.build(await loadCatalogsFast(extraCatalogDirs), options);
}

/** `ERRCODE_CATALOGS=dir1:dir2` as a list of directories. */
export function catalogDirsFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(':')
    .map((d) => d.trim())
    .filter((d) => d.length > 0);
}
