/**
 * The fuzz properties of `npm run fuzz` (scripts/fuzz-properties.ts), briefly and with a fixed seed so
 * a failure here replays the same way everywhere: `npm run fuzz -- --seed 20261121 --runs 500`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzArbitraries, fuzzProperties, INVISIBLES, preview, vocabularyOf } from '../../scripts/fuzz-properties.js';
import { loadEngine } from '../../src/load-engine.js';

const SEED = 20261121;
const RUNS = 500;

const engine = await loadEngine();
const vocabulary = vocabularyOf(engine);

describe('fuzz properties (fixed seed)', () => {
  it('the vocabulary reaches real codes and phrases, and the arbitraries produce what they promise', () => {
    expect(vocabulary.codes.length).toBeGreaterThan(100);
    expect(vocabulary.codes).toEqual(expect.arrayContaining(['6004', '80300007', '1101 20155']));
    expect(vocabulary.phrases).toContain('get player info fail');
    const { paste, splitCode } = fuzzArbitraries(vocabulary);
    const pastes = fc.sample(paste, { seed: SEED, numRuns: 300 });
    expect(Math.max(...pastes.map((p) => p.length))).toBeLessThan(1024 * 1024);
    // Deep enough to matter: a share of the random pastes actually gets answered.
    expect(pastes.filter((p) => engine.scan(p).answers.length > 0).length).toBeGreaterThan(30);
    for (const { text } of fc.sample(splitCode, { seed: SEED, numRuns: 50 })) expect(INVISIBLES.some((c) => text.includes(c))).toBe(true);
  }, 60_000);

  it.each(fuzzProperties(engine).map((p) => [p.name, p] as const))(
    '%s',
    (_name, entry) => {
      const details = fc.check(entry.property, { seed: SEED, numRuns: RUNS });
      expect(
        details.failed,
        details.failed ? `${String(details.errorInstance)}\ncounterexample: ${preview(details.counterexample?.[0])}` : '',
      ).toBe(false);
      expect(details.numRuns).toBe(RUNS);
    },
    60_000,
  );
});
