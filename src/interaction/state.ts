/**
 * The state of an interactive answer card, packed into a short string that platforms carry in
 * button values (Slack, 2000 characters) and custom_ids (Discord, 100). No server-side session:
 * buttons keep working after a restart, past Discord's 15-minute token, and on any replica.
 */
import type { Language } from '../text.js';

export const STATE_VERSION = 1;

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
}

const KEY = /^[0-9a-z]{1,16}$/;

export function encodeState(state: CardState): string {
  return [STATE_VERSION, state.entryKey, state.lang, (state.done >>> 0).toString(36), state.depth].join('.');
}

/** The state, or undefined for anything that is not a state this version wrote. */
export function decodeState(text: string): CardState | undefined {
  const parts = text.split('.');
  if (parts.length !== 5) return undefined;
  const [version, entryKey, lang, done, depth] = parts as [string, string, string, string, string];
  if (version !== String(STATE_VERSION) || !KEY.test(entryKey)) return undefined;
  if (lang !== 'en' && lang !== 'zh') return undefined;
  const mask = Number.parseInt(done, 36);
  if (!/^[0-9a-z]{1,7}$/.test(done) || !Number.isInteger(mask) || mask < 0 || mask >= 2 ** MAX_TRACKED_STEPS) return undefined;
  if (depth !== '0' && depth !== '1' && depth !== '2') return undefined;
  return { entryKey, lang, done: mask, depth: Number(depth) as 0 | 1 | 2 };
}

export function toggleStep(state: CardState, step: number): CardState {
  if (!Number.isInteger(step) || step < 0 || step >= MAX_TRACKED_STEPS) return state;
  return { ...state, done: (state.done ^ (1 << step)) >>> 0 };
}

export function stepsDone(state: CardState, totalSteps: number): number {
  let count = 0;
  for (let i = 0; i < Math.min(totalSteps, MAX_TRACKED_STEPS); i += 1) if (state.done & (1 << i)) count += 1;
  return count;
}

export function isDone(state: CardState, step: number): boolean {
  return step >= 0 && step < MAX_TRACKED_STEPS && (state.done & (1 << step)) !== 0;
}

/**
 * A short, stable key for an entry id (FNV-1a 64-bit, base 36): catalog entry ids can be long,
 * Discord's custom_id is not.
 */
const keyCache = new Map<string, string>();

export function shortKey(id: string): string {
  const cached = keyCache.get(id);
  if (cached !== undefined) return cached;
  const key = fnv1a64(id);
  // Entry ids are a finite set per catalog; the bound only guards against callers hashing input.
  if (keyCache.size < 1_000_000) keyCache.set(id, key);
  return key;
}

function fnv1a64(id: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(id)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(36).slice(0, 11);
}
