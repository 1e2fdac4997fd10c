/**
 * Every place a set of words starts, case-insensitively (ASCII letters, as a regex's `i` flag without
 * `u` compares them), found without reading the text a character at a time. A regex such as
 * `token|secret|key` stops at every `t`, `s` and `k` of prose and runs at about a nanosecond a
 * character; a native `indexOf` for one character skips to it at memory speed. So each word is
 * found by a part of it that text holds less often than its first letter (the `k` of `token`, the
 * `w` of `pwd`): one native search per case of that part, and the word checked around each hit.
 * A part longer than two letters (eight cases and more) is found by one `gi` regex instead, which skips
 * through the text by the part's last letters (Boyer-Moore).
 *
 * Where the parts are too many (a key body holds every letter), reading hit by hit costs more than
 * the regex: `find` gives up and says so, and the caller runs its regex.
 */

/** A part of some words, and those words (lower-case letters) in the order the alternation tries them. */
export interface WordAnchor {
  readonly part: string;
  readonly words: readonly string[];
}

/** Word starts, sorted: `start * WORD_SLOTS + index of the word`, the lower index first at one start. */
export type WordStarts = Float64Array;

export const WORD_SLOTS = 16;

interface Probe {
  /** The word's letters, lower case. */
  readonly codes: readonly number[];
  /** Where in the word its letters are compared, in that order: the part's own are not. */
  readonly order: readonly number[];
  /** Index of the word in the whole list (its place in the alternation). */
  readonly index: number;
  /** Where the part sits in the word. */
  readonly offset: number;
}

interface Search {
  /** The part in each of its cases, or null when a regex finds it. */
  readonly needles: readonly string[] | null;
  readonly regex: RegExp | null;
  readonly probes: readonly Probe[];
}

const LONGEST_NEEDLE_PART = 2;

/** The part in every combination of cases: `cr` gives `cr`, `cR`, `Cr`, `CR`. */
function caseVariants(part: string): string[] {
  let variants = [''];
  for (const c of part) variants = variants.flatMap((v) => [v + c, v + c.toUpperCase()]);
  return variants;
}

/**
 * True when the probe's word is at `start`, in any case, its part being known to be there:
 * `code | 0x20` folds exactly the ASCII letters onto a-z, and nothing else onto them. The letters
 * after the part first: at a hit that is no word, the very next one usually says so.
 */
function wordAt(text: string, start: number, probe: Probe): boolean {
  if (start < 0 || start + probe.codes.length > text.length) return false;
  const { codes, order } = probe;
  for (let i = 0; i < order.length; i += 1) {
    const at = order[i] as number;
    if ((text.charCodeAt(start + at) | 0x20) !== codes[at]) return false;
  }
  return true;
}

function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0) return b as number[];
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push((a[i] as number) <= (b[j] as number) ? (a[i++] as number) : (b[j++] as number));
  while (i < a.length) out.push(a[i++] as number);
  while (j < b.length) out.push(b[j++] as number);
  return out;
}

/** Texts this long or longer are sampled before they are searched (see `find`). */
const SAMPLED_LENGTH = 64 * 1024;
const SAMPLE_WINDOWS = 8;
const SAMPLE_WINDOW = 1024;

export class AnchoredWords {
  /** Every word, in alternation order (the order of the anchors, then of each anchor's words). */
  readonly words: readonly string[];
  private readonly searches: readonly Search[];

  constructor(anchors: readonly WordAnchor[]) {
    const words: string[] = [];
    this.searches = anchors.map(({ part, words: anchored }) => {
      const probes = anchored.map((word) => {
        const offset = word.indexOf(part);
        if (!/^[a-z]+$/.test(word) || offset < 0 || word.indexOf(part, offset + 1) >= 0) {
          throw new Error(`word ${word} must be lower-case letters holding ${part} once`);
        }
        words.push(word);
        const codes = [...word].map((c) => c.charCodeAt(0));
        const after = codes.map((_, i) => i).filter((i) => i >= offset + part.length);
        const before = codes.map((_, i) => i).filter((i) => i < offset);
        return { codes, order: [...after, ...before], index: words.length - 1, offset };
      });
      const short = part.length <= LONGEST_NEEDLE_PART;
      return { needles: short ? caseVariants(part) : null, regex: short ? null : new RegExp(part, 'gi'), probes };
    });
    if (words.length > WORD_SLOTS) throw new Error(`at most ${WORD_SLOTS} words`);
    this.words = words;
  }

  /**
   * Where the words start in `text`, every place, overlapping or not; null once more than
   * `maxHits` parts were found (the text is too dense in them for this to pay).
   */
  find(text: string, maxHits: number): WordStarts | null {
    if (this.looksDense(text, maxHits)) return null;
    // One sorted run per needle and word (a needle's hits come in text order): merged, not sorted.
    const runs: number[][] = [];
    let hits = 0;
    for (const { needles, regex, probes } of this.searches) {
      for (const needle of needles ?? [null]) {
        const found = probes.map((): number[] => []);
        const visit = (at: number): boolean => {
          if (++hits > maxHits) return false;
          for (let p = 0; p < probes.length; p += 1) {
            const probe = probes[p] as Probe;
            const start = at - probe.offset;
            if (wordAt(text, start, probe)) (found[p] as number[]).push(start * WORD_SLOTS + probe.index);
          }
          return true;
        };
        if (needle !== null) {
          for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) if (!visit(at)) return null;
        } else if (regex) {
          regex.lastIndex = 0;
          for (let m = regex.exec(text); m; m = regex.exec(text)) {
            if (!visit(m.index)) return null;
            regex.lastIndex = m.index + 1; // overlapping occurrences too, as the searches by indexOf find them
          }
        }
        runs.push(...found);
      }
    }
    return Float64Array.from(runs.filter((run) => run.length > 0).reduce(mergeSorted, []));
  }

  /**
   * A few windows spread over a long text, searched for the short parts, say whether the whole
   * text likely holds more than `maxHits`: a key body would otherwise be read up to the limit in
   * vain before the caller's regex reads it again. A guess either way costs time only, never a result.
   */
  private looksDense(text: string, maxHits: number): boolean {
    if (text.length < SAMPLED_LENGTH) return false;
    const stride = Math.floor(text.length / SAMPLE_WINDOWS);
    let hits = 0;
    for (let w = 0; w < SAMPLE_WINDOWS; w += 1) {
      const window = text.slice(w * stride, w * stride + SAMPLE_WINDOW);
      for (const { needles } of this.searches) {
        for (const needle of needles ?? []) {
          for (let at = window.indexOf(needle); at >= 0; at = window.indexOf(needle, at + 1)) hits += 1;
        }
      }
    }
    return hits * text.length > maxHits * SAMPLE_WINDOWS * SAMPLE_WINDOW;
  }
}
