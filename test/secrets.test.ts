import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from '../src/secrets.js';

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
    ]) {
      expect(redactSecrets(text).found, text).toEqual([]);
    }
  });
});
