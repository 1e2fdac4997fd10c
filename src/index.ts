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
export { type CatalogSummary, ENGINE_DEFAULTS, Engine, type EngineOptions, type LookupOptions } from './engine/engine.js';
export { type Language, type LocalText, pick } from './text.js';

/** The bundled catalogs plus any extra directories, validated; throws CatalogError when one is bad. */
export function createEngine(extraCatalogDirs: readonly string[] = [], options: EngineOptions = {}): Engine {
  return new Engine(loadCatalogs([bundledCatalogDir(), ...extraCatalogDirs]), options);
}

export { catalogDirsFromEnv, loadEngine } from './load-engine.js';
