import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortKey } from '../../src/engine/keys.js';
import { createEngine } from '../../src/index.js';
import { type CardState, decodeState, encodeState, stepsDone } from '../../src/interaction/state.js';

describe('card state in a button value', () => {
  it('round-trips and stays short enough for a Discord custom_id', () => {
    const state: CardState = { entryKey: shortKey('huawei-account:token.error:1101/20155'), lang: 'zh', done: 0b1011, depth: 2 };
    const text = encodeState(state);
    expect(decodeState(text)).toEqual(state);
    expect(text.length).toBeLessThanOrEqual(30);
    const voted: CardState = { ...state, vote: 'not-helpful' };
    expect(decodeState(encodeState(voted))).toEqual(voted);
  });

  it('still reads the previous version (no vote): buttons sent before an upgrade keep working', () => {
    expect(decodeState('1.abc.en.b.1')).toEqual({ entryKey: 'abc', lang: 'en', done: 11, depth: 1 });
    expect(stepsDone({ entryKey: 'abc', lang: 'en', done: 11, depth: 1 }, 5)).toBe(3);
  });

  it('rejects anything it did not write', () => {
    for (const bad of [
      '',
      '3.abc.en.0.0.0',
      '2.abc.en.0.0',
      '1.abc.en.0.0.0',
      '2.abc.en.0.0.x',
      '1.ABC.en.0.0',
      '1.abc.fr.0.0',
      '1.abc.en.zzzzzzzz.0',
      '1.abc.en.0.3',
      '1.abc.en.0',
    ]) {
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
