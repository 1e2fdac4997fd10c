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
 */

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
  | 'private-key';

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

/** `scheme://user:password@host`: the password. */
const URL_CREDENTIALS = /:\/\/[^\s:/@]{1,128}:([^\s/@]{1,256})(?=@)/g;

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
    let end = probe + 1;
    while (end < text.length && isBase64(text.charCodeAt(end))) end += 1;
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
const FIELD_PREFIX = /(?:access|refresh|id|client|app|api|secret|private|push|device|auth|session|bot)[ _-]?$/i;
const FIELD_PREFIX_MAX = 'session_'.length;

const isAlnum = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** Nothing glued before `at`: a non-alphanumeric character, or a percent-escape (`%26access_token`). */
function startsWord(text: string, at: number): boolean {
  return !isAlnum(text.charCodeAt(at - 1)) || (at >= 3 && /^%[0-9A-Fa-f]{2}$/.test(text.slice(at - 3, at)));
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
  if (n === 'accesstoken') return 'access-token';
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
/** Every character SEPARATOR can start with (a quote, `\\`, `%`, a space or tab, `=`, `:`). */
const MAY_OPEN_SEPARATOR: ReadonlySet<number> = new Set([...'\\"\'`% \t=:'].map((c) => c.charCodeAt(0)));
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
  const slashes = run.length - run.replaceAll('/', '').length;
  if (run.startsWith('/') || slashes > run.length / 16) return false; // a path, not base64
  if (!/[+/]/.test(run) && !run.endsWith('=')) return false;
  return /[a-z]/.test(run) && /[A-Z]/.test(run) && /\d/.test(run);
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY( BLOCK)?-----/g;
const PEM_END = '-----END ';
/** A line of a key body (base64, escaped line breaks) or of PGP armor headers. */
const PEM_BODY_LINE = /[ \t]*(?:[A-Za-z0-9+/=\\]*|(?:Version|Comment|Hash|Charset|Proc-Type|DEK-Info): [^\n]*)[ \t]*\r?$/y;

/** Collects the spans to redact; `sites` counts candidate sites against the budget. */
class Finder {
  readonly spans: Span[] = [];
  sites = 0;
  /** Where the budget ran out (text from here on is withheld), or -1. */
  exhaustedAt = -1;

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

  shapes(): void {
    for (const m of this.text.matchAll(SHAPES)) {
      if (!this.spend(m.index)) break;
      this.add(m.index, m.index + m[0].length, shapeKind(m[0]));
    }
    // A Discord token holds two dots: a text without any (a key body, a run of digits) has none.
    for (const m of this.text.includes('.') ? this.text.matchAll(DISCORD_TOKEN) : []) {
      if (!this.spend(m.index)) break;
      this.add(m.index, m.index + m[0].length, 'discord-token');
    }
    for (const m of this.text.matchAll(WEBHOOK_URL)) {
      if (!this.spend(m.index)) break;
      this.add(m.index, m.index + m[0].length, 'webhook-url');
    }
    for (const run of opaqueRuns(this.text)) {
      if (!this.spend(run.start)) break;
      const end = opaqueEnd(this.text, run.start, run.end);
      if (end < 0) continue;
      const token = this.text.slice(run.start, end);
      if (opaqueLooksLikeToken(token)) this.add(run.start, end, 'access-token');
    }
  }

  groupValues(pattern: RegExp, kind: SecretKind): void {
    for (const m of this.text.matchAll(pattern)) {
      if (!this.spend(m.index)) break;
      const value = m[1] ?? '';
      const end = m.index + m[0].length;
      this.add(end - value.length, end, kind);
    }
  }

  fields(): void {
    const text = this.text;
    FIELD_CORE.lastIndex = 0;
    for (let m = FIELD_CORE.exec(text); m; m = FIELD_CORE.exec(text)) {
      if (!this.spend(m.index)) break;
      // The separator first: in prose (`tokens are invalid`) the core word is a word, and the
      // character after it already says so, before any field-name reading.
      const after = m.index + m[0].length;
      if (!MAY_OPEN_SEPARATOR.has(text.charCodeAt(after))) continue;
      SEPARATOR.lastIndex = after;
      if (!SEPARATOR.exec(text)) continue;
      const start = SEPARATOR.lastIndex;
      const nameStart = fieldNameStart(text, m.index, m[0]);
      if (nameStart < 0) continue;
      VALUE.lastIndex = start;
      const value = VALUE.exec(text);
      if (!value) continue;
      const kind = fieldKind(text.slice(nameStart, m.index + m[0].length));
      if (looksLikeSecret(value[0], kind)) this.add(start, start + value[0].length, kind);
      // Past the value whatever it was: `token=token=token…` is read once, not once per name.
      FIELD_CORE.lastIndex = start + value[0].length;
    }
  }

  privateKeys(): void {
    const text = this.text;
    let nextEnd = -2; // -2: not looked for yet; -1: none after the last look
    let searchedFrom = 0;
    PEM_BEGIN.lastIndex = 0;
    for (let m = PEM_BEGIN.exec(text); m; m = PEM_BEGIN.exec(text)) {
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
      PEM_BEGIN.lastIndex = Math.max(end, bodyStart);
    }
  }
}

/** True when everything from `from` to `to` is key body (so END closes this key, not a later one). */
function isPemBodyUntil(text: string, from: number, to: number): boolean {
  return pemBodyEnd(text, from, to) >= to;
}

/** End of the key body starting at `from`: the last line that still looks like body or armor. */
function pemBodyEnd(text: string, from: number, limit = text.length): number {
  let at = from;
  let end = from;
  while (at < limit) {
    let lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0 || lineEnd > limit) lineEnd = limit;
    PEM_BODY_LINE.lastIndex = at;
    const line = PEM_BODY_LINE.exec(text.slice(0, lineEnd));
    if (!line) {
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
  BASE64_RUN.exec(text);
  return Math.min(BASE64_RUN.lastIndex, to);
}

/** The text with every credential replaced by [redacted], and which kinds were found. */
export function redactSecrets(input: string): RedactionResult {
  const withheld = input.length > REDACTION_TEXT_LIMIT;
  const text = withheld ? input.slice(0, REDACTION_TEXT_LIMIT) : input;
  const finder = new Finder(text);
  finder.privateKeys();
  finder.shapes();
  finder.groupValues(AUTH_SCHEME, 'bearer');
  finder.groupValues(URL_CREDENTIALS, 'password');
  finder.fields();
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
