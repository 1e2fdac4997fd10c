/**
 * Engine.build (indexes built in time slices, for reloads) against new Engine (built at once): the
 * same answers to every kind of question, and the event loop turning while it builds.
 */
import { describe, expect, it } from 'vitest';
import { exactQueries } from '../../scripts/lookup-queries.js';
import { bundledCatalogDir } from '../../src/catalog/bundled.js';
import { loadCatalogs, parseCatalogText } from '../../src/catalog/load.js';
import type { Catalog } from '../../src/catalog/model.js';
import { buildIndexes, Engine } from '../../src/engine/engine.js';
import { runSteps } from '../../src/engine/steps.js';
import { gramKeys } from '../../src/engine/text-index.js';
import { grams, tokenize } from '../../src/engine/tokens.js';
import { generatedCatalogYaml as shapesYaml } from '../helpers/code-shapes-catalog.js';
import { GENERATED_CODE_BASE, generatedCatalog } from '../helpers/generated-catalog.js';

const GENERATED = 3_000;

/**
 * Each engine gets catalogs loaded on its own: some indexes are kept per entry object, and engines
 * sharing entries would hide an index that one build forgot.
 */
function catalogs(): Catalog[] {
  return [...loadCatalogs([bundledCatalogDir()]), generatedCatalog(GENERATED)];
}

function questions(sample: readonly Catalog[]): string[] {
  const entries = sample.flatMap((c) => c.entries);
  const out: string[] = [];
  entries.forEach((entry, i) => {
    if (i % 7 !== 0) return;
    out.push(entry.code, entry.main ? `${entry.main} ${entry.code}` : `${entry.table.keywords[0] ?? ''} ${entry.code}`);
    out.push(entry.description.en);
    if (entry.description.zh) out.push(entry.description.zh);
    // A typo and a description in other words: the text index's typo and evidence paths.
    out.push(entry.description.en.replace(/([a-z])([a-z])/, '$2$1'), `${entry.solution?.en ?? ''} error`);
  });
  out.push('token expired', 'gmae center login', 'payment refused because the signature is invalid, which error is that', '登录失败');
  out.push(String(GENERATED_CODE_BASE + 1), `0x${(GENERATED_CODE_BASE + 9).toString(16)}`, '1012 70000001', '99999999');
  return out;
}

const PASTES = [
  '{"error":1101,"sub_error":20155}',
  'HTTP/1.1 200 OK\nNSP_STATUS: 102\n',
  `genapi call failed: code=${GENERATED_CODE_BASE + 42} the session token is expired`,
  `2024-01-01 ERROR [push] ret=${GENERATED_CODE_BASE + 400} sub_error=${GENERATED_CODE_BASE + 401} table1word1`,
  '会话过期 ret: -1 设备无效',
];

describe('Engine.build, in time slices', () => {
  it('answers every lookup, scan, suggestion and explanation as an engine built at once', { timeout: 120_000 }, async () => {
    const atOnce = new Engine(catalogs());
    const sliced = await Engine.build(catalogs(), {}, undefined, { sliceMs: 1 });
    expect(sliced.size).toBe(atOnce.size);
    expect(sliced.summary()).toEqual(atOnce.summary());
    const asked = questions(atOnce.catalogs);
    expect(asked.length).toBeGreaterThan(2_000);
    for (const query of asked) expect(sliced.lookup(query), query).toEqual(atOnce.lookup(query));
    for (const prefix of ['1', '70000', '0x4', 'tok', 'pay', '令牌', 'session'])
      expect(sliced.suggest(prefix)).toEqual(atOnce.suggest(prefix));
    for (const paste of PASTES) expect(sliced.scan(paste), paste).toEqual(atOnce.scan(paste));
    for (const entry of atOnce.catalogs.flatMap((c) => c.entries).filter((_, i) => i % 97 === 0)) {
      expect(sliced.explain(entry.id)).toEqual(atOnce.explain(entry.id));
      expect(sliced.otherMeanings(entry.id)).toEqual(atOnce.otherMeanings(entry.id));
    }
  });

  it('answers a scope phrase and a code, read ahead (ScopedCodeReader), as an engine built at once', { timeout: 120_000 }, async () => {
    // Beside the catalog of every code shape (code-like keywords, `4200` and such): the generated
    // catalog's `… service 3` keywords could take in a code, and no phrase is read ahead beside them.
    const withShapes = () => {
      const shapes = parseCatalogText(shapesYaml('shapes', 3, 30), 'shapes.yaml');
      if (!shapes.ok) throw new Error('shapes catalog does not load');
      return [...loadCatalogs([bundledCatalogDir()]), shapes.catalog];
    };
    const atOnce = new Engine(withShapes());
    const serving = await Engine.build(withShapes());
    const entries = atOnce.catalogs.flatMap((c) => c.entries);
    const asked = exactQueries(entries);
    for (const [i, entry] of entries.entries()) {
      const keyword = [...entry.keywords, ...entry.table.keywords, ...entry.catalog.keywords][i % 3];
      if (keyword) asked.push(`${keyword} ${entry.code}`, `${keyword} -${entry.code}`, `${keyword} 4200`);
    }
    for (const query of asked) expect(serving.lookup(query), query).toEqual(atOnce.lookup(query));
  });

  it('lets the event loop turn while it builds', { timeout: 120_000 }, async () => {
    const big = [generatedCatalog(8_000, 'big')];
    let ticks = 0;
    let ticking = true;
    const tick = () => {
      ticks += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    let timerFired = 0;
    const timer = setInterval(() => {
      timerFired += 1;
    }, 1);
    try {
      const engine = await Engine.build(big, {}, undefined, { sliceMs: 1 });
      expect(engine.size).toBe(8_000);
    } finally {
      ticking = false;
      clearInterval(timer);
    }
    // At 256 entries a step, 8,000 entries are hundreds of steps over all the indexes: many 1 ms slices on any machine.
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(timerFired).toBeGreaterThanOrEqual(3);
  });

  it('refuses indexes built from other catalogs', () => {
    const indexes = runSteps(buildIndexes(catalogs(), false));
    expect(() => new Engine(catalogs(), {}, undefined, indexes)).toThrow(/other catalogs/);
  });
});

describe('gram keys', () => {
  it('give each distinct gram its own key, in the order of the grams', () => {
    const text = 'Access_token expired 0x7fff9 ret=-1 登录失败，请重试 gmae CENTER a _ 9 中 z_9';
    const strings = grams(text);
    const keys = gramKeys(tokenize(text));
    expect(keys).toHaveLength(strings.length);
    for (let i = 0; i < keys.length; i += 1) {
      for (let j = 0; j < keys.length; j += 1) expect(keys[i] === keys[j], `${strings[i]} / ${strings[j]}`).toBe(strings[i] === strings[j]);
      expect(Number.isSafeInteger(keys[i]) && (keys[i] as number) >= 0 && (keys[i] as number) < 2 ** 30).toBe(true);
    }
  });
});
