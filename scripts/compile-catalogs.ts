/** Build step (run by `npm ci` via prepare): validate the bundled catalogs and compile them to JSON. */
import { bundledCatalogDir, compiledCatalogFile } from '../src/catalog/bundled.js';
import { writeCompiled } from '../src/catalog/compiled.js';
import { CatalogError, loadCatalogs } from '../src/catalog/load.js';
import { plural } from '../src/text.js';

try {
  const dir = bundledCatalogDir();
  const catalogs = loadCatalogs([dir]);
  writeCompiled(catalogs, dir, compiledCatalogFile());
  const entries = catalogs.reduce((n, c) => n + c.entries.length, 0);
  console.log(`compiled ${plural(catalogs.length, 'catalog')}, ${plural(entries, 'entry', 'entries')} -> ${compiledCatalogFile()}`);
} catch (error) {
  if (!(error instanceof CatalogError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
