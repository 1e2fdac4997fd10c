/**
 * Numbers as they arrive read off a screen. An OCR tool, or a person retyping a dialog or a photo of
 * a log, reads a zero as the letter O (or o) and a one as l or I (`Error code: 6OO4`, `ret: l8`, `0x4l`,
 * `Ox45`); a word processor or a phone keyboard turns a typed minus into a dash (`ret = –73`). Where a
 * token can only be a misread number, its characters are restored, one for one, so offsets hold:
 *  - a token of digits and O, o, l, I with at least two digits and one such letter (`6OO4`, `l00014`,
 *    `22l005`, `-4O1O`): no word of any language is made of them, and a name with one digit (`O2`,
 *    `I5`) is left alone;
 *  - such a token with one digit right after a key's `:` or `=` (`ret: l8`, `ret=l7`);
 *  - `Ox` before hex digits (`Ox45`), and O, l, I inside a hex number (`0x4l`);
 *  - a dash (en dash, figure dash, hyphen characters) right before a digit after a space, `=`, `:`,
 *    `(` or a comma: the minus a dialog printed;
 *  - a JSON number a narrow screen wrapped (`"sub_error":201⏎55,`): JSON has no number with a line
 *    break in it, and the digits on the next line end at the value's comma or brace. This one joins
 *    the line, so the text is one character shorter there.
 * Every pattern is bounded: a token is at most MAX_TOKEN characters, and a token starts only where no
 * letter or digit is before it.
 */

const MAX_TOKEN = 24;

/** A letter OCR puts where a digit was, next to a digit. */
const MAY_HOLD_MISREAD = /[0-9][OolI]|[OolI][0-9]|Ox[0-9a-fA-F]|[\u2010-\u2013\ufe63][0-9]/;
const DIGIT_LIKE_TOKEN = new RegExp(`(?<![\\w.])[0-9OolI]{2,${MAX_TOKEN}}(?![\\w])`, 'g');
const OCR_HEX = /(?<!\w)[O0]x[0-9a-fA-FOlI]{1,16}(?!\w)/g;
const DASH_MINUS = /(?<=^|[\s=:(,\uff08\uff0c\uff1a])[\u2010-\u2013\ufe63](?=[0-9])/g;
const KEY_BEFORE = /[:=]\s{0,3}$/;
const WRAPPED_JSON_NUMBER = /("[A-Za-z_]{1,40}"[ \t]{0,3}:[ \t]{0,3}-?\d{1,12})\n(\d{1,12})(?=[ \t]{0,3}[,}\]])/g;
const MAY_HOLD_WRAPPED = /\d\n\d/;

export function restoreMisread(written: string): string {
  const text = MAY_HOLD_WRAPPED.test(written) ? written.replace(WRAPPED_JSON_NUMBER, '$1$2') : written;
  if (!MAY_HOLD_MISREAD.test(text)) return text;
  return text
    .replace(DIGIT_LIKE_TOKEN, (token, offset: number) => (misreadNumber(token, text, offset) ? asDigits(token) : token))
    .replace(OCR_HEX, (token) => (hasMisreadHexDigit(token) ? `0x${asDigits(token.slice(2))}` : token))
    .replace(DASH_MINUS, '-');
}

function misreadNumber(token: string, text: string, offset: number): boolean {
  let digits = 0;
  let letters = 0;
  for (let i = 0; i < token.length; i += 1) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) digits += 1;
    else letters += 1;
  }
  if (letters === 0) return false;
  if (digits >= 2) return true;
  return digits === 1 && KEY_BEFORE.test(text.slice(Math.max(0, offset - 4), offset));
}

/**
 * `Ox45` (its prefix misread; `Oxford` never gets here, its `o` ends the hex run) or `0x4l` (a digit
 * misread); a plain `0x4f` is left as it is.
 */
function hasMisreadHexDigit(token: string): boolean {
  return token.startsWith('O') || /[OlI]/.test(token.slice(2));
}

function asDigits(token: string): string {
  return token.replace(/[Oo]/g, '0').replace(/[lI]/g, '1');
}
