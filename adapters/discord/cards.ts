/**
 * From the engine's answer to a card view: the glue between src/interaction/card.ts (what a card
 * shows) and the renderer (how Discord shows it).
 */
import type { Answer } from '../../src/engine/answer.js';
import type { Engine } from '../../src/engine/engine.js';
import { buildCard, type CardView } from '../../src/interaction/card.js';
import type { CardState } from '../../src/interaction/state.js';
import type { Language } from '../../src/text.js';

export function freshState(answer: Pick<Answer, 'entryKey'>, lang: Language): CardState {
  return { entryKey: answer.entryKey, lang, done: 0, depth: 0 };
}

/** The full interactive card, with the code's other meanings for the select. */
export function fullView(engine: Engine, answer: Answer, state: CardState): CardView {
  return buildCard(answer, state, engine.otherMeanings(answer.entryKey));
}

/** A card for a compact listing (auto-reply): no other meanings needed. */
export function compactView(answer: Answer, lang: Language): CardView {
  return buildCard(answer, freshState(answer, lang), []);
}

export { explicitAnswers } from '../../src/engine/explicit.js';
export { nextDepth } from '../../src/interaction/card.js';
