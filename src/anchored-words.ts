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
 * the regex: `find` gives up and says so, and the caller runs its regex. `findChoosingParts` first
 * samples a long text and picks, per word, the part cheapest to search for there (a letter pair the
 * key body lacks, a letter other than the `Z` of every log timestamp), leaving the words to the
 * regex only where no choice of parts beats it.
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

interface Candidate {
  readonly part: string;
  /** A probe for every word holding the part once. */
  readonly probes: readonly Probe[];
  /** Those words, as bits of their indexes. */
  readonly mask: number;
}

function bitCount(bits: number): number {
  let n = 0;
  for (let b = bits; b !== 0; b &= b - 1) n += 1;
  return n;
}

const holdsOnce = (word: string, part: string) => {
  const offset = word.indexOf(part);
  return offset >= 0 && word.indexOf(part, offset + 1) < 0;
};

function probeOf(word: string, part: string, index: number): Probe {
  const offset = word.indexOf(part);
  const codes = [...word].map((c) => c.charCodeAt(0));
  const after = codes.map((_, i) => i).filter((i) => i >= offset + part.length);
  const before = codes.map((_, i) => i).filter((i) => i < offset);
  return { codes, order: [...after, ...before], index, offset };
}

function searchOf(part: string, probes: readonly Probe[]): Search {
  const short = part.length <= LONGEST_NEEDLE_PART;
  return { needles: short ? caseVariants(part) : null, regex: short ? null : new RegExp(part, 'gi'), probes };
}

/** Every letter and letter pair of the words, and each whole word: the parts a long text may be searched by. */
function candidatesOf(words: readonly string[]): Candidate[] {
  const parts = new Set<string>();
  for (const word of words) {
    for (let i = 0; i < word.length; i += 1) {
      parts.add(word.slice(i, i + 1));
      if (i + 2 <= word.length) parts.add(word.slice(i, i + 2));
    }
    parts.add(word);
  }
  return [...parts].map((part) => {
    const probes = words.flatMap((word, index) => (holdsOnce(word, part) ? [probeOf(word, part, index)] : []));
    return { part, probes, mask: probes.reduce((bits, p) => bits | (1 << p.index), 0) };
  });
}

/**
 * Estimated costs, in nanoseconds, of the ways to search (measured on Node 20): a native search's
 * pass over the text, each place it stops at inside (the first letter of a pair), each hit handed
 * back to be checked; a regex for one longer part (Boyer-Moore skipping, so the longer the part the
 * quicker: per character about this many divided by its length); the regex of all the words.
 */
const NS_PER_CHAR_PASS = 0.05;
const NS_PER_STOP = 12;
const NS_PER_HIT = 150;
const NS_PER_CHAR_REGEX_LETTERS = 2.4;
const NS_PER_CHAR_ALL_WORDS_REGEX = 3;

/** The sample windows of a long text: how often each letter (in each case) and each part occur there. */
function sampleOf(text: string): Sample {
  const stride = Math.floor(text.length / SAMPLE_WINDOWS);
  const byCode = new Uint32Array(128);
  const pairs = new Uint32Array(26 * 26);
  const windows: string[] = [];
  let length = 0;
  // Read where the windows lie in the text itself: a string glued from them would be read slowly, piece by piece.
  for (let w = 0; w < SAMPLE_WINDOWS; w += 1) {
    const from = w * stride;
    const to = Math.min(text.length, from + SAMPLE_WINDOW);
    let before = -1; // the letter before, folded to 0-25, or -1
    for (let i = from; i < to; i += 1) {
      const code = text.charCodeAt(i);
      if (code < 128) byCode[code] = (byCode[code] as number) + 1;
      const letter = (code | 0x20) - 97;
      if (code >= 128 || letter < 0 || letter > 25) {
        before = -1;
        continue;
      }
      if (before >= 0) pairs[before * 26 + letter] = (pairs[before * 26 + letter] as number) + 1;
      before = letter;
    }
    windows.push(text.slice(from, to).toLowerCase());
    length += to - from;
  }
  return {
    length,
    letters: (code) => (byCode[code] as number) + (byCode[code - 0x20] as number),
    count: (part) => {
      if (part.length === 1) return (byCode[part.charCodeAt(0)] as number) + (byCode[part.charCodeAt(0) - 0x20] as number);
      if (part.length === 2) return pairs[(part.charCodeAt(0) - 97) * 26 + part.charCodeAt(1) - 97] as number;
      // toLowerCase folds a few more letters than the searches do (the Kelvin sign): it can only overcount.
      let n = 0;
      for (const window of windows) for (let at = window.indexOf(part); at >= 0; at = window.indexOf(part, at + 1)) n += 1;
      return n;
    },
  };
}

interface Sample {
  readonly length: number;
  /** Both cases of a lower-case letter. */
  letters(code: number): number;
  /** Occurrences of a part (lower-case letters), in any case. */
  count(part: string): number;
}

/** Every start of the searches' words, sorted; null once more than `maxHits` parts were found. */
function searchAll(text: string, searches: readonly Search[], maxHits: number): WordStarts | null {
  // One sorted run per needle and word (a needle's hits come in text order): merged, not sorted.
  const runs: number[][] = [];
  let hits = 0;
  for (const { needles, regex, probes } of searches) {
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

export class AnchoredWords {
  /** Every word, in alternation order (the order of the anchors, then of each anchor's words). */
  readonly words: readonly string[];
  private readonly searches: readonly Search[];
  /** Every part a long text's words may be found by instead (see `findChoosingParts`). */
  private readonly candidates: readonly Candidate[];
  private readonly madeSearches = new Map<string, Search>();

  constructor(anchors: readonly WordAnchor[]) {
    const words: string[] = [];
    this.searches = anchors.map(({ part, words: anchored }) => {
      const probes = anchored.map((word) => {
        if (!/^[a-z]+$/.test(word) || !holdsOnce(word, part))
          throw new Error(`word ${word} must be lower-case letters holding ${part} once`);
        words.push(word);
        return probeOf(word, part, words.length - 1);
      });
      return searchOf(part, probes);
    });
    if (words.length > WORD_SLOTS) throw new Error(`at most ${WORD_SLOTS} words`);
    this.words = words;
    this.candidates = candidatesOf(words);
  }

  /**
   * Where the words start in `text`, every place, overlapping or not; null once more than
   * `maxHits` parts were found (the text is too dense in them for this to pay).
   */
  find(text: string, maxHits: number): WordStarts | null {
    if (this.looksDense(text, maxHits)) return null;
    return searchAll(text, this.searches, maxHits);
  }

  /**
   * What `find` gives, with the parts chosen for this text: a long text is sampled, and each word
   * is found by whichever of its parts the sample says is cheapest to search for (a key body holds
   * every single letter, but few of its letter pairs; a log holds a `Z` in every timestamp), or
   * null when the words' regex would read the text sooner. A short text is searched as `find` does.
   * The parts decide only how long the search takes: the starts are the words', whatever finds them.
   */
  findChoosingParts(text: string, maxHits: number): WordStarts | null {
    if (text.length < SAMPLED_LENGTH) return this.find(text, maxHits);
    // Where the given parts are few, they are searched for: choosing others would cost more than it saves.
    if (!this.looksDense(text, maxHits)) return searchAll(text, this.searches, maxHits);
    const sample = sampleOf(text);
    const scale = text.length / sample.length;
    const perPass = text.length * NS_PER_CHAR_PASS;
    const candidates = this.candidates;
    const hitsOf = candidates.map(({ part }) => sample.count(part) * scale);
    const costs = candidates.map(({ part }, c) => {
      const hits = hitsOf[c] as number;
      if (part.length > LONGEST_NEEDLE_PART) return (text.length * NS_PER_CHAR_REGEX_LETTERS) / part.length + hits * NS_PER_HIT;
      // A search for a pair stops at every case of its first letter, once for each case of the second.
      const stops = part.length === 2 ? sample.letters(part.charCodeAt(0)) * scale * 2 : 0;
      return 2 ** part.length * perPass + stops * NS_PER_STOP + hits * NS_PER_HIT;
    });
    // Each word to one search, greedily: the cheapest search per word it newly covers first.
    let covered = 0;
    let total = 0;
    let hits = 0;
    const all = (1 << this.words.length) - 1;
    const chosen: Search[] = [];
    while (covered !== all) {
      let best = -1;
      let bestPerWord = Number.POSITIVE_INFINITY;
      for (let c = 0; c < candidates.length; c += 1) {
        const fresh = bitCount((candidates[c] as Candidate).mask & ~covered);
        if (fresh > 0 && (costs[c] as number) / fresh < bestPerWord) {
          best = c;
          bestPerWord = (costs[c] as number) / fresh;
        }
      }
      const candidate = candidates[best] as Candidate; // some is found: every word holds itself once
      chosen.push(this.searchFor(candidate, candidate.mask & ~covered));
      covered |= candidate.mask;
      total += costs[best] as number;
      hits += hitsOf[best] as number;
    }
    // The regex of all the words reads every character, and hands back each word it finds.
    const words = this.words.reduce((n, word) => n + sample.count(word) * scale, 0);
    if (total > text.length * NS_PER_CHAR_ALL_WORDS_REGEX + words * NS_PER_HIT) return null;
    // Past maxHits the search gives up, and the time spent until then would be lost.
    if (hits > (maxHits * 3) / 4) return null;
    return searchAll(text, chosen, maxHits);
  }

  /** The search for the words of `mask` by the candidate's part, made once (a regex made anew would be compiled anew). */
  private searchFor(candidate: Candidate, mask: number): Search {
    const key = `${candidate.part} ${mask}`;
    let search = this.madeSearches.get(key);
    if (!search) {
      search = searchOf(
        candidate.part,
        candidate.probes.filter((p) => (mask & (1 << p.index)) !== 0),
      );
      this.madeSearches.set(key, search);
    }
    return search;
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
