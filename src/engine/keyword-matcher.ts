/**
 * Finds catalog keywords in a text in time that grows with the text, not with the number of
 * keywords. Built once per catalog set. Latin keywords are indexed by their first word: each word
 * of the text is looked up once, and only the keywords starting with it are compared. Chinese
 * keywords are indexed by their first two Chinese characters, so each Chinese character of the
 * text costs one or two map lookups. (One regex alternation of every keyword, which this
 * replaces, tried every keyword at every word: 8,000 custom keywords took 14 s for 88 KB.)
 *
 * Matching rules, as before: a latin keyword is bounded by anything but a letter or digit (`oidb`
 * is found in `oidb_ret`), a space in it matches any run of white space or one `-`, and the longest keyword
 * starting at a word wins and hides the words it covers. A Chinese keyword matches anywhere, one with a
 * latin head (`qq登录`) with a space after the head too (`qq 登录`).
 */
import { isCjk } from './tokens.js';

const isAlnum = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 122);
const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || (code > 127 && /\s/.test(String.fromCharCode(code)));
const isCjkCode = (code: number) => (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);

/**
 * A word's hash, built character by character as the text is walked: looking words up by it costs no
 * string slice per word (slicing and hashing each of a paste's words was most of the matcher's time).
 * Two first words sharing a hash share a list; `matchAt` compares the characters, so that is harmless.
 */
const wordHash = (hash: number, code: number) => (Math.imul(hash, 31) + code) | 0;

/** Words of the first-word bit set (65,536 bits): sparse for the few thousand first words of a catalog set. */
const HASH_BIT_WORDS = 2048;
const mayHold = (bits: Uint32Array, hash: number) => ((bits[(hash >>> 5) & (HASH_BIT_WORDS - 1)] as number) & (1 << (hash & 31))) !== 0;

/**
 * A latin keyword with what must follow its first word: compared first, so a text word that starts
 * many keywords (`token`, `qq`) is matched in full only against those the next character allows.
 */
interface Candidate {
  readonly keyword: string;
  readonly firstLength: number;
  /** The keyword's character after its first word (32: a space, then `afterSpace`); -1 when there is none. */
  readonly follow: number;
  readonly afterSpace: number;
}

function candidateOf(keyword: string, firstLength: number): Candidate {
  const follow = firstLength < keyword.length ? keyword.charCodeAt(firstLength) : -1;
  return { keyword, firstLength, follow, afterSpace: follow === 32 ? keyword.charCodeAt(firstLength + 1) : -1 };
}

export class KeywordMatcher {
  /** Hash of a first word -> latin keywords starting with a word of that hash, longest first. */
  private readonly byFirstWord = new Map<number, Candidate[]>();
  private readonly shortestFirstWord: number = Number.POSITIVE_INFINITY;
  private readonly longestFirstWord: number = 0;
  /** Latin keywords that do not start with a letter or digit (`/oauth2`): few, found by indexOf. */
  private readonly oddLatin: string[] = [];
  /**
   * First two characters from the first Chinese one (as `first * 65536 + second`, no slice per
   * character) -> [keyword, offset of that character]; and the same by one character.
   */
  private readonly byCjkPair = new Map<number, Array<[string, number]>>();
  private readonly byCjkChar = new Map<number, Array<[string, number]>>();
  /**
   * A bit per character indexed in either map: most Chinese characters of a text start no keyword
   * and cost one array read, not two map lookups (a pair's key is past the small-integer range).
   */
  private readonly cjkBits = new Uint32Array(65536 / 32);
  /** A bit per first-word hash (folded): most words of a text are no keyword's first and cost no map lookup. */
  private hashBits: Uint32Array | undefined;
  /** Distinct keywords indexed. */
  readonly size: number;
  /**
   * Some keyword could take in a code written after a word and a space (`qq 6`: a space, then a
   * digit or a minus), or opens with a minus: then a code after a text may change what it names.
   */
  readonly mayTakeInCode: boolean;

  constructor(keywords: Iterable<string>) {
    let size = 0;
    let shortest = Number.POSITIVE_INFINITY;
    let longest = 0;
    let mayTakeInCode = false;
    for (const raw of new Set(keywords)) {
      const keyword = raw.trim().toLowerCase().replace(/\s+/g, ' ');
      if (keyword.length === 0) continue;
      size += 1;
      if (keyword.startsWith('-') || / [-0-9]/.test(keyword)) mayTakeInCode = true;
      if (isCjk(keyword)) {
        this.indexCjk(keyword);
        continue;
      }
      const first = /^[a-z0-9]+/.exec(keyword)?.[0];
      if (!first) {
        this.oddLatin.push(keyword);
        continue;
      }
      let hash = 0;
      for (let k = 0; k < first.length; k += 1) hash = wordHash(hash, first.charCodeAt(k));
      const list = this.byFirstWord.get(hash) ?? [];
      list.push(candidateOf(keyword, first.length));
      this.byFirstWord.set(hash, list);
      shortest = Math.min(shortest, first.length);
      longest = Math.max(longest, first.length);
    }
    for (const list of this.byFirstWord.values()) list.sort((a, b) => b.keyword.length - a.keyword.length);
    this.shortestFirstWord = shortest;
    this.longestFirstWord = longest;
    this.size = size;
    this.mayTakeInCode = mayTakeInCode;
  }

  /** Whether a latin keyword opens with `word` (lower-case letters and digits) as its first word. */
  opensKeyword(word: string): boolean {
    let hash = 0;
    for (let k = 0; k < word.length; k += 1) hash = wordHash(hash, word.charCodeAt(k));
    const candidates = this.byFirstWord.get(hash);
    if (!candidates) return false;
    for (const { keyword, firstLength } of candidates) if (firstLength === word.length && keyword.startsWith(word)) return true;
    return false;
  }

  private indexCjk(keyword: string): void {
    let offset = 0;
    while (offset < keyword.length && !isCjkCode(keyword.charCodeAt(offset))) offset += 1;
    const pair = offset + 1 < keyword.length;
    const map = pair ? this.byCjkPair : this.byCjkChar;
    const key = pair ? keyword.charCodeAt(offset) * 65536 + keyword.charCodeAt(offset + 1) : keyword.charCodeAt(offset);
    const list = map.get(key) ?? [];
    list.push([keyword, offset]);
    map.set(key, list);
    const code = keyword.charCodeAt(offset);
    this.cjkBits[code >>> 5] = (this.cjkBits[code >>> 5] as number) | (1 << (code & 31));
  }

  /** The keywords present in `lower` (already lower case). */
  find(lower: string): Set<string> {
    const found = new Set<string>();
    // Chinese keywords are found on the same walk as the latin ones and added after them, as
    // when they had a walk of their own (a Chinese keyword is never a latin one).
    const cjk = this.byCjkPair.size > 0 || this.byCjkChar.size > 0 ? new Set<string>() : undefined;
    // An odd keyword's match (`.well-known/openid-configuration`) holds the words it is made of, as
    // the longest match of an alternation would: no keyword inside it (`openid-configuration`) is found there.
    const oddSpans = this.findOdd(lower, found);
    this.findLatinAndCjk(lower, found, cjk, oddSpans);
    if (cjk) for (const keyword of cjk) found.add(keyword);
    return found;
  }

  /**
   * One walk over the text: each latin word is looked up by its hash, each Chinese character (never
   * inside a latin word or a keyword's match) by itself and with the character after it.
   */
  private findLatinAndCjk(text: string, found: Set<string>, cjk: Set<string> | undefined, oddSpans: readonly number[]): void {
    const latin = this.byFirstWord.size > 0;
    if (!latin && !cjk) return;
    const bits = this.firstWordBits();
    const n = text.length;
    // The odd matches by where they start: the words are walked left to right, so whether one lies
    // inside a match is the furthest end among the matches starting before it (a test of every
    // match at every word of a log with a path on each line was a fifth of the walk).
    const spans = byStart(oddSpans);
    let nextSpan = 0;
    let furthestEnd = -1;
    let i = 0;
    while (i < n) {
      let code = text.charCodeAt(i);
      if (!isAlnum(code)) {
        if (cjk && isCjkCode(code) && ((this.cjkBits[code >>> 5] as number) & (1 << (code & 31))) !== 0) this.findCjkAt(text, i, code, cjk);
        i += 1;
        continue;
      }
      if (!latin) {
        i += 1;
        continue;
      }
      let hash = wordHash(0, code);
      let end = i + 1;
      while (end < n) {
        code = text.charCodeAt(end);
        if (!isAlnum(code)) break;
        hash = wordHash(hash, code);
        end += 1;
      }
      const length = end - i;
      let next = end;
      while (nextSpan < spans.length && (spans[nextSpan] as number) < i) {
        furthestEnd = Math.max(furthestEnd, spans[nextSpan + 1] as number);
        nextSpan += 2;
      }
      if (length >= this.shortestFirstWord && length <= this.longestFirstWord && furthestEnd <= i) {
        const candidates = mayHold(bits, hash) ? this.byFirstWord.get(hash) : undefined;
        if (candidates) {
          // What follows the word in the text: a keyword whose first word is this one must be followed so.
          const after = end < n ? text.charCodeAt(end) : -1;
          // A keyword's space takes a run of white space or one hyphen: the character after either.
          let afterSpaces = -1;
          if (after >= 0 && isSpace(after)) {
            let at = end + 1;
            while (at < n && isSpace(text.charCodeAt(at))) at += 1;
            afterSpaces = at < n ? text.charCodeAt(at) : -1;
          } else if (after === 45) afterSpaces = end + 1 < n ? text.charCodeAt(end + 1) : -1;
          for (const { keyword, firstLength, follow, afterSpace } of candidates) {
            if (firstLength !== length) continue;
            if (follow === 32 ? afterSpaces < 0 || afterSpace !== afterSpaces : follow !== -1 && follow !== after) continue;
            const matchEnd = matchAt(text, i, keyword);
            if (matchEnd < 0) continue;
            found.add(keyword);
            next = Math.max(next, matchEnd);
            break;
          }
        }
      }
      i = next;
    }
  }

  /** Built on the first search, from the first-word index. */
  private firstWordBits(): Uint32Array {
    if (!this.hashBits) {
      const bits = new Uint32Array(HASH_BIT_WORDS);
      for (const hash of this.byFirstWord.keys()) {
        const at = (hash >>> 5) & (HASH_BIT_WORDS - 1);
        bits[at] = (bits[at] as number) | (1 << (hash & 31));
      }
      this.hashBits = bits;
    }
    return this.hashBits;
  }

  /** Chinese keywords holding the Chinese character `code` at `i` of the text. */
  private findCjkAt(text: string, i: number, code: number, found: Set<string>): void {
    const pairs = i + 1 < text.length ? this.byCjkPair.get(code * 65536 + text.charCodeAt(i + 1)) : undefined;
    if (pairs) {
      for (const [keyword, offset] of pairs) if (!found.has(keyword) && cjkKeywordAt(text, i, keyword, offset)) found.add(keyword);
    }
    const singles = this.byCjkChar.get(code);
    if (singles) {
      for (const [keyword, offset] of singles) if (!found.has(keyword) && cjkKeywordAt(text, i, keyword, offset)) found.add(keyword);
    }
  }

  /** Keywords opening with no letter or digit, found where they stand; their spans, as start/end pairs. */
  private findOdd(text: string, found: Set<string>): number[] {
    const spans: number[] = [];
    for (const keyword of this.oddLatin) {
      // Where its text up to its first space stands (matchAt compares that part as written): found
      // by indexOf, not by a visit to every `.` or `/` of a log.
      const space = keyword.indexOf(' ');
      const head = space < 0 ? keyword : keyword.slice(0, space);
      for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
        if (at > 0 && isAlnum(text.charCodeAt(at - 1))) continue;
        const end = matchAt(text, at, keyword);
        if (end < 0) continue;
        found.add(keyword);
        if (spans.length < MAX_ODD_SPANS * 2) spans.push(at, end);
      }
    }
    return spans;
  }
}

/**
 * Whether `keyword`, whose first Chinese character is at `offset` in it, stands in the text with that
 * character at `i`. A latin head (`qq登录`) may be written with one space before the Chinese (`QQ 登录`),
 * as many people type a latin word beside Chinese.
 */
function cjkKeywordAt(text: string, i: number, keyword: string, offset: number): boolean {
  if (i >= offset && text.startsWith(keyword, i - offset)) return true;
  if (offset === 0 || text.charCodeAt(i - 1) !== 32 || i - 1 < offset) return false;
  return text.startsWith(keyword.slice(0, offset), i - 1 - offset) && text.startsWith(keyword.slice(offset), i);
}

/** Odd keywords' matches remembered per text; a paste repeating one thousands of times keeps the first ones. */
const MAX_ODD_SPANS = 64;

/** Start/end pairs ordered by their start. */
function byStart(spans: readonly number[]): readonly number[] {
  if (spans.length <= 2) return spans;
  const order: number[] = [];
  for (let k = 0; k < spans.length; k += 2) order.push(k);
  order.sort((a, b) => (spans[a] as number) - (spans[b] as number));
  return order.flatMap((k) => [spans[k] as number, spans[k + 1] as number]);
}

/**
 * End of `keyword` matched at `at` (a space in it takes any run of white space, or one hyphen, and
 * the match must not run on into a letter or digit), or -1.
 */
function matchAt(text: string, at: number, keyword: string): number {
  let t = at;
  for (let k = 0; k < keyword.length; k += 1) {
    const code = keyword.charCodeAt(k);
    if (code === 32) {
      const next = text.charCodeAt(t);
      // `real-name verification`: a hyphen joins the words as well (an underscore joins the
      // parts of an identifier, `id_token`, which is read as a word of its own).
      if (next === 45) {
        t += 1;
        continue;
      }
      if (!isSpace(next)) return -1;
      while (t < text.length && isSpace(text.charCodeAt(t))) t += 1;
      continue;
    }
    if (text.charCodeAt(t) !== code) return -1;
    t += 1;
  }
  return t < text.length && isAlnum(text.charCodeAt(t)) ? -1 : t;
}
