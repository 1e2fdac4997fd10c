import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledCatalogDir } from '../../src/catalog/bundled.js';
import { readCompiled, writeCompiled } from '../../src/catalog/compiled.js';
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
