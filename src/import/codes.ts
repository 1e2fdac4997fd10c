/**
 * Codes as vendors print them in a table cell or at the start of a text row: `100014`, `-4008`,
 * `0x9b`, `0x00:`, `0x10~0x11`, `-500003 ~ -500009`, `0x32–0x36`. The spelling written to the
 * catalog is the source's, with the range mark normalised to `~`.
 */
import { codeValue, MAX_CODE_DIGITS } from '../catalog/codes.js';

const SINGLE = `-?(?:0[xX][0-9a-fA-F]{1,${MAX_CODE_DIGITS}}|\\d{1,${MAX_CODE_DIGITS}})`;
const RANGE_MARK = '\\s*(?:~|～|–|—|\\bto\\b|至)\\s*';
/** A code, or a range of codes, optionally followed by a colon. */
const CODE_AT_START = new RegExp(`^(${SINGLE})(?:(${RANGE_MARK})(${SINGLE}))?\\s*[:：]?(?=\\s|$)`);
const WHOLE_CELL = new RegExp(`^[\`"'“]?(${SINGLE})(?:(${RANGE_MARK})(${SINGLE}))?[\`"'”]?\\s*[:：]?$`);

export interface ParsedCode {
  /** The catalog spelling: `0x9b`, `-500003 ~ -500009`, `0x10~0x11`. */
  readonly code: string;
  readonly hex: boolean;
  /** The value of a single code (undefined for a range). */
  readonly value?: number;
}

function spelling(low: string, mark: string | undefined, high: string | undefined): ParsedCode {
  const hex = /0x/i.test(low);
  if (high === undefined || mark === undefined) return { code: low, hex, value: codeValue(low)?.value ?? 0 };
  const spaced = /\s/.test(mark);
  return { code: spaced ? `${low} ~ ${high}` : `${low}~${high}`, hex: hex && /0x/i.test(high) };
}

/** The code a whole cell holds, or undefined when the cell is not (only) a code. */
export function parseCodeCell(text: string): ParsedCode | undefined {
  const match = WHOLE_CELL.exec(text.trim());
  if (!match?.[1]) return undefined;
  return spelling(match[1], match[2], match[3]);
}

/** Up to `count` codes at the start of a text row, and the text after them. */
export function leadingCodes(line: string, count: number): { codes: ParsedCode[]; rest: string } {
  const codes: ParsedCode[] = [];
  let rest = line.trim();
  while (codes.length < count) {
    const match = CODE_AT_START.exec(rest);
    if (!match?.[1]) break;
    codes.push(spelling(match[1], match[2], match[3]));
    rest = rest.slice(match[0].length).trim();
  }
  return { codes, rest };
}

/** Does the text row start with a code followed by something (or nothing)? */
export function startsWithCode(line: string): boolean {
  return CODE_AT_START.test(line.trim());
}

/**
 * Two spellings of one code agree when they are equal, or one is the other read as an unsigned
 * 8-, 16- or 32-bit value (OIDB prints -1, 255 and 0xff for one code).
 */
export function sameCode(a: number, b: number): boolean {
  if (a === b) return true;
  const [neg, pos] = a < 0 ? [a, b] : [b, a];
  if (neg >= 0 || pos < 0) return false;
  return [2 ** 8, 2 ** 16, 2 ** 32].some((m) => neg + m === pos && pos < m);
}

/** The spelling of a value in the notation of another spelling: hex stays hex. */
export function spellLike(value: number, like: ParsedCode): string {
  if (!like.hex) return String(value);
  return `0x${value.toString(16).padStart(like.code.replace(/^-?0x/i, '').length, '0')}`;
}
