/**
 * A code typed in a hurry, glued to the field name before it or the one after it: `error6004pls`,
 * `ret-73`, `NSP_STATUS102`, `code:1101sub20155`, `sub_error57303error1302`,
 * `error=1101sub_error=20156`. Read with a space at each seam, as the typist meant it. Only a
 * message's or a question's text: a log's identifiers are its program's, not someone's haste.
 *
 * Only the names of error fields, and a number of two digits or more: `v3`, `oauth2`, `md5`, `x86`
 * and `build6004` stay one word, and a name inside a longer word (`secret12`, `qrcode128`) is none.
 */

/** Error field names, longest spelling first so the alternation takes the whole name. */
const KEY_NAMES = `error[_-]?code|errcode|err[_-]?code|sub[_-]?error|suberr|sub[_-]?err|sub|error|err|ret[_-]?code|retcode|ret|result[_-]?code|resultcode|nsp[_-]?status|status[_-]?code|code|flag`;

/** A name, then its number with nothing between (`error6004`, `ret-73`); a letter right after the number is a seam too (`6004pls`). */
const KEY_THEN_NUMBER = new RegExp(String.raw`(?<![a-z])(${KEY_NAMES})(-?\d{2,12})(?![\d.])(?=([a-z_]?))`, 'gi');
/** A number, then the name of the next field (`1101sub20155`, `1101sub_error=20156`). */
const NUMBER_THEN_KEY = new RegExp(String.raw`(?<![\w.])(-?\d{2,12})(?=(?:${KEY_NAMES})(?:[=:\s]|-?\d))`, 'gi');
/** OIDB glued to its command word (`oidb0x73a`), as `decode0x73a` is the source's own spelling and stays. */
const OIDB_COMMAND = /(?<![a-z])(oidb)(?=0x[0-9a-f])/gi;
/** What every glued text holds: a digit against a letter. */
const MAY_BE_GLUED = /[a-z]-?\d|\d[a-z]/i;

/**
 * A dash between a name and a short number is its minus (`ret-73`, `flag-24`: QQ's codes are
 * negative); before six digits or more it is a separator (`error-80100016`, `param error-225002`),
 * as the long codes are positive (and a negative one of six digits asked without its minus is still
 * found by its digits: `ret-182006`).
 */
function asWritten(code: string): string {
  return code.startsWith('-') && code.length > MAX_DASHED_NEGATIVE + 1 ? code.slice(1) : code;
}
const MAX_DASHED_NEGATIVE = 5;

export function unglueKeys(text: string): string {
  if (!MAY_BE_GLUED.test(text)) return text;
  return text
    .replace(KEY_THEN_NUMBER, (_, key: string, code: string, next: string) => `${key} ${asWritten(code)}${next ? ' ' : ''}`)
    .replace(NUMBER_THEN_KEY, '$1 ')
    .replace(OIDB_COMMAND, '$1 ');
}
