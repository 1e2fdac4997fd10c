/**
 * Every Slack action_id, block_id and callback_id errcode uses, and what their values carry. A new
 * button: add its id here, render it in render/blocks.ts, handle it in handlers/actions.ts.
 *
 * No server-side session: a card's state (entry, language, ticks, depth) travels in the value as
 * `encodeState` writes it; checkboxes have no value, so theirs rides in the block_id.
 */
import { type CardState, decodeState, encodeState } from '../../src/interaction/state.js';
import type { Language } from '../../src/text.js';

export const COMMAND = '/errcode';
export const SHORTCUT_CALLBACK_ID = 'explain_error';

export const ACTION = Object.freeze({
  /** checkboxes of one checklist chunk; state in the block_id */
  step: 'errcode_step',
  stillFailing: 'errcode_still_failing',
  language: 'errcode_language',
  share: 'errcode_share',
  helpful: 'errcode_helpful',
  notHelpful: 'errcode_not_helpful',
  /** open another entry's card in place: other meanings, related codes, suggestions (suffix `:n`) */
  open: 'errcode_open',
  reportMissing: 'errcode_report_missing',
  /** compact auto-reply: show the full card (suffix `:n`, one per answer) */
  showChecklist: 'errcode_show_checklist',
  /** compact auto-reply: mute this code in this channel (suffix `:n`) */
  notRelevant: 'errcode_not_relevant',
} as const);

export type ActionKind = keyof typeof ACTION;

/** Every action errcode renders starts with this; Bolt routes them all to one listener. */
export const ACTION_PATTERN = /^errcode_/;

const KIND_BY_ID = new Map<string, ActionKind>(Object.entries(ACTION).map(([kind, id]) => [id, kind as ActionKind]));

/** `errcode_open:3` → `open`; undefined for an id this version does not know. */
export function actionKind(actionId: string): ActionKind | undefined {
  return KIND_BY_ID.get(actionId.split(':')[0] ?? '');
}

export function indexedAction(id: string, index: number): string {
  return `${id}:${index}`;
}

export const BLOCK = Object.freeze({
  steps: 'errcode_steps',
  controls: 'errcode_controls',
  links: 'errcode_links',
  related: 'errcode_related',
  noMatch: 'errcode_no_match',
  compact: 'errcode_compact',
});

/** block_id of checklist chunk `chunk` of a card in `state`: `errcode_steps:1:<state>`. */
export function stepsBlockId(chunk: number, state: CardState): string {
  return `${BLOCK.steps}:${chunk}:${encodeState(state)}`;
}

export function parseStepsBlockId(blockId: string): { chunk: number; state: CardState } | undefined {
  const [prefix, chunk, ...rest] = blockId.split(':');
  if (prefix !== BLOCK.steps || chunk === undefined || !/^\d{1,2}$/.test(chunk)) return undefined;
  const state = decodeState(rest.join(':'));
  return state ? { chunk: Number(chunk), state } : undefined;
}

/** A fresh card of another entry, in the same language: ticks and depth start over. */
export function openValue(entryKey: string, lang: Language): string {
  return encodeState({ entryKey, lang, done: 0, depth: 0 });
}

/**
 * "Report missing code" carries the query (already cut and redacted) and the language:
 * `r1.<lang>.<query>`.
 */
export function encodeReport(lang: Language, query: string): string {
  return `r1.${lang}.${query}`;
}

export function decodeReport(value: string): { lang: Language; query: string } | undefined {
  const match = /^r1\.(en|zh)\.([\s\S]*)$/.exec(value);
  if (!match) return undefined;
  return { lang: match[1] as Language, query: match[2] ?? '' };
}
