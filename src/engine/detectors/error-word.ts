/**
 * A number right after an error word in a sentence: `getting eror 100016 from the graph api`,
 * `authentcation faild 80200001`, `erorr 502 from <url>`, `QQ platform returned -21`. Chat is typed
 * fast, so the error words are matched with typos. A long code (five digits and more) after an
 * error noun or a failure is a paste on its own; a shorter number, or one after a verb such as
 * `returned`, counts only where the rest of the text names its scope (the scorer's usual clues).
 */
import { isAsciiAlnum, isAsciiDigit, isAsciiLetter, isAsciiUpper } from '../../char-codes.js';
import { nearWord } from '../fuzzy.js';
import type { Sighting } from '../score.js';
import { QUANTITY_AFTER } from '../tokens.js';
import {
  type Detector,
  type DetectorTools,
  INVISIBLE,
  MAX_SIGHTINGS_PER_DETECTOR,
  marksOf,
  nearbyText,
  requestOfStatus,
} from './detector.js';

/** Words saying the number after them is an error's: matched with typos (`eror`, `faild`, `exeption`). */
const FAILURE_WORDS: readonly string[] = [
  'error',
  'errors',
  'err',
  'failed',
  'fails',
  'failure',
  'failing',
  'exception',
  'errcode',
  'errorcode',
];
/** Verbs a code follows; matched exactly (a typo'd verb is too often another verb). */
const RETURN_WORDS: ReadonlySet<string> = new Set([
  ...['returned', 'returns', 'return', 'returning', 'responded', 'responds', 'responding', 'answered', 'answers', 'answering'],
  ...['replied', 'replies', 'replying'],
  // What the caller met (`the retry got 100013`, `now we get 100015`, `joinGroup gives -182006`).
  // (Not `hit`: `we hit 80300007 during last sprint's load test` tells a story that is over.)
  ...['got', 'get', 'gets', 'getting', 'received', 'receives', 'gives', 'gave', 'saw', 'seeing'],
  // What the app put on the screen (`Actual: toast "100014"`), said of a code as 提示 is.
  ...['toast', 'toasts', 'toasted', 'shows', 'showed', 'displays', 'displayed', 'popup', 'popped'],
  // What a fix tried did not end (`re-registered the token, still 80300007`, `still -1 on quick app login`).
  'still',
]);
/** Real words within a typo of a failure word. */
const NOT_TYPOS: ReadonlySet<string> = new Set(['filed', 'terror', 'mirror', 'fairs']);

/**
 * Numbers that may be codes here: negative ones, and three to twelve digits (short runs skipped
 * inside the regex), found from the space, colon, opening bracket or Chinese character (`提示错误6004`:
 * Chinese puts no space before a number) that must come before them (the word before a
 * number is read across one of those), so the many numbers glued to something else cost nothing.
 * Group 1 is the number.
 */
const CANDIDATE = /[ :：(（【["“「『\u3400-\u9fff](-\d{1,12}(?!\d)|\d{3,12}(?!\d))/g;
/** What may follow the number: the end, a space, sentence punctuation, a closing bracket, or the next negative code of a list (`-4008/-4009`). */
const AFTER = /^(?:$|[\s,;!?)\]}"'”，。！？；）】」』]|[.:](?!\d)|\/-\d)/;
/** A code in brackets or quotes after the word: `failed (-4012)`, `失败（-4012）`, `报错【80100016】`, `toast "100014"`. */
const OPENING_BRACKETS = new Set(['(', '（', '【', '[', '"', '“', '「', '『']);
const INVISIBLE_NEXT = new RegExp(`^[${INVISIBLE}]`);

/**
 * Digits from which a code after an error noun is a paste on its own (`eror 100016`), and a negative
 * code from four (`error -4010`, as field keys read it: longErrorCode); shorter needs its scope named.
 */
const LONG_CODE_DIGITS = 5;
const LONG_NEGATIVE_DIGITS = 4;
const isLongCode = (raw: string, digits: number) => digits >= (raw.startsWith('-') ? LONG_NEGATIVE_DIGITS : LONG_CODE_DIGITS);

/** Longest number length read; longer runs are ids, not codes. */
const MAX_DIGITS = 12;

/** Words before numbers and what they are, remembered across messages: chat repeats the same few. */
const kinds = new Map<string, WordKind>();
const MAX_REMEMBERED_WORDS = 10_000;
const LONGEST_WORD = 14;
/** Longest camelCase name read for its last hump (`NullPointerException`). */
const LONGEST_IDENTIFIER = 40;

type WordKind = 'failure' | 'return' | 'other';

/** The same words in Chinese, read as a whole word just before the number (`返回 -12`, `报错：100014`). */
const CJK_WORDS: ReadonlyMap<string, WordKind> = new Map([
  ['返回', 'return'],
  ['返回了', 'return'],
  // A noun, as 错误码 is: `返回码：100014` reports a code as `error code: 100014` does.
  ['返回码', 'failure'],
  ['返回值', 'return'],
  // Taiwan's 回傳 (read as 回传): `推播服務回傳 80200001` says 返回.
  ['回传', 'return'],
  ['回传了', 'return'],
  ['报错', 'failure'],
  ['错误', 'failure'],
  ['错误码', 'failure'],
  ['错误代码', 'failure'],
  ['失败', 'failure'],
  // What a dialog or a toast showed (`赠送体力时提示 901204`): said of a code as `returned` is.
  ['提示', 'return'],
  // `刷新了 token 还是 11205`, `仍然 -4008`: what a fix tried did not end, as `still` says.
  ...['还是', '仍然', '依然', '仍'].map((word): [string, WordKind] => [word, 'return']),
  // `一直报 251003`: the verb, after the adverb that makes it one (日报 is a daily report).
  ...['一直', '又', '还', '就', '都', '老是', '总是', '总', '会', '还是'].map((adverb): [string, WordKind] => [`${adverb}报`, 'failure']),
  // Players' reports translated from Japanese and Korean keep their error words (`エラーコード：-4010`, `오류 -73`).
  ['エラー', 'failure'],
  ['エラーコード', 'failure'],
  ['失敗', 'failure'],
  ['오류', 'failure'],
  ['오류코드', 'failure'],
  ['에러', 'failure'],
  ['에러코드', 'failure'],
  ['실패', 'failure'],
]);
const LONGEST_CJK_WORD = 6;

function wordKind(word: string): WordKind {
  if (word === '报' || word === '报了') return 'failure';
  if (CJK_WORDS.has(word)) return CJK_WORDS.get(word) as WordKind;
  if (RETURN_WORDS.has(word)) return 'return';
  return !NOT_TYPOS.has(word) && nearWord(word, FAILURE_WORDS) ? 'failure' : 'other';
}

/**
 * The latin word just before a number, as written, with one or two spaces (or `: `, or a bracket)
 * between them: `eror 100016`, `failed: 80200001`, `failed (-4012)`. Read by hand, character by character: this runs for every number.
 */
function wordBefore(text: string, index: number): string | undefined {
  let at = index - 1;
  const bracketed = OPENING_BRACKETS.has(text[at] ?? '');
  if (bracketed) at -= 1;
  let spaces = 0;
  while (at >= 0 && text[at] === ' ' && spaces < 3) {
    at -= 1;
    spaces += 1;
  }
  // A Chinese IME types the full-width colon (`错误码：100014`).
  const colon = text[at] === ':' || text[at] === '：';
  if (spaces === 0 && !colon && !bracketed && !isEastAsianCode(text.charCodeAt(at))) return undefined;
  if (colon) {
    at -= 1;
    if (spaces > 2) return undefined;
  } else if (spaces > 2) return undefined;
  const end = at + 1;
  if (isEastAsianCode(text.charCodeAt(at))) return cjkWordBefore(text, end);
  while (at >= 0 && end - at <= LONGEST_IDENTIFIER + 1 && isAsciiLetter(text.charCodeAt(at))) at -= 1;
  const start = at + 1;
  // Two letters are no error word, but may link one to the code (`spike of -4009`, `crashes on 6004`).
  const linked = end - start === 2 && LINKS.has(text.slice(start, end).toLowerCase());
  if ((end - start < 3 && !linked) || end - start > LONGEST_IDENTIFIER) return undefined;
  const previous = text.charCodeAt(at);
  if ((previous === 32 || previous === 95) && end - start === 4 && text.slice(start, end).toLowerCase() === 'code') {
    return codeNamedBy(text, at) ?? (previous === 32 ? text.slice(start, end) : undefined);
  }
  if (at >= 0 && (isAsciiLetter(previous) || (previous >= 48 && previous <= 57) || previous === 95)) return undefined;
  return text.slice(start, end);
}

/**
 * `error code`, `Error_Code`, `failure code` before a number, read from the space or underscore at
 * `separator` before `code`: the word that says what kind of code it is, with `code` after it.
 */
function codeNamedBy(text: string, separator: number): string | undefined {
  let at = separator - 1;
  while (at >= 0 && separator - at <= LONGEST_WORD + 1 && isAsciiLetter(text.charCodeAt(at))) at -= 1;
  if (separator - at - 1 < 3 || (at >= 0 && isAsciiAlnum(text.charCodeAt(at)))) return undefined;
  return text.slice(at + 1, separator + 5);
}

/**
 * What a word before a number says, as written: the word itself (`errCode`, `eror`), else the last
 * hump of a camelCase name, a class or constant named for what went wrong (`PlatformException(-4017`,
 * `ApiException: 6004`, `IOException`, `LoginFailed -73`).
 */
function kindOfWritten(written: string): WordKind {
  // `error code`: what the first word says.
  const separator = written.search(/[ _]/);
  if (separator > 0) return kindOfWritten(written.slice(0, separator));
  const whole = written.length <= LONGEST_WORD ? wordKind(written.toLowerCase()) : 'other';
  if (whole !== 'other') return whole;
  const hump = written.slice(lastHump(written));
  return hump.length >= 3 && hump.length < written.length && hump.length <= LONGEST_WORD ? wordKind(hump.toLowerCase()) : 'other';
}

/** Where the last capitalised hump of a camelCase word starts (`Exception` of `IOException`); else 0. */
function lastHump(word: string): number {
  for (let at = word.length - 2; at > 0; at -= 1) {
    // An upper-case letter opening a lower-case run, after another letter.
    if (isAsciiUpper(word.charCodeAt(at)) && !isAsciiUpper(word.charCodeAt(at + 1))) return at;
  }
  return 0;
}

/** The longest of CJK_WORDS ending at `end`, else the verb 报 said of a thing; any other CJK word is no error word. */
function cjkWordBefore(text: string, end: number): string | undefined {
  for (let length = LONGEST_CJK_WORD; length >= 2; length -= 1) {
    const word = text.slice(Math.max(0, end - length), end);
    if (word.length === length && CJK_WORDS.has(word)) return word;
  }
  return reportedBefore(text, end);
}

/**
 * 报 as the verb, said of what failed (`消息报 225008`, `登录报了 -4010`, `ark 报 225008`): the thing
 * that reported the code comes before it. Where 报 ends a noun (日报, 海报, 电报, 举报: a daily
 * report, a poster, a telegram, a complaint), the number after it is that thing's, not a code.
 */
function reportedBefore(text: string, end: number): string | undefined {
  const word = text.endsWith('报了', end) ? '报了' : text.endsWith('报', end) ? '报' : undefined;
  if (word === undefined) return undefined;
  const before = text.charCodeAt(end - word.length - 1);
  return Number.isNaN(before) || !isCjkCode(before) || !NOUNS_ENDING_IN_BAO.has(String.fromCharCode(before)) ? word : undefined;
}

/** The characters that make a noun of 报 after them: 日报 周报 月报 年报 简报 海报 画报 晚报 快报 电报 情报 警报 预报 通报 汇报 举报 公报 学报 喜报 捷报 申报 上报 回报 填报 官报 小报 黑板报. */
const NOUNS_ENDING_IN_BAO: ReadonlySet<string> = new Set([...'日周月年简海画晚快电情警预通汇举公学喜捷申上回填官小板']);

function isCjkCode(code: number): boolean {
  return code >= 0x3400 && code <= 0x9fff;
}

/** A character of a Chinese, Japanese (kana) or Korean (Hangul) word: read as a whole word, not as latin letters. */
function isEastAsianCode(code: number): boolean {
  return isCjkCode(code) || (code >= 0x3040 && code <= 0x30ff) || (code >= 0xac00 && code <= 0xd7af);
}

export const errorWordDetector: Detector = {
  name: 'error-word',
  detect(text, tools) {
    const sightings: Sighting[] = [];
    // A candidate follows a space, colon or bracket (TextMarks.freeDigit).
    if (!marksOf(text, tools).freeDigit) return sightings;
    // Found by test(), not matchAll: most candidates (every number after a space or a JSON colon)
    // have no error word before them, and need no match array or number string. The number ends
    // where the match does and starts after its digits and `-`, read back (the character before
    // it, the pattern's first, is neither).
    CANDIDATE.lastIndex = 0;
    while (CANDIDATE.test(text)) {
      if (sightings.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
      const numberEnd = CANDIDATE.lastIndex;
      let index = numberEnd;
      while (isAsciiDigit(text.charCodeAt(index - 1))) index -= 1;
      const negative = text.charCodeAt(index - 1) === 45;
      if (negative) index -= 1;
      const digits = negative ? numberEnd - index - 1 : numberEnd - index;
      if (digits > MAX_DIGITS || (!negative && digits < 3)) continue;
      // Zero-padded (`ERRO[0032]`, logrus's seconds since start; `error #007`): a counter or a clock,
      // as no code is written (digit-typos.ts).
      if (text.charCodeAt(negative ? index + 1 : index) === 48) continue;
      const word = wordBefore(text, index);
      if (word === undefined) continue;
      const raw = text.slice(index, numberEnd);
      let kind = LINKS.has(word.toLowerCase()) ? linkedKind(text, index, word) : kinds.get(word);
      if (kind === undefined) {
        kind = isEastAsianCode(word.charCodeAt(0)) ? wordKind(word) : kindOfWritten(word);
        if (kinds.size < MAX_REMEMBERED_WORDS) kinds.set(word, kind);
      }
      if (kind === 'other') continue;
      const end = index + raw.length;
      const rest = text.slice(end, end + 16);
      if (!AFTER.test(rest) || INVISIBLE_NEXT.test(rest) || QUANTITY_AFTER.test(rest)) continue;
      if (tools.codes.find(Number(raw)).length === 0) continue;
      const long = isLongCode(raw, digits) && (kind === 'failure' || failedJustBefore(text, index - word.length));
      sightings.push(wordSighting(text, index, raw, long, `${word.toLowerCase()} ${raw}`, tools));
    }
    // Full already, errorNamedAfter would stop at its first match, after a search of the text for it.
    if (sightings.length < MAX_SIGHTINGS_PER_DETECTOR && ERROR_AFTER_MARKS.some((mark) => text.includes(mark)))
      errorNamedAfter(text, tools, sightings);
    return sightings;
  },
};

/**
 * Small words between a code and the word that says what it is: `fails with 225009`, `response was
 * -4017`, `spike of -4009`, `crashes on 6004`. What they link decides (linkedKind).
 */
const LINKS: ReadonlySet<string> = new Set(['with', 'was', 'is', 'of', 'on']);
/** Nouns for what a call gave back: `response was -4017` says what `returned -4017` does. */
const RESULT_NOUNS: ReadonlySet<string> = new Set(['response', 'result', 'status', 'reply', 'answer']);
/** A rise in an error a dashboard or an alert shows (`spike of -4009`), said of the code as `got` is. */
const RISE_NOUNS: ReadonlySet<string> = new Set(['spike', 'spikes', 'surge', 'burst', 'flood', 'wave']);
/**
 * What breaks on an error code (`fails on 6004`, `crashes on -4017`): a failure's. (`retry on 80300007`
 * states a policy, a config's list of codes: configured.ts leaves those out.)
 */
const ON_FAILURE_VERBS: ReadonlySet<string> = new Set(['fail', 'fails', 'failing', 'crash', 'crashes', 'crashing', 'breaks', 'dies']);

/**
 * The kind of the word before a link word (`with`, `was`, `of`, `on`) ending just before the number
 * at `index`: a failure with (`fails with`, `error was`), a result was (`response was`), a rise of
 * (`spike of`), a failure on (`crashes on`). Anything else linked (`went with 3`, `page 2 of 100`) is no error word.
 */
function linkedKind(text: string, index: number, link: string): WordKind {
  let at = index - 1;
  if (OPENING_BRACKETS.has(text[at] ?? '')) at -= 1;
  while (at >= 0 && text[at] === ' ') at -= 1;
  if (text[at] === ':' || text[at] === '：') at -= 1;
  const before = wordBefore(text, at + 1 - link.length);
  if (before === undefined) return 'other';
  const lower = before.toLowerCase();
  const kind = kindOfWritten(before);
  switch (link.toLowerCase()) {
    case 'with':
      return kind === 'failure' ? 'failure' : 'other';
    case 'of':
      return RISE_NOUNS.has(lower) ? 'return' : 'other';
    case 'on':
      return ON_FAILURE_VERBS.has(lower) || kind === 'failure' ? 'failure' : 'other';
    default:
      return RESULT_NOUNS.has(lower) ? 'return' : kind === 'failure' ? 'failure' : 'other';
  }
}

/** Characters before a verb read for the failure it reports (`share failed, returned`, `分享给好友失败，返回`). */
const FAILURE_BEFORE_VERB = 24;
const FAILURE_IN_CLAUSE = /(?:失败|报错|出错|错误|\b(?:failed|fails|failure|error)\b)[^\n.;!?。；！？]*$/i;

/**
 * Whether a failure is said just before the verb a code follows (`share failed, returned 901203`,
 * `分享失败，返回 901203`), in the same sentence: the verb then reports that failure's code, as
 * `failed 901203` does. (`returned 901203` alone may be any number a call returned.) `verbAt`: about
 * where the verb starts (the bracket or colon between it and the code is left in the window).
 */
function failedJustBefore(text: string, verbAt: number): boolean {
  const from = Math.max(0, verbAt - FAILURE_BEFORE_VERB);
  return FAILURE_IN_CLAUSE.test(text.slice(from, Math.max(from, verbAt)));
}

/**
 * A code with the error word after it, as Chinese asks what it is (`11205是什么错误`, `返回 -4010 是啥错误`,
 * `80300007错误`), and as Japanese and Korean put the noun after the number (`-24 エラーが出て`, `251004 오류가 떠요`):
 * the same sighting as with the word before it (`错误 11205`).
 */
// Not where the word opens the next code (`60180008 报错【80100016】`): that word is the next one's.
const CJK_ERROR_AFTER =
  /(?<![\w.-])(-?\d{2,12})[ \t]?(?:(?:是什么|是个什么|是啥|什么)?(?:错误码|错误|报错)|エラー(?:コード)?|오류|에러)(?![ \t]{0,2}[【[(（:："“]?[ \t]{0,2}-?\d)/g;

/** What every CJK_ERROR_AFTER match holds: a character of its error words. */
const ERROR_AFTER_MARKS: readonly string[] = ['错', 'エ', '오', '에'];

function errorNamedAfter(text: string, tools: DetectorTools, sightings: Sighting[]): void {
  const seen = new Map(sightings.map((s, i) => [s.raw, i]));
  for (const m of text.matchAll(CJK_ERROR_AFTER)) {
    if (sightings.length >= MAX_SIGHTINGS_PER_DETECTOR) return;
    const raw = m[1] as string;
    const digits = raw.startsWith('-') ? raw.length - 1 : raw.length;
    const known = seen.get(raw);
    if (known !== undefined) {
      // `返回 11205 是什么错误`: seen after a verb, and named an error after it: a long code says so.
      const before = sightings[known] as Sighting;
      if (isLongCode(raw, digits) && !before.afterErrorWord) sightings[known] = { ...before, afterErrorWord: true };
      continue;
    }
    if (tools.codes.find(Number(raw)).length === 0) continue;
    seen.set(raw, sightings.length);
    sightings.push(wordSighting(text, m.index, raw, isLongCode(raw, digits), m[0], tools));
  }
}

/** A code an error word names, at `index`; `long`: a long code after an error noun, a paste on its own. */
function wordSighting(text: string, index: number, raw: string, long: boolean, detail: string, tools: DetectorTools): Sighting {
  const value = Number(raw);
  return {
    raw,
    value,
    hex: false,
    ...(long ? { afterErrorWord: true } : {}),
    nearby: nearbyText(text, index, raw.length, tools.lower),
    ...requestOfStatus(text, index, value, tools),
    clues: [{ kind: 'message', detail }],
  };
}
