import { describe, expect, it } from 'vitest';
import { REDACTED, REDACTION_SITE_LIMIT, REDACTION_TEXT_LIMIT, redactSecrets } from '../src/secrets.js';

describe('credentials in pastes are found and never echoed', () => {
  it.each([
    ['{"access_token":"CgB6e3x9AbCdEf0123456789xyz","expires_in":3600}', 'access-token', 'CgB6e3x9AbCdEf0123456789xyz'],
    ['refresh_token=CgB6e3x9QrStUv9876543210abc&grant_type=refresh_token', 'refresh-token', 'CgB6e3x9QrStUv9876543210abc'],
    ['client_secret: 8f2a1c9e7b3d4f5a6e7d8c9b0a1f2e3d', 'client-secret', '8f2a1c9e7b3d4f5a6e7d8c9b0a1f2e3d'],
    ['Authorization: Bearer DQB6e3x9abcdefghijklmnop1234', 'bearer', 'DQB6e3x9abcdefghijklmnop1234'],
    [
      '"id_token":"eyJraWQiOiIxMjM0In0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl"',
      'id-token',
      'eyJraWQiOiIxMjM0In0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl',
    ],
    [
      'a bare JWT eyJraWQiOiIxMjM0In0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl here',
      'jwt',
      'eyJraWQiOiIxMjM0In0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlc2lnbmF0dXJl',
    ],
    [
      'my bot token is xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
      'slack-token',
      'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
    ],
    ['push token: "IQAAAACy0kYdAACKWz5Y2wgbg-0xNHZjZmEwMjEyYg"', 'push-token', 'IQAAAACy0kYdAACKWz5Y2wgbg-0xNHZjZmEwMjEyYg'],
    ['{\\"access_token\\":\\"CgB6e3x9AbCdEf0123456789xyz\\"}', 'access-token', 'CgB6e3x9AbCdEf0123456789xyz'],
    // QQ's own credentials in an MSDK payment call: openkey is the access token by another name.
    ['openid=8F3C2A1B9D7E6F50&openkey=A1B2C3D4E5F60718A1B2C3D4E5F60718&pf=qq_m_qq', 'access-token', 'A1B2C3D4E5F60718A1B2C3D4E5F60718'],
    ['{"ret":1018,"paytoken":"9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F"}', 'access-token', '9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F'],
    ['pf_key=5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b&zoneid=1', 'client-secret', '5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b'],
  ])('%s', (text, kind, secret) => {
    const result = redactSecrets(text);
    expect(result.found).toContain(kind);
    expect(result.text).not.toContain(secret);
    expect(result.text).toContain(REDACTED);
  });

  it('leaves error payloads and placeholders alone', () => {
    for (const text of [
      '{"error":1101,"sub_error":20155}',
      'access_token=xxxxxxxxxxxxxxxx',
      'token: 123456789012345',
      'the access token is expired',
      'ret=-21 openkey invalid, pay token expired',
    ]) {
      expect(redactSecrets(text).found, text).toEqual([]);
    }
  });
});

describe('the formats that used to slip through', () => {
  const HUAWEI = 'CgB6e3x9GkRzV2Ji+8n1X/5tJ0o3Qm7pLw9yUe4aZc6sDf2hKj8lBq1rMx0vNt3uPy7iOg5eWb9dFs4aHk2jLm6nQp8=';
  it.each([
    [
      'Slack webhook URL',
      'post to https://hooks.slack.com/services/T0000AAAA/B0000BBBB/abcdefghijklmnopqrstuvwx please',
      'webhook-url',
      'abcdefghijklmnopqrstuvwx',
    ],
    [
      'Discord webhook URL',
      'https://discord.com/api/webhooks/123456789012345678/AbCdEf-GhIjKl_MnOpQr',
      'webhook-url',
      'AbCdEf-GhIjKl_MnOpQr',
    ],
    [
      "PHP 'access_token' => '…'",
      "$params = ['access_token' => 'CgB6e3x9AbCdEf0123456789xyz'];",
      'access-token',
      'CgB6e3x9AbCdEf0123456789xyz',
    ],
    [
      'pretty-printed JSON, value on the next line',
      '{\n  "access_token":\n    "CgB6e3x9AbCdEf0123456789xyz"\n}',
      'access-token',
      'CgB6e3x9AbCdEf0123456789xyz',
    ],
    [
      'URL-encoded access_token%3D…',
      'body=grant%26access_token%3DCgB6e3x9AbCdEf0123456789xyz%26x%3D1',
      'access-token',
      'CgB6e3x9AbCdEf0123456789xyz',
    ],
    ['URL-encoded JSON', '%7B%22access_token%22%3A%22CgB6e3x9AbCdEf0123456789xyz%22%7D', 'access-token', 'CgB6e3x9AbCdEf0123456789xyz'],
    ['a bare Huawei access token', `the token was ${HUAWEI} and it failed`, 'access-token', HUAWEI.slice(0, 40)],
    ['a password field', '{"username": "ops", "password": "hunter2!"}', 'password', 'hunter2!'],
    ['password= in a config line', 'db.password=Tr0ub4dor&3', 'password', 'Tr0ub4dor'],
    ['a password in a URL', 'mysql://root:s3cr3tP4ss@db.internal:3306/app', 'password', 's3cr3tP4ss'],
    [
      'a private key with no END line',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onL',
      'private-key',
      'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo',
    ],
    [
      'a PGP private key block',
      '-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBF0Abc123XyZ\n=q1w2\n-----END PGP PRIVATE KEY BLOCK-----',
      'private-key',
      'lQOYBF0Abc123XyZ',
    ],
    [
      'a Slack app-level token',
      'SLACK_APP_TOKEN=xapp-1-A0123456789-1234567890123-abcdef0123456789abcdef',
      'slack-token',
      'xapp-1-A0123456789',
    ],
    ['an AWS access key id', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'cloud-key', 'AKIAIOSFODNN7EXAMPLE'],
    ['a Google API key', 'key=AIzaSyA1234567890abcdefghijklmnopqrstuv', 'cloud-key', 'AIzaSyA1234567890abcdefghijklmnopqrstuv'],
    [
      'a GitHub token',
      'git clone https://ghp_abcdefghijklmnopqrstuvwxyz0123456789@github.com/x/y',
      'cloud-key',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    ],
    [
      'a Discord bot token',
      'DISCORD_TOKEN=MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789',
      'discord-token',
      'GaBcDe.abcdefghij',
    ],
    [
      'client_secret in a PHP array',
      "'client_secret' => '8f2a1c9e7b3d4f5a6e7d8c9b0a1f2e3d',",
      'client-secret',
      '8f2a1c9e7b3d4f5a6e7d8c9b0a1f2e3d',
    ],
    [
      'a Cookie header',
      'GET /me HTTP/1.1\r\nCookie: session=s%3AJ2x9Qm7pLw9yUe4a.Zc6sDf2hKj8; uid=42\r\n',
      'session-cookie',
      'J2x9Qm7pLw9yUe4a',
    ],
    ['a Set-Cookie header', '< set-cookie: SESSIONID=AbC123xYz789QwE; Path=/; HttpOnly', 'session-cookie', 'AbC123xYz789QwE'],
    ['a curl cookie header', "curl -H 'Cookie: sid=9f8e7d6c5b4a3' https://example.com", 'session-cookie', '9f8e7d6c5b4a3'],
    ['a JSON headers map', '{"headers": {"Cookie": "token=eyJhbGciOi.abc.def; lang=zh"}}', 'session-cookie', 'eyJhbGciOi.abc'],
    ['camelCase clientSecret', 'clientSecret: "8f2a1c9e7b3d4f5a6e7d8c9b0a1f2e3d"', 'client-secret', '8f2a1c9e7b3d4f5a6e7d8c9b0a1f2e3d'],
  ])('%s', (_name, text, kind, secret) => {
    const result = redactSecrets(text);
    expect(result.found).toContain(kind);
    expect(result.text).not.toContain(secret);
  });

  it('keeps the words around a redacted value', () => {
    expect(redactSecrets('Cookie: session=abc123xyz; uid=42\nHTTP/1.1 401').text).toBe('Cookie: [redacted]\nHTTP/1.1 401');
    expect(redactSecrets('{"Cookie": "sid=abc123xyz", "error": 1101}').text).toBe('{"Cookie": "[redacted]", "error": 1101}');
    expect(redactSecrets('mysql://root:s3cr3tP4ss@db:3306/x').text).toBe('mysql://root:[redacted]@db:3306/x');
    expect(redactSecrets('x -----BEGIN PRIVATE KEY-----\nMIIEabc\ndef==\n-----END PRIVATE KEY-----\n thanks').text).toBe(
      'x [redacted]\n thanks',
    );
    expect(redactSecrets('{"password": "hunter2!", "error": 1101}').text).toBe('{"password": "[redacted]", "error": 1101}');
  });

  it('leaves ordinary chat, logs and placeholders alone', () => {
    for (const text of [
      'the password is wrong, token expired, see https://oauth-login.cloud.huawei.com/oauth2/v3/token',
      'password: ********',
      'clear your cookies and try again, cookie consent banner: 2 clicks',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder, not a template
      'client_secret=${CLIENT_SECRET}',
      'token: <your token here>',
      '2024-10-22T08:10:40.001Z ERROR [oauth] POST /oauth2/v3/token <- 400 {"sub_error":20155,"error":1101}',
      '/usr/local/lib/node_modules/errcode/dist/adapters/slack/handlers/actions.js:155:20 at processTicksAndRejections',
      '9'.repeat(200),
    ]) {
      expect(redactSecrets(text).found, text).toEqual([]);
    }
  });
});

describe('hostile text is read once and bounded', () => {
  it.each([
    ['runs of eyJ-', 'eyJ-'.repeat(50_000)],
    ['a PEM header with no END, over and over', '-----BEGIN PRIVATE KEY-----\n'.repeat(5_000)],
    ['digits', '9'.repeat(200_000)],
    ['nested JSON', '{"a":'.repeat(40_000)],
    ['field names with nothing after them', 'access_token '.repeat(20_000)],
    ['field names chained', 'token=token='.repeat(20_000)],
    ['a key line of blanks that ends in something else', `-----BEGIN PRIVATE KEY-----\nMIIE\n${' '.repeat(200_000)}!`],
    ['a key of nothing but line breaks', `-----BEGIN PRIVATE KEY-----${'\n'.repeat(1_000_000)}`],
  ])('%s come back whole or redacted, never with a secret', (_name, text) => {
    const result = redactSecrets(`${text} access_token=CgB6e3x9AbCdEf0123456789xyz`);
    expect(result.text).not.toContain('CgB6e3x9AbCdEf0123456789xyz');
  });

  it('withholds text past the per-message limit instead of passing it on unread', () => {
    const text = `${'a '.repeat(REDACTION_TEXT_LIMIT / 2)}xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx`;
    const result = redactSecrets(text);
    expect(result.text).not.toContain('xoxb-');
    expect(result.text).toMatch(/withheld/);
  });

  it('withholds the rest once the candidate budget is spent', () => {
    const text = `${'secret: x\n'.repeat(REDACTION_SITE_LIMIT + 10)}access_token=CgB6e3x9AbCdEf0123456789xyz`;
    const result = redactSecrets(text);
    expect(result.text).not.toContain('CgB6e3x9AbCdEf0123456789xyz');
    expect(result.text).toMatch(/withheld/);
  });
});
