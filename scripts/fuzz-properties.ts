/**
 * The engine's fuzz properties, shared by `npm run fuzz` (scripts/fuzz.ts: long runs, random seed)
 * and test/faults/fuzz.test.ts (a fixed seed, a few hundred runs). Inputs are random and
 * adversarial text built from the catalogs' own codes, phrases and keywords, payload shards,
 * escapes, huge numbers, CJK, invisible characters and regex-hostile repetition.
 */
import fc from 'fast-check';
import type { Engine } from '../src/engine/engine.js';
import { QUERY_LIMIT } from '../src/engine/lookup.js';
import { redactSecrets } from '../src/secrets.js';

/** The promises every property checks. */
export const FUZZ_LIMITS = Object.freeze({
  /** A scan answers at most this many codes. */
  maxScanAnswers: 5,
  /** Longest input generated for scan: just under 1 MB. */
  maxScanInput: 1024 * 1024 - 1,
  /** A scan of any input under 1 MB, or a lookup of any query, finishes within this. */
  boundMs: 2000,
  /** Longest query generated for lookup (well past QUERY_LIMIT, which cuts it). */
  maxQueryInput: QUERY_LIMIT * 8,
  lookupLimit: 10,
  /** Longest hostile text generated for redaction (the issue-11 families). */
  maxHostileInput: 256 * 1024,
} as const);

/** Units that once made secret redaction super-linear, or that look half like a credential. */
const HOSTILE_UNITS = [
  'eyJ-',
  'eyJhbGciOi.',
  '-----BEGIN RSA PRIVATE KEY-----\n',
  '-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: x\n',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n',
  '9999999999',
  '{"a":[{"b":',
  'token=token=',
  'access_token ',
  '"password":\n',
  'access_token%3D',
  '://a:b',
  'xoxb-',
  'Bearer ',
  'https://hooks.slack.com/services/',
  'aB3+/',
];

/** Credentials in the formats that used to slip through, and the part that must never be echoed. */
const SECRETS: ReadonlyArray<readonly [string, string]> = [
  ['{"access_token":"CgB6e3x9AbCdEf0123456789xyz"}', 'CgB6e3x9AbCdEf0123456789xyz'],
  ["'access_token' => 'CgB6e3x9AbCdEf0123456789xyz'", 'CgB6e3x9AbCdEf0123456789xyz'],
  ['{\n  "access_token":\n    "CgB6e3x9AbCdEf0123456789xyz"\n}', 'CgB6e3x9AbCdEf0123456789xyz'],
  ['a=1&access_token%3DCgB6e3x9AbCdEf0123456789xyz', 'CgB6e3x9AbCdEf0123456789xyz'],
  ['"password": "hunter2!x"', 'hunter2!x'],
  ['https://hooks.slack.com/services/T0000AAAA/B0000BBBB/abcdefghijklmnopqrstuvwx', 'abcdefghijklmnopqrstuvwx'],
  ['xapp-1-A0123456789-1234567890123-abcdef0123456789abcdef', 'abcdef0123456789abcdef'],
  ['xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'AbCdEfGhIjKlMnOpQrStUvWx'],
  ['-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'],
  ['Authorization: Bearer DQB6e3x9abcdefghijklmnop1234', 'DQB6e3x9abcdefghijklmnop1234'],
  ['mysql://root:s3cr3tP4ss@db:3306', 's3cr3tP4ss'],
];

const SHARDS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  ':',
  ',',
  '=',
  '=>',
  '~',
  '.',
  '-',
  '+',
  '#',
  '%',
  '/',
  '0x',
  '0X',
  'e',
  '\\',
  '\\"',
  '\\\\',
  '\\u0022',
  '\\n',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '   ',
  '```',
  '```json\n',
  '"code":',
  '"code": "',
  '\\"code\\":\\"',
  '"ret":',
  "'ret' => ",
  '"error":',
  '"sub_error":',
  'errcode=',
  'err_code=',
  'errCode=',
  'resultCode=',
  'oidb_ret=',
  'flag=',
  'result=',
  'status_code=',
  'NSP_STATUS: ',
  'nsp-status=',
  'HTTP/1.1 ',
  'HTTP ',
  '-> ',
  '<- ',
  'http_code\n',
  'oidb decode0x73a failed, ret: ',
  'decode0x711 failed ret ',
  'error code ',
  'return code: ',
  'ret ',
  '错误码：',
  '错误代码 ',
  '返回码=',
  '报错 ',
  'https://oauth-login.cloud.huawei.com/oauth2/v3/token',
  'nsp_svc=huawei.oauth2.user.getTokenInfo',
  '<@U123>',
  '<!channel>',
  '@everyone',
  '<@&42>',
  'Bearer ',
  'access_token=',
  '"access_token":"CgB6e3x9AbCdEf0123456789"',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
];

const CJK = [
  '推送',
  '登录失败',
  '获取玩家信息失败',
  '令牌过期',
  '华为帐号',
  '游戏中心',
  '一键登录',
  '怎么办',
  '错误',
  '了',
  '。',
  '，',
  '：',
  '（',
  '）',
  '\u3000',
  '字',
];

/** Zero-width, joiners, word joiner, BOM, soft hyphen, bidi embeddings, overrides and isolates. */
export const INVISIBLES = [
  '\u00ad',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2060',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\ufeff',
];

const HUGE_NUMBERS = [
  '9'.repeat(12),
  '9'.repeat(13),
  '9'.repeat(400),
  '-'.concat('9'.repeat(30)),
  String(Number.MAX_SAFE_INTEGER + 2),
  '1e309',
  '-1e-309',
  'NaN',
  'Infinity',
  '-0',
  '00000000000000000000006004',
  `0x${'f'.repeat(9)}`,
  `0x${'f'.repeat(64)}`,
  '0xffffffff',
  '-0x80000000',
];

/** Payload shapes: each puts a code in a field, with the entry's words beside it. */
const FIELDS: ReadonlyArray<(code: string, words: string) => string> = [
  (code, words) => `{"error":${code},"msg":"${words}"}`,
  (code, words) => `{"code":${code},"data":"${words}"}`,
  (code, words) => `{"ret":${code},"msg":"${words}"}`,
  (code, words) => `${words}: errcode=${code}`,
  (code, words) => `${words}\nNSP_STATUS: ${code}`,
  (code, words) => `HTTP/1.1 ${code} ${words}`,
  (code, words) => `oidb decode0x73a failed, ret: ${code} ${words}`,
  (code, words) => `${words} 错误码 ${code}`,
  (code, words) => `${code} ${words}`,
];

/** What the catalogs themselves say: the words that make a scan answer, so the fuzz reaches deep. */
export interface Vocabulary {
  readonly codes: readonly string[];
  readonly phrases: readonly string[];
}

export function vocabularyOf(engine: Engine): Vocabulary {
  const codes = new Set<string>();
  const phrases = new Set<string>();
  for (const catalog of engine.catalogs) {
    for (const entry of catalog.entries) {
      codes.add(entry.code);
      if (entry.main) codes.add(`${entry.main} ${entry.code}`);
      for (const signal of entry.signals) phrases.add(signal);
      for (const keyword of entry.keywords) phrases.add(keyword);
      const first = entry.description.en?.split('\n')[0];
      if (first) phrases.add(first.slice(0, 80));
    }
  }
  return { codes: [...codes].sort(), phrases: [...phrases].sort() };
}

export interface FuzzArbitraries {
  /** A paste: usually a few hundred characters, now and then up to just under 1 MB. */
  readonly paste: fc.Arbitrary<string>;
  /** A query: anything typed after /errcode, sometimes longer than QUERY_LIMIT. */
  readonly query: fc.Arbitrary<string>;
  /** Two digit runs joined by invisible characters, in a field or next to the code's own words. */
  readonly splitCode: fc.Arbitrary<{ readonly text: string; readonly left: string; readonly right: string }>;
  /** Hostile text for the redactor: one or two of HOSTILE_UNITS repeated, up to maxHostileInput. */
  readonly hostile: fc.Arbitrary<string>;
  /** A credential in one of the known formats, inside a random paste or hostile text. */
  readonly pastedSecret: fc.Arbitrary<{ readonly text: string; readonly secret: string }>;
}

export function fuzzArbitraries(vocabulary: Vocabulary): FuzzArbitraries {
  const number = fc.oneof(
    fc.integer().map(String),
    fc.integer({ min: -1_000_000, max: 100_000_000 }).map(String),
    fc.nat().map((n) => `0x${n.toString(16)}`),
    fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
    fc.double().map(String),
    fc.constantFrom(...HUGE_NUMBERS),
  );
  // Shaped like a real payload (a field, a catalog code, the entry's words), so scans get answered.
  const payload = fc
    .tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...vocabulary.codes), fc.constantFrom(...vocabulary.phrases))
    // A two-level code (`1101 20155`) goes into the error template as error + sub_error.
    .map(([field, code, words]) => field(code.replace(' ', field === FIELDS[0] ? ',"sub_error":' : ' '), words));
  const token = fc.oneof(
    { weight: 3, arbitrary: payload },
    { weight: 6, arbitrary: fc.constantFrom(...SHARDS) },
    { weight: 4, arbitrary: fc.constantFrom(...vocabulary.codes) },
    { weight: 3, arbitrary: number },
    { weight: 2, arbitrary: fc.constantFrom(...vocabulary.phrases) },
    { weight: 2, arbitrary: fc.constantFrom(...CJK) },
    { weight: 2, arbitrary: fc.constantFrom(...INVISIBLES) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  );
  const phrase = fc.array(token, { maxLength: 12 }).map((parts) => parts.join(''));
  // Regex-hostile: one shard repeated (`\\\\\\…`, `"code":"code":…`, `0000…`, `ret ret ret…`).
  const repeated = fc.tuple(phrase, fc.integer({ min: 2, max: 4000 })).map(([unit, times]) => unit.repeat(times));
  const text = fc
    .array(fc.oneof({ weight: 8, arbitrary: token }, { weight: 1, arbitrary: repeated }), { maxLength: 40 })
    .chain((parts) => fc.constantFrom(parts.join(''), parts.join(' '), parts.join('\n')));
  // Now and then a paste near the 1 MB the property promises about: a phrase repeated to a random length.
  const huge = fc
    .tuple(
      phrase.filter((p) => p.length > 0),
      fc.integer({ min: 64 * 1024, max: FUZZ_LIMITS.maxScanInput }),
    )
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
  const paste = fc.oneof({ weight: 60, arbitrary: text }, { weight: 1, arbitrary: huge }).map((t) => t.slice(0, FUZZ_LIMITS.maxScanInput));
  const query = fc
    .oneof({ weight: 8, arbitrary: text }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: FUZZ_LIMITS.maxQueryInput }) })
    .map((t) => t.slice(0, FUZZ_LIMITS.maxQueryInput));

  const digits = fc.stringMatching(/^[1-9]\d{0,7}$/);
  const invisible = fc.array(fc.constantFrom(...INVISIBLES), { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
  const around = fc.constantFrom(
    (n: string) => `{"code":"${n}"}`,
    (n: string) => `{"code":${n},"data":"get player info fail"}`,
    (n: string) => `{"ret":${n},"msg":"access token expired"}`,
    (n: string) => `NSP_STATUS: ${n}`,
    (n: string) => `error code ${n} push`,
    (n: string) => `push failed, 错误码：${n}`,
    (n: string) => `${n} get player info fail`,
    (n: string) => `HTTP/1.1 ${n} /oauth2/v3/token`,
    (n: string) => `oidb decode0x73a failed, ret: ${n}`,
  );
  const splitCode = fc
    .tuple(digits, invisible, fc.stringMatching(/^\d{1,6}$/), around)
    .map(([left, hidden, right, wrap]) => ({ text: wrap(`${left}${hidden}${right}`), left, right }));
  const hostile = fc
    .tuple(
      fc.array(fc.constantFrom(...HOSTILE_UNITS), { minLength: 1, maxLength: 2 }),
      fc.integer({ min: 16, max: FUZZ_LIMITS.maxHostileInput }),
    )
    .map(([units, length]) => {
      const unit = units.join('');
      return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    });
  const filler = fc.oneof(
    { weight: 4, arbitrary: text.map((t) => t.slice(0, 64 * 1024)) },
    { weight: 1, arbitrary: hostile.map((t) => t.slice(0, 64 * 1024)) },
  );
  // The secret is kept whole and set apart by a line break, as a real paste would carry it.
  const pastedSecret = fc
    .tuple(filler, fc.constantFrom(...SECRETS), filler)
    .map(([before, [credential, secret], after]) => ({ text: `${before}\n${credential}\n${after}`, secret }));
  return { paste, query, splitCode, hostile, pastedSecret };
}

export interface FuzzProperty {
  readonly name: string;
  readonly property: fc.IProperty<[unknown]>;
  /** The slowest engine call so far, for the report. */
  readonly slowest: { ms: number; length: number };
}

class PropertyViolation extends Error {
  override name = 'PropertyViolation';
}

function check(condition: boolean, message: () => string): void {
  if (!condition) throw new PropertyViolation(message());
}

function timed<T>(slowest: FuzzProperty['slowest'], what: string, input: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  const ms = performance.now() - started;
  if (ms > slowest.ms) Object.assign(slowest, { ms, length: input.length });
  check(
    ms <= FUZZ_LIMITS.boundMs,
    () => `${what} of ${input.length} characters took ${Math.round(ms)} ms (bound ${FUZZ_LIMITS.boundMs} ms)`,
  );
  return result;
}

const inUnitInterval = (confidence: number) => Number.isFinite(confidence) && confidence > 0 && confidence <= 1;

/** The fuzz properties over `engine`, in the order they run. */
export function fuzzProperties(engine: Engine, arbitraries: FuzzArbitraries = fuzzArbitraries(vocabularyOf(engine))): FuzzProperty[] {
  const slowScan = { ms: 0, length: 0 };
  const slowLookup = { ms: 0, length: 0 };
  const slowSplit = { ms: 0, length: 0 };
  const slowRedact = { ms: 0, length: 0 };
  const slowSecret = { ms: 0, length: 0 };
  return [
    {
      name: 'scan',
      slowest: slowScan,
      property: fc.property(arbitraries.paste, (text) => {
        const result = timed(slowScan, 'scan', text, () => engine.scan(text));
        check(result.answers.length <= FUZZ_LIMITS.maxScanAnswers, () => `scan gave ${result.answers.length} answers`);
        for (const answer of result.answers) {
          check(inUnitInterval(answer.confidence), () => `scan answer ${answer.entryId} has confidence ${answer.confidence}`);
        }
      }),
    },
    {
      name: 'lookup',
      slowest: slowLookup,
      property: fc.property(arbitraries.query, (query) => {
        const result = timed(slowLookup, 'lookup', query, () => engine.lookup(query, { limit: FUZZ_LIMITS.lookupLimit }));
        check(['found', 'not-found', 'empty-query'].includes(result.status), () => `lookup status ${String(result.status)}`);
        check(
          (result.status === 'found') === result.answers.length > 0,
          () => `lookup ${result.status} with ${result.answers.length} answers`,
        );
        check(result.answers.length <= FUZZ_LIMITS.lookupLimit, () => `lookup gave ${result.answers.length} answers`);
        // Not (0, 1] as for scan: a lookup answers whatever entry the code reaches, and a clue against
        // it (`ret 200` reaching only HTTP 200) can take its confidence to 0.
        for (const answer of result.answers) {
          check(
            Number.isFinite(answer.confidence) && answer.confidence >= 0 && answer.confidence <= 1,
            () => `lookup answer ${answer.entryId} has confidence ${answer.confidence}`,
          );
        }
      }),
    },
    {
      name: 'split-code',
      slowest: slowSplit,
      property: fc.property(arbitraries.splitCode, ({ text }) => {
        // Digits split by an invisible character are neither the joined number nor either fragment.
        const result = timed(slowSplit, 'scan', text, () => engine.scan(text));
        check(
          result.answers.length === 0,
          () => `scan read ${result.answers.map((a) => a.matchedAs ?? a.code).join(', ')} out of a split number`,
        );
      }),
    },
    {
      name: 'redact-hostile',
      slowest: slowRedact,
      property: fc.property(arbitraries.hostile, (text) => {
        // Redaction and scan together, as an auto-reply does them: bounded whatever the text.
        const result = timed(slowRedact, 'redaction + scan', text, () => {
          const redacted = redactSecrets(text);
          engine.scan(text);
          return redacted;
        });
        // A redacted value is at least 4 characters and `[redacted]` 10: the text at most 2.5 times longer.
        check(result.text.length <= text.length * 2.5 + 64, () => `redaction grew ${text.length} characters to ${result.text.length}`);
      }),
    },
    {
      name: 'secret-never-echoed',
      slowest: slowSecret,
      property: fc.property(arbitraries.pastedSecret, ({ text, secret }) => {
        const result = timed(slowSecret, 'redaction', text, () => redactSecrets(text));
        check(!result.text.includes(secret), () => `the credential ${secret} survived redaction`);
        check(result.found.length > 0, () => `the credential ${secret} was not reported`);
      }),
    },
  ];
}

/** A value for a report: long strings shown by their ends and length. */
export function preview(value: unknown, max = 600): string {
  const json = JSON.stringify(value) ?? String(value);
  if (json.length <= max) return json;
  return `${json.slice(0, max / 2)} … ${json.slice(-max / 2)} (${json.length} characters as JSON)`;
}
