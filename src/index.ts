/** errcode's engine: load catalogs, build an Engine, ask it. Nothing here knows any chat platform. */
import { bundledCatalogDir, loadCatalogs } from './catalog/load.js';
import { Engine, type EngineOptions } from './engine/engine.js';

export {
  bundledCatalogDir,
  CatalogError,
  type CatalogProblem,
  catalogFiles,
  formatProblem,
  loadCatalogs,
  parseCatalogText,
  readCatalogFile,
} from './catalog/load.js';
export type { Catalog, CatalogEntry } from './catalog/model.js';
export * from './engine/answer.js';
export { type CatalogSummary, ENGINE_DEFAULTS, Engine, type EngineOptions, isCode, type LookupOptions } from './engine/engine.js';
export { type Language, type LocalText, pick } from './text.js';

/** The bundled catalogs plus any extra directories, validated; throws CatalogError when one is bad. */
export function createEngine(extraCatalogDirs: readonly string[] = [], options: EngineOptions = {}): Engine {
  return new Engine(loadCatalogs([bundledCatalogDir(), ...extraCatalogDirs]), options);
}

/** `ERRCODE_CATALOGS=dir1:dir2` as a list of directories. */
export function catalogDirsFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(':')
    .map((d) => d.trim())
    .filter((d) => d.length > 0);
}
