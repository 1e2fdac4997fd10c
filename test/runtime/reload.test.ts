import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { handleHealthRequest, healthReport } from '../../src/runtime/health-server.js';
import { CatalogReloader } from '../../src/runtime/reload.js';
import { EngineHolder } from '../../src/services.js';

const CUSTOM = (code: string) =>
  `catalog: acme\nname: ACME\nlanguage: en\nsource: {document: acme.md, title: ACME}\nsections:\n  - id: api\n    heading: API\n    name: API\n    tables:\n      - field: code\n        entries:\n          - code: "${code}"\n            description: The dragon ate the token\n`;

describe('catalog reload', () => {
  it('swaps in valid catalogs and keeps the old ones when the new ones are invalid', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-reload-'));
    writeFileSync(path.join(dir, 'acme.yaml'), CUSTOM('987654'));
    const holder = new EngineHolder(createEngine([dir]));
    const reloader = new CatalogReloader(holder, [dir], silentLogger());
    expect(holder.current.lookup('987654').status).toBe('found');

    writeFileSync(path.join(dir, 'acme.yaml'), CUSTOM('987655'));
    expect(await reloader.reload('test')).toEqual({ ok: true, entries: 467 });
    expect(holder.current.lookup('987655').status).toBe('found');

    const before = holder.current;
    writeFileSync(path.join(dir, 'acme.yaml'), CUSTOM('not-a-code'));
    const outcome = await reloader.reload('test');
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.reason).toMatch(/acme\.yaml:\d+: /);
    expect(holder.current).toBe(before);
  });
});

describe('catalog watch (ERRCODE_WATCH=1)', () => {
  it('reloads when a catalog file changes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-watch-'));
    writeFileSync(path.join(dir, 'acme.yaml'), CUSTOM('987654'));
    const holder = new EngineHolder(createEngine([dir]));
    const reloader = new CatalogReloader(holder, [dir], silentLogger());
    reloader.watch([dir], 50);
    try {
      writeFileSync(path.join(dir, 'acme.yaml'), CUSTOM('987656'));
      const deadline = Date.now() + 5000;
      while (holder.current.lookup('987656').status !== 'found' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(holder.current.lookup('987656').status).toBe('found');
      expect(holder.current.lookup('987654').status).toBe('not-found');
    } finally {
      reloader.close();
    }
  });
});

describe('health', () => {
  it('is ready when catalogs are loaded and every adapter is connected', () => {
    const engines = new EngineHolder(createEngine());
    let connected = false;
    const sources = {
      engines,
      metrics: new Metrics(),
      adapters: () => [{ platform: 'slack' as const, connected: () => connected, stop: async () => {} }],
    };
    expect(healthReport(sources).ready).toBe(false);
    connected = true;
    expect(healthReport(sources)).toMatchObject({
      live: true,
      ready: true,
      catalogs: { loaded: 4, entries: 466 },
      adapters: { slack: { connected: true } },
    });
  });

  it('serves metrics in Prometheus format', async () => {
    const metrics = new Metrics();
    metrics.queries.inc({ platform: 'slack', outcome: 'found' });
    const sources = { engines: new EngineHolder(createEngine()), metrics, adapters: () => [] };
    let body = '';
    let status = 0;
    const res = {
      headersSent: false,
      writeHead(code: number) {
        status = code;
        return this;
      },
      end(text: string) {
        body = text;
        return this;
      },
    };
    const handled = await handleHealthRequest(sources, { method: 'GET', url: '/metrics' } as never, res as never);
    expect(handled).toBe(true);
    expect(status).toBe(200);
    expect(body).toContain('errcode_queries_total{platform="slack",outcome="found"} 1');
  });
});
