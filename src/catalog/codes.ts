/**
 * Code spellings: `100014`, `-4008`, `0x9b`, `0X9B`, and ranges `-500003 ~ -500009`, `0x10~0x11`.
 * A code is compared by spelling first (how people write it) and by value second (what it means).
 */

export interface CodeSpan {
  /** Lowest and highest value covered; equal for a single code. */
  readonly low: number;
  readonly high: number;
  readonly hex: boolean;
  readonly isRange: boolean;
  /** The spelling normalised for comparison: lower case, no spaces, ranges as `a~b`. */
  readonly spelling: string;
}

/** Longest digit string we treat as a number; longer digit runs are ids or hashes, not codes. */
export const MAX_CODE_DIGITS = 12;

const SINGLE = /^(-)?(?:0x([0-9a-f]+)|(\d+))$/;

/** A value as a hex table spells it: `0x11`, `-0x5`. */
export function hexSpelling(value: number): string {
  return `${value < 0 ? '-' : ''}0x${Math.abs(value).toString(16)}`;
}

/** Normalises how a single code is written: `0X9B` -> `0x9b`, `+5` is not a code. */
export function normaliseSpelling(raw: string): string {
  // Most spellings are normal already (`6004`, `0x9b`): returned as they are, without three string passes.
  if (isNormalSpelling(raw)) return raw;
  return raw.trim().toLowerCase().replace(/\s+/g, '');
}

/**
 * Whether the spelling has nothing to normalise: printable ASCII but space and the capitals (no
 * white space, which trim and the pattern take out; nothing toLowerCase changes).
 */
function isNormalSpelling(raw: string): boolean {
  for (let at = 0; at < raw.length; at += 1) {
    const c = raw.charCodeAt(at);
    if (c <= 32 || c >= 127 || (c >= 65 && c <= 90)) return false;
  }
  return true;
}

/** Value of a single code spelling, or undefined when it is not one (or too long to be a code). */
export function codeValue(spelling: string): { value: number; hex: boolean } | undefined {
  // Most numbers a scan reads are plain decimals (`6004`, `-4010`): read without the string passes.
  if (isPlainDecimal(spelling)) return { value: Number(spelling), hex: false };
  // A spelling already in normal form (`0x9b`: most of the rest) matches as it is.
  const match = SINGLE.exec(spelling) ?? SINGLE.exec(normaliseSpelling(spelling));
  if (!match) return undefined;
  const [, minus, hexDigits, decDigits] = match;
  const digits = hexDigits ?? decDigits ?? '';
  if (digits.length > MAX_CODE_DIGITS) return undefined;
  const magnitude = hexDigits !== undefined ? Number.parseInt(digits, 16) : Number.parseInt(digits, 10);
  return { value: minus ? -magnitude : magnitude, hex: hexDigits !== undefined };
}

/** `-?\d{1,12}` exactly, tested by hand (what SINGLE reads as decimal, with nothing to normalise). */
function isPlainDecimal(spelling: string): boolean {
  const start = spelling.charCodeAt(0) === 45 ? 1 : 0;
  const digits = spelling.length - start;
  if (digits < 1 || digits > MAX_CODE_DIGITS) return false;
  for (let at = start; at < spelling.length; at += 1) {
    const code = spelling.charCodeAt(at);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/** Parses a catalog code (single or range); undefined when it is not a code. */
export function parseCode(raw: string): CodeSpan | undefined {
  const spelling = normaliseSpelling(raw);
  const parts = spelling.split('~');
  if (parts.length > 2) return undefined;
  const values = parts.map(codeValue);
  const [first, second] = values;
  if (!first || values.some((v) => v === undefined)) return undefined;
  if (!second) return { low: first.value, high: first.value, hex: first.hex, isRange: false, spelling };
  return {
    low: Math.min(first.value, second.value),
    high: Math.max(first.value, second.value),
    hex: first.hex && second.hex,
    isRange: true,
    spelling,
  };
}
