import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogsFast } from '../../src/catalog/bundled.js';
import { CACHE_UNUSED_MAX_MS, sweepCatalogCache } from '../../src/catalog/compiled.js';
import { readCatalogBytes } from '../../src/catalog/files.js';
import { CatalogError, loadCatalogs, parseCatalogText } from '../../src/catalog/load.js';

const CATALOG = (id: string, description = 'The dragon ate the token') => `catalog: ${id}
name: ACME game services
language: en
source: {document: acme.md, title: ACME}
sections:
  - id: login
    heading: Login errors
    name: Login
    tables:
      - field: code
        entries:
          - code: "987654"
            description: ${description}
`;

const tempDir = (prefix: string) => mkdtempSync(path.join(tmpdir(), `errcode-${prefix}-`));

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof CatalogError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a CatalogError');
}

describe('catalog files that must not hang or crash the loader', () => {
  it('a FIFO named *.yaml is refused by its type, never opened for a blocking read', () => {
    const dir = tempDir('fifo');
    writeFileSync(path.join(dir, 'good.yaml'), CATALOG('good'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    expect(problems(() => loadCatalogs([dir]))).toEqual([`${path.join(dir, 'pipe.yaml')}:0: not a regular file; refused`]);
  });

  it('a file over the size cap is refused with its size, not read', () => {
    const dir = tempDir('big');
    const file = path.join(dir, 'big.yaml');
    writeFileSync(file, CATALOG('big'));
    const read = readCatalogBytes(file, 100);
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.problem.reason).toMatch(/^file is \d+ bytes, over the 100-byte limit for a catalog \(ERRCODE_CATALOG_MAX_BYTES\)$/);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable directory is a CatalogError naming it, not a stack trace', () => {
    const dir = tempDir('locked');
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o000);
    try {
      expect(problems(() => loadCatalogs([locked]))).toEqual([`${locked}:0: cannot list the directory (EACCES)`]);
    } finally {
      chmodSync(locked, 0o700);
    }
  });

  it('a YAML syntax error is reported at its own line and column', () => {
    const text = `${CATALOG('acme')}          - code: "1"\n            description: [unclosed\n`;
    const result = parseCatalogText(text, 'acme.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.line).toBeGreaterThan(12);
    expect(result.problems[0]?.column).toBeGreaterThan(0);
  });

  it('an alias bomb is refused with the line of its first alias', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    const result = parseCatalogText(bomb, 'bomb.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ file: 'bomb.yaml', line: 2 });
    expect(result.problems[0]?.reason).toMatch(/^YAML: .*alias/i);
  });
});

describe('custom catalogs are compiled once and trusted only while unchanged', () => {
  it('the first load validates and caches; the next load uses the cache; an edit is validated again', async () => {
    const dir = tempDir('custom');
    const cacheDir = tempDir('cache');
    const file = path.join(dir, 'acme.yaml');
    writeFileSync(file, CATALOG('acme'));
    const first = await loadCatalogsFast([dir], { cacheDir });
    expect(first.find((c) => c.info.id === 'acme')?.entries[0]?.description.en).toBe('The dragon ate the token');
    const cached = readdirSync(cacheDir);
    expect(cached).toHaveLength(1);

    // Prove the second load reads the cache: change the compiled text (fingerprint left alone), in
    // place and to the same length, since the compiled file locates each entry by byte offset.
    const cacheFile = path.join(cacheDir, cached[0] as string);
    const compiled = readFileSync(cacheFile);
    const at = compiled.indexOf('The dragon ate the token');
    expect(at).toBeGreaterThan(0);
    compiled.write('From the cache, not YAML', at);
    writeFileSync(cacheFile, compiled);
    const second = await loadCatalogsFast([dir], { cacheDir });
    expect(second.find((c) => c.info.id === 'acme')?.entries[0]?.description.en).toBe('From the cache, not YAML');

    // An edit changes the fingerprint: the YAML is validated again, and a bad edit is refused.
    writeFileSync(file, CATALOG('acme').replace('description: The dragon ate the token', 'descripton: typo'));
    await expect(loadCatalogsFast([dir], { cacheDir })).rejects.toThrow(/unknown field "descripton"/);
    writeFileSync(file, CATALOG('acme', 'Edited text'));
    const third = await loadCatalogsFast([dir], { cacheDir });
    expect(third.find((c) => c.info.id === 'acme')?.entries[0]?.description.en).toBe('Edited text');
  });

  it('a corrupt cache file is ignored and the YAML validated instead', async () => {
    const dir = tempDir('custom');
    const cacheDir = tempDir('cache');
    writeFileSync(path.join(dir, 'acme.yaml'), CATALOG('acme'));
    await loadCatalogsFast([dir], { cacheDir });
    for (const name of readdirSync(cacheDir)) writeFileSync(path.join(cacheDir, name), '{"format":2,"fingerprint":');
    const again = await loadCatalogsFast([dir], { cacheDir });
    expect(again.find((c) => c.info.id === 'acme')?.entries).toHaveLength(1);
  });

  it('old cache entries (catalogs moved or deleted) and crashed temp files are swept when an entry is written', async () => {
    const dir = tempDir('custom');
    const cacheDir = tempDir('cache');
    const day = 24 * 3600 * 1000;
    const old = new Date(Date.now() - CACHE_UNUSED_MAX_MS - day);
    const stale = path.join(cacheDir, `${'a'.repeat(32)}.json`);
    const recent = path.join(cacheDir, `${'b'.repeat(32)}.json`);
    const crashed = path.join(cacheDir, `${'c'.repeat(32)}.json.4242.tmp`);
    const notOurs = path.join(cacheDir, 'notes.txt');
    for (const file of [stale, recent, crashed, notOurs]) writeFileSync(file, '{}');
    for (const file of [stale, crashed, notOurs]) utimesSync(file, old, old);
    utimesSync(recent, new Date(Date.now() - day), new Date(Date.now() - day));

    writeFileSync(path.join(dir, 'acme.yaml'), CATALOG('acme'));
    await loadCatalogsFast([dir], { cacheDir });
    const left = readdirSync(cacheDir);
    expect(left).not.toContain(path.basename(stale));
    expect(left).not.toContain(path.basename(crashed));
    expect(left).toContain(path.basename(recent));
    expect(left).toContain('notes.txt');
    expect(left).toHaveLength(3); // recent, notes.txt, and acme's new entry
  });

  it('a cache hit marks its entry as used, so a catalog in use is never swept', async () => {
    const dir = tempDir('custom');
    const cacheDir = tempDir('cache');
    writeFileSync(path.join(dir, 'acme.yaml'), CATALOG('acme'));
    await loadCatalogsFast([dir], { cacheDir });
    const entry = path.join(cacheDir, readdirSync(cacheDir)[0] as string);
    const old = new Date(Date.now() - CACHE_UNUSED_MAX_MS - 1000);
    utimesSync(entry, old, old);
    await loadCatalogsFast([dir], { cacheDir });
    expect(Date.now() - statSync(entry).mtimeMs).toBeLessThan(CACHE_UNUSED_MAX_MS / 2);
    expect(sweepCatalogCache(cacheDir)).toBe(0);
  });

  it('a custom catalog reusing a bundled id is refused, cached or not', async () => {
    const dir = tempDir('clash');
    const cacheDir = tempDir('cache');
    writeFileSync(path.join(dir, 'clash.yaml'), CATALOG('hms-push'));
    await expect(loadCatalogsFast([dir], { cacheDir })).rejects.toThrow(/already used by a bundled catalog/);
    await expect(loadCatalogsFast([dir], { cacheDir })).rejects.toThrow(/already used by a bundled catalog/);
  });
});
