/**
 * Credentials pasted into a channel along with an error: the bot never echoes them, and tells the
 * poster to rotate them. Detection is by field name (`access_token=…`, `"password": "…"`) and by
 * the shapes of well-known tokens (JWTs, Slack and cloud keys, webhook URLs, private keys).
 *
 * Every pattern here runs in time linear in the text, whatever the text: a pattern either starts
 * with a literal and reads a bounded stretch after it, or starts only where a run of token
 * characters starts (a lookbehind) and consumes that run once. A pattern such as
 * `eyJ[\w-]{8,2048}\.` does neither: on a megabyte of `eyJ-eyJ-…` it retries from every `eyJ`
 * and reads 2 KB each time, which is how one paste once froze the bot for seconds. On top of
 * that each message has a hard budget: text past it is withheld, not passed on unread.
 *
 * A pattern that starts with a lookbehind or a common letter makes the regex engine stop at nearly
 * every character, so the token shapes are not searched for as such: a quick native search for a
 * character or literal every match must hold (the `//` of `://`, the `BEGIN ` of `-----BEGIN `, the
 * `x` of `xoxb-`, the `J` of `eyJ` and the dot after it, the dots of a Discord token) finds the few
 * places a match can start, and the pattern, sticky, is tried there only. The field-name words
 * (`token`, `password`, …) are found the same way, by a rarer letter in each (src/anchored-words.ts).
 * Same pattern, same places it can match, so the same matches in the same order as a scan of the
 * whole text; where such places are too many to be worth trying one by one, the pattern scans the
 * text itself.
 */
import { AnchoredWords, WORD_SLOTS, type WordStarts } from './anchored-words.js';
import { isAsciiAlnum, isAsciiLetter } from './char-codes.js';
import { runSteps, runStepsSliced, type SliceOptions, type Steps } from './engine/steps.js';

export type SecretKind =
  | 'access-token'
  | 'refresh-token'
  | 'id-token'
  | 'client-secret'
  | 'push-token'
  | 'password'
  | 'bearer'
  | 'jwt'
  | 'slack-token'
  | 'discord-token'
  | 'webhook-url'
  | 'cloud-key'
  | 'private-key'
  | 'session-cookie';

export interface RedactionResult {
  readonly text: string;
  readonly found: readonly SecretKind[];
}

export const REDACTED = '[redacted]';

/** Characters read per message, at most; the rest is withheld (fail closed). */
export const REDACTION_TEXT_LIMIT = 4 * 1024 * 1024;
/** Candidate sites (field names, token starts) examined per message, at most; past it the rest is withheld. */
export const REDACTION_SITE_LIMIT = 20_000;
const WITHHELD = '[withheld: message too long to check for credentials]';

interface Span {
  start: number;
  end: number;
  kind: SecretKind;
}

/** A token run starts here: the character before it cannot belong to a token. */
const TOKEN_START = String.raw`(?<![A-Za-z0-9_\-])`;

/** Token characters, as a table: TOKEN_START by hand. */
const TOKEN_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-') TOKEN_CHAR[c.charCodeAt(0)] = 1;
const isTokenChar = (code: number) => code < 128 && TOKEN_CHAR[code] === 1;
/** What TOKEN_START asserts at `at` (at the start of the text too: charCodeAt(-1) is NaN). */
const startsToken = (text: string, at: number) => !isTokenChar(text.charCodeAt(at - 1));

/** Token shapes that are credentials wherever they appear; the kind is told by the prefix. */
const SHAPES = new RegExp(
  TOKEN_START +
    `(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-[A-Za-z0-9-]{10,}|xwfp-[A-Za-z0-9-]{10,}` +
    `|(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])|AIza[A-Za-z0-9_-]{35}` +
    `|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,}` +
    `|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|[sr]k_live_[A-Za-z0-9]{16,}|npm_[A-Za-z0-9]{36}` +
    String.raw`|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})`,
  'g',
);

function shapeKind(token: string): SecretKind {
  if (token.startsWith('eyJ')) return 'jwt';
  if (token.startsWith('x')) return 'slack-token';
  return 'cloud-key';
}

/** Discord bot tokens: base64 user id, timestamp, HMAC. Fixed lengths keep each try short. */
const DISCORD_TOKEN = new RegExp(`${TOKEN_START}[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])`, 'g');

/** Incoming-webhook URLs carry their own secret in the path. */
const WEBHOOK_URL =
  /https?:\/\/(?:hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+|(?:[a-z]{1,12}\.)?discord(?:app)?\.com\/api(?:\/v\d{1,2})?\/webhooks\/\d+\/[A-Za-z0-9_-]+)/gi;

/** `Authorization: Bearer …`, `Basic …`. */
const AUTH_SCHEME = /(?<![A-Za-z0-9_-])(?:bearer|basic)[ \t]{1,8}([A-Za-z0-9+/=._~-]{12,})/gi;
/** Where AUTH_SCHEME can start: its words, found without the lookbehind that would slow the search. */
const AUTH_WORD = /bearer|basic/gi;
/**
 * AUTH_WORD's words, `secret` and the `orization` of `authorization` (two of FIELD_CORE's words) in
 * one search: on chat, log and the hostile texts the regex engine skips through the text as fast
 * with these as without them (measured; `authorization` whole, or its `z`, would make it stop at
 * every `a` or `z`), where the field words' own searches read the whole text again. No two of the
 * words can overlap, so this finds every occurrence of each.
 */
const AUTH_AND_FIELD_WORDS = /bearer|basic|secret|orization/gi;

/** `scheme://user:password@host`: the password. */
const URL_CREDENTIALS = /:\/\/[^\s:/@]{1,128}:([^\s/@]{1,256})(?=@)/g;

/** The same pattern, matching only where it is tried (lastIndex), for the candidate places. */
const sticky = (pattern: RegExp) => new RegExp(pattern.source, pattern.flags.replace('g', 'y'));
const SHAPES_AT = sticky(SHAPES);
const DISCORD_TOKEN_AT = sticky(DISCORD_TOKEN);
const WEBHOOK_URL_AT = sticky(WEBHOOK_URL);
const AUTH_SCHEME_AT = sticky(AUTH_SCHEME);
const URL_CREDENTIALS_AT = sticky(URL_CREDENTIALS);

/**
 * A long standalone base64 run with `+` or `/` in it and letters of both cases and digits: a bare
 * Huawei access token (`CgB6e3x9…`, `DQB…`) and its like. Paths and numbers fail the checks below.
 */
const OPAQUE_MIN = 64;

/** Base64 characters, as a table: the opaque-run search looks at one character in every 32. */
const BASE64_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') BASE64_CHAR[c.charCodeAt(0)] = 1;
/** Characters that glue onto a token: a base64 run touching one is part of something longer. */
const TOKEN_GLUE = new Uint8Array(128);
for (const c of '=_-.') TOKEN_GLUE[c.charCodeAt(0)] = 1;

const isBase64 = (code: number) => code < 128 && BASE64_CHAR[code] === 1;
/** The rest of a base64 run, read by the regex engine once a run has proved long. */
const BASE64_REST = /[A-Za-z0-9+/]*/y;

/** Where the base64 run holding `from` ends: short runs walked here, long ones by BASE64_REST. */
function base64RunEnd(text: string, from: number): number {
  let end = from;
  const walked = Math.min(text.length, from + OPAQUE_MIN);
  while (end < walked && isBase64(text.charCodeAt(end))) end += 1;
  if (end < walked || end === text.length) return end;
  BASE64_REST.lastIndex = end;
  BASE64_REST.test(text);
  return BASE64_REST.lastIndex;
}

/**
 * Runs of at least OPAQUE_MIN base64 characters. Any such run covers a multiple of OPAQUE_MIN / 2,
 * so only those positions are probed, and each run is walked once: linear, and quick on prose.
 */
function* opaqueRuns(text: string): Generator<{ start: number; end: number }> {
  const step = OPAQUE_MIN / 2;
  let probe = step - 1;
  while (probe < text.length) {
    if (!isBase64(text.charCodeAt(probe))) {
      probe += step;
      continue;
    }
    const end = base64RunEnd(text, probe + 1);
    // This probe is the first to land in its run, so the run starts at most step - 1 before it:
    // a run ending this soon after it is too short, and is not walked back.
    if (end - probe > OPAQUE_MIN - step) {
      let start = probe;
      while (start > 0 && isBase64(text.charCodeAt(start - 1))) start -= 1;
      if (end - start >= OPAQUE_MIN) yield { start, end };
    }
    probe = Math.max(probe + step, end + step - 1);
  }
}

/** End of the run with its `=` padding, or -1 when the run is glued to a longer token. */
function opaqueEnd(text: string, start: number, end: number): number {
  let after = end;
  while (after < end + 2 && text.charCodeAt(after) === 61) after += 1; // = padding
  const glued = (code: number) => code < 128 && TOKEN_GLUE[code] === 1;
  return glued(text.charCodeAt(start - 1)) || glued(text.charCodeAt(after)) ? -1 : after;
}

/**
 * Field names whose value is a credential: a core word, found by a quick literal search, and the
 * word glued before it (`access_`, `client-`, `push `) read back from there.
 */
const FIELD_CORE = /token|secret|passw(?:or)?d|pwd|key|authorization/gi;
/**
 * The same words by a rarer part of each, searched for as such (see AnchoredWords); at one start the
 * lower index wins, so `password` before `passwd` as FIELD_CORE's greedy `(?:or)?` tries them.
 */
const FIELD_ANCHORS = [
  { part: 'k', words: ['token', 'key'] },
  { part: 'w', words: ['password', 'passwd', 'pwd'] },
  { part: 'z', words: ['authorization'] },
  { part: 'secret', words: ['secret'] },
];
const FIELD_WORDS = new AnchoredWords(FIELD_ANCHORS);
/** The same but `secret` and `authorization`, for when AUTH_AND_FIELD_WORDS has found them: every other word keeps its index. */
const FIELD_WORDS_BUT_SHARED = new AnchoredWords(FIELD_ANCHORS.filter(({ part }) => part !== 'secret' && part !== 'z'));
const SECRET_INDEX = FIELD_WORDS.words.indexOf('secret');
const AUTHORIZATION_INDEX = FIELD_WORDS.words.indexOf('authorization');
// `open`, `pay` and `pf`: QQ's own credentials in MSDK payloads (openkey, pay_token, pfkey), pasted with the code they failed with.
const FIELD_PREFIX = /(?:access|refresh|id|client|app|api|secret|private|push|device|auth|session|bot|open|pay|pf)[ _-]?$/i;
const FIELD_PREFIX_MAX = 'session_'.length;

/** Nothing glued before `at`: a non-alphanumeric character, or a percent-escape (`%26access_token`). */
function startsWord(text: string, at: number): boolean {
  return !isAsciiAlnum(text.charCodeAt(at - 1)) || (at >= 3 && /^%[0-9A-Fa-f]{2}$/.test(text.slice(at - 3, at)));
}

/** Where the field name holding the core word at `core` starts, or -1 if it is not a field name. */
function fieldNameStart(text: string, core: number, word: string): number {
  const before = text.slice(Math.max(0, core - FIELD_PREFIX_MAX), core);
  const prefix = FIELD_PREFIX.exec(before);
  if (prefix && startsWord(text, core - prefix[0].length)) return core - prefix[0].length;
  if (word.toLowerCase() === 'key' || !startsWord(text, core)) return -1;
  return core;
}

function fieldKind(name: string): SecretKind {
  const n = name.toLowerCase().replace(/[ _-]/g, '');
  // QQ's openkey is the access token under another name, and the pay token one for payments.
  if (n === 'accesstoken' || n === 'openkey' || n === 'paytoken') return 'access-token';
  if (n === 'refreshtoken') return 'refresh-token';
  if (n === 'idtoken') return 'id-token';
  if (n === 'password' || n === 'passwd' || n === 'pwd') return 'password';
  if (n === 'authorization') return 'bearer';
  if (n.endsWith('token')) return 'push-token';
  return 'client-secret';
}

/**
 * What may sit between a field name and its value: closing quotes (plain, escaped, URL-encoded),
 * an assignment (`:`, `=`, `=>`, `%3D`, `%3A`), opening quotes, and white space including a line
 * break (pretty-printed JSON puts the value on the next line). Bounded, so each try is short.
 */
const SEPARATOR = /(?:\\?["'`]|%2[27])?[ \t]{0,8}(?:=>|:=|[:=]|%3[AaDd])[ \t]{0,8}(?:\r?\n[ \t]{0,64})?(?:\\?["'`]|%2[27])?(?:\\?["'`])?/y;
const [BACKSLASH, PERCENT, DIGIT_2, DIGIT_7, EQUALS, SPACE, TAB] = [...'\\%27= \t'].map((c) => c.charCodeAt(0));
const isQuote = (code: number) => code === 34 || code === 39 || code === 96; // " ' `
/**
 * What SEPARATOR needs at `at`, read by hand: its optional closing quote, then at most eight
 * blanks, then `=`, `:` or the `%` of `%3D` / `%3A`. In prose (`token invalid`, `tokens are`) a
 * core word fails this at the character or two after it, before the pattern is tried.
 */
function mayOpenSeparator(text: string, at: number): boolean {
  let next = at;
  const first = text.charCodeAt(next);
  if (first === BACKSLASH) {
    if (isQuote(text.charCodeAt(next + 1))) next += 2;
  } else if (isQuote(first)) next += 1;
  else if (first === PERCENT && text.charCodeAt(next + 1) === DIGIT_2) {
    const third = text.charCodeAt(next + 2);
    if (third === DIGIT_2 || third === DIGIT_7) next += 3;
  }
  for (let blanks = 0; blanks < 8; blanks += 1) {
    const code = text.charCodeAt(next);
    if (code !== SPACE && code !== TAB) break;
    next += 1;
  }
  const code = text.charCodeAt(next);
  return code === EQUALS || code === COLON || code === PERCENT;
}
/** The value itself: anything up to white space, a quote, a separator between fields, or a bracket. */
const VALUE = /[^\s"'`&,;<>\\{}()[\]|]{1,1024}/y;

/** A value this short or this plain is a placeholder, not a credential. */
function looksLikeSecret(value: string, kind: SecretKind): boolean {
  const v = value.replace(/%[0-9A-Fa-f]{2}/g, 'x');
  if (/^(?:x+|\*+|\.+|-+|null|none|undefined|true|false|redacted|\[redacted\])$/i.test(v)) return false;
  if (/^(?:\$\{?|\{\{|<|%\()/.test(value)) return false; // ${VAR}, {{ var }}, <your token>
  if (kind === 'password') return v.length >= 4 && !/^(?:password|changeme|secret|required|invalid|wrong|incorrect|expired)$/i.test(v);
  if (v.length < 12 || /^\d+$/.test(v)) return false;
  return /[A-Za-z]/.test(v) && /\d|[+/=_-]/.test(v);
}

function opaqueLooksLikeToken(run: string): boolean {
  // First, and by native searches (a regex reads a run of 100k digits a character at a time): a run of digits ends here.
  if (!run.includes('+') && !run.includes('/') && !run.endsWith('=')) return false;
  if (run.startsWith('/')) return false; // a path, not base64
  // Counted without a copy of the run, and only as far as it takes to tell.
  let slashes = 0;
  for (let at = run.indexOf('/'); at >= 0; at = run.indexOf('/', at + 1)) {
    slashes += 1;
    if (slashes > run.length / 16) return false; // a path, not base64
  }
  return /[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run);
}

/** What every PEM_BEGIN holds five characters in, after its dashes. */
const PEM_BEGIN_WORD = 'BEGIN ';
const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY( BLOCK)?-----/y;
const PEM_END = '-----END ';
/**
 * A line of a key body (base64, escaped line breaks) or of PGP armor headers. Written so that no
 * two runs of blanks meet (`[ \t]*` then an optional `[ \t]*`, once): given back one blank at a
 * time, they made a line of blanks ending in anything else cost time quadratic in its length. It
 * accepts the lines `[ \t]*(?:[base64]*|Header: [^\n]*)[ \t]*\r?` accepts, no others.
 */
const PEM_BODY = String.raw`[ \t]*(?:(?:Version|Comment|Hash|Charset|Proc-Type|DEK-Info): [^\n]*|(?:[A-Za-z0-9+/=\\]+[ \t]*)?\r?)`;
const PEM_BODY_LINE = new RegExp(`${PEM_BODY}$`, 'y');
/** Whole key-body lines, each with its line break, PEM_LINES_AT_ONCE at a time (more would overrun the regex engine's stack). */
const PEM_LINES_AT_ONCE = 1024;
const PEM_BODY_LINES = new RegExp(`(?:${PEM_BODY}\\n){0,${PEM_LINES_AT_ONCE}}`, 'y');

/** Places tried one by one, at most one per this many characters (plus a few): past it, a pattern's own scan is cheaper. */
const CHARS_PER_SITE = 16;
/** Words found by their parts one by one, at most one part per this many characters: past it, the regex is cheaper. */
const CHARS_PER_WORD_HIT = 64;
/** Sites handled between two yields of the redaction steps. */
const SITES_PER_STEP = 1024;

/**
 * Places where one pattern can start: every place it can, and others besides (the pattern decides
 * there). `dense` once there were too many to be worth trying one by one.
 */
class Starts {
  readonly at: number[] = [];
  dense = false;
  private left: number;
  private inOrder = true;

  constructor(length: number) {
    this.left = 256 + Math.floor(length / CHARS_PER_SITE);
  }

  /** Counts one place looked at, kept or not; false once that makes too many. */
  look(): boolean {
    this.left -= 1;
    if (this.left < 0) this.dense = true;
    return !this.dense;
  }

  /** Keeps `at`; most searches find their places in text order, and those need no sort. */
  push(at: number): void {
    const last = this.at.length > 0 ? (this.at[this.at.length - 1] as number) : -1;
    if (at < last) this.inOrder = false;
    this.at.push(at);
  }

  sorted(): number[] {
    return this.inOrder ? this.at : this.at.sort((a, b) => a - b);
  }
}

/**
 * What `text.matchAll(global)` yields, found by trying `sticky` (its twin) only at `starts`. Like
 * matchAll, a match is looked for again only past the end of the one before.
 */
function* matchesAt(text: string, at: RegExp, starts: readonly number[]): Generator<RegExpExecArray> {
  let from = 0;
  for (const start of starts) {
    if (start < from) continue;
    at.lastIndex = start;
    const m = at.exec(text);
    if (!m) continue;
    from = start + m[0].length;
    yield m;
  }
}

function matches(text: string, global: RegExp, at: RegExp, starts: Starts): Iterable<RegExpExecArray> {
  return starts.dense ? text.matchAll(global) : matchesAt(text, at, starts.sorted());
}

/** Every occurrence of `needle`, each with `visit`, as long as `starts` allows. */
function eachNeedle(text: string, needle: string, starts: Starts, visit: (at: number) => void): void {
  for (let at = text.indexOf(needle); at >= 0 && !starts.dense; at = text.indexOf(needle, at + 1)) {
    if (!starts.look()) return;
    visit(at);
  }
}
const charCodes = (chars: string) => [...chars].map((c) => c.charCodeAt(0));
const [LOWER_B, LOWER_K, LOWER_S, LOWER_R, LOWER_M, LOWER_E, LOWER_Y, UPPER_A, DOT] = charCodes('bksrmeyA.');
/** What follows the `x` of xox?-, xapp- and xwfp-, by the character after the `x`. */
const SLACK_TAILS: ReadonlyMap<number, string> = new Map(['ox', 'app-', 'wfp-'].map((tail) => [tail.charCodeAt(0), tail]));
const COLON = ':'.charCodeAt(0);
const GITHUB_TYPE = new Set(charCodes('pousr')); // gh[pousr]_

/**
 * Where SHAPES can start. Each shape holds a character or literal that prose, logs and the hostile
 * texts rarely hold, searched for as such: the `x` of the Slack shapes, the `k-` of `sk-`, the `_`
 * of the shapes with one (told apart by the characters before it), `KIA`, `SIA` and `za` of the
 * cloud keys, `glpat-`; a JWT is `eyJ` at a token start whose run ends in a dot. (A search for a
 * common first letter, `s` of `sk-`, stops at every `s`; one for `-` at every date and at every
 * other character of `eyJ-eyJ-…`.)
 */
function shapeStarts(text: string): Starts {
  const starts = new Starts(text.length);
  const keep = (start: number) => {
    if (start >= 0 && startsToken(text, start)) starts.push(start);
  };
  eachNeedle(text, 'x', starts, (x) => {
    // The next character tells the shapes apart: one comparison at each `x` of a key body, not three.
    const tail = SLACK_TAILS.get(text.charCodeAt(x + 1));
    if (tail && text.startsWith(tail, x + 1)) keep(x);
  });
  const dashes = fewDashes(text);
  if (dashes) {
    // sk- and glpat- by their dash, in text with few (prose, chat): a search for `glpat-` stops at every `g`.
    for (const dash of dashes) {
      if (!starts.look()) break;
      if (text.charCodeAt(dash - 1) === LOWER_K) {
        if (text.charCodeAt(dash - 2) === LOWER_S) keep(dash - 2);
      } else if (text.startsWith('glpat', dash - 5)) keep(dash - 5);
    }
  } else {
    eachNeedle(text, 'k-', starts, (k) => {
      if (text.charCodeAt(k - 1) === LOWER_S) keep(k - 1);
    });
    eachNeedle(text, 'glpat-', starts, keep);
  }
  // sk_live_, rk_live_ (the 3rd character), gh?_ and npm_ (the 4th), github_pat_ (the 7th).
  eachNeedle(text, '_', starts, (underscore) => {
    const before = text.charCodeAt(underscore - 1);
    if (before === LOWER_K) {
      const first = text.charCodeAt(underscore - 2);
      if (first === LOWER_S || first === LOWER_R) keep(underscore - 2);
    } else if (before === LOWER_M) {
      if (text.startsWith('npm', underscore - 3)) keep(underscore - 3);
    } else if (before === LOWER_B) {
      if (text.startsWith('github', underscore - 6)) keep(underscore - 6);
    } else if (GITHUB_TYPE.has(before) && text.startsWith('gh', underscore - 3)) keep(underscore - 3);
  });
  for (const tail of ['KIA', 'SIA']) {
    eachNeedle(text, tail, starts, (at) => {
      if (text.charCodeAt(at - 1) === UPPER_A) keep(at - 1);
    });
  }
  // AIza by its `za`: a search stops at each first character of its needle, and key bodies hold many an `I`.
  eachNeedle(text, 'za', starts, (at) => {
    if (text.startsWith('AI', at - 2)) keep(at - 2);
  });
  if (!starts.dense) jwtStarts(text, starts);
  return starts;
}

/** Dashes one per this many characters at most (plus a few) are few enough to be tried one by one. */
const CHARS_PER_FEW_DASHES = 512;

/** Every `-` in the text, or null once there are more than a few (the dates of a log, a key's armor). */
function fewDashes(text: string): number[] | null {
  const most = 64 + Math.floor(text.length / CHARS_PER_FEW_DASHES);
  const dashes: number[] = [];
  for (let at = text.indexOf('-'); at >= 0; at = text.indexOf('-', at + 1)) {
    if (dashes.length >= most) return null;
    dashes.push(at);
  }
  return dashes;
}

/**
 * `eyJ` at a token start whose run of token characters ends in a dot: found by its `J` and the
 * next dot, both searched for ahead only, and each run walked once.
 */
function jwtStarts(text: string, starts: Starts): void {
  let dot = -1;
  let j = text.indexOf('J', 2);
  while (j >= 0) {
    if (!starts.look()) return;
    if (dot < j) {
      dot = text.indexOf('.', j);
      if (dot < 0) return; // no dot ahead: no JWT ahead
    }
    const start = j - 2;
    if (text.charCodeAt(start) !== LOWER_E || text.charCodeAt(start + 1) !== LOWER_Y || !startsToken(text, start)) {
      j = text.indexOf('J', j + 1);
      continue;
    }
    let end = j + 1;
    while (end < dot && isTokenChar(text.charCodeAt(end))) end += 1;
    if (end === dot) starts.push(start);
    // Every other `eyJ` up to `end` lies inside this run: not at a token start.
    j = text.indexOf('J', end + 1);
  }
}

/**
 * Where DISCORD_TOKEN can start: a run of 24 to 28 token characters from [MNO] ending in a dot
 * that is followed by six token characters and another dot.
 */
function discordStarts(text: string): Starts {
  const starts = new Starts(text.length);
  // Each dot's successor is the next dot searched for anyway: a dot not followed by another seven on is no token's first.
  let next = text.indexOf('.');
  while (next >= 0) {
    const dot = next;
    next = text.indexOf('.', dot + 1);
    if (!starts.look()) break;
    if (next !== dot + 7) continue;
    let i = dot + 1;
    while (i < next && isTokenChar(text.charCodeAt(i))) i += 1;
    if (i < next) continue;
    let start = dot;
    while (start > dot - 29 && isTokenChar(text.charCodeAt(start - 1))) start -= 1;
    const length = dot - start;
    const first = text.charCodeAt(start);
    if (length >= 24 && length <= 28 && startsToken(text, start) && first >= 77 && first <= 79) starts.push(start); // M, N, O
  }
  return starts;
}

/**
 * Every `://`: where URL_CREDENTIALS starts, and four or five characters after WEBHOOK_URL does.
 * Found by its `//` (a search for `:` would stop at every JSON field and every clock time).
 */
function schemeSeparators(text: string): Starts {
  const starts = new Starts(text.length);
  eachNeedle(text, '//', starts, (slashes) => {
    if (text.charCodeAt(slashes - 1) === COLON) starts.push(slashes - 1);
  });
  return starts;
}

/** True when `word` (lower-case ASCII letters and dots) is at `at`, its letters in any case (as the `i` flag compares them). */
function foldedAt(text: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i += 1) {
    const want = word.charCodeAt(i);
    const code = text.charCodeAt(at + i);
    if (want === DOT ? code !== DOT : (code | 0x20) !== want) return false;
  }
  return true;
}

/**
 * What WEBHOOK_URL needs right after its `://`: `hooks.slack`, or `discord` there or after one
 * label of up to twelve letters and its dot. Every `://` of a log's ordinary URLs fails this at
 * its first letters, before the pattern is tried at the `http` and `https` before it.
 */
function mayBeWebhookHost(text: string, at: number): boolean {
  if (foldedAt(text, at, 'hooks.slack') || foldedAt(text, at, 'discord')) return true;
  let label = at;
  while (label < at + 13 && isAsciiLetter(text.charCodeAt(label))) label += 1;
  return label > at && label - at <= 12 && text.charCodeAt(label) === DOT && foldedAt(text, label + 1, 'discord');
}

function webhookStarts(text: string, separators: Starts): Starts {
  const starts = new Starts(text.length);
  starts.dense = separators.dense;
  if (starts.dense) return starts;
  for (const at of separators.at) {
    if (!mayBeWebhookHost(text, at + 3)) continue;
    if (at >= 5) starts.push(at - 5); // https
    if (at >= 4) starts.push(at - 4); // http
  }
  return starts;
}

/** The longest URL_CREDENTIALS match: `://`, a user name, `:`, a password; the `@` right after it. */
const URL_CREDENTIALS_LONGEST = 3 + 128 + 1 + 256;

/** The `://` where URL_CREDENTIALS may match: those with an `@` near enough after them. */
function urlCredentialStarts(text: string, separators: Starts): Starts {
  const starts = new Starts(text.length);
  starts.dense = separators.dense;
  if (starts.dense) return starts;
  let at = -2; // the first `@` at or after the separator: -2 before the first search, -1 when none is left
  for (const separator of separators.at) {
    if (at === -2 || (at >= 0 && at < separator)) at = text.indexOf('@', separator);
    if (at < 0) break;
    if (at <= separator + URL_CREDENTIALS_LONGEST) starts.push(separator);
  }
  return starts;
}

/** What AUTH_AND_FIELD_WORDS finds, for the auth-scheme and the field-name patterns. */
interface SharedWords {
  /** Where AUTH_SCHEME can start. */
  readonly auth: Starts;
  /**
   * `secret` and `authorization` as WordStarts, in order; null when not listed: when the auth words
   * were too many (the field words' own search finds them then), or when these were ('many').
   */
  readonly fieldWords: readonly number[] | null | 'many';
}

function sharedWords(text: string): SharedWords {
  const auth = new Starts(text.length);
  const fieldWords: number[] = [];
  let fieldWordsLeft = 256 + Math.floor(text.length / CHARS_PER_WORD_HIT);
  AUTH_AND_FIELD_WORDS.lastIndex = 0;
  for (let m = AUTH_AND_FIELD_WORDS.exec(text); m; m = AUTH_AND_FIELD_WORDS.exec(text)) {
    const first = text.charCodeAt(m.index) | 0x20;
    if (first === LOWER_B) {
      if (!auth.look()) return { auth, fieldWords: null }; // AUTH_SCHEME scans the text itself
      auth.push(m.index);
      continue;
    }
    fieldWordsLeft -= 1;
    if (fieldWordsLeft < 0) {
      // Too many to list: the auth words from here on by themselves, the field words by their own search.
      AUTH_WORD.lastIndex = m.index;
      for (let a = AUTH_WORD.exec(text); a; a = AUTH_WORD.exec(text)) {
        if (!auth.look()) break;
        auth.push(a.index);
      }
      return { auth, fieldWords: 'many' };
    }
    if (first === LOWER_S) fieldWords.push(m.index * WORD_SLOTS + SECRET_INDEX);
    else if (foldedAt(text, m.index - 4, 'auth')) fieldWords.push((m.index - 4) * WORD_SLOTS + AUTHORIZATION_INDEX);
  }
  return { auth, fieldWords };
}

/** The first PEM_BEGIN match at or after `from`, tried only where its literal start is. */
function nextPemBegin(text: string, from: number): RegExpExecArray | null {
  // Found by `BEGIN `: a search for the dashes would stop at every date.
  for (let at = text.indexOf(PEM_BEGIN_WORD, from + 5); at >= 0; at = text.indexOf(PEM_BEGIN_WORD, at + 1)) {
    PEM_BEGIN.lastIndex = at - 5;
    const m = PEM_BEGIN.exec(text);
    if (m) return m;
  }
  return null;
}

/**
 * The core words of field names in text order, as FIELD_CORE finds them with its lastIndex at
 * `from` (the first at or after it, none overlapping the one before): from FIELD_WORDS' list of
 * every start, or from FIELD_CORE itself where the words' letters are too many for that list.
 */
class CoreWords {
  /** The word found by the last `next`. */
  word = '';
  private i = 0;

  private constructor(
    private readonly text: string,
    private readonly starts: WordStarts | null,
  ) {}

  /**
   * `shared`: where `secret` and `authorization` are, if found already; the other words are then
   * searched for without them. Where they were too many to list, FIELD_CORE reads the text itself.
   */
  static of(text: string, shared: readonly number[] | null | 'many'): CoreWords {
    const maxHits = 256 + Math.floor(text.length / CHARS_PER_WORD_HIT);
    if (shared === 'many') return new CoreWords(text, null);
    if (!shared) return new CoreWords(text, FIELD_WORDS.findChoosingParts(text, maxHits));
    const others = FIELD_WORDS_BUT_SHARED.findChoosingParts(text, maxHits);
    return new CoreWords(text, others && mergeStarts(others, shared));
  }

  /** Where the next core word at or after `from` starts, or -1. */
  next(from: number): number {
    const starts = this.starts;
    if (!starts) {
      FIELD_CORE.lastIndex = from; // set on every call: another redaction's step may have used the pattern meanwhile
      const m = FIELD_CORE.exec(this.text);
      this.word = m ? m[0] : '';
      return m ? m.index : -1;
    }
    for (; this.i < starts.length; this.i += 1) {
      const code = starts[this.i] as number;
      const start = Math.floor(code / WORD_SLOTS);
      if (start < from) continue;
      this.word = this.text.slice(start, start + (FIELD_WORDS.words[code % WORD_SLOTS] as string).length);
      return start;
    }
    return -1;
  }
}

/** Two sorted lists of word starts as one (no two words of the two lists start at one place). */
function mergeStarts(others: WordStarts, shared: readonly number[]): WordStarts {
  if (shared.length === 0) return others;
  const merged = new Float64Array(others.length + shared.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < merged.length; k += 1) {
    if (i < others.length && (j >= shared.length || (others[i] as number) < (shared[j] as number))) merged[k] = others[i++] as number;
    else merged[k] = shared[j++] as number;
  }
  return merged;
}

/** Collects the spans to redact; `sites` counts candidate sites against the budget. */
class Finder {
  readonly spans: Span[] = [];
  sites = 0;
  /** Where the budget ran out (text from here on is withheld), or -1. */
  exhaustedAt = -1;
  /** Every `://`, shared by the webhook and URL-password patterns. */
  private separators: Starts | undefined;
  /** What AUTH_AND_FIELD_WORDS finds, shared by the auth-scheme and field-name patterns. */
  private shared: SharedWords | undefined;

  constructor(private readonly text: string) {}

  private spend(at: number): boolean {
    this.sites += 1;
    if (this.sites <= REDACTION_SITE_LIMIT) return true;
    if (this.exhaustedAt < 0 || at < this.exhaustedAt) this.exhaustedAt = at;
    return false;
  }

  private add(start: number, end: number, kind: SecretKind): void {
    this.spans.push({ start, end, kind });
  }

  private schemeSeparators(): Starts {
    this.separators ??= schemeSeparators(this.text);
    return this.separators;
  }

  private sharedWords(): SharedWords {
    this.shared ??= sharedWords(this.text);
    return this.shared;
  }

  *shapes(): Steps<void> {
    const text = this.text;
    let n = 0;
    for (const m of matches(text, SHAPES, SHAPES_AT, shapeStarts(text))) {
      if (!this.spend(m.index)) break;
      this.add(m.index, m.index + m[0].length, shapeKind(m[0]));
      if (++n % SITES_PER_STEP === 0) yield;
    }
    yield;
    // A Discord token holds two dots: a text without any (a key body, a run of digits) has none.
    for (const m of text.includes('.') ? matches(text, DISCORD_TOKEN, DISCORD_TOKEN_AT, discordStarts(text)) : []) {
      if (!this.spend(m.index)) break;
      this.add(m.index, m.index + m[0].length, 'discord-token');
      if (++n % SITES_PER_STEP === 0) yield;
    }
    yield;
    for (const m of matches(text, WEBHOOK_URL, WEBHOOK_URL_AT, webhookStarts(text, this.schemeSeparators()))) {
      if (!this.spend(m.index)) break;
      this.add(m.index, m.index + m[0].length, 'webhook-url');
      if (++n % SITES_PER_STEP === 0) yield;
    }
    yield;
    for (const run of opaqueRuns(text)) {
      if (!this.spend(run.start)) break;
      const end = opaqueEnd(text, run.start, run.end);
      if (++n % SITES_PER_STEP === 0) yield;
      if (end < 0) continue;
      const token = text.slice(run.start, end);
      if (opaqueLooksLikeToken(token)) this.add(run.start, end, 'access-token');
    }
  }

  *authSchemes(): Steps<void> {
    yield* this.groupValues(matches(this.text, AUTH_SCHEME, AUTH_SCHEME_AT, this.sharedWords().auth), 'bearer');
  }

  *urlCredentials(): Steps<void> {
    yield* this.groupValues(
      matches(this.text, URL_CREDENTIALS, URL_CREDENTIALS_AT, urlCredentialStarts(this.text, this.schemeSeparators())),
      'password',
    );
  }

  private *groupValues(found: Iterable<RegExpExecArray>, kind: SecretKind): Steps<void> {
    let n = 0;
    for (const m of found) {
      if (!this.spend(m.index)) break;
      const value = m[1] ?? '';
      const end = m.index + m[0].length;
      this.add(end - value.length, end, kind);
      if (++n % SITES_PER_STEP === 0) yield;
    }
  }

  *fields(): Steps<void> {
    const text = this.text;
    const cores = CoreWords.of(text, this.sharedWords().fieldWords);
    let n = 0;
    for (let from = 0, at = cores.next(from); at >= 0; at = cores.next(from)) {
      if (!this.spend(at)) break;
      if (++n % SITES_PER_STEP === 0) yield;
      const word = cores.word;
      const after = at + word.length;
      from = after;
      // The separator first: in prose (`tokens are invalid`) the core word is a word, and the
      // character after it already says so, before any field-name reading.
      if (!mayOpenSeparator(text, after)) continue;
      SEPARATOR.lastIndex = after;
      if (!SEPARATOR.test(text)) continue;
      const start = SEPARATOR.lastIndex;
      const nameStart = fieldNameStart(text, at, word);
      if (nameStart < 0) continue;
      VALUE.lastIndex = start;
      const value = VALUE.exec(text);
      if (!value) continue;
      const kind = fieldKind(text.slice(nameStart, after));
      if (looksLikeSecret(value[0], kind)) this.add(start, start + value[0].length, kind);
      // Past the value whatever it was: `token=token=token…` is read once, not once per name.
      from = start + value[0].length;
    }
  }

  /**
   * A `Cookie:` or `Set-Cookie:` header's value, whole (`session=…; uid=…`): a session cookie is
   * a login, and its name says nothing of which pair is the secret. JSON and curl forms too
   * (`"Cookie": "…"`, `-H 'Cookie: …'`): the value ends at its line's end or its closing quote.
   */
  *cookies(): Steps<void> {
    const text = this.text;
    let n = 0;
    COOKIE_WORD.lastIndex = 0;
    for (let m = COOKIE_WORD.exec(text); m !== null; m = COOKIE_WORD.exec(text)) {
      if (!this.spend(m.index)) break;
      if (++n % SITES_PER_STEP === 0) yield;
      // `Set-Cookie` is read from its `Cookie`, the literal the search skips to fastest.
      const word = /^set-$/i.test(text.slice(m.index - 4, m.index)) ? m.index - 4 : m.index;
      if (!startsWord(text, word)) continue;
      const after = m.index + m[0].length;
      if (isAsciiAlnum(text.charCodeAt(after)) || !mayOpenSeparator(text, after)) continue;
      SEPARATOR.lastIndex = after;
      if (!SEPARATOR.test(text)) continue;
      const start = SEPARATOR.lastIndex;
      const quote = text.charCodeAt(start - 1);
      const end = cookieValueEnd(text, start, isQuote(quote) ? quote : -1);
      if (end - start >= COOKIE_VALUE_MIN) this.add(start, end, 'session-cookie');
      COOKIE_WORD.lastIndex = Math.max(end, after);
    }
  }

  *privateKeys(): Steps<void> {
    const text = this.text;
    let nextEnd = -2; // -2: not looked for yet; -1: none after the last look
    let searchedFrom = 0;
    let n = 0;
    for (let m = nextPemBegin(text, 0); m; ) {
      if (!this.spend(m.index)) break;
      const bodyStart = m.index + m[0].length;
      // One forward search for END serves every BEGIN before it: never a search per BEGIN.
      if (nextEnd === -2 || (nextEnd >= 0 && nextEnd < bodyStart)) {
        searchedFrom = Math.max(searchedFrom, bodyStart);
        nextEnd = text.indexOf(PEM_END, searchedFrom);
        searchedFrom = nextEnd < 0 ? text.length : nextEnd;
      }
      let end: number;
      if (nextEnd >= 0 && isPemBodyUntil(text, bodyStart, nextEnd)) {
        const close = text.indexOf('-----', nextEnd + PEM_END.length);
        end = close < 0 ? text.length : close + 5;
      } else {
        end = pemBodyEnd(text, bodyStart);
      }
      this.add(m.index, end, 'private-key');
      if (++n % SITES_PER_STEP === 0) yield;
      m = nextPemBegin(text, Math.max(end, bodyStart));
    }
  }
}

/** `Cookie` (and `Set-Cookie`), found as a literal: prose's `cookies` fails the separator after it. */
const COOKIE_WORD = /cookie/gi;
/** Shorter than this is no session (`Cookie: -`, `Cookie: a=1`). */
const COOKIE_VALUE_MIN = 4;
const COOKIE_VALUE_LONGEST = 8192;

/** Where a cookie header's value ends: its line's end, or the quote that opened it. */
function cookieValueEnd(text: string, start: number, quote: number): number {
  const limit = Math.min(text.length, start + COOKIE_VALUE_LONGEST);
  let at = start;
  while (at < limit) {
    const code = text.charCodeAt(at);
    if (code === 10 || code === 13 || code === quote || (code === BACKSLASH && isQuote(text.charCodeAt(at + 1)))) break;
    at += 1;
  }
  return at;
}

/** True when everything from `from` to `to` is key body (so END closes this key, not a later one). */
function isPemBodyUntil(text: string, from: number, to: number): boolean {
  return pemBodyEnd(text, from, to) >= to;
}

/** End of the key body starting at `from`: the last line that still looks like body or armor. */
function pemBodyEnd(text: string, from: number, limit = text.length): number {
  // Whole body lines first, many at a time; then line by line from the first that may not be one.
  const bounded = limit < text.length ? text.slice(0, limit) : text;
  let at = from;
  for (;;) {
    PEM_BODY_LINES.lastIndex = at;
    PEM_BODY_LINES.test(bounded);
    if (PEM_BODY_LINES.lastIndex === at) break;
    at = PEM_BODY_LINES.lastIndex;
  }
  let end = at > from ? at - 1 : from;
  while (at < limit) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0 || lineEnd > limit) lineEnd = limit;
    PEM_BODY_LINE.lastIndex = at;
    if (!PEM_BODY_LINE.test(text.slice(0, lineEnd))) {
      // The rest of this line is not body: a key pasted into prose ends at the first non-base64 character.
      return at === from ? skipBase64(text, at, lineEnd) : end;
    }
    end = lineEnd;
    at = lineEnd + 1;
  }
  return limit; // every line up to the limit was key body
}

const BASE64_RUN = /[A-Za-z0-9+/=\\ \t]*/y;

function skipBase64(text: string, from: number, to: number): number {
  BASE64_RUN.lastIndex = from;
  BASE64_RUN.test(text);
  return Math.min(BASE64_RUN.lastIndex, to);
}

/** The redaction, in steps: each pass over the text, and each SITES_PER_STEP sites within one, is a step. */
function* redactionSteps(input: string): Steps<RedactionResult> {
  const withheld = input.length > REDACTION_TEXT_LIMIT;
  const text = withheld ? input.slice(0, REDACTION_TEXT_LIMIT) : input;
  const finder = new Finder(text);
  yield* finder.privateKeys();
  yield;
  yield* finder.shapes();
  yield;
  yield* finder.authSchemes();
  yield;
  yield* finder.urlCredentials();
  yield;
  yield* finder.fields();
  yield;
  yield* finder.cookies();
  const cut = finder.exhaustedAt >= 0 ? finder.exhaustedAt : text.length;
  const spans = finder.spans.filter((s) => s.start < cut).sort((a, b) => a.start - b.start || b.end - a.end);
  const found = new Set<SecretKind>();
  let out = '';
  let at = 0;
  let open = false;
  for (const span of spans) {
    found.add(span.kind);
    const end = Math.min(span.end, cut);
    if (open && span.start <= at) {
      at = Math.max(at, end); // overlaps or touches the span just redacted
      continue;
    }
    out += text.slice(at, span.start) + REDACTED;
    at = end;
    open = true;
  }
  out += text.slice(at, cut);
  if (withheld || cut < text.length) out += WITHHELD;
  return { text: out, found: [...found] };
}

/** The text with every credential replaced by [redacted], and which kinds were found. */
export function redactSecrets(input: string): RedactionResult {
  return runSteps(redactionSteps(input));
}

/**
 * The same result as redactSecrets, worked out in time slices with the event loop turning between
 * them: for a paste of megabytes, so /livez and platform acks are not kept waiting meanwhile.
 */
export function redactSecretsInSlices(input: string, options: SliceOptions = {}): Promise<RedactionResult> {
  return runStepsSliced(redactionSteps(input), options);
}
