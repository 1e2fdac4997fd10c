/**
 * The field names a value may follow, and the reading of a key just before a value, shared by the
 * key-value and header-shape detectors. Values are found first (a number after `:`, `=`, `=>` is
 * rare in chat, a word start is everywhere), so a key is read only in the few characters before.
 */
import { codeValue } from '../../catalog/codes.js';
import type { FieldName } from '../../catalog/schema.js';
import { fieldFor } from '../fields.js';
import type { Sighting } from '../score.js';
import { type DetectorTools, MAX_SIGHTINGS_PER_DETECTOR, NEARBY_RADIUS, nearbyText, requestTablesAt } from './detector.js';

export const NUMBER = String.raw`-?(?:0x[0-9a-f]{1,8}|\d{1,12})`;
export const KEYS =
  'ret|result|retcode|ret_code|code|errcode|err_code|error_code|errorcode|resultcode|result_code|sub_error|suberror|sub_err|suberr|error|err|flag|nsp_status|nsp-status|nspstatus|status|statuscode|status_code';

/** Longest key, prefix, quotes and escapes read before a value. */
const KEY_WINDOW = 64;

/** Keys that stand in for a field rather than name it: weaker evidence than `ret` itself. */
const ALIAS_KEYS: ReadonlySet<string> = new Set(['flag', 'result']);

export interface FieldKey {
  /** Where the key (with its quotes and prefix) starts. */
  readonly start: number;
  readonly field: FieldName;
  /** Named by a stand-in (`flag`, `result`) or a prefixed key (`oidb_ret`), not the field's own name. */
  readonly byAlias: boolean;
}

/**
 * The key ending at `end`, in the shape `tail` (a pattern anchored at its end) allows between the key
 * and the value: `oidb_ret`, `\"code\"`, `'NSP_STATUS'`, `Nsp-Status`, `[code]`.
 */
export function keyBefore(text: string, end: number, tail: RegExp): FieldKey | undefined {
  const from = Math.max(0, end - KEY_WINDOW);
  const window = text.slice(from, end);
  const k = tail.exec(window) ?? camelTails.get(tail)?.exec(window);
  if (!k) return undefined;
  // A window cut inside a word must not make the word's tail a key (`...xret=5`).
  if (k.index === 0 && from > 0 && /[a-z0-9_]/i.test(text[from - 1] ?? '')) return undefined;
  const key = (k[2] as string).toLowerCase();
  const field = fieldFor(key);
  if (!field) return undefined;
  return { start: from + k.index, field, byAlias: k[1] !== undefined || ALIAS_KEYS.has(key) };
}

/** A key pattern ending where the value's separator begins: `opening`, optional prefix, the key, `closing`. */
export function keyTail(opening: string, closing: string): RegExp {
  // A prefix of up to three words (`oidb_ret`, `last_login_ret`: a game server's own record of a call).
  const tail = new RegExp(
    `(?<![a-z0-9_])${opening}(?:([a-z][a-z0-9]{0,11}(?:[_-][a-z][a-z0-9]{0,11}){0,2})[_-])??(${KEYS})${closing}$`,
    'i',
  );
  camelTails.set(
    tail,
    new RegExp(`(?<![A-Za-z0-9_])${opening}([a-z][a-z0-9]{1,11}(?:[A-Z][a-z0-9]{1,11}){0,2})(${CAMEL_KEYS})${closing}$`),
  );
  return tail;
}

/**
 * The keys that name a call's outcome written as the last humps of a camelCase name (`lastLoginRet`,
 * `pushErrorCode`, `lastError`), case as written: case-blind, `ret` inside `secret` or `interpret`
 * would be one. Not a bare `Code` or `Status`: `versionCode`, `countryCode`, `orderStatus` name no error.
 */
const CAMEL_KEYS = 'RetCode|Ret|ResultCode|Result|ErrCode|ErrorCode|Error|Err|SubError|NspStatus';
const camelTails = new WeakMap<RegExp, RegExp>();

/** A value a field name was found for, before it becomes a sighting. */
export interface FieldHit {
  readonly index: number;
  readonly length: number;
  readonly field: FieldName;
  readonly raw: string;
  /** Named by a stand-in (`flag`, `result`), a prefixed key (`oidb_ret`) or a misspelt one. */
  readonly byAlias?: boolean;
  /** Named in a sentence with no separator before the value. */
  readonly unmarked?: boolean;
  /** The key itself says error (`error_code=`, `errCode:`), not only `code` or `ret`. */
  readonly errorNamed?: boolean;
}

/**
 * Whether a key as written names an error: `error_code`, `errCode`, `err`. A sub_error is named by
 * its main code's field, not by being an error; so is 错误码 after 子 (`主错误码1400 子错误码14004`),
 * and the Chinese keys are left to the error-word reading.
 */
export function keyNamesError(key: string, field: FieldName): boolean {
  return field !== 'sub_error' && /err/i.test(key);
}

/**
 * Whether a code under a key naming an error counts as a paste on its own, as after an error word:
 * five digits and more, or a negative one of four (`errCode=-4008`; short negatives are everywhere).
 */
export function longErrorCode(value: number, hex: boolean): boolean {
  if (hex) return false;
  const digits = String(Math.abs(value)).length;
  return digits >= 5 || (value < 0 && digits >= 4);
}

/**
 * Sightings for field hits: a `sub_error` takes the nearest `error` as its main code, and an `error`
 * travelling with a `sub_error` is no code of its own.
 */
/**
 * Android's `onActivityResult(requestCode, resultCode, data)` printed (`requestCode=8888 resultCode=-1`):
 * the result code is the Activity's (-1 RESULT_OK, 0 RESULT_CANCELED), not a vendor's.
 */
const REQUEST_CODE_BEFORE = /requestcode["']?\s{0,3}[=:]\s{0,3}-?\d{1,10}\W{1,6}$/i;
function activityResult(text: string, hit: FieldHit): boolean {
  if (!/^resultcode/i.test(text.slice(hit.index, hit.index + 10))) return false;
  return REQUEST_CODE_BEFORE.test(text.slice(Math.max(0, hit.index - 40), hit.index));
}

export function fieldSightings(text: string, hits: readonly FieldHit[], tools: DetectorTools): Sighting[] {
  const { lower } = tools;
  const mains = hits.filter((h) => h.field === 'error');
  const sightings: Sighting[] = [];
  for (const hit of hits) {
    if (sightings.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
    const parsed = codeValue(hit.raw);
    if (!parsed || activityResult(text, hit)) continue;
    let main: number | undefined;
    if (hit.field === 'sub_error') {
      const companion = nearest(mains, hit.index);
      main = companion === undefined ? undefined : codeValue(companion.raw)?.value;
    } else if (hit.field === 'error' && hits.some((h) => h.field === 'sub_error' && Math.abs(h.index - hit.index) <= NEARBY_RADIUS)) {
      continue; // the main code of a two-level code: it travels with its sub_error
    }
    // `statusCode=6004` (HMS ApiException's status code): no HTTP status is that number, so the key names a code.
    const field = hit.field === 'http_status' && !httpStatusValue(parsed.value) ? 'code' : hit.field;
    const requestTables = field === 'http_status' ? requestTablesAt(text, hit.index, tools) : undefined;
    sightings.push({
      raw: hit.raw,
      value: parsed.value,
      hex: parsed.hex,
      field,
      ...(hit.byAlias ? { fieldByAlias: true } : {}),
      ...(hit.unmarked ? { fieldUnmarked: true } : {}),
      ...(main !== undefined ? { main } : {}),
      // `error_code=100014` says what `error code 100014` says in a sentence (error-word.ts).
      ...(hit.errorNamed && longErrorCode(parsed.value, parsed.hex) ? { afterErrorWord: true } : {}),
      nearby: nearbyText(text, hit.index, hit.length, lower),
      ...(requestTables ? { requestTables } : {}),
      clues: [],
    });
  }
  return sightings;
}

/** Whether a value can be an HTTP status (100 to 599). */
function httpStatusValue(value: number): boolean {
  return value >= 100 && value <= 599;
}

function nearest(hits: readonly FieldHit[], index: number): FieldHit | undefined {
  let best: FieldHit | undefined;
  for (const hit of hits) {
    const distance = Math.abs(hit.index - index);
    if (distance <= NEARBY_RADIUS && (!best || distance < Math.abs(best.index - index))) best = hit;
  }
  return best;
}
