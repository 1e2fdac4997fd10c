/**
 * The state of an interactive answer card, packed into a short string that platforms carry in
 * button values (Slack, 2000 characters) and custom_ids (Discord, 100). No server-side session:
 * buttons keep working after a restart, past Discord's 15-minute token, and on any replica.
 */
import type { Language } from '../text.js';

export const STATE_VERSION = 2;

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
}

export type Vote = 'helpful' | 'not-helpful';

const VOTE_LETTER: Readonly<Record<Vote, string>> = { helpful: 'y', 'not-helpful': 'n' };

const KEY = /^[0-9a-z]{1,16}$/;

export function encodeState(state: CardState): string {
  const vote = state.vote ? VOTE_LETTER[state.vote] : '0';
  return [STATE_VERSION, state.entryKey, state.lang, (state.done >>> 0).toString(36), state.depth, vote].join('.');
}

/**
 * The state, or undefined for anything that is not a state this or the previous version wrote
 * (version 1, without the vote, still decodes: buttons on cards sent before an upgrade keep working).
 */
export function decodeState(text: string): CardState | undefined {
  const parts = text.split('.');
  const [version, entryKey, lang, done, depth, voteLetter] = parts as [string, string, string, string, string, string | undefined];
  if (!((version === '1' && parts.length === 5) || (version === String(STATE_VERSION) && parts.length === 6))) return undefined;
  if (!KEY.test(entryKey)) return undefined;
  const vote =
    voteLetter === undefined || voteLetter === '0' ? undefined : voteLetter === 'y' ? 'helpful' : voteLetter === 'n' ? 'not-helpful' : null;
  if (vote === null) return undefined;
  if (lang !== 'en' && lang !== 'zh') return undefined;
  const mask = Number.parseInt(done, 36);
  if (!/^[0-9a-z]{1,7}$/.test(done) || !Number.isInteger(mask) || mask < 0 || mask >= 2 ** MAX_TRACKED_STEPS) return undefined;
  if (depth !== '0' && depth !== '1' && depth !== '2') return undefined;
  return { entryKey, lang, done: mask, depth: Number(depth) as 0 | 1 | 2, ...(vote ? { vote } : {}) };
}

export function stepsDone(state: CardState, totalSteps: number): number {
  let count = 0;
  for (let i = 0; i < Math.min(totalSteps, MAX_TRACKED_STEPS); i += 1) if (state.done & (1 << i)) count += 1;
  return count;
}

export function isDone(state: CardState, step: number): boolean {
  return step >= 0 && step < MAX_TRACKED_STEPS && (state.done & (1 << step)) !== 0;
}
