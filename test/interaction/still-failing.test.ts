/**
 * "Still failing?" names what the click reveals, on every card: the causes, the other places the
 * code applies, or what to bring to support. The entry's note is on the card before any click.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { buildCard, type CardView } from '../../src/interaction/card.js';
import type { CardState } from '../../src/interaction/state.js';
import { ui } from '../../src/messages.js';
import { reduceCard } from '../../src/product/actions.js';
import { cardControls } from '../../src/product/controls.js';

const engine = createEngine();
/** Codes whose entries between them have causes, only other places, only a note, and nothing more. */
const CODES = ['80100016', '80200003', '6004', '6', '102', '100014', '11205', '7001'];
const answers = CODES.flatMap((code) => engine.lookup(code, { limit: 9 }).answers);

function card(answer: (typeof answers)[number], state: CardState): CardView {
  return buildCard({ answer, state, mode: 'private' });
}

const label = (view: CardView) => cardControls(view).visible.find((c) => c.action === 'stillFailing')?.label;

describe('Still failing says what it reveals', () => {
  it('the codes here reach every kind of reveal', () => {
    const kinds = new Set(answers.map((a) => card(a, { entryKey: a.entryKey, lang: 'en', done: 0, depth: 0 }).deeper));
    expect([...kinds].sort()).toEqual(['causes', 'last-resort', 'places']);
  });

  it.each(answers.map((a) => [`${a.code} ${a.entryKey}`, a] as const))('%s', (_name, answer) => {
    let state: CardState = { entryKey: answer.entryKey, lang: 'en', done: 0, depth: 0 };
    const first = card(answer, state);
    if (answer.note) expect(first.note).toBe(answer.note.en);
    for (let click = 0; click < 3; click += 1) {
      const view = card(answer, state);
      const said = label(view);
      if (said === undefined) break;
      state = reduceCard({ action: 'stillFailing', state }, answer);
      const next = card(answer, state);
      if (said === ui('showCauses', 'en')) expect(next.diagnostics?.causes.length).toBeGreaterThan(0);
      else if (said === ui('showPlaces', 'en')) {
        expect(next.diagnostics?.causes).toEqual([]);
        expect(next.diagnostics?.appliesTo.length).toBeGreaterThan(1);
      } else {
        expect(said).toBe(ui('showLastResort', 'en'));
        expect(next.lastResort).toBe(ui('lastResort', 'en'));
      }
      // What was revealed never repeats the note the card already shows.
      expect(JSON.stringify(next.diagnostics ?? {})).not.toContain('"note"');
    }
  });
});
