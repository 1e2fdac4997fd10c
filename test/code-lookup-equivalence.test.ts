/**
 * A question of codes only, answered from the compiled cache's code index with just the entries
 * its codes reach, gets exactly the answer of the engine over every entry: for every code of a
 * generated catalog and of the bundled catalogs loaded as custom ones, their pairs, hex and
 * not-found neighbours.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogsFast } from '../src/catalog/bundled.js';
import { lookupFromCodeIndex, lookupInCatalogs } from '../src/code-lookup.js';
import { Engine } from '../src/engine/engine.js';
import { codeQuestions, copyBundledAsCustom, generatedCatalogYaml } from './helpers/code-shapes-catalog.js';

/** Codes, pairs and `error=… sub_error=…`, nothing else. */
const CODES_ONLY = /^(?:[-0-9a-fx /]+|error=\S+ sub_error=\S+)$/i;

const tempDir = (name: string) => mkdtempSync(path.join(tmpdir(), `errcode-${name}-`));

async function compareEveryQuestion(dir: string, neighbours: boolean, extraQuestions: readonly string[] = []): Promise<number> {
  const cacheDir = tempDir('cache');
  const all = await loadCatalogsFast([dir], { cacheDir: undefined });
  const full = new Engine(all);
  const custom = all.filter((c) => c.info.file.startsWith(dir));
  // The first lookup compiles the catalogs and records that the set builds.
  await lookupInCatalogs([dir], '100014', { cacheDir });
  let partial = 0;
  const questions = [...codeQuestions(custom, neighbours), ...extraQuestions];
  for (const [i, question] of questions.entries()) {
    // --limit 1 on every tenth question: the limit cuts the list after ranking, which reads the same entries.
    for (const limit of i % 10 === 0 ? [10, 1] : [10]) {
      const quick = lookupFromCodeIndex([dir], question, { limit }, cacheDir);
      const expected = full.lookup(question, { limit });
      if (quick === undefined) {
        // Only a question the engine answers by text, or one with words beside its codes, may need everything.
        if (CODES_ONLY.test(question)) expect(expected.mode, question).toBe('text');
        continue;
      }
      partial += 1;
      expect(quick, question).toEqual(expected);
    }
  }
  return partial;
}

describe('a code question read from the code index answers as the full engine does', () => {
  it('for every code of a generated catalog, its pairs, hex spellings and not-found neighbours', async () => {
    const dir = tempDir('generated');
    writeFileSync(path.join(dir, 'gen.yaml'), generatedCatalogYaml('gen', 3, 30));
    const partial = await compareEveryQuestion(dir, true, ['-4008', '0x9b', '1101 20155', 'error=1203 sub_error=11205', '100014 1203']);
    expect(partial).toBeGreaterThan(300);
  }, 300_000);

  it('for every code of the bundled catalogs loaded as custom ones', async () => {
    const dir = tempDir('bundled-copy');
    copyBundledAsCustom(dir);
    const partial = await compareEveryQuestion(dir, false);
    expect(partial).toBeGreaterThan(400);
  }, 300_000);
});
