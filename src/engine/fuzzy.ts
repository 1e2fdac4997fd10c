/**
 * Typo-tolerant matching of words and short phrases, for chat typed fast: `eror`, `faild`,
 * `authentcation`, `appid check fail`. A word matches a known word within that word's typo
 * allowance (none for four letters and fewer: scan/can, code/node), and only when one known word
 * is closest.
 */
import { editDistance, typoAllowance } from './tokens.js';

/**
 * The known word `word` stands for: itself, or the one closest within its allowance; else undefined.
 * `edits`: the allowance for every known word, where a short word may be mistyped too (a command
 * line's `scna` for `scan`); otherwise each word's own typo allowance.
 */
export function closestWord(word: string, known: readonly string[], edits?: number): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tied = false;
  for (const candidate of known) {
    if (candidate === lower) return candidate;
    const allowance = edits ?? typoAllowance(candidate);
    if (allowance === 0 || Math.abs(candidate.length - lower.length) > allowance) continue;
    const distance = editDistance(lower, candidate, allowance);
    if (distance > allowance) continue;
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance) {
      tied = true;
    }
  }
  return tied ? undefined : best;
}

/** Whether `word` is one of the known words or within a typo of one (which one does not matter). */
export function nearWord(word: string, known: readonly string[]): boolean {
  const lower = word.toLowerCase();
  return known.some((candidate) => sameWord(lower, candidate));
}

const LATIN_WORD = /[a-z0-9_']+/g;
const PHRASE_WORD = /^[a-z0-9_']+$/;

/** Latin words of a text, lower case, in order. */
export function latinWords(text: string): string[] {
  return latinWordsOfLower(text.toLowerCase());
}

/**
 * The same, of a text already lower case (a sighting's nearby text): lower-casing is idempotent
 * (every code point's lower case lowers to itself, and a lowered text holds no capital sigma), so
 * lowering it again only copied it.
 */
export function latinWordsOfLower(lower: string): string[] {
  return lower.match(LATIN_WORD) ?? [];
}

/**
 * Whether `words` (a text's latin words) hold the phrase's words in order, next to each other, each
 * within its typo allowance. A phrase with anything but latin words is matched exactly by the caller.
 */
export function holdsPhrase(words: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0 || phrase.length > words.length) return false;
  for (let start = 0; start + phrase.length <= words.length; start += 1) {
    let all = true;
    for (let i = 0; i < phrase.length; i += 1) {
      if (!sameWord(words[start + i] as string, phrase[i] as string)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

/** The phrase's words when it is latin words only (the ones fuzzy matching applies to). */
export function phraseWords(phrase: string): string[] | undefined {
  const words = phrase
    .toLowerCase()
    .split(/[\s,.;:!?()"]+/)
    .filter((w) => w.length > 0);
  return words.length > 0 && words.every((w) => PHRASE_WORD.test(w)) ? words : undefined;
}

function sameWord(typed: string, known: string): boolean {
  if (typed === known) return true;
  const allowance = typoAllowance(known);
  if (allowance === 0) return known.length === 4 && swapsInside(typed, known);
  if (Math.abs(typed.length - known.length) > allowance) return false;
  return editDistance(typed, known, allowance) <= allowance;
}

/**
 * A four-letter word with two inner letters swapped (`fial` for fail, `veirfy`-style slips of the
 * fingers): within a phrase matched word by word, such a slip names no other word of it, where one
 * letter changed (`scan`/`can`, `code`/`node`) does. Its first and last letters stay.
 */
function swapsInside(typed: string, known: string): boolean {
  if (typed.length !== 4 || typed[0] !== known[0] || typed[3] !== known[3]) return false;
  return typed[1] === known[2] && typed[2] === known[1];
}
