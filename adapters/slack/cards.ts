/**
 * From a card state or a text to Slack messages: asks the engine, lets buildCard decide what the
 * card shows, hands it to the renderer. Shared by every handler.
 */
import type { Answer } from '../../src/engine/answer.js';
import type { Engine } from '../../src/engine/engine.js';
import { explicitAnswers } from '../../src/engine/explicit.js';
import { buildCard } from '../../src/interaction/card.js';
import type { CardState } from '../../src/interaction/state.js';
import { MAX_ANSWERS_PER_REPLY } from '../../src/policy/plan.js';
import type { Services } from '../../src/services.js';
import { type CardOptions, renderCard, type SlackMessage } from './render/blocks.js';
import { SLACK_LIMITS } from './render/limits.js';

/** A fresh card of an answer, in `lang`. */
export function firstState(answer: Pick<Answer, 'entryKey'>, lang: CardState['lang']): CardState {
  return { entryKey: answer.entryKey, lang, done: 0, depth: 0 };
}

/** The card for `state`, or undefined when the entry is no longer in the catalogs. */
export function cardMessage(engine: Engine, state: CardState, options: CardOptions, answer?: Answer): SlackMessage | undefined {
  const shown = answer ?? engine.explain(state.entryKey);
  if (!shown) return undefined;
  const view = buildCard(shown, state, engine.otherMeanings(shown.entryKey, SLACK_LIMITS.selectOptions));
  return renderCard(view, options);
}

/**
 * The codes in the texts of a message someone pointed errcode at (shortcut, mention): what a scan
 * finds, else a lookup of a short text (explicitAnswers, shared with Discord).
 */
export function answersIn(services: Services, texts: readonly string[]): Answer[] {
  const started = performance.now();
  const answers = explicitAnswers(services.engines.current, texts, MAX_ANSWERS_PER_REPLY);
  services.metrics.engineSeconds.observe({ operation: 'scan' }, (performance.now() - started) / 1000);
  return answers;
}
