/**
 * Buttons and selects. Rows are planned, never overflowed: an interactive card uses at most four
 * of the five rows (checklist select, other meanings, related codes, one row of five buttons);
 * every custom_id comes from ../custom-ids.ts.
 */
import { type APIButtonComponentWithCustomId, type APIStringSelectComponent, ButtonStyle, ComponentType } from 'discord.js';
import type { CardLink, CardView } from '../../../src/interaction/card.js';
import { MAX_TRACKED_STEPS } from '../../../src/interaction/state.js';
import { ui } from '../../../src/messages.js';
import type { Language } from '../../../src/text.js';
import { cardId, missingId, nearestId } from '../custom-ids.js';
import { type ActionRow, LIMITS, truncate } from './limits.js';
import { say } from './texts.js';

function button(customId: string, label: string, style: ButtonStyle, disabled = false): APIButtonComponentWithCustomId {
  return {
    type: ComponentType.Button,
    custom_id: customId,
    label: truncate(label, LIMITS.buttonLabel),
    style: style as APIButtonComponentWithCustomId['style'],
    ...(disabled ? { disabled: true } : {}),
  };
}

const row = (...components: ActionRow['components']): ActionRow => ({ type: ComponentType.ActionRow, components });

/** Options for entry links, one per entry, at most 25. */
function linkOptions(links: readonly CardLink[]): APIStringSelectComponent['options'] {
  const seen = new Set<string>();
  return links
    .filter((link) => !seen.has(link.entryKey) && seen.add(link.entryKey))
    .slice(0, LIMITS.selectOptions)
    .map((link) => ({ label: truncate(link.label, LIMITS.selectOptionLabel), value: link.entryKey }));
}

function linkSelect(customId: string, placeholder: string, links: readonly CardLink[]): ActionRow | undefined {
  const options = linkOptions(links);
  if (options.length === 0) return undefined;
  return row({
    type: ComponentType.StringSelect,
    custom_id: customId,
    placeholder: truncate(`${placeholder} (${options.length})`, LIMITS.selectPlaceholder),
    options,
  });
}

/** The steps one select can tick: Discord's 25 options, and no more than the state can track. */
export const TICKABLE_STEPS = Math.min(LIMITS.selectOptions, MAX_TRACKED_STEPS);

/** Multi-select (0..N) of checklist steps, the ticked ones pre-selected. */
function stepsSelect(view: CardView): ActionRow | undefined {
  const steps = view.steps.slice(0, TICKABLE_STEPS);
  if (steps.length === 0) return undefined;
  return row({
    type: ComponentType.StringSelect,
    custom_id: cardId('steps', view.state),
    placeholder: truncate(`${ui('checklist', view.lang)} — ${view.progress}`, LIMITS.selectPlaceholder),
    min_values: 0,
    max_values: steps.length,
    options: steps.map((step) => ({
      label: truncate(`${step.index + 1}. ${step.text}`, LIMITS.selectOptionLabel),
      value: String(step.index),
      ...(step.done ? { default: true } : {}),
    })),
  });
}

/** Whether "Still failing" has anything left to show. */
export function canGoDeeper(view: CardView): boolean {
  return view.state.depth < 2;
}

/** The interactive (ephemeral) card: checklist, other meanings, related codes, then the buttons. */
export function cardRows(view: CardView): ActionRow[] {
  const lang = view.lang;
  const state = view.state;
  const rows = [
    stepsSelect(view),
    linkSelect(cardId('other', state), ui('otherMeanings', lang), view.otherMeanings),
    linkSelect(cardId('related', state), ui('related', lang), view.related),
    row(
      button(cardId('fail', state), ui('stillFailing', lang), ButtonStyle.Primary, !canGoDeeper(view)),
      button(cardId('lang', state), ui('language', lang), ButtonStyle.Secondary),
      button(cardId('share', state), ui('share', lang), ButtonStyle.Secondary),
      button(cardId('helpful', state), `👍 ${ui('helpful', lang)}`, ButtonStyle.Success),
      button(cardId('unhelpful', state), `👎 ${ui('notHelpful', lang)}`, ButtonStyle.Danger),
    ),
  ];
  return rows.filter((r): r is ActionRow => r !== undefined);
}

/** Under a public copy: anyone can open the interactive card for themselves. */
export function sharedRows(view: CardView): ActionRow[] {
  return [row(button(cardId('open', view.state), ui('showChecklist', view.lang), ButtonStyle.Primary))];
}

/**
 * One row per answer of an auto-reply or answer list: "Show fix checklist" (and "Not relevant"
 * for auto-replies), labelled with the code when there are several answers.
 */
export function answerRows(views: readonly CardView[], options: { readonly mute: boolean }): ActionRow[] {
  const several = views.length > 1;
  return views.slice(0, LIMITS.actionRows).map((view) => {
    const suffix = several ? ` · ${view.code}` : '';
    const open = button(cardId('open', view.state), `${ui('showChecklist', view.lang)}${suffix}`, ButtonStyle.Primary);
    if (!options.mute) return row(open);
    return row(open, button(cardId('mute', view.state), `${ui('notRelevant', view.lang)}${suffix}`, ButtonStyle.Secondary));
  });
}

/** No match: pick one of the nearest codes, or report the missing one (once). */
export function noMatchRows(lang: Language, query: string, nearest: readonly CardLink[], reported: boolean): ActionRow[] {
  const rows: ActionRow[] = [];
  const select = linkSelect(nearestId(lang), ui('nearest', lang), nearest);
  if (select) rows.push(select);
  rows.push(
    row(
      reported
        ? button(missingId(lang, query), `✅ ${say('reported', lang)}`, ButtonStyle.Secondary, true)
        : button(missingId(lang, query), ui('reportMissing', lang), ButtonStyle.Secondary),
    ),
  );
  return rows;
}
