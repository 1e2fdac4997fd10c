/**
 * Every custom_id the adapter writes, and the one parser that reads them back. A component carries
 * all its state (`ec1:<action>:<encodeState(...)>`), so it keeps working after a restart, past the
 * 15-minute interaction token and on any shard. The `ec1` prefix is the format's version: a new
 * layout gets `ec2`, and anything this version did not write parses as undefined (STALE_BUTTON).
 */
import { type CardState, decodeState, encodeState } from '../../src/interaction/state.js';
import type { Language } from '../../src/text.js';
import { LIMITS } from './render/limits.js';

export const CUSTOM_ID_VERSION = 'ec1';

/** Actions on an answer card; each letter is part of the wire format, never reuse one. */
const CARD_ACTIONS = {
  steps: 's', // checklist select: the chosen values are the ticked steps
  fail: 'f', // "Still failing": one level deeper
  lang: 'l', // 中文 / English
  share: 'p', // post a public copy
  helpful: 'y',
  unhelpful: 'n',
  other: 'o', // other meanings select: value = entry key
  related: 'r', // related codes select: value = entry key
  open: 'c', // "Show fix checklist": open the card ephemerally for the clicker
  mute: 'm', // "Not relevant": mute this code's auto-replies in the channel
} as const;

export type CardAction = keyof typeof CARD_ACTIONS;

const ACTION_BY_LETTER = new Map<string, CardAction>(
  Object.entries(CARD_ACTIONS).map(([action, letter]) => [letter, action as CardAction]),
);

/** "Report missing code" (`x`: the query rides along) and the nearest-codes select of a no-match (`g`). */
const MISSING = 'x';
const NEAREST = 'g';

export type ParsedCustomId =
  | { readonly kind: 'card'; readonly action: CardAction; readonly state: CardState }
  | { readonly kind: 'missing'; readonly lang: Language; readonly query: string }
  | { readonly kind: 'nearest'; readonly lang: Language };

function checked(id: string): string {
  // Unreachable with states from encodeState (about 30 characters); a guard against future fields.
  if (id.length > LIMITS.customId) throw new Error(`custom_id over ${LIMITS.customId} characters: ${id.slice(0, 20)}…`);
  return id;
}

export function cardId(action: CardAction, state: CardState): string {
  return checked(`${CUSTOM_ID_VERSION}:${CARD_ACTIONS[action]}:${encodeState(state)}`);
}

/** The query is cut to fit the 100 characters (never splitting a surrogate pair). */
export function missingId(lang: Language, query: string): string {
  const prefix = `${CUSTOM_ID_VERSION}:${MISSING}:${lang}:`;
  let room = LIMITS.customId - prefix.length;
  const last = query.charCodeAt(room - 1);
  if (query.length > room && last >= 0xd800 && last <= 0xdbff) room -= 1;
  return checked(prefix + query.slice(0, room));
}

export function nearestId(lang: Language): string {
  return checked(`${CUSTOM_ID_VERSION}:${NEAREST}:${lang}`);
}

const isLanguage = (text: string | undefined): text is Language => text === 'en' || text === 'zh';

/** What a custom_id asks for, or undefined for anything this version did not write. */
export function parseCustomId(id: string): ParsedCustomId | undefined {
  if (id.length > LIMITS.customId) return undefined;
  const [version, letter, ...rest] = id.split(':');
  if (version !== CUSTOM_ID_VERSION || letter === undefined) return undefined;
  if (letter === MISSING) {
    const [lang, ...query] = rest;
    return isLanguage(lang) ? { kind: 'missing', lang, query: query.join(':') } : undefined;
  }
  if (letter === NEAREST) {
    const [lang] = rest;
    return rest.length === 1 && isLanguage(lang) ? { kind: 'nearest', lang } : undefined;
  }
  const action = ACTION_BY_LETTER.get(letter);
  const encoded = rest.length === 1 ? rest[0] : undefined;
  const state = encoded === undefined ? undefined : decodeState(encoded);
  return action && state ? { kind: 'card', action, state } : undefined;
}
