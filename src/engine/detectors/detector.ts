/** What every paste detector supplies. Each one finds one kind of evidence; the registry orders them. */
import type { CodeIndex } from '../code-index.js';
import type { LowerText } from '../lower-text.js';
import type { Sighting } from '../score.js';

export interface DetectorTools {
  readonly codes: CodeIndex;
  /** The detected text's lower case, shared by every detector of a scan (without it, each piece is lowered anew). */
  readonly lower?: LowerText;
  /** What the detected text holds, looked for once per scan and shared (without it, each detector looks anew). */
  readonly marks?: TextMarks;
  /** The catalogs' endpoints, to read which one a line's URL names (ContextReader); without it, statuses keep the whole text's. */
  readonly endpoints?: EndpointNames;
}

/** What the catalogs' endpoint URLs say of a text: the tables (`catalog:section`) whose path or nsp_svc it holds. */
export interface EndpointNames {
  /** `textLength`: the whole text's, as short as a typed question or not (a typed path may hold a typo). */
  urlTablesIn(lower: string, textLength: number): ReadonlySet<string>;
}

export interface Detector {
  readonly name: string;
  /** Sightings in `text` (already bounded in size by the caller). */
  detect(text: string, tools: DetectorTools): Sighting[];
}

/**
 * A digit at the text's start or after a character that is no ASCII letter, digit or `_`. Every
 * number the field, header, table, status, error-word and bare-code detectors read starts so (a `-`,
 * `0x`, quote, bracket, separator or space before its first digit); only a key written straight
 * before its value (`ret17`, `code6004`, OIDB's `ret` after its command) needs none.
 */
const FREE_DIGIT = /\b\d/;

/**
 * What a text holds that detectors test before their patterns, each looked for on first use and
 * then known for every detector of the scan: one pass over a long paste, not one per detector (a
 * pattern that finds nothing still reads the whole text).
 */
export class TextMarks {
  private freeDigitFound: boolean | undefined;

  constructor(readonly text: string) {}

  /** Whether a number may start anywhere but straight after a letter (FREE_DIGIT). */
  get freeDigit(): boolean {
    this.freeDigitFound ??= FREE_DIGIT.test(this.text);
    return this.freeDigitFound;
  }
}

/** The scan's marks when they are the text's, else the text's own. */
export function marksOf(text: string, tools: DetectorTools): TextMarks {
  return tools.marks?.text === text ? tools.marks : new TextMarks(text);
}

/** Most sightings one detector reports for one message; a paste with more is a dump, not a question. */
export const MAX_SIGHTINGS_PER_DETECTOR = 200;

/**
 * Invisible characters (zero-width space and joiners, word joiner, BOM, soft hyphen, bidi controls),
 * for a regex character class. Between digits they hide a split: `8030\u200b0007` reads as 80300007.
 * A number with one of them and more of its token after it (or before it) does not end (or start)
 * there: neither the joined digits nor a fragment is a code.
 */
export const INVISIBLE = String.raw`\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff`;
const INVISIBLE_ANY = new RegExp(`[${INVISIBLE}]`);
const INVISIBLE_BETWEEN_DIGITS = new RegExp(`(?<=\\d)[${INVISIBLE}]+(?=\\d)`, 'g');

/**
 * A question's digits joined across invisible characters (`60180\u200b005` is 60180005): someone who
 * asks about a code sees one number, copied with a zero-width space from a web page or a chat client.
 * A pasted text keeps them (CODE_END): nobody vouches for what a paste's hidden characters split.
 */
export function joinDigitsAcrossInvisible(question: string): string {
  return INVISIBLE_ANY.test(question) ? question.replace(INVISIBLE_BETWEEN_DIGITS, '') : question;
}

/**
 * Where a code ends in a pattern: no letter, digit or underscore next, invisible characters looked
 * through, and no decimal point (`ret=1.5`, `6.11.0`); a sentence's full stop (`shows ret=221005.`)
 * is not one.
 */
export const CODE_END = String.raw`(?![${INVISIBLE}]*(?:[0-9a-z_]|\.[0-9a-z_]))`;

/** Characters either side of a code read as its "nearby" text (message fields, companion codes). */
export const NEARBY_RADIUS = 300;

/** `lower`: the text's lower case (DetectorTools.lower), when the caller has it. */
export function nearbyText(text: string, index: number, length: number, lower?: LowerText): string {
  const start = Math.max(0, index - NEARBY_RADIUS);
  const end = index + length + NEARBY_RADIUS;
  return lower ? lower.slice(start, end) : text.slice(start, end).toLowerCase();
}

/**
 * The target of a request written on a line: a URL, an nsp_svc, or a path of two segments and more
 * or with a query (`POST /v3/gamecenter/achievement`, `/rest.php?nsp_svc=…`). A slash after a
 * letter or digit (`2/3`, `10/22`, `and/or`) is none.
 */
const REQUEST_TARGET = /https?:\/\/[^\s"'<>]|nsp_svc=|(?<![\p{L}\p{N}_.~-])\/[\w.~%-]+(?:\/[\w.~%:-]|\?)/u;
/** Characters read above an HTTP status for its request line: a request's headers, not the log before it. */
const REQUEST_LOOKBACK = 2000;

/**
 * The endpoint tables named by the request an HTTP status at `index` answers: its own line's URL,
 * else the nearest line above that holds one (`GET …/oauth2/v3/certs` over `<- HTTP/1.1 503`).
 * Empty when that request is to no catalog's endpoint (push's messages:send has no status rows);
 * undefined when no line near it names a request, or the endpoints are not known (then the whole
 * text's URLs place it, as before). A status belongs to its own request: `POST …/messages:send ->
 * 503` above `GET …/oauth2/v3/token -> 200` is no 503 of the token endpoint.
 */
export function requestTablesAt(text: string, index: number, tools: DetectorTools): ReadonlySet<string> | undefined {
  const { endpoints } = tools;
  if (!endpoints) return undefined;
  const floor = Math.max(0, index - REQUEST_LOOKBACK);
  // The status's own line, read no further than the look-back either side (a one-line JSON dump is no line).
  const lineEnd = text.indexOf('\n', index);
  let start = Math.max(text.lastIndexOf('\n', index - 1) + 1, floor);
  let end = Math.min(lineEnd === -1 ? text.length : lineEnd, index + REQUEST_LOOKBACK);
  for (;;) {
    const line = text.slice(start, end);
    if (REQUEST_TARGET.test(line))
      return endpoints.urlTablesIn(tools.lower ? tools.lower.slice(start, end) : line.toLowerCase(), text.length);
    if (start <= floor) return undefined;
    end = start - 1;
    start = text.lastIndexOf('\n', end - 1) + 1;
    if (start < floor) return undefined;
  }
}

/**
 * A number that may be an HTTP status (100 to 599), found by its reason phrase or an error word
 * (`415 Unsupported Media Type`, `erorr 502 from …`) rather than a status field: where it reaches a
 * status row, that row is its own request's too. The fields to spread into its sighting.
 */
export function requestOfStatus(text: string, index: number, value: number, tools: DetectorTools): { requestTables?: ReadonlySet<string> } {
  if (value < 100 || value > 599) return {};
  const requestTables = requestTablesAt(text, index, tools);
  return requestTables ? { requestTables } : {};
}
