/**
 * The measurement of issue 13: re-importing the seed documents reproduces the hand-curated bundled
 * catalogs (same code, scope and description) at or above the floors. `npm run import:compare`
 * prints the same figures and every miss.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSeedDir, measureSeedImports, SEED_IMPORTS } from '../../scripts/import-compare.js';

const seeds = defaultSeedDir();
const present = SEED_IMPORTS.every((s) => existsSync(path.join(seeds, s.document)));

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
});
