import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortKey } from '../../src/engine/keys.js';
import { createEngine } from '../../src/index.js';
import { type CardState, decodeState, encodeState, QUERY_IN_STATE_MAX, queryForState, stepsDone } from '../../src/interaction/state.js';

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

  it('carries a free-text query (v3): any characters round-trip, never a `.` or `:` that would split an id', () => {
    for (const query of ['acess token expried', 'a.b:c d%e~f', 'refresh_token过期', 'x']) {
      const state: CardState = { entryKey: 'abc', lang: 'en', done: 3, depth: 1, vote: 'helpful', query };
      const text = encodeState(state);
      expect(text.startsWith('3.')).toBe(true);
      expect(text.split('.')).toHaveLength(7);
      expect(text).not.toContain(':');
      expect(decodeState(text)).toEqual(state);
    }
    // Without a query the state is written as before.
    expect(encodeState({ entryKey: 'abc', lang: 'en', done: 0, depth: 0 })).toBe('2.abc.en.0.0.0');
  });

  it('keeps whole words of a long query within QUERY_IN_STATE_MAX encoded characters', () => {
    const long = 'the access token has expired again after the refresh token was revoked by the user';
    const kept = queryForState(long) ?? '';
    expect(long.startsWith(kept)).toBe(true);
    expect(long[kept.length]).toBe(' ');
    expect(encodeURIComponent(kept).length).toBeLessThanOrEqual(QUERY_IN_STATE_MAX);
    expect(encodeURIComponent(`${kept} ${long.slice(kept.length + 1).split(' ')[0]}`).length).toBeGreaterThan(QUERY_IN_STATE_MAX);
    expect(queryForState('  spaced   out  ')).toBe('spaced out');
    // A first word too long on its own is cut by characters (9 encoded characters each: 6 fit).
    expect(queryForState('过'.repeat(7))).toBe('过'.repeat(6));
    expect(queryForState('x'.repeat(QUERY_IN_STATE_MAX + 1))).toBe('x'.repeat(QUERY_IN_STATE_MAX));
    expect(queryForState('   ')).toBeUndefined();
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
      '3.abc.en.0.0.0.',
      '3.abc.en.0.0.0.a%2',
      '3.abc.en.0.0.0.a%20b.c',
      '3.abc.en.0.0.0.a b',
      `3.abc.en.0.0.0.${'x'.repeat(QUERY_IN_STATE_MAX + 1)}`,
      '2.abc.en.0.0.0.x',
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
