/**
 * ASCII character classes by UTF-16 code, for the loops that read text character by character
 * (a regex test or a one-character slice per character costs several times more there).
 */
export const isAsciiDigit = (code: number): boolean => code >= 48 && code <= 57;
/** `[A-Z]`. */
export const isAsciiUpper = (code: number): boolean => code >= 65 && code <= 90;
export const isAsciiLetter = (code: number): boolean => isAsciiUpper(code) || (code >= 97 && code <= 122);
/** `[A-Za-z0-9]`. */
export const isAsciiAlnum = (code: number): boolean => isAsciiDigit(code) || isAsciiLetter(code);
