/**
 * Re-imports the seed documents with `errcode import` and measures the result against the bundled,
 * hand-curated catalogs: the share of curated rows reproduced with the same code, scope and
 * description, per document, and every miss. Exit 1 when a share is under its floor.
 *
 *   npm run import:compare [-- --seeds DIR]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { bundledCatalogDir, packageRoot } from '../src/catalog/bundled.js';
import { type CatalogInput, catalogSchema } from '../src/catalog/schema.js';
import { type Comparison, compareCatalogs } from '../src/import/compare.js';
import { decodePage, importPage } from '../src/import/index.js';

/** The seed documents an import is measured on, the catalog curated from each, and its floor. */
export const SEED_IMPORTS = [
  { document: '001_b4ebd9a06ed0ad1d.txt', catalog: 'qq-msdk.yaml', floor: 0.95 },
  { document: '003_5f475475a65ed3f1.txt', catalog: 'huawei-account.yaml', floor: 0.98 },
] as const;

export function defaultSeedDir(): string {
  return path.resolve(packageRoot(), '..', 'shared', 'seeds');
}

export interface SeedResult extends Comparison {
  readonly document: string;
  readonly catalog: string;
  readonly floor: number;
}

export function measureSeedImports(seedDir: string): SeedResult[] {
  return SEED_IMPORTS.map(({ document, catalog, floor }) => {
    const text = decodePage(readFileSync(path.join(seedDir, document)), document);
    const imported = importPage(text, { document }).catalog;
    const curated: CatalogInput = catalogSchema.parse(
      parse(readFileSync(path.join(bundledCatalogDir(), catalog), 'utf8'), { schema: 'failsafe' }),
    );
    return { document, catalog, floor, ...compareCatalogs(curated, imported) };
  });
}

function main(argv: readonly string[]): number {
  const at = argv.indexOf('--seeds');
  const seedDir = at >= 0 && argv[at + 1] ? path.resolve(argv[at + 1] ?? '') : defaultSeedDir();
  let failed = false;
  for (const r of measureSeedImports(seedDir)) {
    const ok = r.share >= r.floor;
    failed ||= !ok;
    console.log(
      `${r.document} -> ${r.catalog}: ${r.reproduced}/${r.rows} rows reproduced = ${r.share.toFixed(4)} (floor ${r.floor}) ${ok ? 'ok' : 'BELOW FLOOR'}`,
    );
    for (const m of r.misses) {
      console.log(`  miss ${m.scope} | ${m.code}: expected "${m.expected}"${m.got === undefined ? ', not imported' : `, got "${m.got}"`}`);
    }
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) process.exitCode = main(process.argv.slice(2));
