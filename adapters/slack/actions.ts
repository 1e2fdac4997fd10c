/**
 * Every Slack action_id, block_id and callback_id errcode uses, and what their values carry. The
 * card actions are src/product's vocabulary; this file only gives each one its Slack id
 * (exhaustively: a new action is a type error here until it has one) and decodes clicks back.
 *
 * No server-side session: a card's state (entry, language, ticks, depth, vote) travels in the value
 * as `encodeState` writes it; a checkbox has no value of its own, so its state rides in the block_id.
 */
import type { BlockElementAction } from '@slack/bolt';
import { type CardState, decodeState, encodeState } from '../../src/interaction/state.js';
import type { ActionInput, CardAction } from '../../src/product/actions.js';
import type { Language } from '../../src/text.js';

export const COMMAND = '/errcode';
export const SHORTCUT_CALLBACK_ID = 'explain_error';

export const ACTION: Readonly<Record<CardAction, string>> = Object.freeze({
  /** one step's checkbox; state and step in the block_id */
  tick: 'errcode_step',
  stillFailing: 'errcode_still_failing',
  share: 'errcode_share',
  /** a link button: Slack still reports the click, which is acked and ignored */
  docs: 'errcode_docs',
  language: 'errcode_language',
  helpful: 'errcode_helpful',
  notHelpful: 'errcode_not_helpful',
  /** open another entry's card in place (suffix `:n` where a message has several) */
  open: 'errcode_open',
  /** a private card for whoever clicks (suffix `:n`, one per answer) */
  showChecklist: 'errcode_show_checklist',
  /** auto-reply: mute this code in this channel (suffix `:n`) */
  mute: 'errcode_not_relevant',
  reportMissing: 'errcode_report_missing',
});

/** The "More options" menu: each option's value is `<action_id>~<value>`. */
export const MORE_ACTION_ID = 'errcode_more';

/** Every action errcode renders starts with this; Bolt routes them all to one listener. */
export const ACTION_PATTERN = /^errcode_/;

const ACTION_BY_ID = new Map<string, CardAction>(Object.entries(ACTION).map(([action, id]) => [id, action as CardAction]));

export function indexedAction(id: string, index: number): string {
  return `${id}:${index}`;
}

export const BLOCK = Object.freeze({
  step: 'errcode_step',
  controls: 'errcode_controls',
  more: 'errcode_more',
  noMatch: 'errcode_no_match',
  compact: 'errcode_compact',
});

/** block_id of step `step` of a card in `state`: `errcode_step:3:<state>`. */
export function stepBlockId(step: number, state: CardState): string {
  return `${BLOCK.step}:${step}:${encodeState(state)}`;
}

function parseStepBlockId(blockId: string): { step: number; state: CardState } | undefined {
  const [prefix, step, ...rest] = blockId.split(':');
  if (prefix !== BLOCK.step || step === undefined || !/^\d{1,2}$/.test(step)) return undefined;
  const state = decodeState(rest.join(':'));
  return state ? { step: Number(step), state } : undefined;
}

/**
 * A fresh card of another entry, in the same language: ticks and depth start over; a free-text
 * card's query goes along (its other matches stay listed).
 */
export function openValue(entryKey: string, lang: Language, query?: string): string {
  return encodeState({ entryKey, lang, done: 0, depth: 0, ...(query !== undefined ? { query } : {}) });
}

/** A "More options" entry: which action, with which value. */
export function moreValue(action: CardAction, value: string): string {
  return `${ACTION[action]}~${value}`;
}

/** "Report missing code" carries the query (already cut and redacted) and the language: `r1.<lang>.<query>`. */
export function encodeReport(lang: Language, query: string): string {
  return `r1.${lang}.${query}`;
}

function decodeReport(value: string): { lang: Language; query: string } | undefined {
  const match = /^r1\.(en|zh)\.([\s\S]*)$/.exec(value);
  if (!match) return undefined;
  return { lang: match[1] as Language, query: match[2] ?? '' };
}

function chosenValue(action: BlockElementAction): string | undefined {
  if ('value' in action && typeof action.value === 'string') return action.value;
  if ('selected_option' in action && action.selected_option && typeof action.selected_option.value === 'string') {
    return action.selected_option.value;
  }
  return undefined;
}

/** What a Slack click asks for in the product's words; undefined for anything this version did not write. */
export function decodeAction(action: BlockElementAction): ActionInput | undefined {
  let actionId = action.action_id.split(':')[0] ?? '';
  let value = chosenValue(action);
  if (actionId === MORE_ACTION_ID && value !== undefined) {
    const at = value.indexOf('~');
    if (at < 0) return undefined;
    actionId = value.slice(0, at);
    value = value.slice(at + 1);
  }
  const kind = ACTION_BY_ID.get(actionId);
  if (!kind) return undefined;
  if (kind === 'tick') {
    const parsed = parseStepBlockId(action.block_id);
    if (!parsed || action.type !== 'checkboxes') return undefined;
    return { action: 'tick', state: parsed.state, step: parsed.step, done: action.selected_options.length > 0 };
  }
  if (kind === 'reportMissing') {
    const report = value === undefined ? undefined : decodeReport(value);
    return report ? { action: 'reportMissing', ...report } : undefined;
  }
  const state = value === undefined ? undefined : decodeState(value);
  if (!state) return undefined;
  if (kind === 'open') return { action: 'open', state, entryKey: state.entryKey };
  return { action: kind, state };
}

/** The reader's language as a click's value says it, for fault messages. */
export function languageOfAction(input: ActionInput | undefined): Language | undefined {
  if (!input) return undefined;
  return input.action === 'reportMissing' ? input.lang : input.state.lang;
}
