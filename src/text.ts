/** Text in English, with the Chinese original or rendering where there is one. */
export interface LocalText {
  readonly en: string;
  readonly zh?: string;
}

export type Language = 'en' | 'zh';

/** The text in the wanted language, falling back to English (always present). */
export function pick(text: LocalText, language: Language): string {
  return language === 'zh' ? (text.zh ?? text.en) : text.en;
}

/** Collapses runs of white space, as the source documents' tables are full of them. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `1 catalog`, `2 catalogs`, `0 entries`: a count with its noun in the number it takes in English. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Where a sentence ends: `.`, `!` or `?` (a closing quote or bracket may follow) before white space
 * and a capital, a digit, a quote or a Chinese character — so `e.g. the` and `v3.0` end none — or
 * a Chinese full stop, which needs no space.
 */
const SENTENCE_END = /[.!?]["')\]]?(?=\s+["'(`[A-Z0-9\u3400-\u9fff])|[。！？]/g;
/** Where a clause ends, for a first sentence longer than the budget. */
const CLAUSE_END = /[,;:](?=\s)|[，；：]/g;

/**
 * `text` (white space squashed) in at most `max` characters, ending on a whole sentence: the
 * sentences that fit, never half of one. A first sentence longer than `max` is cut after its last
 * clause (else word) that fits, ending with …; `cut` says whether anything was left out, so the
 * reply can offer the rest.
 */
export function wholeSentences(text: string, max: number): { text: string; cut: boolean } {
  const all = squash(text);
  if (all.length <= max) return { text: all, cut: false };
  const fits = (pattern: RegExp): number => {
    let end = 0;
    for (const match of all.matchAll(pattern)) {
      const after = match.index + match[0].length;
      if (after > max) break;
      end = after;
    }
    return end;
  };
  const sentences = fits(SENTENCE_END);
  if (sentences > 0) return { text: all.slice(0, sentences).trimEnd(), cut: true };
  // The … takes the place of the clause's comma, or needs a character of room after a word.
  const clause = fits(CLAUSE_END) - 1;
  if (clause > 0) return { text: `${all.slice(0, clause).trimEnd()}…`, cut: true };
  const room = max - 1;
  const word = all.lastIndexOf(' ', room);
  return { text: `${all.slice(0, word > 0 ? word : room).trimEnd()}…`, cut: true };
}
