/**
 * The state of an interactive answer card, packed into a short string that platforms carry in
 * button values (Slack, 2000 characters) and custom_ids (Discord, 100). No server-side session:
 * buttons keep working after a restart, past Discord's 15-minute token, and on any replica.
 */
import type { Language } from '../text.js';

export const STATE_VERSION = 2;
/** The version of a state that carries its free-text query (a seventh field); v2 is written without one. */
export const STATE_WITH_QUERY_VERSION = 3;

/** Checklist steps a card can track (bits of the `done` mask). */
export const MAX_TRACKED_STEPS = 30;

export interface CardState {
  /** Short key of the entry shown (engine.keyOf / answer.entryKey). */
  readonly entryKey: string;
  readonly lang: Language;
  /** Bit i set: checklist step i is ticked. */
  readonly done: number;
  /** 0: checklist; 1: "Still failing" opened the next diagnostics; 2: and the last resort. */
  readonly depth: 0 | 1 | 2;
  /** The reader's vote on this card: shown in place ("You found this helpful"), counted once. */
  readonly vote?: Vote;
  /**
   * The free text the card answers (redacted, cut to whole words within QUERY_IN_STATE_MAX once
   * encoded): a click looks it up again so the card keeps its "Other matches" list.
   */
  readonly query?: string;
}

export type Vote = 'helpful' | 'not-helpful';

const VOTE_LETTER: Readonly<Record<Vote, string>> = { helpful: 'y', 'not-helpful': 'n' };

const KEY = /^[0-9a-z]{1,16}$/;

/**
 * Encoded characters a carried query may take. Discord's custom_id (100) is the tightest place a
 * state goes: `ec2:t:` + a state with the longest key, mask and a query + `:29` must fit, and it
 * does with this many (test/interaction/state.test.ts checks the edge). Slack's block_id (255) and
 * option values (150) have more room.
 */
export const QUERY_IN_STATE_MAX = 58;

/** A query as a state field: percent-encoded, and `.` too, so it never splits a state or an id. */
function encodeQuery(query: string): string {
  return encodeURIComponent(query).replace(/\./g, '%2E');
}

/**
 * The query a card state carries for free text: the (already redacted) query's words, as many
 * whole ones as fit QUERY_IN_STATE_MAX encoded; a first word too long on its own (Chinese has no
 * spaces) is cut by characters. Undefined for an empty query.
 */
export function queryForState(query: string): string | undefined {
  const words = query
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  let kept = '';
  for (const word of words) {
    const next = kept === '' ? word : `${kept} ${word}`;
    if (encodeQuery(next).length > QUERY_IN_STATE_MAX) break;
    kept = next;
  }
  if (kept === '' && words[0] !== undefined) {
    for (const char of words[0]) {
      if (encodeQuery(kept + char).length > QUERY_IN_STATE_MAX) break;
      kept += char;
    }
  }
  return kept === '' ? undefined : kept;
}

/** `2.<entry key>.<lang>.<done mask, base 36>.<depth>.<vote>`, and `3.….<query>` with a query. */
export function encodeState(state: CardState): string {
  const vote = state.vote ? VOTE_LETTER[state.vote] : '0';
  // One template, not an array joined: every component of every card carries one (npm run bench).
  const fields = `${state.entryKey}.${state.lang}.${(state.done >>> 0).toString(36)}.${state.depth}.${vote}`;
  if (state.query === undefined) return `${STATE_VERSION}.${fields}`;
  return `${STATE_WITH_QUERY_VERSION}.${fields}.${encodeQuery(state.query)}`;
}

function decodeQuery(text: string): string | undefined {
  if (text === '' || text.length > QUERY_IN_STATE_MAX) return undefined;
  try {
    const query = decodeURIComponent(text);
    // Only what encodeQuery writes: one spelling per query.
    return encodeQuery(query) === text ? query : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The state, or undefined for anything that is not a state this or the previous version wrote
 * (version 1, without the vote, still decodes: buttons on cards sent before an upgrade keep working;
 * version 3 is version 2 with a query).
 */
export function decodeState(text: string): CardState | undefined {
  const parts = text.split('.');
  const [version, entryKey, lang, done, depth, voteLetter, queryText] = parts as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string | undefined,
  ];
  const known =
    (version === '1' && parts.length === 5) ||
    (version === String(STATE_VERSION) && parts.length === 6) ||
    (version === String(STATE_WITH_QUERY_VERSION) && parts.length === 7);
  if (!known) return undefined;
  const query = queryText === undefined ? undefined : decodeQuery(queryText);
  if (queryText !== undefined && query === undefined) return undefined;
  if (!KEY.test(entryKey)) return undefined;
  const vote =
    voteLetter === undefined || voteLetter === '0' ? undefined : voteLetter === 'y' ? 'helpful' : voteLetter === 'n' ? 'not-helpful' : null;
  if (vote === null) return undefined;
  if (lang !== 'en' && lang !== 'zh') return undefined;
  const mask = Number.parseInt(done, 36);
  if (!/^[0-9a-z]{1,7}$/.test(done) || !Number.isInteger(mask) || mask < 0 || mask >= 2 ** MAX_TRACKED_STEPS) return undefined;
  if (depth !== '0' && depth !== '1' && depth !== '2') return undefined;
  return {
    entryKey,
    lang,
    done: mask,
    depth: Number(depth) as 0 | 1 | 2,
    ...(vote ? { vote } : {}),
    ...(query !== undefined ? { query } : {}),
  };
}

export function stepsDone(state: CardState, totalSteps: number): number {
  let count = 0;
  for (let i = 0; i < Math.min(totalSteps, MAX_TRACKED_STEPS); i += 1) if (state.done & (1 << i)) count += 1;
  return count;
}

export function isDone(state: CardState, step: number): boolean {
  return step >= 0 && step < MAX_TRACKED_STEPS && (state.done & (1 << step)) !== 0;
}
