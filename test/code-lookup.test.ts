/**
 * The CLI's code lookup over compiled custom catalogs: which questions it answers from the code
 * index, and when it loads everything instead (test/code-lookup-equivalence.test.ts compares
 * the answers for every code).
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCatalogsFast } from '../src/catalog/bundled.js';
import { NEIGHBOURS_KEPT } from '../src/catalog/cache-file.js';
import { lookupFromCodeIndex, lookupInCatalogs } from '../src/code-lookup.js';
import { RELATED_LIMIT } from '../src/engine/answers.js';
import { Engine } from '../src/engine/engine.js';
import { runCli } from './helpers/cli.js';
import { generatedCatalogYaml } from './helpers/code-shapes-catalog.js';

const tempDir = (name: string) => mkdtempSync(path.join(tmpdir(), `errcode-${name}-`));

function catalogDir(id = 'acme'): string {
  const dir = tempDir('custom');
  writeFileSync(path.join(dir, `${id}.yaml`), generatedCatalogYaml(id, 2, 20));
  return dir;
}

async function fullEngine(dirs: readonly string[]): Promise<Engine> {
  return new Engine(await loadCatalogsFast(dirs, { cacheDir: undefined }));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a code question over compiled custom catalogs', () => {
  it('keeps more neighbours of an entry than an answer lists as related', () => {
    expect(NEIGHBOURS_KEPT).toBeGreaterThanOrEqual(RELATED_LIMIT);
  });

  it('is answered from the code index once the catalog is compiled and the set has been loaded whole', async () => {
    const dir = catalogDir();
    const cacheDir = tempDir('cache');
    expect(lookupFromCodeIndex([dir], '700003', {}, cacheDir)).toBeUndefined(); // nothing compiled yet
    const first = await lookupInCatalogs([dir], '700003', { cacheDir });
    expect(readdirSync(cacheDir).some((n) => n.endsWith('.catalog'))).toBe(true);
    const quick = lookupFromCodeIndex([dir], '700003', {}, cacheDir);
    expect(quick?.answers[0]?.code).toBe('700003');
    expect(quick).toEqual(first);
    expect(await lookupInCatalogs([dir], '700003', { cacheDir })).toEqual(first);
  });

  it('loads everything for words, and for a keyword only an entry not read carries', async () => {
    const dir = catalogDir();
    const cacheDir = tempDir('cache');
    await lookupInCatalogs([dir], '700003', { cacheDir });
    const full = await fullEngine([dir]);
    // 4216 is a keyword of entry 701006, which 700003 does not reach: read, it is no code.
    for (const question of ['renew the token', 'the session failed', '700003 renew the token', '700003 kw1x6', '700003 4216']) {
      expect(lookupFromCodeIndex([dir], question, {}, cacheDir), question).toBeUndefined();
      expect(await lookupInCatalogs([dir], question, { cacheDir }), question).toEqual(full.lookup(question));
    }
    // Scope words the engine reads as such (a table keyword) are fine: they are every table's.
    const scoped = lookupFromCodeIndex([dir], 'plainb 701003', {}, cacheDir);
    expect(scoped).toBeDefined();
    expect(scoped).toEqual(full.lookup('plainb 701003'));
  });

  it('validates an edited catalog again before anything is read from the index', async () => {
    const dir = catalogDir();
    const cacheDir = tempDir('cache');
    await lookupInCatalogs([dir], '700003', { cacheDir });
    const file = path.join(dir, 'acme.yaml');
    appendFileSync(file, '          - code: "500"\n            description: Duplicate\n');
    expect(lookupFromCodeIndex([dir], '700003', {}, cacheDir)).toBeUndefined();
    await expect(lookupInCatalogs([dir], '700003', { cacheDir })).rejects.toThrow(/duplicate code 500/);
  });

  it('a cache file cut short or overwritten is not read from; the catalog is validated again', async () => {
    const dir = catalogDir();
    const cacheDir = tempDir('cache');
    const first = await lookupInCatalogs([dir], '700003', { cacheDir });
    const compiled = path.join(cacheDir, readdirSync(cacheDir).find((n) => n.endsWith('.catalog')) as string);
    const bytes = readFileSync(compiled);
    for (const damaged of [bytes.subarray(0, Math.floor(bytes.length / 2)), Buffer.from('{"format":3}')]) {
      writeFileSync(compiled, damaged);
      expect(lookupFromCodeIndex([dir], '700003', {}, cacheDir)).toBeUndefined();
      expect(await lookupInCatalogs([dir], '700003', { cacheDir })).toEqual(first);
      // The full load compiled it again.
      expect(lookupFromCodeIndex([dir], '700003', {}, cacheDir)).toEqual(first);
    }
  });

  it('loads a set of catalogs never loaded together whole once, then reads it from the index', async () => {
    const one = catalogDir('acme');
    const two = catalogDir('other');
    const cacheDir = tempDir('cache');
    await lookupInCatalogs([one], '700003', { cacheDir });
    await lookupInCatalogs([two], '700003', { cacheDir });
    // Both compiled, never built into one engine: what spans every entry (short keys) is unchecked.
    expect(lookupFromCodeIndex([one, two], '700003', {}, cacheDir)).toBeUndefined();
    const together = await lookupInCatalogs([one, two], '700003', { cacheDir });
    expect(together.answers.map((a) => a.catalog.id)).toEqual(expect.arrayContaining(['acme', 'other']));
    expect(lookupFromCodeIndex([one, two], '700003', {}, cacheDir)).toEqual(together);
  });

  it('refuses a custom catalog reusing another id, from the index as from YAML', async () => {
    const one = catalogDir('acme');
    const two = catalogDir('acme');
    const cacheDir = tempDir('cache');
    await lookupInCatalogs([one], '700003', { cacheDir });
    await expect(lookupInCatalogs([one, two], '700003', { cacheDir })).rejects.toThrow(/already used by/);
    expect(lookupFromCodeIndex([one, two], '700003', {}, cacheDir)).toBeUndefined();
  });

  it('gives the CLI the same --json and exit code as a run with the cache off', async () => {
    const dir = catalogDir();
    const cacheDir = tempDir('cache');
    vi.stubEnv('ERRCODE_CACHE_DIR', cacheDir);
    const args = (q: string) => ['--json', '--catalogs', dir, '--', q];
    await runCli(args('700003'));
    for (const question of ['700003', '-4008', '0x9b', '1101 20155', 'error=1203 sub_error=11205', '799999', '0x92']) {
      const cached = await runCli(args(question));
      vi.stubEnv('ERRCODE_CACHE_DIR', 'off');
      const uncached = await runCli(args(question));
      vi.stubEnv('ERRCODE_CACHE_DIR', cacheDir);
      expect(cached, question).toEqual(uncached);
    }
  });
});
