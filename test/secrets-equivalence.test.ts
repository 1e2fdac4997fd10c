/**
 * The redaction finds its matches by trying each pattern only where a quick search says it can
 * start, and it can run in time slices; the result must be exactly that of the redaction before
 * (test/fixtures/redaction/redact-before.ts, one full scan per pattern): the same text, the same
 * kinds in the same order, the same point where the budget withholds the rest. Compared here over
 * every credential format the tests know, the hostile texts of the bench, random mixes of secrets,
 * their fragments and chat and log lines, secrets at the edges and next to each other, and texts
 * that spend the budget in each family.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BENCH_CHAT_LINES, BENCH_LOG_LINES } from '../scripts/bench-texts.js';
import { REDACTION_SITE_LIMIT, REDACTION_TEXT_LIMIT, redactSecrets, redactSecretsInSlices } from '../src/secrets.js';
import { redactSecrets as redactBefore } from './fixtures/redaction/redact-before.js';

/** One of each credential format the tests and the fuzz use, and near misses of them. */
const CREDENTIALS = [
  '{"access_token":"CgB6e3x9AbCdEf0123456789xyz","expires_in":3600}',
  'refresh_token=CgB6e3x9QrStUv9876543210abc&grant_type=refresh_token',
  'client_secret: 8f2a1c9e7b3d4f5a6e7d8c9b0a1f2e3d',
  'Authorization: Bearer DQB6e3x9abcdefghijklmnop1234',
  'authorization: basic dXNlcjpwYXNzd29yZDEyMzQ=',
  '"id_token":"eyJraWQiOiIxMjM0In0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl"',
  'eyJraWQiOiIxMjM0In0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl',
  'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  'xoxp-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  'xoxe.xoxp-1-Mi0yLTEyMzQ1Njc4OTAxMi0xMjM0NTY3ODkw',
  'push token: "IQAAAACy0kYdAACKWz5Y2wgbg-0xNHZjZmEwMjEyYg"',
  '{\\"access_token\\":\\"CgB6e3x9AbCdEf0123456789xyz\\"}',
  'https://hooks.slack.com/services/T0000AAAA/B0000BBBB/abcdefghijklmnopqrstuvwx',
  'HTTPS://hooks.slack-gov.com/workflows/T0000AAAA/A0000/123/abcdef',
  'https://discord.com/api/webhooks/123456789012345678/AbCdEf-GhIjKl_MnOpQr',
  'http://canary.discordapp.com/api/v10/webhooks/1234/abc_DEF-123',
  "$params = ['access_token' => 'CgB6e3x9AbCdEf0123456789xyz'];",
  '{\n  "access_token":\n    "CgB6e3x9AbCdEf0123456789xyz"\n}',
  'body=grant%26access_token%3DCgB6e3x9AbCdEf0123456789xyz%26x%3D1',
  '%7B%22access_token%22%3A%22CgB6e3x9AbCdEf0123456789xyz%22%7D',
  'the token was CgB6e3x9GkRzV2Ji+8n1X/5tJ0o3Qm7pLw9yUe4aZc6sDf2hKj8lBq1rMx0vNt3uPy7iOg5eWb9dFs4aHk2jLm6nQp8= and it failed',
  '{"username": "ops", "password": "hunter2!"}',
  'db.password=Tr0ub4dor&3',
  'mysql://root:s3cr3tP4ss@db.internal:3306/app',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onL',
  '-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF0Abc123XyZ\n=q1w2\n-----END PGP PRIVATE KEY BLOCK-----',
  'x -----BEGIN PRIVATE KEY-----\nMIIEabc\ndef==\n-----END PRIVATE KEY-----\n thanks',
  '-----BEGIN EC PRIVATE KEY-----\r\n  MHcCAQEEIBkg  \r\nProc-Type: 4,ENCRYPTED\r\n-----END EC PRIVATE KEY-----',
  '-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA\\n-----END OPENSSH PRIVATE KEY-----',
  'SLACK_APP_TOKEN=xapp-1-A0123456789-1234567890123-abcdef0123456789abcdef',
  'xwfp-1234567890-abcdefghijk',
  'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
  'ASIAIOSFODNN7EXAMPLE',
  'key=AIzaSyA1234567890abcdefghijklmnopqrstuv',
  'git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/x/y',
  'gho_abcdefghijklmnopqrstuvwxyz0123456789 ghs_abcdefghijklmnopqrstuvwxyz0123456789',
  'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
  'glpat-abcdefghij0123456789',
  'sk-proj-abcdefghij0123456789ABCD sk-ant-abcdefghij0123456789ABCD sk-abcdefghij0123456789ABCD',
  'sk_live_abcdefghij0123456789 rk_live_abcdefghij0123456789',
  'npm_abcdefghijklmnopqrstuvwxyz0123456789',
  'DISCORD_TOKEN=MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789',
  'NzkyNzE1NDU0MTk2MDg4ODQy.X-hvzA.Ovy4MCQywSkoMRRclStW4xAYK7I',
  "'client_secret' => '8f2a1c9e7b3d4f5a6e7d8c9b0a1f2e3d',",
  'clientSecret: "8f2a1c9e7b3d4f5a6e7d8c9b0a1f2e3d"',
  'api-key: 0123456789abcdef0123456789abcdef',
  'session_token := "sess-0123456789abcdefABCDEF"',
  'pwd=s3cret!!',
  'passwd: "correct horse"',
  'password: ********',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder, not a template
  'client_secret=${CLIENT_SECRET}',
  'token: <your token here>',
  'access_token=xxxxxxxxxxxxxxxx',
  'token: 123456789012345',
  'the access token is expired',
  'the password is wrong, token expired, see https://oauth-login.cloud.huawei.com/oauth2/v3/token',
];

/** The chat and log lines of scripts/bench.ts, and a few more of their kind. */
const CHAT = [...BENCH_CHAT_LINES, 'ask the desk-side team, the task_list is in sk-tools and gh-pages'];
const LOG = [
  ...BENCH_LOG_LINES,
  '    at processTicksAndRejections (node:internal/process/task_queues:95:5) 550e8400-e29b-41d4-a716-446655440000',
];

/** Units of the hostile texts (the bench's and the fuzz's), each repeated to length. */
const HOSTILE_UNITS = [
  'eyJ-',
  'eyJhbGciOi.',
  '-----BEGIN RSA PRIVATE KEY-----\n',
  '-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: x\n',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n',
  '9999999999',
  `${'9'.repeat(1000)} `,
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
  '-',
  '_',
  '.',
  'J',
  'eyJ',
  'sk-',
  'sk_',
  'a.MTIzNDU2Nzg5MDEyMzQ1Njc4.',
  'AKIA',
  'gh',
  'ghp_',
];

/** Pieces a random text is made of: whole credentials, their fragments, lines, separators. */
const FRAGMENTS = [
  ...CREDENTIALS,
  ...CHAT,
  ...LOG,
  ...HOSTILE_UNITS,
  'eyJ',
  'xox',
  'xoxb-',
  'xapp-',
  'xwfp-',
  'AKIA',
  'ASIA',
  'AIza',
  'ghp_',
  'github_pat_',
  'glpat-',
  'sk-',
  'sk-proj-',
  'sk_live_',
  'rk_live_',
  'npm_',
  'Bearer ',
  'basic\t',
  'token',
  'secret',
  'password',
  'pwd',
  'key',
  'authorization',
  'access_',
  'client-',
  '-----BEGIN ',
  'PRIVATE KEY-----',
  '-----END ',
  '-----',
  '://',
  'https://',
  'hooks.slack.com/services/',
  'discord.com/api/webhooks/',
  '@',
  ':',
  '=',
  '=>',
  '%3D',
  '%22',
  '"',
  "'",
  '\\"',
  ' ',
  '\n',
  '\r\n',
  '\t',
  '.',
  '-',
  '_',
  'M',
  'N',
  'O',
  'J',
];

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const tokenRun = fc.string({ unit: fc.constantFrom(...TOKEN_ALPHABET), maxLength: 48 });
const base64Run = fc.string({ unit: fc.constantFrom(...`${TOKEN_ALPHABET}+/=`), minLength: 40, maxLength: 140 });
const prefix = fc.constantFrom(
  '',
  'eyJ',
  'xoxb-',
  'xapp-',
  'AKIA',
  'AIza',
  'ghp_',
  'github_pat_',
  'glpat-',
  'sk-',
  'sk_live_',
  'npm_',
  'M',
  'N',
);
/** A token of random length after a known prefix, sometimes dotted: real matches and near misses. */
const tokenLike = fc
  .tuple(prefix, tokenRun, fc.constantFrom('', '.'), tokenRun, fc.constantFrom('', '.'), tokenRun)
  .map((parts) => parts.join(''));
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 3, arbitrary: tokenLike },
  { weight: 1, arbitrary: base64Run },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const mixedText = fc.array(piece, { maxLength: 40 }).chain((parts) => fc.constantFrom(parts.join(''), parts.join(' '), parts.join('\n')));

function expectSame(text: string): void {
  const before = redactBefore(text);
  const after = redactSecrets(text);
  if (after.text !== before.text || after.found.join() !== before.found.join()) {
    expect({ length: text.length, head: text.slice(0, 200), ...after }).toEqual({
      length: text.length,
      head: text.slice(0, 200),
      ...before,
    });
  }
}

const repeatTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

describe('redaction gives what it gave before', () => {
  it('on every credential format the tests know, alone, at the edges and beside each other', () => {
    const joins = ['', ' ', '\n', '.', '-', '_', '"', ':', '=', '@', '/'];
    for (const credential of CREDENTIALS) {
      expectSame(credential);
      for (const join of joins) {
        expectSame(`${join}${credential}${join}`);
        expectSame(`${credential}${join}${credential}`);
        for (const other of CREDENTIALS) expectSame(`${credential}${join}${other}`);
      }
      for (const line of [...CHAT, ...LOG]) {
        expectSame(`${line}\n${credential}`);
        expectSame(`${credential} ${line}`);
        expectSame(`${line.slice(0, line.length >> 1)}${credential}${line.slice(line.length >> 1)}`);
      }
    }
  });

  it('on every prefix of a text holding each family, so every cut through a secret is compared', () => {
    const text = CREDENTIALS.slice(0, 30).join(' ');
    for (let end = 0; end <= text.length; end += 1) expectSame(text.slice(0, end));
    const tail = CREDENTIALS.slice(30).join('\n');
    for (let start = 0; start <= tail.length; start += 1) expectSame(tail.slice(start));
  });

  it('on the hostile texts, alone, mixed and with a credential after them', { timeout: 120_000 }, () => {
    for (const unit of HOSTILE_UNITS) {
      for (const length of [1, 7, 64, 1000, 20_000]) {
        const hostile = repeatTo(unit, length);
        expectSame(hostile);
        expectSame(`${hostile} access_token=CgB6e3x9AbCdEf0123456789xyz`);
        expectSame(`${hostile}xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx`);
      }
      for (const other of HOSTILE_UNITS) expectSame(repeatTo(unit + other, 3000));
    }
    // Key bodies: more lines than are read at once, blank lines, blanks around and inside them, armor, no END.
    for (const body of [
      'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n',
      '\n',
      ' \t\n',
      '  MIIE  \r\n',
      'Version: 1\n',
      'Comment:  x  \n',
      'MIIE\\n',
      '  x!\n',
    ]) {
      for (const lines of [1, 1023, 1024, 1025, 3000]) {
        const key = `-----BEGIN PRIVATE KEY-----\n${body.repeat(lines)}`;
        expectSame(key);
        expectSame(`${key}-----END PRIVATE KEY-----\nthanks`);
        expectSame(`${key}  ${'  '.repeat(50)}!\n-----END PRIVATE KEY-----`);
        expectSame(`${key}-----BEGIN PRIVATE KEY-----\n${body}-----END PRIVATE KEY-----`);
      }
    }
    // The bench's four, at a quarter of a megabyte each.
    expectSame(repeatTo('eyJ-', 256 * 1024));
    expectSame(`-----BEGIN RSA PRIVATE KEY-----\n${repeatTo('MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n', 256 * 1024)}`);
    expectSame(repeatTo(`${'9'.repeat(100_000)} `, 256 * 1024));
    expectSame(repeatTo('{"a":[{"b":', 256 * 1024));
  });

  it('on chat and log text of every size up to a quarter megabyte, with secrets here and there', { timeout: 60_000 }, () => {
    const chat = CHAT.join('\n');
    const log = LOG.join('\n');
    for (const length of [10, 100, 1000, 10_000, 256 * 1024]) {
      expectSame(repeatTo(`${chat}\n`, length));
      expectSame(repeatTo(`${log}\n`, length));
      expectSame(repeatTo(`${chat}\n${CREDENTIALS.join('\n')}\n${log}\n`, length));
    }
  });

  it('where the places to try are too many and the patterns scan the text themselves', { timeout: 60_000 }, () => {
    for (const unit of ['-', '_', '.', 'J', 'eyJ.', '://', 'bearer ', 'a-b_c.d ', 'x.MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.']) {
      const dense = repeatTo(unit, 64 * 1024);
      expectSame(dense);
      for (const credential of CREDENTIALS) expectSame(`${dense.slice(0, 20_000)}${credential}${dense.slice(0, 20_000)}`);
    }
  });

  it('when the budget runs out in each family, and past the text limit', { timeout: 120_000 }, () => {
    const over = REDACTION_SITE_LIMIT + 10;
    for (const unit of [
      '-----BEGIN PRIVATE KEY-----\nMIIE\n',
      'xoxb-123456789012-abcdefghij ',
      'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789 ',
      'https://hooks.slack.com/services/T0/B0/abc ',
      `${'aB3+/'.repeat(14)} `,
      'Bearer DQB6e3x9abcdefghijklmnop1234 ',
      'mysql://root:s3cr3tP4ss@db ',
      'secret: x\n',
      'token=token=',
    ]) {
      const spent = unit.repeat(over);
      expectSame(`${spent}access_token=CgB6e3x9AbCdEf0123456789xyz`);
      // Spent half here, half in the families after.
      expectSame(`${unit.repeat(over >> 1)}${CREDENTIALS.join('\n').repeat(Math.ceil((over >> 1) / CREDENTIALS.length))}`);
    }
    expectSame(`${'a '.repeat(REDACTION_TEXT_LIMIT / 2)}xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx`);
  });

  it('on field words found by their letters: every case, next to each other, overlapping, beside non-ASCII', () => {
    const words = ['token', 'TOKEN', 'ToKeN', 'key', 'KEY', 'kEy', 'password', 'PassWord', 'passwd', 'PASSWD', 'pwd', 'PwD'];
    words.push('secret', 'SECRET', 'sEcReT', 'authorization', 'AUTHORIZATION', 'AuThOrIzAtIoN', 'passwor', 'passw', 'toke', 'ke');
    // Look-alikes a case-insensitive regex without `u` does not fold onto ASCII: Kelvin sign, long s, dotted I, fullwidth.
    const lookAlikes = ['to\u212Aen', '\u017Fecret', 'authoriz\u0130ation', 'pa\u017F\u017Fword', '\uFF54\uFF4F\uFF4B\uFF45\uFF4E'];
    const around = ['', ' ', '_', 'access_', 'client-', '%26', 'x', '9', '登录', '\u212A', '\u0301', '"', '\n'];
    const after = [
      '=CgB6e3x9AbCdEf0123456789xyz',
      '": "hunter2!"',
      ' := "sess-0123456789abcdefABCDEF"',
      '%3Dabc123def456ghi',
      's are invalid',
      'keytoken=abc',
      '',
    ];
    for (const word of [...words, ...lookAlikes]) {
      for (const before of around) {
        for (const tail of after) expectSame(`${before}${word}${tail}`);
      }
    }
    for (const glued of [
      'secretoken=CgB6e3x9AbCdEf0123456789xyz',
      'secretoken',
      'tokenkey: abcdefgh12345678',
      'passwordd=hunter22',
      'pwdpwd=hunter22',
    ]) {
      expectSame(glued);
      expectSame(`${glued} ${glued}`);
    }
    for (const word of ['secret', 'token', 'password', 'authorization']) {
      // A value cut at its 1,024-character limit inside a word: the next word is looked for from there.
      const value = 'a'.repeat(1024 - 3);
      expectSame(`token=${value}${word}=CgB6e3x9AbCdEf0123456789xyz`);
      expectSame(`token=${value}x${word}=CgB6e3x9AbCdEf0123456789xyz`);
    }
  });

  it('on long texts where the words are few, many, or many in places only', { timeout: 120_000 }, () => {
    const sparse = repeatTo(`${CHAT.join('\n')}\n`, 200 * 1024);
    const dense = repeatTo('MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\nwkz ', 200 * 1024);
    const credential = 'password: "hunter2!" access_token=CgB6e3x9AbCdEf0123456789xyz';
    for (const text of [
      sparse,
      dense,
      // Dense where the sample looks (the start of the text), sparse elsewhere; and the other way round.
      `${dense.slice(0, 4096)}${sparse}`,
      `${sparse.slice(0, 100 * 1024)}${repeatTo('kwzKWZ', 40 * 1024)}${sparse.slice(0, 100 * 1024)}`,
      `${sparse}${credential}${dense}${credential}`,
      `${credential}${sparse.slice(0, 70 * 1024)}${credential}`,
    ]) {
      expectSame(text);
    }
  });

  it('when field words found by their letters spend the budget', { timeout: 120_000 }, () => {
    // A field word every 64 characters, no other letter its search stops at: found one by one, past the budget.
    const line = `token is ${'-'.repeat(64 - 'token is '.length - 1)}\n`;
    expectSame(`${line.repeat(REDACTION_SITE_LIMIT + 5)}access_token=CgB6e3x9AbCdEf0123456789xyz`);
    expectSame(`${line.repeat(REDACTION_SITE_LIMIT - 5)}password: hunter2!\n${line.repeat(10)}secret=abcdefgh12345678`);
  });

  it('on random mixes of secrets, their fragments and chat and log lines', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        expectSame(text);
      }),
      { seed: 11, numRuns: 3000 },
    );
  });

  it('in time slices, two at once, as in one synchronous step', async () => {
    const texts = [
      repeatTo(`${CHAT.join('\n')}\n${CREDENTIALS.join('\n')}\n${LOG.join('\n')}\n`, 600 * 1024),
      `${'token=token='.repeat(REDACTION_SITE_LIMIT)}access_token=CgB6e3x9AbCdEf0123456789xyz`,
      repeatTo('eyJ-', 300 * 1024),
      // Field words found by their letters, more than a step's worth, each with a value to redact.
      repeatTo(`${CHAT.join('\n')}\npassword: "hunter2!"\n`, 600 * 1024),
    ];
    const sliced = await Promise.all(texts.map((text) => redactSecretsInSlices(text, { sliceMs: 0 })));
    for (const [i, text] of texts.entries()) expect(sliced[i]).toEqual(redactBefore(text));
  });
});
