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

export interface Shape {
  /**
   * Whether the text holds what every match holds: the shape is looked for only where it is there.
   * `",` is found by pattern after a one-character test: a short string whose first character is
   * everywhere (the quotes of JSON) is the slow case of includes.
   */
  readonly mark: (text: string) => boolean;
  /** The value and what wraps it, found first; group 1 is the number. */
  readonly value: RegExp;
  /**
   * Where a match of `value` may start, from each place of a character every match holds (its
   * `from`: the last match's end, as matches do not overlap), in text order: the pattern is then
   * tried only there. Without it, the pattern searches the text.
   */
  readonly startsFrom?: (text: string, from: number) => Generator<number>;
  /** The key just before the value's match. */
  readonly key: RegExp;
}

const END = `${CODE_END}`;

export const SHAPES: readonly Shape[] = [
  {
    // A one-element list or Go slice as the value: `Nsp_status:[102]`, `=>["105"]`, `:[]string{"102"}`.
    mark: (text) => text.includes('['),
    value: new RegExp(String.raw`(?:[:=]|=>)\s{0,3}(?:\[\]string\{|\[)\s{0,3}\\{0,8}["']?(${NUMBER})${END}\\{0,8}["']?\s{0,3}[\]}]`, 'gi'),
    // From each `[`, back over the spaces to the separator: a log's every `:` and `=` (times,
    // pairs) was a place the pattern was tried, where its `[` tags are few.
    startsFrom: separatorsBeforeBrackets,
    key: keyTail(String.raw`\\{0,8}["']?`, String.raw`\\{0,8}["']?\s{0,3}`),
  },
  {
    // A (name, value) pair of quoted strings: Python's header tuples, Node's rawHeaders.
    mark: (text) => text.includes(',') && /["'],/.test(text),
    value: new RegExp(String.raw`,\s{0,3}["'](${NUMBER})["']`, 'gi'),
    key: keyTail(`["']`, String.raw`["']\s{0,3}`),
  },
  {
    // PHP print_r and var_dump: `[code] => 80300007`, `["code"]=> int(80300007)`; a Lua table's dump:
    // `[ret]=-4009`, `["ret"] = -4009`.
    mark: (text) => text.includes('=>') || text.includes(']=') || text.includes('] ='),
    value: new RegExp(String.raw`\]\s{0,3}=>?\s{0,3}(?:int\(|string\(\d{1,3}\)\s{0,3}")?(${NUMBER})${END}`, 'gi'),
    key: keyTail(String.raw`\[["']?`, `["']?`),
  },
  {
    // A .NET dictionary's entries as its ToString prints them: `{ [code, 80300010], [msg, …] }`.
    mark: (text) => text.includes('[') && text.includes(','),
    value: new RegExp(String.raw`,\s{0,3}(${NUMBER})\s{0,3}\]`, 'gi'),
    // From each `]`, back over the number to its comma: a log's commas are many, its `]`s few.
    startsFrom: commasBeforeClosingBrackets,
    key: keyTail(String.raw`\[\s{0,3}`, String.raw`\s{0,3}`),
  },
];

/** Where `,\s{0,3}NUMBER\s{0,3}\]` may start: from each `]`, back over spaces, the number and spaces to a comma. */
function* commasBeforeClosingBrackets(text: string, from: number): Generator<number> {
  for (let bracket = text.indexOf(']', from); bracket >= 0; bracket = text.indexOf(']', bracket + 1)) {
    let at = bracket - 1;
    for (let spaces = 0; spaces < 3 && at >= from && isWhiteSpace(text.charCodeAt(at)); spaces += 1) at -= 1;
    // A number ends with a digit, or a hex digit (most `]`s of a log close a word: `[http]`, `[push]`).
    if (at < from || !isHexDigit(text.charCodeAt(at))) continue;
    const numberEnd = at;
    while (
      at >= from &&
      at > numberEnd - 14 &&
      (isHexDigit(text.charCodeAt(at)) || text.charCodeAt(at) === 120 || text.charCodeAt(at) === 45)
    )
      at -= 1;
    for (let spaces = 0; spaces < 3 && at >= from && isWhiteSpace(text.charCodeAt(at)); spaces += 1) at -= 1;
    if (at >= from && text.charCodeAt(at) === 44) yield at;
  }
}

/**
 * Where `(?:[:=]|=>)\s{0,3}\[` may start: at each `[` from `from` on, its separator (`:`, `=`, or the
 * `=` of `=>`) read back over at most three white-space characters. In text order: each start lies
 * between the `[` before it and its own.
 */
function* separatorsBeforeBrackets(text: string, from: number): Generator<number> {
  for (let bracket = text.indexOf('[', from); bracket >= 0; bracket = text.indexOf('[', bracket + 1)) {
    let at = bracket - 1;
    for (let spaces = 0; spaces < 3 && at >= from && isWhiteSpace(text.charCodeAt(at)); spaces += 1) at -= 1;
    if (at < from) continue;
    const code = text.charCodeAt(at);
    if (code === 58 || code === 61) yield at;
    else if (code === 62 && at - 1 >= from && text.charCodeAt(at - 1) === 61) yield at - 1;
  }
}
const isHexDigit = (code: number) => (code >= 48 && code <= 57) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
const WHITE_SPACE = /\s/;
/** `\s` of a character code: ASCII by its code (a log's spaces before its `[tag]`s), the rest by the pattern. */
const isWhiteSpace = (code: number) =>
  code === 32 || (code >= 9 && code <= 13) || (code >= 0xa0 && WHITE_SPACE.test(String.fromCharCode(code)));

/** The matches of a shape's value, in text order, as matchAll finds them. */
export function* valueMatches(text: string, shape: Shape): Generator<RegExpExecArray> {
  const { value, startsFrom } = shape;
  if (!startsFrom) {
    yield* text.matchAll(value);
    return;
  }
  const sticky = stickyOf(value);
  let from = 0;
  let starts = startsFrom(text, from);
  for (let next = starts.next(); !next.done; next = starts.next()) {
    sticky.lastIndex = next.value;
    const m = sticky.exec(text);
    if (!m) continue;
    yield m;
    // Matches do not overlap: the next starts at or after this one's end.
    from = m.index + m[0].length;
    starts = startsFrom(text, from);
  }
}

const stickies = new WeakMap<RegExp, RegExp>();
function stickyOf(pattern: RegExp): RegExp {
  let sticky = stickies.get(pattern);
  if (!sticky) {
    sticky = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}y`);
    stickies.set(pattern, sticky);
  }
  return sticky;
}

export const headerShapeDetector: Detector = {
  name: 'header-shape',
  detect(text, tools) {
    const hits: FieldHit[] = [];
    // Every shape's value follows a bracket, quote, separator or space (TextMarks.freeDigit).
    for (const shape of marksOf(text, tools).freeDigit ? SHAPES : []) {
      // Full already: the shape's loop would stop before its first match, after a search of the text.
      if (hits.length >= MAX_SIGHTINGS_PER_DETECTOR * 2) break;
      if (!shape.mark(text)) continue;
      for (const m of valueMatches(text, shape)) {
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
