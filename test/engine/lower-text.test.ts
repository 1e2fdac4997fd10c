import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LowerText } from '../../src/engine/lower-text.js';

/** Characters whose lower case depends on their neighbours, changes length, or spans two code units. */
const NASTY = ['A', 'z', '9', ' ', '\n', 'Σ', 'ΑΣ', 'İ', 'ß', '𐐀', '𐐨', '\ud801', '\udc00', '中', 'Ｒ', 'ǅ', 'Ω', '\u0307'];

describe('a lowered text read in pieces', () => {
  it('every slice is the slice lowered, across chunk edges and around sigma, İ and surrogate pairs', { timeout: 60_000 }, () => {
    const piece = fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 }), fc.constant('x'.repeat(16 * 1024 - 3)));
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(40_000), fc.nat(700)), { minLength: 1, maxLength: 20 }),
        (pieces, windows) => {
          const text = pieces.join('');
          const lower = new LowerText(text);
          for (const [start, width] of windows) {
            const from = text.length === 0 ? 0 : start % (text.length + 1);
            expect(lower.slice(from, from + width)).toBe(text.slice(from, from + width).toLowerCase());
          }
          expect(lower.slice(0, text.length + 5)).toBe(text.toLowerCase());
        },
      ),
      { seed: 20261201, numRuns: 300 },
    );
  });

  it('a surrogate pair or a sigma on a chunk edge is lowered as in the whole text', () => {
    const edge = 16 * 1024;
    for (const around of ['𐐀', 'ΑΣ ', 'İ', 'Σ']) {
      for (let shift = -2; shift <= 1; shift += 1) {
        const text = `${'X'.repeat(edge + shift)}${around}${'Y'.repeat(40)}${'𐐀'.repeat(3)}`;
        const lower = new LowerText(text);
        for (let from = edge - 4; from <= edge + 4; from += 1) {
          for (const width of [1, 2, 3, 8, 600]) expect(lower.slice(from, from + width)).toBe(text.slice(from, from + width).toLowerCase());
        }
        expect(lower.slice(0, text.length)).toBe(text.toLowerCase());
      }
    }
  });

  it('lowering a lowered text changes nothing (latinWordsOfLower reads nearby text as it is)', { timeout: 30_000 }, () => {
    const changed: string[] = [];
    for (let point = 0; point <= 0x10ffff; point += 1) {
      if (point >= 0xd800 && point <= 0xdfff) continue;
      const lower = String.fromCodePoint(point).toLowerCase();
      if (lower.toLowerCase() !== lower) changed.push(point.toString(16));
    }
    expect(changed).toEqual([]);
    const greek = 'ΟΔΟΣ ΑΣ Σ aΣb İ K';
    expect(greek.toLowerCase().toLowerCase()).toBe(greek.toLowerCase());
  });
});
