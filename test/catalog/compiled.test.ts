import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledCatalogDir } from '../../src/catalog/bundled.js';
import { fingerprintFile, fingerprintFileStamped, readCompiled, sweepCatalogCache, writeCompiled } from '../../src/catalog/compiled.js';
import { loadCatalogs } from '../../src/catalog/load.js';
import { Engine } from '../../src/engine/engine.js';

function copyOfBundled(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'errcode-compiled-'));
  for (const name of readdirSync(bundledCatalogDir())) {
    if (name.endsWith('.yaml')) copyFileSync(path.join(bundledCatalogDir(), name), path.join(dir, name));
  }
  return dir;
}

describe('compiled bundled catalogs', () => {
  it('answer exactly like catalogs loaded from YAML', () => {
    const dir = copyOfBundled();
    const out = path.join(dir, 'compiled.json');
    const fromYaml = loadCatalogs([dir]);
    writeCompiled(fromYaml, dir, out);
    const compiled = readCompiled(dir, out);
    expect(compiled).toBeDefined();
    const a = new Engine(fromYaml);
    const b = new Engine(compiled ?? []);
    for (const query of ['100014', '1101 20155', 'oidb 116', '6', 'acess token expried', 'refresh_token过期']) {
      expect(b.lookup(query)).toEqual(a.lookup(query));
    }
    const paste = 'POST https://oauth-login.cloud.huawei.com/oauth2/v3/revoke -> {"error":1203,"sub_error":11205}';
    expect(b.scan(paste)).toEqual(a.scan(paste));
  });

  it('are ignored once a YAML file changes, so an edit is validated again', () => {
    const dir = copyOfBundled();
    const out = path.join(dir, 'compiled.json');
    writeCompiled(loadCatalogs([dir]), dir, out);
    const file = path.join(dir, 'hms-push.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n# edited\n`);
    expect(readCompiled(dir, out)).toBeUndefined();
  });

  it('a missing or corrupt compiled file is simply not used', () => {
    const dir = copyOfBundled();
    expect(readCompiled(dir, path.join(dir, 'nope.json'))).toBeUndefined();
    writeFileSync(path.join(dir, 'bad.json'), '{not json');
    expect(readCompiled(dir, path.join(dir, 'bad.json'))).toBeUndefined();
  });
});

describe("a custom catalog's fingerprint, remembered by the file's stamp", () => {
  const hour = 3600 * 1000;
  function counting() {
    let calls = 0;
    const hash = (file: string) => {
      calls += 1;
      return fingerprintFile(file);
    };
    return { hash, calls: () => calls };
  }

  it('hashes a file once, then trusts the stamp while the file is unchanged', () => {
    const dir = copyOfBundled();
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'errcode-stamp-'));
    const file = path.join(dir, 'hms-push.yaml');
    const { hash, calls } = counting();
    // Recorded an hour on: the file's last change is long settled by then.
    const later = Date.now() + hour;
    expect(fingerprintFileStamped(cacheDir, file, later, hash)).toBe(fingerprintFile(file));
    expect(fingerprintFileStamped(cacheDir, file, later, hash)).toBe(fingerprintFile(file));
    expect(calls()).toBe(1);
  });

  it('hashes again after an edit, even one keeping the size and setting the modification time back', () => {
    const dir = copyOfBundled();
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'errcode-stamp-'));
    const file = path.join(dir, 'hms-push.yaml');
    const { hash, calls } = counting();
    const later = Date.now() + hour;
    const original = fingerprintFileStamped(cacheDir, file, later, hash);
    const { atime, mtime } = statSync(file);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('80300007', '80300008'));
    utimesSync(file, atime, mtime);
    const edited = fingerprintFileStamped(cacheDir, file, later, hash);
    expect(edited).not.toBe(original);
    expect(edited).toBe(fingerprintFile(file));
    expect(calls()).toBe(2);
  });

  it('does not trust a stamp recorded in the same moment as the last change', () => {
    const dir = copyOfBundled();
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'errcode-stamp-'));
    const file = path.join(dir, 'hms-push.yaml');
    const { hash, calls } = counting();
    const changed = statSync(file).ctimeMs;
    fingerprintFileStamped(cacheDir, file, Math.floor(changed), hash);
    fingerprintFileStamped(cacheDir, file, Math.floor(changed), hash);
    expect(calls()).toBe(2);
  });

  it('keeps stamps in the cache sweep, as the compiled catalogs are', () => {
    const dir = copyOfBundled();
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'errcode-stamp-'));
    fingerprintFileStamped(cacheDir, path.join(dir, 'hms-push.yaml'), Date.now() + hour);
    expect(readdirSync(cacheDir).filter((n) => n.endsWith('.stamp'))).toHaveLength(1);
    expect(sweepCatalogCache(cacheDir, Date.now() + 31 * 24 * hour)).toBe(1);
    expect(readdirSync(cacheDir)).toHaveLength(0);
  });
});
