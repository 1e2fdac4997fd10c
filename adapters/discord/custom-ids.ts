/**
 * Every custom_id the adapter writes, and the one parser that reads them back into the product
 * layer's actions. A component carries all its state (`ec2:<letter>:<encodeState(...)>`), so it
 * keeps working after a restart, past the 15-minute interaction token and on any shard. The prefix
 * is the format's version: anything this version did not write parses as undefined (STALE_BUTTON).
 */
import { type CardState, decodeState, encodeState } from '../../src/interaction/state.js';
import type { ActionInput, CardAction } from '../../src/product/actions.js';
import type { Language } from '../../src/text.js';
import { LIMITS } from './render/limits.js';

export const CUSTOM_ID_VERSION = 'ec2';

/**
 * Each card action's letter, part of the wire format: never reuse one. Exhaustive: a new action
 * in src/product is a type error here until it has a letter.
 */
const LETTERS: Readonly<Record<CardAction, string>> = {
  tick: 't', // a step's toggle: `ec2:t:<state>:<step>`
  stillFailing: 'f',
  share: 'p',
  docs: 'd', // a link button: Discord sends nothing back, the letter only reserves it
  language: 'l',
  helpful: 'y',
  notHelpful: 'n',
  open: 'o', // `ec2:o:<state>:<entry key>` (a button), or a select whose value is the entry key
  showChecklist: 'c',
  mute: 'm',
  reportMissing: 'x', // `ec2:x:<lang>:<query>`
};

/** The "More options" select of a card: its values are `a:<letter>` (an action) or `o:<entry key>`. */
const MORE = 'z';
/** The nearest-codes select of a no-match: its value is an entry key. */
const NEAREST = 'g';

const ACTION_BY_LETTER = new Map<string, CardAction>(Object.entries(LETTERS).map(([action, letter]) => [letter, action as CardAction]));
const ENTRY_KEY = /^[0-9a-z]{1,16}$/;

function checked(id: string): string {
  // Unreachable with states from encodeState (about 30 characters); a guard against future fields.
  if (id.length > LIMITS.customId) throw new Error(`custom_id over ${LIMITS.customId} characters: ${id.slice(0, 20)}…`);
  return id;
}

export function cardId(action: Exclude<CardAction, 'tick' | 'reportMissing'>, state: CardState): string {
  return checked(`${CUSTOM_ID_VERSION}:${LETTERS[action]}:${encodeState(state)}`);
}

export function stepId(state: CardState, step: number): string {
  return checked(`${CUSTOM_ID_VERSION}:${LETTERS.tick}:${encodeState(state)}:${step}`);
}

export function moreId(state: CardState): string {
  return checked(`${CUSTOM_ID_VERSION}:${MORE}:${encodeState(state)}`);
}

export function moreActionValue(action: CardAction): string {
  return `a:${LETTERS[action]}`;
}

export function moreOpenValue(entryKey: string): string {
  return `o:${entryKey}`;
}

/** The query is cut to fit the 100 characters (never splitting a surrogate pair). */
export function missingId(lang: Language, query: string): string {
  const prefix = `${CUSTOM_ID_VERSION}:${LETTERS.reportMissing}:${lang}:`;
  let room = LIMITS.customId - prefix.length;
  const last = query.charCodeAt(room - 1);
  if (query.length > room && last >= 0xd800 && last <= 0xdbff) room -= 1;
  return checked(prefix + query.slice(0, room));
}

export function nearestId(lang: Language): string {
  return checked(`${CUSTOM_ID_VERSION}:${NEAREST}:${lang}`);
}

const isLanguage = (text: string | undefined): text is Language => text === 'en' || text === 'zh';

/**
 * What a click asks for: the custom_id, and for a select its chosen values. Undefined for anything
 * this version did not write.
 */
export function parseComponent(id: string, values: readonly string[] = []): ActionInput | undefined {
  if (id.length > LIMITS.customId) return undefined;
  const [version, letter, ...rest] = id.split(':');
  if (version !== CUSTOM_ID_VERSION || letter === undefined) return undefined;
  if (letter === LETTERS.reportMissing) {
    const [lang, ...query] = rest;
    return isLanguage(lang) ? { action: 'reportMissing', lang, query: query.join(':') } : undefined;
  }
  if (letter === NEAREST) {
    const [lang] = rest;
    const [key] = values;
    if (rest.length !== 1 || !isLanguage(lang) || key === undefined || !ENTRY_KEY.test(key)) return undefined;
    const state = { entryKey: key, lang, done: 0, depth: 0 } as const;
    return { action: 'open', state, entryKey: key };
  }
  const state = rest[0] === undefined ? undefined : decodeState(rest[0]);
  if (!state) return undefined;
  if (letter === MORE) {
    const [value] = values;
    if (rest.length !== 1 || value === undefined) return undefined;
    const [kind, arg] = value.split(':');
    if (kind === 'o' && arg !== undefined && ENTRY_KEY.test(arg)) return { action: 'open', state, entryKey: arg };
    const action = kind === 'a' && arg !== undefined ? ACTION_BY_LETTER.get(arg) : undefined;
    if (!action || action === 'tick' || action === 'open' || action === 'reportMissing') return undefined;
    return { action, state };
  }
  const action = ACTION_BY_LETTER.get(letter);
  if (!action || action === 'reportMissing') return undefined;
  if (action === 'tick') {
    const step = rest.length === 2 && /^\d{1,2}$/.test(rest[1] ?? '') ? Number(rest[1]) : undefined;
    // The toggle flips the step as the card showed it.
    return step === undefined ? undefined : { action: 'tick', state, step, done: (state.done & (1 << step)) === 0 };
  }
  if (action === 'open') {
    const key = rest[1];
    return rest.length === 2 && key !== undefined && ENTRY_KEY.test(key) ? { action: 'open', state, entryKey: key } : undefined;
  }
  return rest.length === 1 ? { action, state } : undefined;
}

/** The language a custom_id's state carries, for fault messages. */
export function languageOfComponent(input: ActionInput | undefined): Language | undefined {
  if (!input) return undefined;
  return input.action === 'reportMissing' ? input.lang : input.state.lang;
}
