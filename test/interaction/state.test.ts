import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import {
  type CardState,
  decodeState,
  encodeState,
  MAX_TRACKED_STEPS,
  shortKey,
  stepsDone,
  toggleStep,
} from '../../src/interaction/state.js';

describe('card state in a button value', () => {
  it('round-trips and stays short enough for a Discord custom_id', () => {
    const state: CardState = { entryKey: shortKey('huawei-account:token.error:1101/20155'), lang: 'zh', done: 0b1011, depth: 2 };
    const text = encodeState(state);
    expect(decodeState(text)).toEqual(state);
    expect(text.length).toBeLessThanOrEqual(30);
  });

  it('toggles steps and counts them', () => {
    let state: CardState = { entryKey: 'abc', lang: 'en', done: 0, depth: 0 };
    state = toggleStep(toggleStep(state, 0), 3);
    expect(stepsDone(state, 5)).toBe(2);
    expect(stepsDone(toggleStep(state, 3), 5)).toBe(1);
    expect(toggleStep(state, MAX_TRACKED_STEPS)).toBe(state);
  });

  it('rejects anything it did not write', () => {
    for (const bad of ['', '2.abc.en.0.0', '1.ABC.en.0.0', '1.abc.fr.0.0', '1.abc.en.zzzzzzzz.0', '1.abc.en.0.3', '1.abc.en.0']) {
      expect(decodeState(bad), bad).toBeUndefined();
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const state = decodeState(text);
        if (state) expect(decodeState(encodeState(state))).toEqual(state);
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('every bundled entry has a distinct short key', () => {
    const engine = createEngine();
    const keys = new Set(engine.catalogs.flatMap((c) => c.entries.map((e) => shortKey(e.id))));
    expect(keys.size).toBe(engine.size);
  });
});
