import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHAPES, valueMatches } from '../../src/engine/detectors/header-shape.js';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const codes = (text: string) => engine.scan(text).answers.map((a) => a.code);

/** A value as the shapes wrap it, its separator, spaces, brackets and quotes each varied (some no shape takes). */
const wrappedValue = fc
  .tuple(
    fc.constantFrom(':', '=', '=>', '>', '', 'x'),
    fc.constantFrom('', ' ', '  ', '   ', '    ', '\t', '\u00a0', '\n'),
    fc.constantFrom('[', '[]string{', '[[', ''),
    fc.constantFrom('', '"', "'", '\\"'),
    fc.constantFrom('102', '-4010', '0x9b', '1x', '12345678901234'),
    fc.constantFrom(']', '}', ' ]', '', ']]'),
  )
  .map((parts) => parts.join(''));
/** Text between values: keys, brackets, separators and spaces on their own. */
const filler = fc.constantFrom('', 'Nsp_status', 'code', '[', ']', ':', '=', ' ', '"', ',', '=>');
const shapedText = fc.array(fc.tuple(filler, wrappedValue), { maxLength: 12 }).map((parts) => parts.flat().join(''));

describe('header shapes', () => {
  it('reads a one-element list or slice value after its header name', () => {
    expect(codes('map[Content-Type:[application/json] Nsp_status:[102]]')).toContain('102');
    expect(codes('{"nsp_status"=>["105"]}')).toContain('105');
  });

  it('property: a shape found from its anchor character finds what its pattern finds in the whole text', () => {
    const anchored = SHAPES.filter((s) => s.startsFrom !== undefined);
    expect(anchored.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(shapedText, (text) => {
        for (const shape of anchored) {
          const found = [...valueMatches(text, shape)].map((m) => [m.index, m[0]]);
          const searched = [...text.matchAll(shape.value)].map((m) => [m.index, m[0]]);
          expect(found).toEqual(searched);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
