/**
 * Codes in named fields: JSON (also escaped inside a JSON string), key=value, `NSP_STATUS: 102`
 * headers, `ret -500005`, `错误码 6004`. A number is only a code here when a field names it.
 */
import { codeValue } from '../../catalog/codes.js';
import type { FieldName } from '../../catalog/schema.js';
import { fieldFor } from '../fields.js';
import type { Sighting } from '../score.js';
import { type Detector, INVISIBLE, MAX_SIGHTINGS_PER_DETECTOR, NEARBY_RADIUS, nearbyText } from './detector.js';

const NUMBER = String.raw`-?(?:0x[0-9a-f]{1,8}|\d{1,12})`;
const KEYS =
  'ret|result|retcode|ret_code|code|errcode|err_code|error_code|errorcode|resultcode|result_code|sub_error|suberror|sub_err|suberr|error|err|flag|nsp_status|nsp-status|status|statuscode|status_code';
/**
 * `"ret": 17`, `oidb_ret=0xc9` (a prefix naming the subsystem), `\"code\":\"6004\"`, `errCode=6`,
 * `NSP_STATUS: 102`, `'ret' => 5`. Found value first: a number after `:`, `=` or `=>` is rare in
 * chat, a word start is everywhere, so the key is read only in the few characters before a value.
 */
const VALUE = new RegExp(String.raw`(?:[:=]|=>)\s{0,3}\\{0,8}["']?(${NUMBER})(?![${INVISIBLE}]*[0-9a-z_.])`, 'gi');
const KEY_BEFORE = new RegExp(String.raw`(?<![a-z0-9_])\\{0,8}["']?(?:([a-z][a-z0-9]{0,11})[_-])??(${KEYS})\\{0,8}["']?\s{0,3}$`, 'i');
/** Longest key, prefix, quotes and escapes read before a value. */
const KEY_WINDOW = 64;
/** Prose forms: `ret -500005`, `error code 80300007`, `fires with code -1`, `错误码：6004`, `报错 6004`. */
const PROSE = new RegExp(
  String.raw`(?<![a-z0-9_])(ret|(?:(?:error|err|return|result)[ _-]?)?code|errcode|错误码|错误代码|返回码|报错|返回)\s{0,3}[:：=]?\s{0,3}(${NUMBER})(?![${INVISIBLE}]*[0-9a-z_.])`,
  'gi',
);

const PROSE_FIELDS: Readonly<Record<string, FieldName>> = { ret: 'ret', errcode: 'errCode' };

interface Hit {
  readonly index: number;
  readonly length: number;
  readonly field: FieldName;
  readonly raw: string;
  /** Named by a stand-in (`flag`, `result`) or a prefixed key (`oidb_ret`), not the field's own name. */
  readonly byAlias?: boolean;
}

/** Keys that stand in for a field rather than name it: weaker evidence than `ret` itself. */
const ALIAS_KEYS: ReadonlySet<string> = new Set(['flag', 'result']);

export const keyValueDetector: Detector = {
  name: 'key-value',
  detect(text) {
    const hits: Hit[] = [];
    for (const m of text.matchAll(VALUE)) {
      if (hits.length >= MAX_SIGHTINGS_PER_DETECTOR * 2) break;
      const from = Math.max(0, m.index - KEY_WINDOW);
      const k = KEY_BEFORE.exec(text.slice(from, m.index));
      if (!k) continue;
      const start = from + k.index;
      // A window cut inside a word must not make the word's tail a key (`...xret=5`).
      if (k.index === 0 && from > 0 && /[a-z0-9_]/i.test(text[from - 1] ?? '')) continue;
      const key = (k[2] as string).toLowerCase();
      const field = fieldFor(key);
      if (!field) continue;
      const byAlias = k[1] !== undefined || ALIAS_KEYS.has(key);
      hits.push({ index: start, length: m.index + m[0].length - start, field, raw: m[1] as string, ...(byAlias ? { byAlias } : {}) });
    }
    for (const m of text.matchAll(PROSE)) {
      const key = (m[1] as string).toLowerCase();
      if (hits.length >= MAX_SIGHTINGS_PER_DETECTOR * 2) break;
      if (hits.some((h) => h.index <= m.index && m.index < h.index + h.length)) continue;
      hits.push({ index: m.index, length: m[0].length, field: PROSE_FIELDS[key] ?? 'code', raw: m[2] as string });
    }
    const mains = hits.filter((h) => h.field === 'error');
    const sightings: Sighting[] = [];
    for (const hit of hits) {
      if (sightings.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
      const parsed = codeValue(hit.raw);
      if (!parsed) continue;
      let main: number | undefined;
      if (hit.field === 'sub_error') {
        main = nearest(mains, hit.index)?.raw === undefined ? undefined : codeValue(nearest(mains, hit.index)?.raw ?? '')?.value;
      } else if (hit.field === 'error' && hits.some((h) => h.field === 'sub_error' && Math.abs(h.index - hit.index) <= NEARBY_RADIUS)) {
        continue; // the main code of a two-level code: it travels with its sub_error
      }
      sightings.push({
        raw: hit.raw,
        value: parsed.value,
        hex: parsed.hex,
        field: hit.field,
        ...(hit.byAlias ? { fieldByAlias: true } : {}),
        ...(main !== undefined ? { main } : {}),
        nearby: nearbyText(text, hit.index, hit.length),
        clues: [],
      });
    }
    return sightings;
  },
};

function nearest(hits: readonly Hit[], index: number): Hit | undefined {
  let best: Hit | undefined;
  for (const hit of hits) {
    const distance = Math.abs(hit.index - index);
    if (distance <= NEARBY_RADIUS && (!best || distance < Math.abs(best.index - index))) best = hit;
  }
  return best;
}
