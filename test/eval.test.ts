import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FLOORS, readCases, scoreCases } from '../scripts/eval-score.js';
import { createEngine } from '../src/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = path.join(root, 'test/fixtures/eval');
const shared = path.resolve(root, '../shared/eval/cases.jsonl');
const engine = createEngine();

describe('quality floors on example chat messages', () => {
  const files = readdirSync(fixtures)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => path.join(fixtures, f));
  it.each(files)('%s', (file) => {
    const score = scoreCases(engine, readCases(file));
    expect(score.misses).toEqual([]);
    expect(score.lookupTop1).toBeGreaterThanOrEqual(FLOORS.lookupTop1);
    expect(score.precision).toBeGreaterThanOrEqual(FLOORS.scanPrecision);
    expect(score.recall).toBeGreaterThanOrEqual(FLOORS.scanRecall);
  });

  it.skipIf(!existsSync(shared))('the shared cases', () => {
    const score = scoreCases(engine, readCases(shared));
    expect(score.pass, score.misses.join('\n')).toBe(true);
  });
});
