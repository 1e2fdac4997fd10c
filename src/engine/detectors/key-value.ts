/**
 * Codes in named fields: JSON (also escaped inside a JSON string), key=value, `NSP_STATUS: 102`
 * headers, `ret -500005`, `错误码 6004`, and a field name followed by a space in a sentence
 * (`sub_error 20155`, `NSP_STATUS 6`, `flag -24`), which is weaker evidence than a separator.
 * A number is only a code here when a field names it.
 */
import type { FieldName } from '../../catalog/schema.js';
import { fieldFor } from '../fields.js';
import { closestWord } from '../fuzzy.js';
import { quantityAfter } from '../tokens.js';
import { CODE_END, type Detector, MAX_SIGHTINGS_PER_DETECTOR, marksOf } from './detector.js';
import { type FieldHit, type FieldKey, fieldSightings, KEYS, keyBefore, keyNamesError, keyTail, NUMBER } from './field-key.js';

/**
 * `"ret": 17`, `oidb_ret=0xc9` (a prefix naming the subsystem), `\"code\":\"6004\"`, `errCode=6`,
 * `NSP_STATUS: 102`, `'ret' => 5`, and a comparison in code under review (`e.code == 80300007`,
 * `err.sub_error === 20156`): the field holds that code. Found value first, then the key in the few
 * characters before.
 */
const VALUE = new RegExp(String.raw`(?:[:=]|=>|={2,3})\s{0,3}\\{0,8}["']?(${NUMBER})${CODE_END}`, 'gi');
const KEY_BEFORE = keyTail(String.raw`\\{0,8}["']?`, String.raw`\\{0,8}["']?\s{0,3}`);
/** A key typed with a typo (`eror_code=`, `errror:`), read as a word and matched to the known keys. */
const WORD_BEFORE = /(?<![a-z0-9_])\\{0,8}["']?([a-z][a-z_-]{2,19})\\{0,8}["']?\s{0,3}$/i;
const KNOWN_KEYS: readonly string[] = KEYS.split('|');
/**
 * Prose forms: `ret -500005`, `error code 80300007`, `fires with code -1`, `错误码：6004`, `报错 6004`,
 * and the code in brackets as Chinese writes it out (`报错【80100016】`, `error code [6004]`).
 */
const PROSE = new RegExp(
  String.raw`(?<![a-z0-9_])(ret|(?:(?:error|err|return|result)[ _-]?)?code|errcode|错误码|错误代码|返回码|报错|返回)\s{0,3}[:：=]?\s{0,3}[[【]?(${NUMBER})${CODE_END}`,
  'gi',
);
/**
 * A code word, then 为 or 是, then the code (`返回码为 16`, `错误码是 -4008`, `code 是 -1`): looked for only
 * where the text has one of the two (PROSE, tried at every position, would slow down for the optional word).
 */
const PROSE_COPULA = new RegExp(
  String.raw`(?<![a-z0-9_])(ret|(?:(?:error|err|return|result)[ _-]?)?code|errcode|错误码|错误代码|返回码|返回值|返回)\s{0,3}[为是]\s{0,3}[[【]?(${NUMBER})${CODE_END}`,
  'gi',
);

/**
 * A field's own name, then a space, then the number, in a sentence: `sub_error 20155`, `NSP_STATUS 6`,
 * `nsp status 102`, `result code 60180008`, `flag -24`, or 是/为 between them as Chinese says it
 * (`NSP_STATUS 是 105`). A name, not a separator: a weaker clue.
 */
const SPACED = new RegExp(
  String.raw`(sub[ _-]?err(?:or)?|nsp[ _-]?status|result[ _-]?code|ret[ _-]?code|err[ _-]?code|error[ _-]?code|status[ _-]?code|flag|error|err)(?:\s{0,3}[是为]\s{0,3}|\s{1,3})(${NUMBER})${CODE_END}`,
  'gi',
);
/**
 * Text every SPACED name holds: without any of it SPACED finds nothing, and this one test is much
 * cheaper than trying SPACED's names at every position of a long paste of chat.
 */
const SPACED_MARK = /err|status|flag|ret|result/i;

/** Field hits read per text, at most: twice the sightings kept, as hits overlap and some name no code. */
const MAX_HITS = MAX_SIGHTINGS_PER_DETECTOR * 2;

const PROSE_FIELDS: Readonly<Record<string, FieldName>> = { ret: 'ret', errcode: 'errCode' };

/**
 * A header or variable written as a name/value pair, as HAR files and many SDK dumps do:
 * `{"name":"NSP_STATUS","value":"501"}`. The name is then the field's key. Found from `"value"`,
 * which is rare in chat, so the pattern costs nothing where there is none.
 */
const NAMED_VALUE = new RegExp(
  String.raw`"name"\s{0,3}:\s{0,3}"([A-Za-z][A-Za-z0-9_-]{1,30})"\s{0,3},\s{0,3}"value"\s{0,3}:\s{0,3}"?(${NUMBER})${CODE_END}`,
  'gi',
);

/** Words before a value that are no key, and the key each misspelt one stands for ('' for none). */
const misspeltKeys = new Map<string, string>();
const MAX_MISSPELT_KEYS = 10_000;

/**
 * Whether the character a key would end with, before the separator at `end`, could end one: a
 * letter, `_` or `-`, behind at most three spaces, a quote and eight backslashes (the tail both key
 * patterns allow). Most values in chat follow a digit (`10:30`): no pattern needs to run there.
 */
function mayEndKey(text: string, end: number): boolean {
  let at = end - 1;
  for (let spaces = 0; spaces < 3 && at >= 0 && /\s/.test(text[at] as string); spaces += 1) at -= 1;
  if (text[at] === '"' || text[at] === "'") at -= 1;
  for (let slashes = 0; slashes < 8 && text[at] === '\\'; slashes += 1) at -= 1;
  const code = text.charCodeAt(at);
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 45;
}

/** The key before a value: as written, or a misspelt known key (`eror_code`), which counts as a stand-in. */
function readKey(text: string, end: number): FieldKey | undefined {
  if (!mayEndKey(text, end)) return undefined;
  const exact = keyBefore(text, end, KEY_BEFORE);
  if (exact) return exact;
  const from = Math.max(0, end - 32);
  const w = WORD_BEFORE.exec(text.slice(from, end));
  if (!w || (w.index === 0 && from > 0 && /[a-z0-9_]/i.test(text[from - 1] ?? ''))) return undefined;
  const typed = (w[1] as string).toLowerCase();
  let known = misspeltKeys.get(typed);
  if (known === undefined) {
    known = closestWord(typed, KNOWN_KEYS) ?? '';
    if (misspeltKeys.size < MAX_MISSPELT_KEYS) misspeltKeys.set(typed, known);
  }
  const field = known ? fieldFor(known) : undefined;
  return field ? { start: from + w.index, field, byAlias: true } : undefined;
}

export const keyValueDetector: Detector = {
  name: 'key-value',
  detect(text, tools) {
    const hits: FieldHit[] = [];
    // Values after a separator or a space start as TextMarks.freeDigit says; PROSE's key may touch its value (`ret17`).
    const freeDigit = marksOf(text, tools).freeDigit;
    // Each pattern below stops at MAX_HITS; a pattern is not run at all once they are reached (its
    // loop would stop before its first match, after a search that may read the whole text for it).
    const full = () => hits.length >= MAX_HITS;
    for (const m of freeDigit && (text.includes(':') || text.includes('=')) ? text.matchAll(VALUE) : []) {
      if (full()) break;
      const key = readKey(text, m.index);
      if (!key) continue;
      const { start, field, byAlias } = key;
      const errorNamed = !byAlias && keyNamesError(text.slice(start, m.index), field);
      hits.push({
        index: start,
        length: m.index + m[0].length - start,
        field,
        raw: m[1] as string,
        ...(byAlias ? { byAlias } : {}),
        ...(errorNamed ? { errorNamed } : {}),
      });
    }
    const copula = text.includes('为') || text.includes('是');
    const prose = copula ? [...text.matchAll(PROSE), ...text.matchAll(PROSE_COPULA)] : text.matchAll(PROSE);
    for (const m of full() ? [] : prose) {
      if (full()) break;
      const key = (m[1] as string).toLowerCase();
      if (hits.some((h) => h.index <= m.index && m.index < h.index + h.length)) continue;
      // `返回6004个结果`: the verb returned a count of things, not a code.
      if (quantityAfter(text, m.index + m[0].length)) continue;
      const field = PROSE_FIELDS[key] ?? 'code';
      const errorNamed = keyNamesError(key, field);
      hits.push({ index: m.index, length: m[0].length, field, raw: m[2] as string, ...(errorNamed ? { errorNamed } : {}) });
    }
    for (const m of freeDigit && !full() && SPACED_MARK.test(text) ? text.matchAll(SPACED) : []) {
      if (full()) break;
      // The name starts a word (checked here: a lookbehind at every position is the slow way).
      if (/[a-z0-9_]/i.test(text[m.index - 1] ?? '')) continue;
      if (hits.some((h) => h.index <= m.index && m.index < h.index + h.length)) continue;
      const key = (m[1] as string).toLowerCase().replace(/[ -]/g, '_');
      const field = fieldFor(key);
      if (!field) continue;
      const byAlias = key === 'flag';
      hits.push({ index: m.index, length: m[0].length, field, raw: m[2] as string, unmarked: true, ...(byAlias ? { byAlias } : {}) });
    }
    // `value"` first: includes('"value"') walks every quote of a JSON paste, `v` is rarer.
    for (const m of freeDigit && !full() && text.includes('value"') && text.includes('"value"') ? text.matchAll(NAMED_VALUE) : []) {
      if (full()) break;
      const field = fieldFor((m[1] as string).toLowerCase());
      if (!field) continue;
      hits.push({ index: m.index, length: m[0].length, field, raw: m[2] as string });
    }
    return fieldSightings(text, hits, tools);
  },
};
