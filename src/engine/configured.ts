/**
 * Codes a text configures rather than reports: a config's list of codes (to retry on, to alert
 * on, to ignore: any key a config names so), or a line stating a retry policy.
 *
 *     retry_on:
 *       - 80300007
 *       - 100014
 *     retry_codes: [6004, 100014]
 *     'retry_on' => array ( 0 => 80200003, 1 => 1302 )
 *     DEBUG retry policy: will retry on 80300007, 80100003
 *
 * Nothing failed there: the program knows the codes, as a `case` label knows one (bare-code.ts). A
 * code the text also writes anywhere else (`ERROR push failed: 80300007` under the config) is read
 * as ever, and `retrying on 80300007`, `the retry on 80300007 failed`, `3 retries on 80300007` tell
 * of a code met, not of a policy.
 */

import { MESSAGE_TEXT_LIMIT } from './tokens.js';

const CODE = String.raw`-?(?:0x[0-9a-f]{1,8}|\d{1,12})`;

/** A YAML block sequence item of one number: `  - 80300007`, `- "6004"  # token invalid`. Group 3 is the number. */
const LIST_ITEM = new RegExp(String.raw`^([ \t]*)-[ \t]+(["']?)(${CODE})\2[ \t]*(?:#[^\n]*)?$`, 'gim');
/** Another item of a sequence, a blank line or a comment: passed over on the way up to the key. */
const ITEM_OR_BLANK = /^[ \t]*(?:-[ \t]|#|$)/;
/** A mapping key alone on its line, its value the block below: `retry_on:`, `"onCodes":`. Group 1 is its indent, 2 the key. */
const KEY_LINE = /^([ \t]*)([A-Za-z_][\w.-]{0,60}|"[^"\n]{1,60}"|'[^'\n]{1,60}'):[ \t]*(?:#[^\n]*)?$/;
/** A key as a config names one: snake, kebab, dotted or camel case, or quoted (not `errors:` over a chat's bullets). */
const CONFIG_KEY = /[_.\-"']|[a-z][A-Z]/;
/** A nested `key: value` line: the text is a YAML document, whatever its keys are called. */
const NESTED_MAPPING = /^[ \t]+[A-Za-z_][\w.-]{0,60}:[ \t]+\S/m;

/**
 * Retry said of codes: `retry on`, `retries on`, `retryable`, `non-retryable codes`, `retry_on`,
 * `retryOn`, `retry policy`, `retry codes`. Not `retrying` or `retried`: those tell what happened.
 */
const RETRY_PHRASE =
  /(?<![A-Za-z0-9-])(?:non[ _-]?)?retr(?:y|ies|yable|iable)(?:[ \t_-]*(?:policy|codes?|errors?|status(?:es)?|on|for|when|if|list|set))*(?![A-Za-z0-9])/gi;
/** Where the phrase's list opens: a separator, a bracket, PHP's `' => array (`. */
const LIST_OPENING = /["']?[ \t]*(?:(?:=>|[:=])[ \t]*)?(?:(?:\r?\n[ \t]*)?array[ \t]*)?[[(]?[ \t]*/y;
/** A bracketed list printed over lines (var_export, a pretty-printer): between its elements, line breaks too. */
const LIST_SEPARATOR_IN_BRACKETS = /\s*,\s*/y;
const OPENS_BRACKET = /[[(][ \t]*$/;
const BLANK = /\s*/y;
/**
 * One element of the list: the number, as a code, error or status may be named before it (`retry on
 * error 80300007`), or its index (`0 => 80200003`, as PHP's var_export prints a list).
 */
const LIST_ELEMENT = new RegExp(
  String.raw`(?:\d{1,3}[ \t]*=>[ \t]*)?(?:(?:error|code|status|ret)s?[ \t]+)?(["']?)(${CODE})\1(?![\w.])`,
  'iy',
);
/** Between elements: a comma, slash, bar, semicolon, `and`, `or`, `&` (not a space: `retry on 80300007 2 times` lists one code). */
const LIST_SEPARATOR = /[ \t]*(?:[,/|;&][ \t]*(?:(?:and|or)[ \t]+)?|[ \t](?:and|or)[ \t]+)/iy;
/** A noun's determiner or a count before the phrase: `the retry on …`, `3 retries on …` tell of retries made. */
const NOUN_BEFORE = /(?:^|[^A-Za-z0-9])(?:the|a|an|each|every|one|this|that|first|second|third|last|next|no|all|\d+)[ \t]+$/i;
/** A modal, negation or subject before the verb: a rule (`will retry on`, `never retry on`, `the SDK retries on`). */
const RULE_BEFORE =
  /(?:^|[^A-Za-z0-9])(?:will|would|should|shall|must|can|always|never|only|also|then|to|don'?t|do not|does not|doesn'?t|we|it|sdk|client|server|worker|policy:?)[ \t]+$/i;
/** After the list, nothing but its closing and punctuation to the line's end. */
const LIST_ENDS_LINE = /^[ \t\])}"',.;]*(?:#[^\n]*)?$/;
/** Characters read after a list for the rest of its line. */
const LINE_REST_READ = 80;

/**
 * The codes (as written, lower case) a text writes only where it configures them; else none.
 * `among`: the codes asked about (lower case), when only those matter (a scan's sightings).
 */
export function configuredCodes(text: string, among?: ReadonlySet<string>): ReadonlySet<string> {
  const at = new Map<string, Set<number>>();
  const add = (code: string, index: number) => {
    const key = code.toLowerCase();
    if (among && !among.has(key)) return;
    let places = at.get(key);
    if (!places) {
      places = new Set();
      at.set(key, places);
    }
    places.add(index);
  };
  if (text.includes('- ')) for (const [code, index] of listItemsUnderKeys(text)) add(code, index);
  if (/retr/i.test(text)) for (const [code, index] of retryPolicyCodes(text)) add(code, index);
  // A rule under review or a silence is a message: a megabyte of log is not searched for the two words.
  if (text.length <= MESSAGE_TEXT_LIMIT && (text.includes('alert:') || text.includes('matchers')))
    for (const [code, index] of alertingCodes(text)) add(code, index);
  if (at.size === 0) return NONE;
  const elsewhere = writtenElsewhere(text, at);
  const codes = new Set<string>();
  for (const code of at.keys()) if (!elsewhere.has(code)) codes.add(code);
  return codes;
}

const NONE: ReadonlySet<string> = new Set();

/** A Prometheus alerting rule's opening line (`- alert: HwPushOauthExpired`) and its query (`expr: …`). */
const ALERT_RULE = /^([ \t]*)(?:-[ \t]+)?alert:[ \t]*\S/;
const RULE_EXPR = /^[ \t]+expr:/m;
/** An Alertmanager silence's matchers (`matchers: errcode="80300007", job="push-gateway"`). */
const SILENCE_MATCHERS = /^[ \t]*matchers?:[^\n]*/gim;
const CODE_IN_LINE = new RegExp(String.raw`(?<![\w.])${CODE}(?![\w.])`, 'gi');

/**
 * Codes an alerting rule or a silence is written for: every code of a rule's block (its `expr:`
 * label matchers, its annotations' `HMS push returns 80200003`) up to the next line as far in, and
 * a silence's matchers. The rule says when to page, the silence whom not to: neither met the code.
 */
function* alertingCodes(text: string): Generator<[string, number]> {
  if (RULE_EXPR.test(text)) {
    const lines = text.split('\n');
    let offset = 0;
    let ruleIndent = -1;
    for (const line of lines) {
      const rule = ALERT_RULE.exec(line);
      if (rule) ruleIndent = indentOf(rule[1] as string);
      else if (
        ruleIndent >= 0 &&
        (line.trim().length === 0 ||
          line.trimStart().startsWith('`') ||
          indentOf(line.slice(0, line.length - line.trimStart().length)) <= ruleIndent)
      )
        ruleIndent = -1;
      if (ruleIndent >= 0) for (const m of line.matchAll(CODE_IN_LINE)) yield [m[0], offset + (m.index as number)];
      offset += line.length + 1;
    }
  }
  for (const matchers of text.matchAll(SILENCE_MATCHERS)) {
    for (const m of matchers[0].matchAll(CODE_IN_LINE)) yield [m[0], (matchers.index as number) + (m.index as number)];
  }
}

/** Of `items` (sightings, each with its code as written), those not configured (configuredCodes); possibly none. */
export function withoutConfigured<T extends { readonly raw: string }>(items: T[], configured: ReadonlySet<string>): T[] {
  return configured.size === 0 ? items : items.filter((s) => !configured.has(s.raw.toLowerCase()));
}

/** Numbers of YAML sequences under a config's key, with where each starts. */
function* listItemsUnderKeys(text: string): Generator<[string, number]> {
  // Looked for only when an item's key alone does not settle it: the pattern tries every line
  // start of a long log that has a `- ` somewhere (an arrow, `<- 400`) but no list at all.
  let yamlDocument: boolean | undefined;
  const isYamlDocument = () => {
    yamlDocument ??= NESTED_MAPPING.test(text);
    return yamlDocument;
  };
  // The items of a sequence come one after another: each reads up only to the one before it.
  let previous: { end: number; key: Key | undefined } | undefined;
  for (const m of text.matchAll(LIST_ITEM)) {
    const indent = indentOf(m[1] as string);
    const key = keyAbove(text, m.index, previous);
    previous = { end: m.index + m[0].length, key };
    if (!key || key.indent > indent) continue;
    if (!(key.indent > 0 || CONFIG_KEY.test(key.name) || isYamlDocument())) continue;
    // The number's first digits after the dash: only spaces and a quote are between them.
    const code = m[3] as string;
    yield [code, m.index + m[0].indexOf(code, (m[1] as string).length + 1)];
  }
}

interface Key {
  readonly indent: number;
  readonly name: string;
}

const indentOf = (space: string) => space.replace(/\t/g, '  ').length;

/**
 * The key line a sequence item at `lineStart` belongs to, over the sequence's other items, blank
 * lines and comments; reaching the item read before (`previous`), its key.
 */
function keyAbove(text: string, lineStart: number, previous: { end: number; key: Key | undefined } | undefined): Key | undefined {
  let end = lineStart - 1;
  // Lines read up at most: a longer run of items and blank lines is read no further.
  for (let lines = 0; end >= 0 && lines < 200; lines += 1) {
    if (previous && end <= previous.end) return previous.key;
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (!ITEM_OR_BLANK.test(line)) {
      const key = KEY_LINE.exec(line);
      return key ? { indent: indentOf(key[1] as string), name: key[2] as string } : undefined;
    }
    end = start - 1;
  }
  return undefined;
}

/** Numbers listed after a retry phrase stated as a rule, with where each starts. */
function* retryPolicyCodes(text: string): Generator<[string, number]> {
  for (const m of text.matchAll(RETRY_PHRASE)) {
    const window = text.slice(Math.max(0, m.index - 24), m.index);
    const before = window.slice(window.lastIndexOf('\n') + 1);
    if (NOUN_BEFORE.test(before)) continue;
    LIST_OPENING.lastIndex = m.index + m[0].length;
    const opening = LIST_OPENING.exec(text)?.[0] ?? '';
    let from = LIST_OPENING.lastIndex;
    const bracketed = OPENS_BRACKET.test(opening);
    if (bracketed) {
      // The first element may stand on the next line.
      BLANK.lastIndex = from;
      BLANK.exec(text);
      from = BLANK.lastIndex;
    }
    const separated = /[:=]/.test(text.slice(m.index + m[0].length, from));
    const listed: Array<[string, number]> = [];
    for (;;) {
      LIST_ELEMENT.lastIndex = from;
      const element = LIST_ELEMENT.exec(text);
      if (!element) break;
      const code = element[2] as string;
      listed.push([code, element.index + element[0].length - code.length - (element[1] as string).length]);
      from = LIST_ELEMENT.lastIndex;
      const separator = bracketed ? LIST_SEPARATOR_IN_BRACKETS : LIST_SEPARATOR;
      separator.lastIndex = from;
      if (!separator.exec(text)) break;
      from = separator.lastIndex;
    }
    if (listed.length === 0) continue;
    const last = listed[listed.length - 1] as [string, number];
    const listEnd = last[1] + last[0].length;
    // A rule, not a story: a key or an adjective (`retry_on:`, `retryable codes`), a modal or a
    // subject before the verb, two codes and more, or a list that ends its line. `retry on 80300007
    // doesn't help` reports the code.
    const rule =
      separated || /able|[_-]|[a-z][A-Z]/.test(m[0]) || RULE_BEFORE.test(before) || listed.length >= 2 || listEndsLine(text, listEnd);
    if (rule) yield* listed;
  }
}

/** Whether only a list's closing and punctuation follow `listEnd` on its line, read a little way (a line going on past that holds more). */
function listEndsLine(text: string, listEnd: number): boolean {
  const after = text.slice(listEnd, listEnd + LINE_REST_READ);
  const newline = after.indexOf('\n');
  if (newline >= 0) return LIST_ENDS_LINE.test(after.slice(0, newline));
  return listEnd + LINE_REST_READ >= text.length && LIST_ENDS_LINE.test(after);
}

/**
 * Of the codes configured at their places, those the text also writes somewhere else, read in one
 * pass over its numbers (a code per pass read the whole text once per code). The reading is looser
 * than a detector's: `-6004` and `x6004` count as writing 6004, which keeps the code (the safe side).
 */
function writtenElsewhere(text: string, at: ReadonlyMap<string, ReadonlySet<number>>): Set<string> {
  const elsewhere = new Set<string>();
  const written = (code: string, index: number) => {
    const places = at.get(code);
    if (places && !places.has(index)) elsewhere.add(code);
  };
  for (const m of text.matchAll(DIGITS)) {
    written(m[0], m.index);
    if (text.charCodeAt(m.index - 1) === MINUS) written(`-${m[0]}`, m.index - 1);
  }
  if ([...at.keys()].some((code) => code.includes('x'))) {
    for (const m of text.matchAll(HEX)) {
      const code = m[0].toLowerCase();
      written(code, m.index);
      if (code.startsWith('-')) written(code.slice(1), m.index + 1);
    }
  }
  return elsewhere;
}

const DIGITS = /\d+/g;
const HEX = /-?0x[0-9a-f]+/gi;
const MINUS = 45;
