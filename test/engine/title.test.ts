/**
 * An answer's title is its description's first sentence. It is found by a scan of the first line
 * (src/engine/answer.ts, firstSentence); this is the look-behind search it replaced, and the two
 * must agree on every description of the bundled catalogs and on random text made of the
 * characters the search reads (full stops of both kinds, white space of every kind, line breaks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstSentence } from '../../src/engine/answer.js';
import { createEngine } from '../../src/index.js';

function bySearch(text: string): string {
  const line = text.split('\n')[0] ?? text;
  const cut = line.search(/(?<=[。])|(?<=\.)\s/u);
  return (cut > 0 ? line.slice(0, cut) : line).trim().replace(/[。.]$/u, '');
}

describe('an answer title is the first sentence, as the look-behind search found it', () => {
  it('for every description of the bundled catalogs', () => {
    for (const entry of createEngine().catalogs.flatMap((c) => c.entries)) {
      for (const text of [entry.description.en, entry.description.zh ?? '']) expect(firstSentence(text), text).toBe(bySearch(text));
    }
  });

  it('for random text of full stops, white space, line breaks and letters', () => {
    const piece = fc.constantFrom(
      'a',
      'Z',
      ' ',
      '.',
      '。',
      '\n',
      '\r',
      '\t',
      '\u3000',
      '\u00a0',
      '\u2028',
      '\ufeff',
      '😀',
      '. ',
      '.。',
      '..',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const text = pieces.join('');
        expect(firstSentence(text)).toBe(bySearch(text));
      }),
      { numRuns: 20_000 },
    );
  });
});
