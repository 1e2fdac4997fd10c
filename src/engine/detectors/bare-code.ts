/**
 * A long code standing alone in a sentence next to its platform's words: `推送被拦了 80100016`,
 * `the push failed with 80300007 again`. Only five digits and more (short numbers are everywhere),
 * only free-standing (not `#6004`, `id=100014`, `v6.0.1`, `1500ms`, `room 6004`), not a cell of a tab-separated
 * table (a column of counts), and the scorer drops it unless the text names the entry's platform,
 * table or endpoint.
 */
import { codeValue } from '../../catalog/codes.js';
import { isAsciiDigit, isAsciiLetter } from '../../char-codes.js';
import type { Sighting } from '../score.js';
import { measureAfter, namedBefore, quantityAfter } from '../tokens.js';
import { type Detector, type DetectorTools, MAX_SIGHTINGS_PER_DETECTOR, marksOf, nearbyText } from './detector.js';
import { tableCells } from './table-columns.js';

/**
 * Whole digit runs of five digits and more, so a long number is looked at once (not at every digit)
 * and the many short ones (times, counts, versions) not at all; then its neighbours are checked by
 * hand: a lookbehind run at every position of a paste is the costly way round. (The leftmost try
 * starts at a run's first digit, so a shorter run never matches from inside it.)
 */
// Five digits written out rather than counted (`\d{5,}`), the same matches: V8 tests a written-out
// sequence before trying a match, a counted one only by trying it (measured three times as fast
// over a log's short numbers).
const DIGIT_RUN = /-?\d\d\d\d\d+/g;
const BEFORE = /[\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u4e00-\u9fff(（"'“‘]/u;
const AFTER = /[\s,，。!?！？;；)）"'”’\u3000-\u303f\u4e00-\u9fff]/u;

/** The ASCII characters of BEFORE (white space, `(`, `"`, `'`): an ASCII neighbour needs no regex. */
const ASCII_BEFORE = new Set([9, 10, 11, 12, 13, 32, 40, 34, 39]);

/** Free-standing: at a line's or text's edge, or between spaces, CJK or sentence punctuation. */
function freeStanding(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  if (before !== undefined && before !== '\n') {
    const code = before.charCodeAt(0);
    if (code < 128 ? !ASCII_BEFORE.has(code) : !BEFORE.test(before)) return false;
  }
  const after = text[end];
  if (after === undefined || after === '\n' || AFTER.test(after)) return true;
  // A sentence's full stop or colon, but not a decimal point or a time (6.0, 10:30).
  return /[.:：]/.test(after) && !/\d/.test(text[end + 1] ?? '');
}

/**
 * Whether a number's line is a row of a table (tab-separated, or a Markdown `| a | b |` row): a
 * column of counts, not a sentence. Numbers are met in order, so each line is looked at once.
 */
function tableRows(text: string): (index: number) => boolean {
  let lineStart = -1;
  let lineEnd = -1;
  let row = false;
  return (index) => {
    if (index >= lineEnd || index < lineStart) {
      lineStart = text.lastIndexOf('\n', index) + 1;
      const next = text.indexOf('\n', index);
      lineEnd = next === -1 ? text.length : next;
      row = mayBeRow(text, lineStart, lineEnd) && tableCells(text.slice(lineStart, lineEnd)) !== undefined;
    }
    return row;
  };
}

/** A tab on the line, or a pipe opening it: the cheap test before the line is split into cells. */
function mayBeRow(text: string, start: number, end: number): boolean {
  for (let at = start; at < end; at += 1) if (text.charCodeAt(at) === 9) return true;
  let first = start;
  while (first < end && text[first] === ' ') first += 1;
  return text[first] === '|';
}

/**
 * The value of a named key (`"guild_id":"221005"`, `order_id=80300007`): an id or a count under its
 * own name, not a code standing alone; a key naming an error field is the key-value detector's.
 * Prose with a colon (`huawei push: 80300007`) is not a key.
 */
/** Characters read before a number for its key. */
const KEYED_WINDOW = 96;
const SPACE = /\s/;
const isQuote = (code: number) => code === 34 || code === 39;
const isKeyStart = (code: number) => isAsciiLetter(code) || code === 95;
const isKeyCode = (code: number) => isKeyStart(code) || isAsciiDigit(code) || code === 46 || code === 45;

/**
 * Whether the window before `start` ends with `(?:["']\s{0,3}:|[A-Za-z_][\w.-]{0,40}=|(?:]|["']|\w)\s{0,3}=>)\s{0,3}["']?`,
 * read backwards by hand: the pattern anchored at the window's end was tried from each of its
 * characters, for every long number of a log.
 */
function isKeyedValue(text: string, start: number): boolean {
  const from = Math.max(0, start - KEYED_WINDOW);
  let at = start - 1;
  // The quote, then up to three spaces, before the value (a quote or a space is no separator).
  if (at >= from && isQuote(text.charCodeAt(at))) at -= 1;
  at = backOverSpaces(text, at, from);
  if (at < from) return false;
  // An element of a list under a key (`"retryOn": ["80200003", "80300007"]`) is that key's value too.
  if (text.charCodeAt(at) === 91 || text.charCodeAt(at) === 44) {
    at = listOpening(text, at, from);
    if (at < 0) return false;
    at -= 1;
    at = backOverSpaces(text, at, from);
    if (at < from) return false;
  }
  const separator = text.charCodeAt(at);
  if (separator === 58) {
    // `"key": value`: a quote, up to three spaces before the colon.
    at -= 1;
    at = backOverSpaces(text, at, from);
    return (at >= from && isQuote(text.charCodeAt(at))) || inFormBlock(text, start);
  }
  // `[guild_id] => 221007`, `'uid' => 6004`, `:zone => 3`: PHP's and Ruby's arrows after a key; one naming
  // an error field is the key-value detector's.
  if (separator === 62 && text.charCodeAt(at - 1) === 61) {
    at = backOverSpaces(text, at - 2, from);
    const code = text.charCodeAt(at);
    return at >= from && (code === 93 || isQuote(code) || isKeyCode(code));
  }
  if (separator !== 61) return false;
  // `key=value`, or a constant as code defines it (`codeExpired = 60180004`, `ERR_TOKEN = 100014`):
  // a key of [\w.-] starting with a letter or `_`, at most 41 characters before the `=`.
  let keyEnd = at - 1;
  for (let spaces = 0; spaces < 3 && keyEnd >= from && text.charCodeAt(keyEnd) === 32; spaces += 1) keyEnd -= 1;
  for (let j = keyEnd; j >= from && j >= keyEnd - 40; j -= 1) {
    const code = text.charCodeAt(j);
    if (!isKeyCode(code)) return false;
    if (isKeyStart(code)) return true;
  }
  return false;
}

/** A line of a form or a record dump: `player_level: 6004`, `score: 221018`, `stars: 5`. */
const FORM_LINE = /^[ \t]*[a-z][a-z0-9_]{0,30}:[ \t]+\S[^\n]*$/;
/** Lines of FORM_LINE in a row (the number's among them) that make a form dump. */
const FORM_BLOCK_LINES = 3;

/**
 * Whether the number at `start` is the value of a line of a form dump (a feedback form, a player
 * record: three `key: value` lines or more in a row): that key's value, a score or a level, not a
 * code met; a key naming an error field (`ret: -4013`) is the key-value detector's.
 */
function inFormBlock(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', start);
  const lineOf = (from: number, to: number) => text.slice(from, to < 0 ? text.length : to);
  if (!FORM_LINE.test(lineOf(lineStart, lineEnd))) return false;
  let lines = 1;
  // Upwards, then downwards, while the lines are form lines.
  for (let end = lineStart - 1; end > 0 && lines < FORM_BLOCK_LINES; ) {
    const begin = text.lastIndexOf('\n', end - 1) + 1;
    if (!FORM_LINE.test(text.slice(begin, end))) break;
    lines += 1;
    end = begin - 1;
  }
  for (let begin = lineEnd; begin >= 0 && lines < FORM_BLOCK_LINES; ) {
    const end = text.indexOf('\n', begin + 1);
    if (!FORM_LINE.test(lineOf(begin + 1, end))) break;
    lines += 1;
    begin = end;
  }
  return lines >= FORM_BLOCK_LINES;
}

/**
 * Whether the number ending at `end` is a JSON object's key (`"80300007": "推送令牌无效"`): a map
 * from codes to messages, an i18n file, not a code that happened.
 */
function isQuotedKey(text: string, start: number, end: number): boolean {
  if (!isQuote(text.charCodeAt(start - 1)) || !isQuote(text.charCodeAt(end))) return false;
  let at = end + 1;
  for (let spaces = 0; spaces < 3 && SPACE.test(text[at] ?? ''); spaces += 1) at += 1;
  return text.charCodeAt(at) === 58;
}

/** `at` moved back over up to three white-space characters, not past `from`. */
function backOverSpaces(text: string, at: number, from: number): number {
  let back = at;
  for (let spaces = 0; spaces < 3 && back >= from && SPACE.test(text[back] as string); spaces += 1) back -= 1;
  return back;
}

/**
 * From a list's `[` or a `,` after one of its elements, back to the `[` opening it over earlier
 * elements of digits, quotes and spaces (`["80200003", ` before `"80300007"`); -1 when it is no such list.
 */
function listOpening(text: string, at: number, from: number): number {
  for (let j = at; j >= from; j -= 1) {
    const code = text.charCodeAt(j);
    if (code === 91) return j;
    if (!(isQuote(code) || code === 44 || code === 32 || code === 45 || (code >= 48 && code <= 57))) return -1;
  }
  return -1;
}

/**
 * The main code written right before a sub-code of its own, with a `/` or a space between
 * (`1101/20155`, `1302 57303`, `1101 / 20156`), both free-standing: that main code's value, else undefined.
 */
function mainWrittenBefore(text: string, start: number, end: number, sub: number, codes: DetectorTools['codes']): number | undefined {
  // The separator, read backwards: a space, a `/`, or a `/` with a space on either side (`1101 / 20156`).
  let mainEnd = start;
  if (text.charCodeAt(mainEnd - 1) === 32) mainEnd -= 1;
  if (text.charCodeAt(mainEnd - 1) === 47) {
    mainEnd -= 1;
    if (text.charCodeAt(mainEnd - 1) === 32) mainEnd -= 1;
  }
  // A sub-code as its table spells it: `020155` is no `20155` written beside its main code.
  if (mainEnd === start || text.charCodeAt(start) === 48) return undefined;
  let from = mainEnd;
  while (from > 0 && isAsciiDigit(text.charCodeAt(from - 1)) && mainEnd - from < 6) from -= 1;
  const length = mainEnd - from;
  if (length < 3 || length > 5) return undefined;
  const before = text.charCodeAt(from - 1);
  if (from > 0 && (isAsciiDigit(before) || isAsciiLetter(before) || before === 47 || before === 46 || before === 45 || before === 95))
    return undefined;
  // The sub-code's run is whole (DIGIT_RUN is greedy): only a letter, `/`, `_` or a decimal part can follow it.
  const after = text.charCodeAt(end);
  if (
    end < text.length &&
    (isAsciiLetter(after) || after === 47 || after === 95 || (after === 46 && isAsciiDigit(text.charCodeAt(end + 1))))
  )
    return undefined;
  const main = Number(text.slice(from, mainEnd));
  if (!codes.isMainCode(main)) return undefined;
  // `took 1101 20155 ms`, `room 1101 20155`: a measure or a thing's number, not a pair of codes.
  if (quantityAfter(text, end) || namedBefore(text, from)) return undefined;
  return codes.isSubCodeOf(sub, main) ? main : undefined;
}

/** An access log's request and status before a number (`"POST /oauth2/v3/token HTTP/1.1" 200 `): the number is the response's size. */
const ACCESS_LOG_STATUS_BEFORE = /HTTP\/\d(?:\.\d)?" \d{3} $/;

/** Whether the number at `start` is the bytes field of an access log line (nginx's and Apache's combined format). */
function isAccessLogSize(text: string, start: number): boolean {
  return text.charCodeAt(start - 1) === 32 && ACCESS_LOG_STATUS_BEFORE.test(text.slice(Math.max(0, start - 16), start));
}

/**
 * A metric's name before a number, as Prometheus's exposition format writes a sample
 * (`realname_svc_requests_total{status="200"} 70009019`, `push_errors_total 412`): the number is the sample's value.
 */
const METRIC_BEFORE = /^[ \t]*[a-zA-Z_:][\w:]*(?:\{[^}\n]*\}|_(?:total|count|sum|bucket|seconds|bytes|ratio))[ \t]+$/;

function isMetricSample(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return start - lineStart <= 200 && METRIC_BEFORE.test(text.slice(lineStart, start));
}

/** A `case` or `when` opening the number's line: `case 80300007:`, `case codeExpired = 60180004`, `when "6004"`. */
const BRANCH_OPENING = /^[ \t]*(?:case|when)[ \t]/;
/** An arrow after the number: `"80200003" -> refreshTokenAndRetry()`, `80300007 => 'invalid'`. */
const ARROW_AFTER = /^["']?[ \t]{0,3}[-=]>/;

/**
 * A code as code handles it: the label of a branch or a key of a mapping (`when (code) { "80300007"
 * -> … }`, `switch (ret) { case -4017: … }`, a Swift enum's `case`). A program that knows the code
 * is no report that it happened; asked explicitly (`/errcode case 80300007:`), it is still answered.
 */
function isBranchLabel(text: string, start: number, end: number): boolean {
  if (ARROW_AFTER.test(text.slice(end, end + 8))) return true;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return start - lineStart <= 60 && BRANCH_OPENING.test(text.slice(lineStart, start));
}

export const bareCodeDetector: Detector = {
  name: 'bare-code',
  detect(text, tools) {
    const { codes, lower } = tools;
    const sightings: Sighting[] = [];
    // A free-standing number (or its `-`) follows no letter or digit (TextMarks.freeDigit).
    if (!marksOf(text, tools).freeDigit) return sightings;
    const inTableRow = tableRows(text);
    for (const m of text.matchAll(DIGIT_RUN)) {
      if (sightings.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
      const raw = m[0];
      const digits = raw.startsWith('-') ? raw.length - 1 : raw.length;
      if (digits < 5 || digits > 12) continue;
      const parsed = codeValue(raw);
      if (!parsed) continue;
      const main = mainWrittenBefore(text, m.index, m.index + raw.length, parsed.value, codes);
      if (main !== undefined) {
        // `同 1101/20155`, `1302 57303 again`: a main code and one of its own sub-codes written together
        // name their table as surely as a field would; two numbers of a log are that pair by chance
        // only rarely.
        const clues = [{ kind: 'main-code' as const, detail: `${main} ${raw}` }];
        sightings.push({
          raw,
          value: parsed.value,
          hex: false,
          main,
          nearby: nearbyText(text, m.index, raw.length, lower),
          clues,
        });
        continue;
      }
      if (!freeStanding(text, m.index, m.index + raw.length)) continue;
      // The cheap tests first: a keyed value (most long numbers of a JSON log) needs no index or line read.
      if (
        isKeyedValue(text, m.index) ||
        isQuotedKey(text, m.index, m.index + raw.length) ||
        codes.find(parsed.value).every((p) => p.span.isRange) ||
        inTableRow(m.index)
      )
        continue;
      // `in 11205 ms`, `uploaded 17009 bytes`, `batch 20156`: a measure or a thing's number (as for a pair above).
      if (measureAfter(text, m.index + raw.length) || namedBefore(text, m.index)) continue;
      if (isBranchLabel(text, m.index, m.index + raw.length) || isAccessLogSize(text, m.index) || isMetricSample(text, m.index)) continue;
      sightings.push({ raw, value: parsed.value, hex: false, bare: true, nearby: nearbyText(text, m.index, raw.length, lower), clues: [] });
    }
    return sightings;
  },
};
