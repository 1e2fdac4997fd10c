/**
 * A bare number next to the words its catalog entry uses: `6004 get player info fail`,
 * `-4009 Exceed the frequency limit`. A bare number alone is never a code (PR #6004, 500 users);
 * the entry's own signal or description beside it is what makes it one. Descriptions are matched
 * with typos too (`appid check fail` for "appid check fails"), word by word, when they are latin
 * words only.
 */
import { codeValue } from '../../catalog/codes.js';
import type { CodeIndex, Posting } from '../code-index.js';
import { holdsPhrase, latinWordsOfLower, phraseWords } from '../fuzzy.js';
import { holdsSignal, type Sighting } from '../score.js';
import { quantityAfter } from '../tokens.js';
import { type Detector, INVISIBLE, MAX_SIGHTINGS_PER_DETECTOR, marksOf, NEARBY_RADIUS, nearbyText, requestOfStatus } from './detector.js';

/**
 * A bare number: `-?(?:0x[0-9a-f]{1,8}|\d{1,12})` with no `\w.#$%:/-` before it (invisible characters
 * looked through) and none of `\w.%:/` after it. Found as two patterns, merged in text order:
 * negative numbers (from their `-`) and positive ones (from a word boundary, which a positive number
 * needs: the character before it is no word character). One pattern opening with the lookbehind was
 * tried at every character, a long run of digits the slow case; the two find the same numbers (a
 * match of one never overlaps a match of the other) in a fraction of the time.
 */
const NEGATIVE_BARE_CODE = new RegExp(
  String.raw`(?<![\w.#$%:/-][${INVISIBLE}]*)-(?:0x[0-9a-f]{1,8}|\d{1,12})(?![${INVISIBLE}]*[\w.%:/])`,
  'gi',
);
const POSITIVE_BARE_CODE = new RegExp(
  String.raw`\b(?<![\w.#$%:/-][${INVISIBLE}]*)(?:0x[0-9a-f]{1,8}|\d{1,12})(?![${INVISIBLE}]*[\w.%:/])`,
  'gi',
);

/** The bare numbers of `text` in order: each pattern's matches, merged by where they start. */
function* bareNumbers(text: string): Generator<{ raw: string; index: number }> {
  POSITIVE_BARE_CODE.lastIndex = 0;
  let positive = POSITIVE_BARE_CODE.exec(text);
  // The next negative match, looked for only once a `-` (which opens every one) comes before the
  // next positive match: a text without negative numbers is not searched to its end for one, where
  // the caller stops after its first few thousand numbers. null: there is none; undefined: not
  // looked for at or after `negativeFrom`.
  let negative: RegExpExecArray | null | undefined;
  let negativeFrom = 0;
  for (;;) {
    const limit = positive ? positive.index : text.length;
    if (negative === undefined) {
      const dash = text.indexOf('-', negativeFrom);
      if (dash < 0) negative = null;
      else if (dash < limit) {
        NEGATIVE_BARE_CODE.lastIndex = dash;
        negative = NEGATIVE_BARE_CODE.exec(text);
      } else negativeFrom = dash;
    }
    if (negative && negative.index < limit) {
      yield { raw: negative[0], index: negative.index };
      negativeFrom = negative.index + negative[0].length;
      negative = undefined;
    } else if (positive) {
      yield { raw: positive[0], index: positive.index };
      positive = POSITIVE_BARE_CODE.exec(text);
    } else return;
  }
}
/** Lines either side of a number its phrase may stand on: a pretty-printed body puts `"data"` a line or two from `"code"`. */
const PHRASE_LINES = 3;

/**
 * Of a number's nearby text (the number at `at`), the part its own paragraph holds, at most
 * PHRASE_LINES lines either side: `login failed` eighteen lines above `we shipped 6004 builds`, or
 * across a blank line, says nothing of that number.
 */
function paragraphAround(nearby: string, at: number, length: number): string {
  // From line end to line end by indexOf: this runs for every number with a phrase, and a loop
  // reading each of the window's characters was most of this detector's time on chat.
  let start = at;
  for (let lines = 0; start > 0; start -= 1) {
    const newline = nearby.lastIndexOf('\n', start - 1);
    if (newline < 0) {
      start = 0;
      break;
    }
    start = newline + 1;
    lines += 1;
    if (lines > PHRASE_LINES || blankBefore(nearby, start - 1) || opensRecord(nearby, start)) break;
  }
  let end = at + length;
  for (let lines = 0; end < nearby.length; end += 1) {
    const newline = nearby.indexOf('\n', end);
    if (newline < 0) {
      end = nearby.length;
      break;
    }
    end = newline;
    lines += 1;
    if (lines > PHRASE_LINES || blankBefore(nearby, end) || opensRecord(nearby, end + 1)) break;
  }
  return start === 0 && end === nearby.length ? nearby : nearby.slice(start, end);
}

/** A log record's head: a date, a time, a level word or logcat's `I/`; the line it opens is an event of its own. */
const RECORD_HEAD = /^[ \t]*\[?(?:\d{4}-\d\d-\d\d|\d\d:\d\d:\d\d|(?:trace|debug|info|warn|warning|error|fatal)\b|[vdiwef]\/)/;

/** Whether the line starting at `at` opens a log record (the text is lower case). */
function opensRecord(text: string, at: number): boolean {
  return RECORD_HEAD.test(text.slice(at, at + 24));
}

/** Whether the line ending at the newline at `newline` is blank (spaces and tabs at most). */
function blankBefore(text: string, newline: number): boolean {
  for (let at = newline - 1; at >= 0; at -= 1) {
    const c = text.charCodeAt(at);
    if (c === 10) return true;
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return false;
}

/** A description shorter than this says too little to vouch for a number ("success"). */
const MIN_DESCRIPTION_LENGTH = 12;
/** Bare numbers looked at in one message, at most. */
const MAX_NUMBERS = 2000;
/** Numbers whose nearby text is searched with typos, at most: the exact search is the cheap one. */
const MAX_FUZZY_NUMBERS = 200;
/** A description that opens with its failure (`Fail to draw the app friends`), and the words that say it after what failed. */
const FAIL_TO = /^fail(?:s|ed)? to /;
const FAIL_WORDS: readonly string[] = ['fail', 'fails', 'failed'];
/** Words a log's message or a hurried sentence leaves out of a description (`token is invalid` -> `token invalid`). */
const COPULAS: ReadonlySet<string> = new Set(['is', 'are', 'was', 'were', 'has', 'have', 'been', 'be']);
/** A description of fewer words is too short to recognise through a typo. */
const MIN_FUZZY_WORDS = 2;

export const knownPhraseDetector: Detector = {
  name: 'known-phrase',
  detect(text, tools) {
    const { codes, lower } = tools;
    const sightings: Sighting[] = [];
    // A bare number starts after a word boundary or its `-` (TextMarks.freeDigit).
    if (!marksOf(text, tools).freeDigit) return sightings;
    let numbers = 0;
    let fuzzy = 0;
    for (const m of bareNumbers(text)) {
      numbers += 1;
      if (sightings.length >= MAX_SIGHTINGS_PER_DETECTOR || numbers > MAX_NUMBERS) break;
      const parsed = codeValue(m.raw);
      if (!parsed) continue;
      const phrases = phrasesFor(codes, parsed.value);
      if (phrases.length === 0) continue;
      // A count or a measure (`we have 6004 players online` after `login failed again`) is the
      // story around the failure the phrase names, not its code.
      if (quantityAfter(text, m.index + m.raw.length)) continue;
      const nearby = nearbyText(text, m.index, m.raw.length, lower);
      const own = paragraphAround(nearby, Math.min(m.index, NEARBY_RADIUS), m.raw.length);
      // As a whole (`"data":"login fail"`), or inside a longer word (a log's own `login failed`):
      // that still makes the number a code, but tells none of its meanings apart (Sighting.phraseInWord).
      let phrase = phrases.find((p) => holdsSignal(own, p));
      const inWord = phrase === undefined ? phrases.find((p) => own.includes(p)) : undefined;
      if (inWord !== undefined) {
        sightings.push({
          raw: m.raw,
          value: parsed.value,
          hex: parsed.hex,
          nearby,
          phrase: inWord,
          phraseInWord: true,
          ...requestOfStatus(text, m.index, parsed.value, tools),
          clues: [{ kind: 'message', detail: inWord }],
        });
        continue;
      }
      if (!phrase && fuzzy < MAX_FUZZY_NUMBERS) {
        fuzzy += 1;
        let cached: string[] | undefined;
        const words = () => {
          cached ??= latinWordsOfLower(own);
          return cached;
        };
        // A typo is in one word or two: another, long one is written as it is (the cheap test first).
        phrase = fuzzyPhrasesFor(codes, parsed.value).find(
          (p) => p.anchors.some((w) => own.includes(w)) && p.wordings.some((wording) => holdsPhrase(words(), wording)),
        )?.phrase;
      }
      if (!phrase) continue;
      sightings.push({
        raw: m.raw,
        value: parsed.value,
        hex: parsed.hex,
        nearby,
        phrase,
        ...requestOfStatus(text, m.index, parsed.value, tools),
        clues: [{ kind: 'message', detail: phrase }],
      });
    }
    return sightings;
  },
};

interface FuzzyPhrase {
  readonly phrase: string;
  /** Its words, and the other orders and shortenings people write it in (`verify accesstoken failed`, `openkey illegal`). */
  readonly wordings: ReadonlyArray<readonly string[]>;
  /** Its words long enough to be written right when another one is not. */
  readonly anchors: readonly string[];
}

const fuzzyCache = new WeakMap<CodeIndex, Map<number, FuzzyPhrase[]>>();

/** The phrases of a value that typo-tolerant matching applies to (latin words, two or more), split once. */
function fuzzyPhrasesFor(codes: CodeIndex, value: number): FuzzyPhrase[] {
  let cache = fuzzyCache.get(codes);
  if (!cache) {
    cache = new Map();
    fuzzyCache.set(codes, cache);
  }
  let phrases = cache.get(value);
  if (!phrases) {
    phrases = [];
    for (const phrase of phrasesFor(codes, value)) {
      const words = phraseWords(phrase);
      if (!words || words.length < MIN_FUZZY_WORDS) continue;
      const anchors = words.filter((w) => w.length >= 5);
      if (anchors.length === 0) continue;
      const wordings: Array<readonly string[]> = [words];
      // "Fail to verify AccessToken" as a log or a person says it: `verify accesstoken fail(ed)`.
      if (FAIL_TO.test(phrase) && words.length >= 4) for (const word of FAIL_WORDS) wordings.push([...words.slice(2), word]);
      // "openkey is illegal" as a log's message says it: `openkey illegal`, the copula dropped.
      const bare = words.filter((w) => !COPULAS.has(w));
      if (bare.length < words.length && bare.length >= MIN_FUZZY_WORDS) wordings.push(bare);
      phrases.push({ phrase, wordings, anchors });
    }
    // Bounded like the phrase cache: a paste of random numbers must not grow it without limit.
    if (cache.size < 10_000) cache.set(value, phrases);
  }
  return phrases;
}

/** Phrases per code value, per catalog set: chat is full of numbers, most of them the same few. */
const phraseCache = new WeakMap<CodeIndex, Map<number, string[]>>();

function phrasesFor(codes: CodeIndex, value: number): string[] {
  let cache = phraseCache.get(codes);
  if (!cache) {
    cache = new Map();
    phraseCache.set(codes, cache);
  }
  let phrases = cache.get(value);
  if (!phrases) {
    phrases = vouchingPhrases(codes.find(value));
    // Bounded: a paste of random numbers must not grow the cache without limit.
    if (cache.size < 10_000) cache.set(value, phrases);
  }
  return phrases;
}

/** Signals always vouch; descriptions only when long enough to be specific. */
function vouchingPhrases(postings: readonly Posting[]): string[] {
  const phrases: string[] = [];
  for (const { entry } of postings) {
    phrases.push(...entry.signals);
    for (const description of [entry.description.en, entry.description.zh]) {
      const phrase = description
        ?.split('\n')[0]
        ?.toLowerCase()
        .replace(/[。.]$/u, '')
        .trim();
      if (phrase && phrase.length >= MIN_DESCRIPTION_LENGTH) phrases.push(phrase);
    }
  }
  // Entries sharing a meaning share its description: each phrase once.
  return [...new Set(phrases)];
}
