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
