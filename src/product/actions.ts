/**
 * The one vocabulary of card actions, and the pure reducer from (state, action) to the next
 * state. Each platform maps every action to its own wire id with an exhaustive
 * `Record<CardAction, …>`, so a new action is a type error until both platforms handle it.
 *
 * Adding an action: name it in CARD_ACTIONS, give it a case in `reduceCard` and an effect in
 * product.ts (EFFECTS), a control in controls.ts if it has one, then its wire id in
 * adapters/slack/actions.ts and adapters/discord/custom-ids.ts.
 */
import type { Answer } from '../engine/answer.js';
import { nextDepth } from '../interaction/card.js';
import { type CardState, MAX_TRACKED_STEPS } from '../interaction/state.js';
import type { Language } from '../text.js';

export const CARD_ACTIONS = [
  /** tick or untick one checklist step */
  'tick',
  /** "Still failing? …" (Show causes / Show where else it applies / Ask support): one level deeper */
  'stillFailing',
  /** post a read-only public copy */
  'share',
  /** the vendor's documentation (a link; nothing comes back) */
  'docs',
  /** 中文 / English */
  'language',
  'helpful',
  'notHelpful',
  /** another entry's card: other meanings, other matches, related and nearest codes */
  'open',
  /** on a public copy or an auto-reply: a private card for whoever clicks */
  'showChecklist',
  /** "Not relevant": no auto-replies about this code in this channel for a day */
  'mute',
  /** "Ask maintainers to add it" on a no-match (carries the query, not a card state) */
  'reportMissing',
  // teaching (issue 14)
  /** "Add it for my team" on a no-match: the suggestion form with the code (carries the query) */
  'addCode',
  /** "Suggest a fix" on a card (More options): the suggestion form, prefilled from the entry */
  'suggestFix',
  /** "Fixed it" on a card (More options): credits the steps ticked on it */
  'fixed',
  /** a maintainer's review of one suggestion (carry the proposal id, not a card state) */
  'approve',
  'editProposal',
  'reject',
] as const;

export type CardAction = (typeof CARD_ACTIONS)[number];

/** What a click asks for, decoded by the adapter from its platform's ids and values. */
export type ActionInput =
  | { readonly action: 'tick'; readonly state: CardState; readonly step: number; readonly done: boolean }
  | { readonly action: 'open'; readonly state: CardState; readonly entryKey: string }
  | { readonly action: 'reportMissing' | 'addCode'; readonly lang: Language; readonly query: string }
  | { readonly action: ReviewAction; readonly lang: Language; readonly proposalId: string }
  | {
      readonly action: Exclude<CardAction, 'tick' | 'open' | 'reportMissing' | 'addCode' | ReviewAction>;
      readonly state: CardState;
    };

/** A maintainer's controls on a suggestion. */
export type ReviewAction = 'approve' | 'editProposal' | 'reject';
export const REVIEW_ACTIONS: readonly ReviewAction[] = ['approve', 'editProposal', 'reject'];

/** Actions that carry no card state: a query (no-match) or a proposal id (review). */
export type StatelessAction = 'reportMissing' | 'addCode' | ReviewAction;

export type CardInputAction = Exclude<ActionInput, { action: StatelessAction }>;

/** A fresh card of an entry: no ticks, no depth, no vote. */
export function freshState(entryKey: string, lang: Language): CardState {
  return { entryKey, lang, done: 0, depth: 0 };
}

/**
 * The card state after `input`; pure. `answer` is the entry the state shows (for how deep
 * "Still failing" can go and how many steps there are).
 */
export function reduceCard(input: CardInputAction, answer: Answer): CardState {
  const state = input.state;
  switch (input.action) {
    case 'tick': {
      const { step } = input;
      if (!Number.isInteger(step) || step < 0 || step >= Math.min(answer.checklist.length, MAX_TRACKED_STEPS)) return state;
      const bit = 1 << step;
      return { ...state, done: (input.done ? state.done | bit : state.done & ~bit) >>> 0 };
    }
    case 'stillFailing':
      return { ...state, depth: nextDepth(answer, state.depth) };
    case 'language':
      return { ...state, lang: state.lang === 'en' ? 'zh' : 'en' };
    case 'helpful':
      return { ...state, vote: 'helpful' };
    case 'notHelpful':
      return { ...state, vote: 'not-helpful' };
    case 'open':
      // Another of the same free text's matches keeps the query (product.ts decides if it applies).
      return { ...freshState(input.entryKey, state.lang), ...(state.query !== undefined ? { query: state.query } : {}) };
    case 'share':
    case 'showChecklist':
      // A public copy and the private card opened from one start clean: nobody's ticks or vote.
      return freshState(state.entryKey, state.lang);
    case 'mute':
    case 'docs':
    case 'suggestFix':
    case 'fixed':
      return state;
  }
}
