/**
 * Words that single out a few catalog entries: `openkey`, `nonce`, `paytoken`. Written next to a
 * code, such a word says the code is that entry's. Computed once per catalog set.
 */
import type { CatalogEntry } from '../catalog/model.js';
import { runSteps, type Steps, stepDue } from './steps.js';
import { STOPWORDS, stemsOf, tokenize } from './tokens.js';

/** A word in more entries than this is common vocabulary (token, appid, invalid), not a clue. */
export const MAX_ENTRIES_PER_DISTINCTIVE_WORD = 10;
const MIN_LENGTH = 5;

const byEntry = new WeakMap<CatalogEntry, string[]>();

/** Computed in steps (src/engine/steps.ts): Engine.build runs them in time slices. */
export function* indexDistinctiveWordsInSteps(entries: readonly CatalogEntry[]): Steps<void> {
  const wordsOf = new Map<CatalogEntry, Set<string>>();
  const frequency = new Map<string, number>();
  for (let i = 0; i < entries.length; i += 1) {
    if (stepDue(i)) yield;
    const entry = entries[i] as CatalogEntry;
    const text = [entry.description.en, entry.solution?.en ?? '', ...entry.causes.map((c) => c.en)].join(' ');
    const words = new Set(tokenize(text).filter((w) => w.length >= MIN_LENGTH && !STOPWORDS.has(w) && !/\d/.test(w)));
    // The word's stem too: people write `debug` next to the code where the catalog says `debugging`.
    for (const word of [...words]) for (const stem of stemsOf(word)) if (stem.length >= MIN_LENGTH && !STOPWORDS.has(stem)) words.add(stem);
    wordsOf.set(entry, words);
    for (const w of words) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  }
  let i = 0;
  for (const [entry, words] of wordsOf) {
    if (stepDue(i++)) yield;
    byEntry.set(
      entry,
      [...words].filter((w) => (frequency.get(w) ?? 0) <= MAX_ENTRIES_PER_DISTINCTIVE_WORD),
    );
  }
}

/**
 * Entries of a set whose words are counted on first use: a CLI run asking for a code alone never
 * scores words beside it, and counting the bundled catalogs' words was a tenth of its time.
 */
const pendingSet = new WeakMap<CatalogEntry, readonly CatalogEntry[]>();

/** indexDistinctiveWordsInSteps deferred to the first distinctiveWords of one of `entries`. */
export function indexDistinctiveWordsOnFirstUse(entries: readonly CatalogEntry[]): void {
  // As a build now would, this set's counts replace those of an earlier set holding the entry.
  for (const entry of entries) {
    byEntry.delete(entry);
    pendingSet.set(entry, entries);
  }
}

export function distinctiveWords(entry: CatalogEntry): readonly string[] {
  const words = byEntry.get(entry);
  if (words !== undefined) return words;
  const pending = pendingSet.get(entry);
  if (pending === undefined) return [];
  runSteps(indexDistinctiveWordsInSteps(pending));
  for (const member of pending) pendingSet.delete(member);
  return byEntry.get(entry) ?? [];
}
