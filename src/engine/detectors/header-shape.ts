/**
 * Headers and maps as programs print them, where the value is wrapped or the key is: Go's
 * `map[Content-Type:[application/json] Nsp_status:[102]]` and `%#v` `"Nsp_status":[]string{"102"}`,
 * Java's `{Nsp-Status=[102]}`, Ruby's `{"nsp_status"=>["105"]}`, Python's header tuples
 * `('NSP_STATUS', '102')`, Node's raw header arrays `[ 'nsp_status', '102' ]`, and PHP's print_r
 * `[code] => 80300007`. Header names are case-insensitive. (The plain shapes, `NSP_STATUS: 102`,
 * `Nsp-Status=102`, `'NSP_STATUS': '102'`, `nsp_status => 102`, a `curl -i` dump, are key-value's.)
 */
import { CODE_END, type Detector, MAX_SIGHTINGS_PER_DETECTOR, marksOf } from './detector.js';
import { type FieldHit, fieldSightings, keyBefore, keyTail, NUMBER } from './field-key.js';

interface Shape {
  /**
   * Whether the text holds what every match holds: the shape is looked for only where it is there.
   * `",` is found by pattern after a one-character test: a short string whose first character is
   * everywhere (the quotes of JSON) is the slow case of includes.
   */
  readonly mark: (text: string) => boolean;
  /** The value and what wraps it, found first; group 1 is the number. */
  readonly value: RegExp;
  /** The key just before the value's match. */
  readonly key: RegExp;
}

const END = `${CODE_END}`;

const SHAPES: readonly Shape[] = [
  {
    // A one-element list or Go slice as the value: `Nsp_status:[102]`, `=>["105"]`, `:[]string{"102"}`.
    mark: (text) => text.includes('['),
    value: new RegExp(String.raw`(?:[:=]|=>)\s{0,3}(?:\[\]string\{|\[)\s{0,3}\\{0,8}["']?(${NUMBER})${END}\\{0,8}["']?\s{0,3}[\]}]`, 'gi'),
    key: keyTail(String.raw`\\{0,8}["']?`, String.raw`\\{0,8}["']?\s{0,3}`),
  },
  {
    // A (name, value) pair of quoted strings: Python's header tuples, Node's rawHeaders.
    mark: (text) => text.includes(',') && /["'],/.test(text),
    value: new RegExp(String.raw`,\s{0,3}["'](${NUMBER})["']`, 'gi'),
    key: keyTail(`["']`, String.raw`["']\s{0,3}`),
  },
  {
    // PHP print_r and var_dump: `[code] => 80300007`, `["code"]=> int(80300007)`.
    mark: (text) => text.includes('=>'),
    value: new RegExp(String.raw`\]\s{0,3}=>\s{0,3}(?:int\(|string\(\d{1,3}\)\s{0,3}")?(${NUMBER})${END}`, 'gi'),
    key: keyTail(String.raw`\[["']?`, `["']?`),
  },
];

export const headerShapeDetector: Detector = {
  name: 'header-shape',
  detect(text, tools) {
    const hits: FieldHit[] = [];
    // Every shape's value follows a bracket, quote, separator or space (TextMarks.freeDigit).
    for (const shape of marksOf(text, tools).freeDigit ? SHAPES : []) {
      // Full already: the shape's loop would stop before its first match, after a search of the text.
      if (hits.length >= MAX_SIGHTINGS_PER_DETECTOR * 2) break;
      if (!shape.mark(text)) continue;
      for (const m of text.matchAll(shape.value)) {
        if (hits.length >= MAX_SIGHTINGS_PER_DETECTOR * 2) break;
        const key = keyBefore(text, m.index, shape.key);
        if (!key) continue;
        hits.push({
          index: key.start,
          length: m.index + m[0].length - key.start,
          field: key.field,
          raw: m[1] as string,
          ...(key.byAlias ? { byAlias: true } : {}),
        });
      }
    }
    return fieldSightings(
      text,
      hits.sort((a, b) => a.index - b.index),
      tools,
    );
  },
};
