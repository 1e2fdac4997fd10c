/**
 * Every custom_id the adapter writes, and the one parser that reads them back into the product
 * layer's actions. A component carries all its state (`ec2:<letter>:<encodeState(...)>`), so it
 * keeps working after a restart, past the 15-minute interaction token and on any shard. The prefix
 * is the format's version: anything this version did not write parses as undefined (STALE_BUTTON).
 */
import { type CardState, decodeState, encodeState } from '../../src/interaction/state.js';
import type { ActionInput, CardAction, ReviewAction, StatelessAction } from '../../src/product/actions.js';
import type { FormPurpose } from '../../src/product/reply.js';
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
  // teaching (issue 14)
  addCode: 'a', // `ec2:a:<lang>:<code>`
  suggestFix: 's',
  fixed: 'k',
  approve: 'v', // `ec2:v:<lang>:<proposal id>`, and so Edit and Reject
  editProposal: 'e',
  reject: 'j',
};

/** The suggestion modal: `ec2:q:<lang>:add`, `…:fix:<entry key>`, `…:edit:<proposal id>`. */
const FORM = 'q';
const PROPOSAL_ID = /^p[0-9a-f]{1,16}$/;

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

export function addCodeId(lang: Language, code: string): string {
  return checked(`${CUSTOM_ID_VERSION}:${LETTERS.addCode}:${lang}:${code.slice(0, 64)}`);
}

export function reviewId(action: ReviewAction, lang: Language, proposalId: string): string {
  return checked(`${CUSTOM_ID_VERSION}:${LETTERS[action]}:${lang}:${proposalId}`);
}

export function formId(lang: Language, purpose: FormPurpose): string {
  const tail = purpose.kind === 'add' ? 'add' : purpose.kind === 'fix' ? `fix:${purpose.entryKey}` : `edit:${purpose.proposalId}`;
  return checked(`${CUSTOM_ID_VERSION}:${FORM}:${lang}:${tail}`);
}

/** A modal's custom_id back into what it is for; undefined for anything this version did not write. */
export function parseFormId(id: string): { lang: Language; purpose: FormPurpose } | undefined {
  const [version, letter, lang, kind, arg, ...extra] = id.split(':');
  if (version !== CUSTOM_ID_VERSION || letter !== FORM || !isLanguage(lang) || extra.length > 0) return undefined;
  if (kind === 'add' && arg === undefined) return { lang, purpose: { kind: 'add' } };
  if (kind === 'fix' && arg !== undefined && ENTRY_KEY.test(arg)) return { lang, purpose: { kind: 'fix', entryKey: arg } };
  if (kind === 'edit' && arg !== undefined && PROPOSAL_ID.test(arg)) return { lang, purpose: { kind: 'edit', proposalId: arg } };
  return undefined;
}

export function cardId(action: Exclude<CardAction, 'tick' | StatelessAction>, state: CardState): string {
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
  if (letter === LETTERS.addCode) {
    const [lang, code] = rest;
    return isLanguage(lang) && code && rest.length === 2 ? { action: 'addCode', lang, query: code } : undefined;
  }
  const review = ACTION_BY_LETTER.get(letter);
  if (review === 'approve' || review === 'editProposal' || review === 'reject') {
    const [lang, proposalId] = rest;
    return isLanguage(lang) && proposalId && rest.length === 2 && PROPOSAL_ID.test(proposalId)
      ? { action: review, lang, proposalId }
      : undefined;
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
    if (!action || action === 'tick' || action === 'open' || isStateless(action)) return undefined;
    return { action, state };
  }
  const action = ACTION_BY_LETTER.get(letter);
  if (!action || isStateless(action)) return undefined;
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
  return 'state' in input ? input.state.lang : input.lang;
}

function isStateless(action: CardAction): action is StatelessAction {
  return action === 'reportMissing' || action === 'addCode' || action === 'approve' || action === 'editProposal' || action === 'reject';
}
