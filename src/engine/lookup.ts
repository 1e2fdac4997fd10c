/**
 * Explicit questions: `100014`, `0X9B`, `1101 20155`, `error=1203 sub_error=11205`, `qq 6`,
 * `revoke 1203 11205`, or free text in English or Chinese with typos.
 */

import { codeValue, MAX_CODE_DIGITS } from '../catalog/codes.js';
import type { FieldName } from '../catalog/schema.js';
import { isAsciiAlnum, isAsciiDigit, isAsciiUpper } from '../char-codes.js';
import type { Clue } from './answer.js';
import type { CodeIndex } from './code-index.js';
import type { TextContext } from './context.js';
import { keyNamesError, longErrorCode } from './detectors/field-key.js';
import { fieldFor } from './fields.js';
import { unglueKeys } from './glued.js';
import type { Sighting } from './score.js';
import { COUNT_OF_THINGS, comparedBefore, namedBefore, QUANTITY_AFTER, QUANTITY_READ } from './tokens.js';
import { foldTraditional } from './traditional.js';

/** Longest query read; a query is a question, not a paste. */
export const QUERY_LIMIT = 500;

/**
 * What is read of a question, Traditional Chinese read as Simplified (traditional.ts) and codes glued to their
 * field names apart (glued.ts): all of it up to QUERY_LIMIT; a longer one (a story, then the
 * question) by its opening and its close, where people say what they ask, each cut at a space.
 */
export function questionText(query: string): string {
  const text = unglueKeys(identifierParts(foldTraditional(boundedQuestion(query))));
  return text.includes('_') ? text.replace(ERROR_IDENTIFIER, '$1 $2') : text;
}

/**
 * An identifier naming an error and ending in its code (`err_100014`, an Android string resource;
 * `ERROR_CODE_6004`, a constant): asked about, it asks about that code. Only after an error word, so
 * `build_6004` or `v2_100014` stay one word.
 */
const ERROR_IDENTIFIER = /(?<![\w-])(err(?:or)?(?:_?code)?|errcode|ret(?:_?code)?|result_?code)_(-?\d{3,12})(?![\w.-])/gi;

/**
 * A code asked about inside a name: a log's or a screenshot's file name (`error_60180009.log`,
 * `Screenshot_ret-73.png`, `qqgroup_-182006_join.log`, `crash-7001.txt`), a metric's or a flag's
 * (`push_errors_80300010_total`, `retry_on_80200001`). Asked about, the name asks about its code:
 * its parts are read apart, as words and a code.
 */
const NAME_THEN_CODE = /(?<=[A-Za-z])_(?=-?(?:0x[0-9a-fA-F]{1,8}|\d{2,12})(?:[_.]|$|\s))/g;
const CODE_THEN_NAME = /(?<=(?:^|[\s_])-?(?:0x[0-9a-fA-F]{1,8}|\d{2,12}))_(?=[A-Za-z])/g;
const DASHED_FILE_CODE = /(?<=[A-Za-z])-(?=\d{3,12}\.(?:log|txt|png|jpe?g|har|json|zip|gz)\b)/gi;
const FILE_EXTENSION = /(?<=\d)\.(?=(?:log|txt|png|jpe?g|har|json|zip|gz)\b)/gi;

/** A name's token (`push_errors_80300010_total`, `crash-7001.txt`). */
const NAME_TOKEN = /\S*[_.]\S*/g;
/** What makes a name one of an error's: an error or failure word, a product's or a field's, or a file's extension. */
const ERROR_NAME = /err|fail|crash|ret|code|status|nsp|push|qq|oidb|login|group|retry|\.(?:log|txt|png|jpe?g|har|json|zip|gz)\b/i;

/** What a name with a code in it holds: a code against a `_` (or a dashed file name's `-`), or a file extension after digits. */
const MAY_NAME_CODE = /[A-Za-z]_-?\d|\d_[A-Za-z]|\d\.[a-z]{3,4}\b|[A-Za-z]-\d{3,12}\./i;

function identifierParts(question: string): string {
  if (!MAY_NAME_CODE.test(question)) return question;
  // `build_6004` and `v2_100014` name a build and a version: only an error's name is read apart.
  return question.replace(NAME_TOKEN, (token) =>
    ERROR_NAME.test(token)
      ? token.replace(NAME_THEN_CODE, ' ').replace(CODE_THEN_NAME, ' ').replace(DASHED_FILE_CODE, ' ').replace(FILE_EXTENSION, ' .')
      : token,
  );
}

function boundedQuestion(query: string): string {
  if (query.length <= QUERY_LIMIT) return query;
  const half = Math.floor((QUERY_LIMIT - 1) / 2);
  let head = query.slice(0, half);
  const headSpace = head.lastIndexOf(' ');
  if (headSpace > half * 0.8) head = head.slice(0, headSpace);
  let tail = query.slice(-half);
  const tailSpace = tail.indexOf(' ');
  if (tailSpace >= 0 && tailSpace < half * 0.2) tail = tail.slice(tailSpace + 1);
  return `${head}\n${tail}`;
}

/**
 * A code in a query: a whole token, so `v6.0` or `decode0x73a` is not one; a sentence's full stop
 * after it (`fails with 80300007.`) is no decimal point.
 */
export const CODE_TOKEN = /(?<![\w.])-?(?:0x[0-9a-f]+|\d+)(?!\w|\.\w)/gi;
/** `ret=5`, `error_code: 100014`, and JSON's quoted keys and values: `"ret":100014`, `'code': '6004'`, escaped in a string too (`\\"ret\\":-4007`). */
const KEY_VALUE = /([a-z_-]+)\\{0,8}["']?\s*[=:]\s*\\{0,8}["']?(-?(?:0x[0-9a-f]+|\d+))(?!\w|\.\w)/gi;
/** A header or variable as a name/value pair, as HAR files print them: `{"name":"NSP_STATUS","value":"1302"}`. */
const NAMED_VALUE = /"name"\s{0,3}:\s{0,3}"([a-z][\w-]{1,30})"\s{0,3},\s{0,3}"value"\s{0,3}:\s{0,3}"?(-?(?:0x[0-9a-f]+|\d+))(?!\w|\.\w)/gi;
const PAIR = /(?<![\w.])(\d+)\s*\/\s*(\d+)(?!\w|\.\w)/g;
/**
 * `1101.20172`: a main code and its sub-code joined by a dot, as some SDKs print the pair. Read as
 * one only where the catalogs have that sub-code under that main code: otherwise a decimal (`3.5`).
 */
const DOTTED_PAIR = /(?<![\w.])(\d{3,6})\.(\d{2,12})(?![\w.])/;
const FIELD_WORD = /[a-z_][a-z_-]*/gi;
const ASCII_LETTER = /[a-z]/i;
/** Anything but printable ASCII and line white space (control characters too: never wrong to run the patterns). */
const BEYOND_ASCII = /[^\t\n\r -~]/;

export interface ParsedQuery {
  readonly sightings: Sighting[];
  /** Whether the query holds anything but codes and field or scope words (then text search helps). */
  readonly hasWords: boolean;
  /** Of several codes, the one the question is about (`what's -4013`), else the first written. */
  readonly asked?: string;
  /** Its only numbers are counts or measurements (`~15 minutes`), read as codes for want of others. */
  readonly measuresOnly?: boolean;
  /** Measures only, each a count of things in the plural (`1500 tokens`, `3 users`). */
  readonly countsThings?: boolean;
  /** Some measure is compared (`over 1000 per 5 minutes`, `more than 500`): a limit told, the words say which error. */
  readonly comparesMeasure?: boolean;
}

/** Splits a query into code sightings; words narrowing the scope are read by the context reader. */
export function parseQuery(query: string, codes: CodeIndex, context: TextContext): ParsedQuery {
  return parse(query, codes, context, true);
}

/**
 * A question that is one code and nothing else (`100014`, `-4008`, `0x9b`), or one field naming it
 * (`ret=-21`, `NSP_STATUS=6`): the commonest kinds, read without running most patterns, as
 * parseQuery reads them (one sighting, under the field when named), and with nothing in them for
 * normaliseText to undo; test/engine/lookup-shortcuts.test.ts holds both. Undefined for any other
 * question, and where the context names a keyword (a catalog keyword spelt like a code or a key).
 */
export function parsePlainCode(query: string, context: TextContext): ParsedQuery | undefined {
  if (context.keywords.size > 0) return undefined;
  if (isPlainCode(query)) return { sightings: [sighting(query, undefined, undefined, [])], hasWords: false };
  const keyed = FIELD_EQUALS_CODE.exec(query);
  const field = keyed ? fieldFor(keyed[1] as string) : undefined;
  if (!keyed || !field) return undefined;
  // `sub_error` is two words to the words pattern, and `sub` is no field name: read as parse reads it.
  return {
    sightings: [keyedSighting(keyed[2] as string, field, keyNamesError(keyed[1] as string, field))],
    hasWords: hasOwnWords(query.replace(CODE_TOKEN, ' '), context),
  };
}

/** Whether parsePlainCode may read the question: a code alone, or `key=code`. */
export function isPlainQuestion(query: string): boolean {
  return isPlainCode(query) || FIELD_EQUALS_CODE.test(query);
}

/** `key=code` and nothing else; the code as codeValue reads it (at most MAX_CODE_DIGITS digits). */
const FIELD_EQUALS_CODE = new RegExp(String.raw`^([a-z_-]+)=(-?(?:0x[0-9a-f]{1,${MAX_CODE_DIGITS}}|\d{1,${MAX_CODE_DIGITS}}))$`, 'i');

/** `-?\d{1,12}` or `-?0x[0-9a-f]{1,12}` exactly, tested by hand: a code codeValue reads, with nothing around it. */
export function isPlainCode(text: string): boolean {
  let at = text.charCodeAt(0) === 45 ? 1 : 0;
  const hex = text.charCodeAt(at) === 48 && (text.charCodeAt(at + 1) | 0x20) === 120; // 0x, 0X
  if (hex) at += 2;
  const digits = text.length - at;
  if (digits < 1 || digits > MAX_CODE_DIGITS) return false;
  for (; at < text.length; at += 1) {
    const c = text.charCodeAt(at);
    if (!isAsciiDigit(c) && !(hex && isHexLetter(c))) return false;
  }
  return true;
}

const isHexLetter = (c: number) => (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

/**
 * A scope phrase and a code (`huawei 403`, `oauth2/v3/token 403`), as parse reads it when the phrase
 * stands apart from the code (phraseStandsApart): the one sighting, under the field a word of the
 * phrase names, and whether the phrase has words of its own, both read once per phrase
 * (ScopedCodeReader). Undefined for a code parse would not read.
 */
export function parseScopedCode(code: string, field: FieldName | undefined, hasWords: boolean): ParsedQuery | undefined {
  if (!codeValue(code)) return undefined;
  return { sightings: [sighting(code, field, undefined, [])], hasWords };
}

/**
 * Whether parse reads any plain code written after `phrase` and a space the same way whatever the
 * code, the phrase's part of the reading left as it is: lower-case ASCII words (letters, digits,
 * `._/-`) with no separator a key or a clock needs (`=`, `:`, `,`), no number of their own (so no
 * pair, group, date or list marker reaches the code), no result word (no hex written without 0x) and
 * no digit word (nothing spoken to join).
 */
export function phraseStandsApart(phrase: string): boolean {
  if (!SCOPE_PHRASE.test(phrase) || !ASCII_LETTER.test(phrase) || mayNameResult(phrase) || DIGIT_WORD.test(phrase)) return false;
  CODE_TOKEN.lastIndex = 0;
  const holdsCode = CODE_TOKEN.test(`${phrase} `);
  CODE_TOKEN.lastIndex = 0;
  return !holdsCode;
}

const SCOPE_PHRASE = /^[a-z0-9._/-]+(?: [a-z0-9._/-]+)*$/;

/** parseQuery running every pattern on every query: what the skips are tested against. */
export function parseQueryRunningEveryPattern(query: string, codes: CodeIndex, context: TextContext): ParsedQuery {
  return parse(query, codes, context, false);
}

function parse(query: string, codes: CodeIndex, context: TextContext, skip: boolean): ParsedQuery {
  const text = joinWrittenApart(query.slice(0, QUERY_LIMIT), codes, skip);
  // Most queries are codes alone: the patterns that need a letter (every field name, result word
  // and hex digit without 0x has one) or a separator are not run where the text has none. Without
  // the `u` flag, `i` folds ASCII letters only; the words pattern has it, so any non-ASCII counts.
  const letters = !skip || ASCII_LETTER.test(text);
  const wordsPossible = letters || BEYOND_ASCII.test(text);
  let field: FieldName | undefined;
  for (const word of letters ? (text.match(FIELD_WORD) ?? []) : []) {
    const named = fieldFor(word);
    if (named && named !== 'error' && named !== 'code') field = named;
  }

  // Patterns run by `exec` loops, not matchAll: matchAll copies the pattern on every call, which
  // costs more than matching a short query.
  const keyed: Array<{ field: FieldName; raw: string; errorNamed: boolean }> = [];
  /** Values of keys that name no error field (`platform=1`, `uid: 1234`). */
  const otherKeyed = new Set<string>();
  if (letters && (!skip || text.includes('=') || text.includes(':'))) {
    KEY_VALUE.lastIndex = 0;
    const pairs: Array<[key: string, raw: string]> = [];
    for (let m = KEY_VALUE.exec(text); m !== null; m = KEY_VALUE.exec(text)) pairs.push([m[1] as string, m[2] as string]);
    if (text.includes('"value"')) for (const m of text.matchAll(NAMED_VALUE)) pairs.push([m[1] as string, m[2] as string]);
    const shorthand = shorthandOf(pairs.map(([key]) => key));
    for (const [key, raw] of pairs) {
      const named = keyedField(key, shorthand);
      if (named) keyed.push({ field: named, raw, errorNamed: keyNamesError(key, named) });
      else otherKeyed.add(raw);
    }
  }

  const tokens: string[] = [];
  const quantities: string[] = [];
  /** Numbers a noun before them says what they number (`iOS 17`, `room 6004`): asked about only when nothing else is. */
  const numbered: string[] = [];
  /** Every quantity counts things (`1500 tokens`), none is a code with its noun after it (`100014 token expired`). */
  let onlyCountsOfThings = true;
  let comparesMeasure = false;
  // A pasted conversation's speaker lines (`bob  10:32 AM`, `[2024-10-22 10:32] bob:`) and reactions
  // (`:+1: 3`): a date's, a time's and a reaction's numbers are no codes asked about; nor are the
  // numbers of a list (`two cases: 1. … 2. …`, `(1) … (2) …`).
  const clock = withRatings(
    text,
    withListMarkers(
      text,
      !skip || text.includes(':') || text.includes('-') || text.includes('/') || (letters && MONTH_NAME.test(text))
        ? datesAndTimes(text)
        : NO_SPANS,
    ),
    wordsPossible,
  );
  CODE_TOKEN.lastIndex = 0;
  for (let m = CODE_TOKEN.exec(text); m !== null; m = CODE_TOKEN.exec(text)) {
    const raw = m[0];
    if (clock.length > 0 && insideSpan(clock, m.index)) continue;
    if (raw.length <= TICKET_DIGITS && text.charCodeAt(m.index - 1) === 45 && endsTicketKey(text, m.index - 1, context)) continue;
    // `0x73a` names the OIDB table when a table keyword says so; it is a scope word, not a code.
    if (context.keywords.size > 0 && context.keywords.has(raw.toLowerCase())) continue;
    if (!codeValue(raw)) continue;
    // A count or a measurement among the codes (`ret -25, 3秒就返回`, `2024年10月22日`) is the story
    // around the error; alone in the question it is still asked about.
    const after = wordsPossible ? text.slice(m.index + raw.length, m.index + raw.length + QUANTITY_READ) : '';
    const compared = letters && comparedBefore(text, m.index);
    if (compared) comparesMeasure = true;
    if (wordsPossible && (QUANTITY_AFTER.test(after) || compared)) {
      quantities.push(raw);
      if (!COUNT_OF_THINGS.test(after)) onlyCountsOfThings = false;
    } else if (letters && namedBefore(text, m.index)) {
      // What the noun before it numbers (`on iOS 17`, `build 6004`): the story around the error, as a count is.
      numbered.push(raw);
    } else tokens.push(raw);
  }
  // Beside a code under an error field (`Code=100015 … UserInfo={platform=1}`), the value of another
  // key is that key's (a platform, an id), not a second code asked about.
  if (keyed.length > 0 && otherKeyed.size > 0) {
    for (let i = tokens.length - 1; i >= 0; i -= 1) {
      const raw = tokens[i] as string;
      if (otherKeyed.has(raw) && !keyed.some((k) => k.raw === raw)) tokens.splice(i, 1);
    }
  }
  // Only counts or measurements (`differs by ~15 minutes`): the question names no code of its own.
  const measuresOnly = tokens.length === 0 && numbered.length === 0 && quantities.length > 0;
  if (measuresOnly) tokens.push(...quantities);
  else if (tokens.length === 0) tokens.push(...numbered);

  if (letters && (!skip || mayNameResult(context.lower)))
    tokens.push(...hexWithoutPrefix(text, codes, context).filter((t) => !tokens.includes(t)));

  const mainKey = keyed.find((k) => k.field === 'error');
  const subKey = keyed.find((k) => k.field === 'sub_error');
  if (mainKey && subKey) return mainAndSub(mainKey.raw, subKey.raw);

  const sightings: Sighting[] = [];

  const pair = !skip || text.includes('/') ? PAIR.exec(text) : null;
  PAIR.lastIndex = 0;
  const dotted = tokens.length === 0 ? dottedPair(text.trim(), codes) : undefined;
  // Two values of fields of their own (`"status": 200` and an NSP_STATUS header's 1302) are no main code and its sub-code.
  const ownFields =
    tokens.length === 2 && tokens.every((t) => keyed.some((k) => k.raw === t && k.field !== 'error' && k.field !== 'sub_error'));
  const pairTokens = pair ? [pair[1] as string, pair[2] as string] : (dotted ?? (tokens.length === 2 && !ownFields ? tokens : undefined));
  const paired = pairTokens ? pairSighting(pairTokens[0] as string, pairTokens[1] as string, field, codes) : undefined;
  if (paired) sightings.push(paired);
  let asked: string | undefined;
  if (sightings.length === 0) {
    asked = askedAbout(tokens, text);
    for (const raw of firstDistinct(tokens, 8)) {
      const key = keyed.find((k) => k.raw === raw);
      sightings.push(key ? keyedSighting(raw, key.field, key.errorNamed) : sighting(raw, field, undefined, []));
    }
  }

  if (!wordsPossible) return asked !== undefined ? { sightings, hasWords: false, asked } : { sightings, hasWords: false };
  // Without a hex code, the codes taken out are digits and minus signs, which end a word anyway.
  const hasWords = hasOwnWords(!skip || /0x/i.test(text) ? text.replace(CODE_TOKEN, ' ') : text, context);
  const parsed: ParsedQuery = asked !== undefined ? { sightings, hasWords, asked } : { sightings, hasWords };
  return measuresOnly ? { ...parsed, measuresOnly, countsThings: onlyCountsOfThings, comparesMeasure } : parsed;
}

/**
 * Two codes read as a main code and a sub-code (`1101 20155`, `20155/1101`): the sub-code under
 * the main code, when one of them is a main code; undefined otherwise.
 */
/** The main code and sub-code a query writes as `main.sub` (DOTTED_PAIR: `tokeninfo 1500.15006`), when the catalogs have the pair. */
function dottedPair(text: string, codes: CodeIndex): [string, string] | undefined {
  const m = DOTTED_PAIR.exec(text);
  if (!m) return undefined;
  const [main, sub] = [Number(m[1]), Number(m[2])];
  return codes.isMainCode(main) && codes.isSubCodeOf(sub, main) ? [m[1] as string, m[2] as string] : undefined;
}

function pairSighting(a: string, b: string, field: FieldName | undefined, codes: CodeIndex): Sighting | undefined {
  const va = codeValue(a)?.value;
  const vb = codeValue(b)?.value;
  // Two main codes, neither under the other (`difference between 1103 and 1102`): two questions,
  // read as two codes, not a main code and a sub-code it lacks.
  const twoMains =
    va !== undefined &&
    vb !== undefined &&
    codes.isMainCode(va) &&
    codes.isMainCode(vb) &&
    !codes.isSubCodeOf(vb, va) &&
    !codes.isSubCodeOf(va, vb);
  if (!twoMains && va !== undefined && codes.isMainCode(va)) return sighting(b, field ?? 'sub_error', va, []);
  if (!twoMains && vb !== undefined && codes.isMainCode(vb)) return sighting(a, field ?? 'sub_error', vb, []);
  return undefined;
}

/**
 * Two plain decimal codes and one space between them (`1302 57303`, `-4008 -4013`), where the
 * context names no keyword: a main code and its sub-code, else two codes asked about, the first
 * written first, as parse reads them. Such a question has nothing for normaliseText,
 * restoreMisread or parse's patterns to find (no letter, comma, colon, slash or bracket: no field,
 * date, time, list marker, ticket id or spoken digit), but for two groups written apart that are
 * one code (`2024 1102`, joinWrittenApart): that question is left to parse. Undefined for any other
 * question; test/engine/lookup-shortcuts.test.ts holds it to parse's reading.
 */
export function parseTwoCodes(query: string, codes: CodeIndex, context: TextContext): ParsedQuery | undefined {
  if (context.keywords.size > 0) return undefined;
  const two = TWO_CODES.exec(query);
  if (!two) return undefined;
  const [, sign, digits, second] = two as unknown as [string, string, string, string];
  // GROUPED's shape: two to four digits, a space, four digits; joined unless the first is a main code.
  if (digits.length >= 2 && digits.length <= 4 && second.length === 4 && !codes.isMainCode(Number(digits))) return undefined;
  const first = sign + digits;
  if (!codeValue(first) || !codeValue(second)) return undefined;
  const paired = pairSighting(first, second, undefined, codes);
  if (paired) return { sightings: [paired], hasWords: false };
  if (first === second) return { sightings: [sighting(first, undefined, undefined, [])], hasWords: false };
  return {
    sightings: [sighting(first, undefined, undefined, []), sighting(second, undefined, undefined, [])],
    hasWords: false,
    asked: first,
  };
}

/** Whether parseTwoCodes may read the question: two plain decimal codes and a space. */
export function isTwoCodes(query: string): boolean {
  return TWO_CODES.test(query);
}

const TWO_CODES = new RegExp(String.raw`^(-?)(\d{1,${MAX_CODE_DIGITS}}) (-?\d{1,${MAX_CODE_DIGITS}})$`);

/**
 * Shorthand people type for Huawei's two fields in a question (`error=1203 sub=100306`, `main=1203
 * sub=100300`), read only beside a main code so named: alone, `sub` is an OIDB command's sub-number
 * (`cmd=0x5eb sub=255 ret=-107`) or a token's subject, and a paste never reads it.
 */
const QUESTION_FIELDS: ReadonlyMap<string, FieldName> = new Map([
  ['main', 'error'],
  ['sub', 'sub_error'],
  ['subcode', 'sub_error'],
  ['sub_code', 'sub_error'],
  ['sub-code', 'sub_error'],
]);

const NO_FIELDS: ReadonlyMap<string, FieldName> = new Map();

/** The shorthand read beside these keys: QUESTION_FIELDS beside a main code named so, among two keys or more. */
function shorthandOf(keys: readonly string[]): ReadonlyMap<string, FieldName> {
  return keys.length > 1 && keys.some(namesMainCode) ? QUESTION_FIELDS : NO_FIELDS;
}

/** The field a payload's or question's key names, by name, after a prefix, or as shorthand. */
function keyedField(key: string, shorthand: ReadonlyMap<string, FieldName>): FieldName | undefined {
  return fieldFor(key) ?? fieldOfPrefixedKey(key) ?? shorthand.get(key.toLowerCase());
}

/** A sub-code under the main code beside it, both named by their fields: the one sighting a question of them is. */
function mainAndSub(mainRaw: string, subRaw: string): ParsedQuery {
  return {
    sightings: [sighting(subRaw, 'sub_error', codeValue(mainRaw)?.value, [{ kind: 'field', detail: 'error + sub_error' }])],
    hasWords: false,
  };
}

/**
 * `error=1203 sub_error=57303`, `main=1203 sub=100306`: a main code and a sub-code under their
 * fields and nothing else, as parse reads it (the two keys decide; no word, group or pair is read),
 * and with nothing in it for normaliseText or restoreMisread to undo (`Ox`, which may be a misread
 * 0x, and the separators a spoken code needs are left to them). Undefined for any other question;
 * test/engine/lookup-shortcuts.test.ts holds it to parse's reading.
 */
export function parseMainAndSub(query: string): ParsedQuery | undefined {
  const keys = MAIN_AND_SUB.exec(query);
  if (query.length > QUERY_LIMIT || !keys || OX.test(query) || separatorsAtLeast(query, 3)) return undefined;
  const [, firstKey, first, secondKey, second] = keys as unknown as [string, string, string, string, string];
  const shorthand = shorthandOf([firstKey, secondKey]);
  const fields = [keyedField(firstKey, shorthand), keyedField(secondKey, shorthand)];
  // The first key of each field, as parse finds them.
  const main = fields[0] === 'error' ? first : fields[1] === 'error' ? second : undefined;
  const sub = fields[0] === 'sub_error' ? first : fields[1] === 'sub_error' ? second : undefined;
  return main !== undefined && sub !== undefined ? mainAndSub(main, sub) : undefined;
}

const MAIN_AND_SUB = /^([a-z_-]+)=(-?\d{1,12}) ([a-z_-]+)=(-?\d{1,12})$/i;
const OX = /ox/i;

function namesMainCode(key: string): boolean {
  const lower = key.toLowerCase();
  return lower === 'main' || fieldFor(lower) === 'error';
}

/**
 * A key that names a field after a prefix of its own (`gc_ret`, `hms_code`, nginx's
 * `upstream_http_nsp_status`): the field its last segments name, as the scan reads `oidb_ret`.
 */
function fieldOfPrefixedKey(key: string): FieldName | undefined {
  for (let at = key.search(/[_-]/); at !== -1 && at < key.length - 1; ) {
    const named = fieldFor(key.slice(at + 1));
    if (named) return named;
    const next = key.slice(at + 1).search(/[_-]/);
    at = next === -1 ? -1 : at + 1 + next;
  }
  return undefined;
}

/**
 * A calendar date (`2024-10-22`, `2024/10/22`, day or month first: `12/01/2026`, `01-12-2026`, a month's
 * name and its day: `Dec 4`, as Slack's date labels read), a time of day (`10:32`, `08:10:39.102`), a
 * reaction's count after its emoji name standing on its own (`:+1: 3`, `:shrug: 1`; not
 * `x:ret:0x43`), or a share of a whole (`5/5`; see datesAndTimes).
 */
const DATE_OR_TIME =
  /(?<![\d.:/-])(?:\d{1,2}\/[a-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2}(?:[ \t][+-]\d{4})?(?!\d)|(?:\d{4}([-/])\d{1,2}\1\d{1,2}|\d{1,2}([-/])\d{1,2}\2\d{4})(?![\d/]|-\d|\.\d)|\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,6})?(?![\d:/]|-\d|\.\d)|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?[ \t]{1,2}\d{1,2}(?:st|nd|rd|th)?(?![\w:.]))|(?<![\w:]):[a-z0-9_+-]{1,32}:[ \t]?\d{1,4}(?![\dx.])|(?<![\w./-])(\d{1,3})\/(\d{1,3})(?![\w./])/gi;
const NO_SPANS: readonly number[] = Object.freeze([]);
/**
 * What a date written with its month's name holds (DATE_OR_TIME), tested first. DATE_OR_TIME also
 * reads an access log's time with its zone (`22/Oct/2024:16:10:39 +0800`, nginx's and Apache's).
 */
const MONTH_NAME = /\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)/i;

/** The dates and times of `text` as start, end pairs in order. */
function datesAndTimes(text: string): readonly number[] {
  const spans: number[] = [];
  DATE_OR_TIME.lastIndex = 0;
  for (let m = DATE_OR_TIME.exec(text); m !== null; m = DATE_OR_TIME.exec(text)) {
    // `n/m` only as a share of a whole (`repro 5/5`, `3/10 devices`): a part at most its whole, and a
    // whole no bigger than a hundred. `404/500` and a main code over its sub-code stay codes.
    if (m[3] !== undefined && !(Number(m[3]) <= Number(m[4]) && Number(m[4]) <= 100)) continue;
    spans.push(m.index, m.index + m[0].length);
  }
  return spans;
}

/**
 * A list's item numbers, `1.`, `2、`, `3)`, `(1)`, `（2）`, after a space, a line start or punctuation.
 * A list numbers its items from one: only where the text has both a 1 and a 2 are they markers
 * (`error 1. retry later` is a code and a sentence).
 */
const LIST_MARKER = /(?<=^|[\s:;,.!?：；，。、(（])(?:\((\d)\)|（(\d)）|(\d)[.、)）](?=\s|[\u0080-\uffff]))/g;

/** `spans` with the text's list markers added, when it has a list (start, end pairs). */
function withListMarkers(text: string, spans: readonly number[]): readonly number[] {
  if (!text.includes('1') || !text.includes('2')) return spans;
  const markers: Array<{ value: string; start: number; end: number }> = [];
  LIST_MARKER.lastIndex = 0;
  for (let m = LIST_MARKER.exec(text); m !== null; m = LIST_MARKER.exec(text)) {
    markers.push({ value: (m[1] ?? m[2] ?? m[3]) as string, start: m.index, end: m.index + m[0].length });
  }
  if (!markers.some((m) => m.value === '1') || !markers.some((m) => m.value === '2')) return spans;
  return [...spans, ...markers.flatMap((m) => [m.start, m.end])];
}

/** A star rating (`★1`, `1★`, `⭐️⭐️ 2/5`, `1-star`, `3 stars`, `1星`): a review's score, not a code. */
const RATING = /[★☆⭐]\ufe0f?[ \t]?\d(?:\.\d)?(?!\d)|(?<![\d.])\d(?:\.\d)?[ \t-]?(?:[★☆⭐]|stars?\b|星(?!期))/gi;

/** `spans` with the text's star ratings added (start, end pairs). */
function withRatings(text: string, spans: readonly number[], wordsPossible: boolean): readonly number[] {
  // A rating needs its star (beyond ASCII) or the word.
  if (!wordsPossible || !/[★☆⭐星]|star/i.test(text)) return spans;
  const ratings: number[] = [];
  for (const m of text.matchAll(RATING)) ratings.push(m.index as number, (m.index as number) + m[0].length);
  return ratings.length > 0 ? [...spans, ...ratings] : spans;
}

/** Longest number of a tracker's id: a tracker counts its tickets in thousands, not in the millions of `80300007`. */
const TICKET_DIGITS = 5;

/**
 * Whether the number after the dash at `dash` ends an id in a tracker's style: `QA-6004`,
 * `BUG-2317`, `TC-LOGIN-0042`, a project key in capitals glued to it. A field or a platform named
 * that way (`RET-4010`, `QQ-100014`) still writes a code with its minus.
 */
function endsTicketKey(text: string, dash: number, context: TextContext): boolean {
  let at = dash - 1;
  while (at >= 0 && isAsciiUpper(text.charCodeAt(at))) at -= 1;
  const key = text.slice(at + 1, dash);
  if (key.length < 2) return false;
  // A key of several parts (`TC-LOGIN-0042`) is an id whatever its words.
  if (text.charCodeAt(at) === 45 && isAsciiUpper(text.charCodeAt(at - 1))) return true;
  if (isAsciiAlnum(text.charCodeAt(at))) return false;
  return fieldFor(key) === undefined && !context.keywords.has(key.toLowerCase());
}

function insideSpan(spans: readonly number[], at: number): boolean {
  for (let i = 0; i < spans.length; i += 2) if (at >= (spans[i] as number) && at < (spans[i + 1] as number)) return true;
  return false;
}

const QUERY_WORD = /[a-z\u3400-\u9fff]{2,}/giu;

/** Whether the text (codes taken out) has a word that is no field name and no catalog keyword. */
function hasOwnWords(text: string, context: TextContext): boolean {
  QUERY_WORD.lastIndex = 0;
  for (let m = QUERY_WORD.exec(text); m !== null; m = QUERY_WORD.exec(text)) {
    const word = m[0];
    if (!fieldFor(word) && !context.keywords.has(word.toLowerCase())) {
      QUERY_WORD.lastIndex = 0;
      return true;
    }
  }
  return false;
}

/** The first `limit` distinct tokens, in order (a question has a few: a scan, no set). */
function firstDistinct(tokens: readonly string[], limit: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length && out.length < limit; i += 1) {
    const token = tokens[i] as string;
    if (!out.includes(token)) out.push(token);
  }
  return out;
}

function sighting(raw: string, field: FieldName | undefined, main: number | undefined, clues: Clue[]): Sighting {
  const parsed = codeValue(raw) ?? { value: Number.NaN, hex: false };
  // Set one by one rather than spread in: Node 20 spreads into a literal on a slow path.
  const out: { -readonly [K in keyof Sighting]: Sighting[K] } = { raw, value: parsed.value, hex: parsed.hex, clues };
  if (field) out.field = field;
  if (main !== undefined) out.main = main;
  return out;
}

/**
 * A code under a key: `error_code=100014` says what `error 100014` says in a sentence, a long code
 * under a key naming an error (field-key.ts), as the scan reads it.
 */
function keyedSighting(raw: string, field: FieldName, errorNamed: boolean): Sighting {
  const out: { -readonly [K in keyof Sighting]: Sighting[K] } = sighting(raw, field, undefined, []);
  // Set on the sighting, not spread into a copy: each spread made a sighting of a shape of its own,
  // and scoring, which reads every sighting's fields for every entry a code reaches, slowed down
  // for all questions once it had met more shapes than its property caches hold (four).
  if (errorNamed && longErrorCode(out.value, out.hex)) out.afterErrorWord = true;
  return out;
}

/** `ret cc`, `ret: 5e`, `failed ret 4B`: a value with a hex letter after a result word, written without 0x. */
const BARE_HEX_AFTER_RESULT = /(?<![\w])(?:ret|result|code|errcode|error)\s?[:=：]?\s?([0-9a-f]{1,8})(?![\w.])/gi;

/**
 * OIDB results are hex (`0xcc`), and people copy them without the prefix. Read as hex only where
 * the text names a table that writes its codes in hex (`oidb`, `0x73a`) and that table has the
 * code: elsewhere `code be` is a word.
 */
function hexWithoutPrefix(text: string, codes: CodeIndex, context: TextContext): string[] {
  const found: string[] = [];
  BARE_HEX_AFTER_RESULT.lastIndex = 0;
  for (let m = BARE_HEX_AFTER_RESULT.exec(text); m !== null; m = BARE_HEX_AFTER_RESULT.exec(text)) {
    const digits = (m[1] as string).toLowerCase();
    if (!/[a-f]/.test(digits)) continue;
    const named = codes
      .find(Number.parseInt(digits, 16))
      .some((p) => p.entry.table.notation === 'hex' && p.entry.table.keywords.some((k) => context.keywords.has(k)));
    if (named) found.push(`0x${digits}`);
  }
  return found.slice(0, 4);
}

/** `100,009` as a spreadsheet shows it; `6018 0003` as read off a screen in groups of four. */
const THOUSANDS = /(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w.]|,\d)/g;
const GROUPED = /(?<![\w.])(\d{2,4})([ -])(\d{4})(?![\w.-])/g;
/** `6 0 0 4`: a code read out digit by digit, or copied from a screen that spaces them. */
const SPACED_DIGITS = /(?<![\w.])\d(?: \d){3,11}(?![\w.])/g;
/** `one one zero one`: a code dictated to voice input, four digits and more. */
const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
/** A digit word anywhere, as a word: what SPOKEN_DIGITS needs four of. */
const DIGIT_WORD = new RegExp(String.raw`\b(?:${DIGIT_WORDS.join('|')})\b`);
const SPOKEN_DIGITS = new RegExp(
  String.raw`\b(?:(minus|negative) )?((?:${DIGIT_WORDS.join('|')})(?:[ -](?:${DIGIT_WORDS.join('|')})){3,11})\b`,
  'gi',
);
/**
 * A code written apart, joined back, but only when the joined code is one the catalogs
 * have (as a single code, not a range) and, for two groups, the first is no main code (`1101
 * 20155` is a main code and its sub-code): elsewhere `100,000 users` or `room 2024 1102` stay as
 * written.
 */
function joinWrittenApart(text: string, codes: CodeIndex, skip: boolean): string {
  const known = (digits: string) => {
    const value = Number(digits);
    return Number.isSafeInteger(value) && codes.find(value).some((p) => !p.span.isRange);
  };
  // Each pattern only where the character it needs is there (`6004` has no comma, space or l/O).
  let out = text;
  if (!skip || out.includes(',')) out = out.replace(THOUSANDS, (m) => (known(m.replaceAll(',', '')) ? m.replaceAll(',', '') : m));
  if (!skip || digitsAround(out, '-') || digitsAround(out, ' ')) {
    // `8030-0007`: a dash between two groups of digits is one code typed with it, known or not
    // (an unknown one is answered "no such code", not by its halves); a space may part two codes.
    out = out.replace(GROUPED, (m, a: string, separator: string, b: string) =>
      !codes.isMainCode(Number(a)) && (separator === '-' || known(a + b)) ? a + b : m,
    );
  }
  if (!skip || digitsAround(out, ' ')) out = out.replace(SPACED_DIGITS, (m) => (known(m.replaceAll(' ', '')) ? m.replaceAll(' ', '') : m));
  // Four digit words need three separators between them (`oauth2/v3/token 403` has one), and
  // then to be there (`game center -4008` has the separators and no digit word).
  if (!skip || (separatorsAtLeast(out, 3) && hasDigitWordRun(out))) {
    out = out.replace(SPOKEN_DIGITS, (m, minus: string | undefined, words: string) => {
      const digits = `${minus ? '-' : ''}${words
        .toLowerCase()
        .split(/[ -]/)
        .map((w) => DIGIT_WORDS.indexOf(w))
        .join('')}`;
      return known(digits) ? digits : m;
    });
  }
  return out;
}

/** Whether the text has at least `count` spaces and hyphens: what SPOKEN_DIGITS joins its words with. */
function separatorsAtLeast(text: string, count: number): boolean {
  let seen = 0;
  for (let at = 0; at < text.length; at += 1) {
    const c = text.charCodeAt(at);
    if ((c === 32 || c === 45) && ++seen >= count) return true;
  }
  return false;
}

/**
 * Whether four digit words follow one another somewhere, each after one space or hyphen, in any
 * case: what a SPOKEN_DIGITS match holds (its word boundaries unchecked, so never false where it
 * would match).
 */
function hasDigitWordRun(text: string): boolean {
  for (let start = 0; start < text.length; start += 1) {
    let at = start;
    for (let words = 0; ; words += 1) {
      const length = digitWordAt(text, at);
      if (length === 0) break;
      if (words === 3) return true;
      at += length;
      const c = text.charCodeAt(at);
      if (c !== 32 && c !== 45) break;
      at += 1;
    }
  }
  return false;
}

/** The length of the digit word (`zero` … `nine`, any case) starting at `at`, else 0. */
function digitWordAt(text: string, at: number): number {
  for (const word of DIGIT_WORDS) {
    let i = 0;
    while (i < word.length && (text.charCodeAt(at + i) | 0x20) === word.charCodeAt(i)) i += 1;
    if (i === word.length) return i;
  }
  return 0;
}

/** Whether `separator` stands between two digits somewhere: what GROUPED and SPACED_DIGITS need. */
function digitsAround(text: string, separator: string): boolean {
  for (let at = text.indexOf(separator, 1); at !== -1; at = text.indexOf(separator, at + 1)) {
    if (isAsciiDigit(text.charCodeAt(at - 1)) && isAsciiDigit(text.charCodeAt(at + 1))) return true;
  }
  return false;
}

/** Whether a result word BARE_HEX_AFTER_RESULT needs is in the lower-case text (`code` is in `errcode`). */
function mayNameResult(lower: string): boolean {
  return lower.includes('ret') || lower.includes('result') || lower.includes('code') || lower.includes('error');
}

/** "what's -4013", "80300007 是什么", "what does 6004 mean": the code the question is about. */
const ASKED_BEFORE = /(?:what(?:'s|s| is| does)|meaning of|explain|i mean|i meant|我是说|我说的是|我问的是|是什么|啥是)\s{0,3}[`'"“]?$/i;
const ASKED_AFTER = /^[`'"”]?\s{0,3}(?:mean|stand for|是什么|是啥|什么意思|啥意思)/i;
const SECOND = /\b(?:the second(?: one)?|the latter|the last one|the new one)\b|第二个|后一个|后面那个|后面的/i;
const FIRST = /\b(?:the first(?: one)?|the former)\b|第一个|前一个|前面那个/i;

/**
 * Several codes in one question ("saw -4008 yesterday, today it's -4013: what's -4013?"): the one
 * asked about, which is then the answer among equally sure ones. Asked about: named twice, or
 * right after "what's" / before "mean", or "the second one" of two; else the first written.
 */
function askedAbout(tokens: readonly string[], text: string): string | undefined {
  if (tokens.length < 2) return undefined;
  const distinct = firstDistinct(tokens, tokens.length);
  if (distinct.length < 2) return undefined;
  let asked: string | undefined;
  const repeated = distinct.filter((t) => tokens.indexOf(t) !== tokens.lastIndexOf(t));
  if (repeated.length === 1) asked = repeated[0];
  if (asked === undefined) {
    const named = distinct.filter((t) => {
      for (let at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + 1)) {
        if (ASKED_BEFORE.test(text.slice(Math.max(0, at - 16), at)) || ASKED_AFTER.test(text.slice(at + t.length, at + t.length + 16)))
          return true;
      }
      return false;
    });
    if (named.length === 1) asked = named[0];
  }
  if (asked === undefined && distinct.length === 2) {
    if (SECOND.test(text) && !FIRST.test(text)) asked = distinct[1];
  }
  // Else the first written: a comparison (`is 80200003 the same as 80200001?`) or a list asks
  // about its first, rather than whichever the catalogs happen to list first.
  return asked ?? distinct[0];
}
