/**
 * The measurement of issue 13: re-importing the seed documents reproduces the hand-curated bundled
 * catalogs (same code, scope and description) at or above the floors. `npm run import:compare`
 * prints the same figures and every miss. Merging a re-import into its curated catalog changes
 * nothing but the provenance: every hand-written field stays.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultSeedDir, measureSeedImports, SEED_IMPORTS } from '../../scripts/import-compare.js';
import { bundledCatalogDir } from '../../src/catalog/bundled.js';
import { type CatalogInput, catalogSchema } from '../../src/catalog/schema.js';
import { decodePage, importPage } from '../../src/import/index.js';
import { mergeCatalogs } from '../../src/import/merge.js';

const seeds = defaultSeedDir();
const present = SEED_IMPORTS.every((s) => existsSync(path.join(seeds, s.document)));

function withoutProvenance(catalog: CatalogInput): CatalogInput {
  return {
    ...catalog,
    sections: catalog.sections.map((s) => ({
      ...s,
      tables: s.tables.map((t) => ({ ...t, entries: t.entries.map(({ provenance: _, ...e }) => e) })),
    })),
  };
}

describe.skipIf(!present)('re-importing the seed documents', () => {
  const results = present ? measureSeedImports(seeds) : [];

  it.each(SEED_IMPORTS.map((s) => [s.document, s.catalog, s.floor] as const))(
    '%s reproduces %s at or above %d',
    (document, _catalog, floor) => {
      const result = results.find((r) => r.document === document);
      expect(result?.rows).toBeGreaterThan(200);
      // The misses are the failure message, so a drop below the floor says which rows.
      expect(result?.share ?? 0, JSON.stringify(result?.misses, null, 1)).toBeGreaterThanOrEqual(floor);
    },
  );

  it.each(SEED_IMPORTS.map((s) => [s.document, s.catalog] as const))(
    'merging %s into %s keeps every hand-written field',
    (document, catalog) => {
      const curated = catalogSchema.parse(parse(readFileSync(path.join(bundledCatalogDir(), catalog), 'utf8'), { schema: 'failsafe' }));
      const imported = importPage(decodePage(readFileSync(path.join(seeds, document)), document), {
        document,
        language: curated.language,
      }).catalog;
      const merge = mergeCatalogs(curated, imported);
      expect({ added: merge.added, changed: merge.changed, missing: merge.missing }).toEqual({ added: [], changed: [], missing: [] });
      expect(withoutProvenance(merge.catalog)).toEqual(curated);
      expect(
        merge.catalog.sections.every((s) => s.tables.every((t) => t.entries.every((e) => e.provenance?.startsWith(`${document}, `)))),
      ).toBe(true);
    },
  );
});
