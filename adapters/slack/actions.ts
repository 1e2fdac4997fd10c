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
import type { FormPurpose } from '../../src/product/reply.js';
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
  // teaching (issue 14)
  addCode: 'errcode_add_code',
  suggestFix: 'errcode_suggest_fix',
  fixed: 'errcode_fixed',
  approve: 'errcode_approve',
  editProposal: 'errcode_edit_proposal',
  reject: 'errcode_reject',
});

/** The suggestion modal's callback_id; its private_metadata is `encodeFormMeta`'s JSON. */
export const FORM_CALLBACK_ID = 'errcode_proposal';

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

/** "Ask maintainers to add it" carries the query (already cut and redacted) and the language: `r1.<lang>.<query>`. */
export function encodeReport(lang: Language, query: string): string {
  return `r1.${lang}.${query}`;
}

function decodeReport(value: string): { lang: Language; query: string } | undefined {
  const match = /^r1\.(en|zh)\.([\s\S]*)$/.exec(value);
  if (!match) return undefined;
  return { lang: match[1] as Language, query: match[2] ?? '' };
}

/** "Add it for my team": `a1.<lang>.<code>`. */
export function encodeAddCode(lang: Language, code: string): string {
  return `a1.${lang}.${code}`;
}

/** A review button: `v1.<lang>.<proposal id>`. */
export function encodeReview(lang: Language, proposalId: string): string {
  return `v1.${lang}.${proposalId}`;
}

function decodeTagged(tag: 'a1' | 'v1', value: string): { lang: Language; rest: string } | undefined {
  const match = new RegExp(`^${tag}\\.(en|zh)\\.([\\s\\S]{1,200})$`).exec(value);
  return match ? { lang: match[1] as Language, rest: match[2] ?? '' } : undefined;
}

/** What the modal carries back: its purpose, the reader's language, the channel it was opened from. */
export interface FormMeta {
  readonly purpose: FormPurpose;
  readonly lang: Language;
  readonly channel?: string;
}

export function encodeFormMeta(meta: FormMeta): string {
  return JSON.stringify(meta);
}

export function decodeFormMeta(text: string | undefined): FormMeta | undefined {
  try {
    const meta = JSON.parse(text ?? '') as Partial<FormMeta>;
    const lang = meta.lang === 'zh' ? 'zh' : meta.lang === 'en' ? 'en' : undefined;
    const p = meta.purpose as Partial<Record<string, unknown>> | undefined;
    if (!lang || !p) return undefined;
    const channel = typeof meta.channel === 'string' && /^[A-Z0-9]{1,24}$/.test(meta.channel) ? meta.channel : undefined;
    let purpose: FormPurpose | undefined;
    if (p.kind === 'add') purpose = { kind: 'add' };
    else if (p.kind === 'fix' && typeof p.entryKey === 'string' && /^[0-9a-z]{1,16}$/.test(p.entryKey))
      purpose = { kind: 'fix', entryKey: p.entryKey };
    else if (p.kind === 'edit' && typeof p.proposalId === 'string' && /^p[0-9a-f]{1,16}$/.test(p.proposalId))
      purpose = { kind: 'edit', proposalId: p.proposalId };
    return purpose ? { purpose, lang, ...(channel ? { channel } : {}) } : undefined;
  } catch {
    return undefined;
  }
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
  if (kind === 'addCode') {
    const add = value === undefined ? undefined : decodeTagged('a1', value);
    return add ? { action: 'addCode', lang: add.lang, query: add.rest } : undefined;
  }
  if (kind === 'approve' || kind === 'editProposal' || kind === 'reject') {
    const review = value === undefined ? undefined : decodeTagged('v1', value);
    return review && /^p[0-9a-f]{1,16}$/.test(review.rest) ? { action: kind, lang: review.lang, proposalId: review.rest } : undefined;
  }
  const state = value === undefined ? undefined : decodeState(value);
  if (!state) return undefined;
  if (kind === 'open') return { action: 'open', state, entryKey: state.entryKey };
  return { action: kind, state };
}

/** The reader's language as a click's value says it, for fault messages. */
export function languageOfAction(input: ActionInput | undefined): Language | undefined {
  if (!input) return undefined;
  return 'state' in input ? input.state.lang : input.lang;
}
