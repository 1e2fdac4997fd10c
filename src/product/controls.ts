/**
 * Which controls a card offers, decided once for every platform: at most three visible ones (the
 * next step of diagnosis, sharing, the vendor's docs), the rest in one "More options" menu, and a
 * read-only public copy offering only "Show fix checklist" (where there is a checklist to open).
 * Renderers lay these out; they never add or drop one.
 */
import { type CardView, type Deeper, hasChecklistToShow } from '../interaction/card.js';
import { type UiKey, ui } from '../messages.js';
import type { Language } from '../text.js';
import type { CardAction } from './actions.js';

/** Visible controls on a card, at most. */
export const MAX_VISIBLE_CONTROLS = 3;

export interface Control {
  readonly action: CardAction;
  /** A verb, in the reader's language. */
  readonly label: string;
  /** What a screen reader says (the 中文 toggle reads "Switch to Chinese"). */
  readonly a11y: string;
  /** The one control a card leads with. */
  readonly emphasis: 'primary' | 'normal';
  /** A link control (docs) opens this address; nothing comes back to the bot. */
  readonly url?: string;
}

export interface CardControls {
  /** Shown as buttons, in this order; never more than MAX_VISIBLE_CONTROLS. */
  readonly visible: readonly Control[];
  /** In the overflow / "More options" menu, with the card's links to other entries. */
  readonly more: readonly Control[];
}

/** "Still failing?" says what it reveals: the same words for the same thing on every card. */
const STILL_FAILING: Readonly<Record<Deeper, readonly [UiKey, UiKey]>> = {
  causes: ['showCauses', 'showCausesA11y'],
  places: ['showPlaces', 'showPlacesA11y'],
  'last-resort': ['showLastResort', 'showLastResortA11y'],
};

export function cardControls(view: CardView): CardControls {
  const lang = view.lang;
  if (view.mode === 'public') {
    // A copy whose fix is one step (or none) says it all: "Show fix checklist" would open no checklist.
    const open = hasChecklistToShow(view)
      ? [control('showChecklist', ui('showChecklist', lang), ui('showChecklistA11y', lang), 'primary')]
      : [];
    return { visible: open, more: [] };
  }
  const visible: Control[] = [];
  if (view.deeper) {
    const [label, a11y] = STILL_FAILING[view.deeper];
    visible.push(control('stillFailing', ui(label, lang), ui(a11y, lang), 'primary'));
  }
  visible.push(control('share', ui('share', lang), ui('shareA11y', lang), visible.length === 0 ? 'primary' : 'normal'));
  if (view.source.docs)
    visible.push({ ...control('docs', ui('openDocs', lang), ui('openDocsA11y', lang), 'normal'), url: view.source.docs });
  const more: Control[] = [control('language', ui('language', lang), ui('switchLanguageA11y', lang), 'normal')];
  if (!view.state.vote) {
    more.push(control('helpful', ui('helpful', lang), ui('helpful', lang), 'normal'));
    more.push(control('notHelpful', ui('notHelpful', lang), ui('notHelpful', lang), 'normal'));
  }
  // Teaching (issue 14): next to the vote, in the menu, so the visible row keeps its three.
  // With no checklist there is nothing ticked to credit: the menu does not promise it.
  more.push(control('fixed', ui('fixedIt', lang), ui(view.steps.length > 0 ? 'fixedItA11y' : 'fixedItNoStepsA11y', lang), 'normal'));
  more.push(control('suggestFix', ui('suggestFix', lang), ui('suggestFix', lang), 'normal'));
  return { visible: visible.slice(0, MAX_VISIBLE_CONTROLS), more };
}

/** The controls under one answer of an auto-reply or an answer list. */
export function compactControls(view: CardView, options: { readonly mute: boolean }): readonly Control[] {
  const lang = view.lang;
  const out: Control[] = [];
  // An entry whose source gives no fix (OIDB 0x11) says so on the answer, and a one-step fix is the
  // answer's own Fix line: a button is offered only for a checklist it would open.
  if (hasChecklistToShow(view)) out.push(control('showChecklist', ui('showChecklist', lang), ui('showChecklistA11y', lang), 'primary'));
  if (options.mute) out.push(control('mute', ui('notRelevant', lang), ui('notRelevant', lang), 'normal'));
  return out;
}

/** A suggestion's controls in `/errcode review`: Approve, Edit, Reject (nothing red). */
export function reviewControls(lang: Language): readonly Control[] {
  return [
    control('approve', ui('approve', lang), ui('approve', lang), 'primary'),
    control('editProposal', ui('edit', lang), ui('edit', lang), 'normal'),
    control('reject', ui('reject', lang), ui('reject', lang), 'normal'),
  ];
}

function control(action: CardAction, label: string, a11y: string, emphasis: Control['emphasis']): Control {
  return { action, label, a11y, emphasis };
}
