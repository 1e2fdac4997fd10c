/**
 * Credentials pasted into a channel along with an error: the bot never echoes them, and tells the
 * poster to rotate them. Detection is by field name and by the shapes of well-known tokens.
 */

export type SecretKind =
  | 'access-token'
  | 'refresh-token'
  | 'id-token'
  | 'client-secret'
  | 'push-token'
  | 'bearer'
  | 'jwt'
  | 'slack-token'
  | 'discord-token'
  | 'private-key';

interface SecretPattern {
  readonly kind: SecretKind;
  readonly pattern: RegExp;
  /** Capture group holding the secret itself (0: the whole match). */
  readonly group: number;
}

const VALUE = String.raw`\\?["']?\s{0,3}[:=]\s{0,3}\\?["']?([A-Za-z0-9+/=._\-\\]{12,4096})`;
const field = (names: string, kind: SecretKind): SecretPattern => ({
  kind,
  pattern: new RegExp(String.raw`(?<![A-Za-z0-9_])\\?["']?(?:${names})${VALUE}`, 'gi'),
  group: 1,
});

const PATTERNS: readonly SecretPattern[] = [
  field('access_token|accesstoken|access-token|accessToken', 'access-token'),
  field('refresh_token|refreshtoken|refresh-token', 'refresh-token'),
  field('id_token|idtoken', 'id-token'),
  field('client_secret|clientsecret|client-secret|appsecret|app_secret|appkey|app_key', 'client-secret'),
  field('push_token|pushtoken|device_token|token', 'push-token'),
  { kind: 'bearer', pattern: /\bBearer\s+([A-Za-z0-9+/=._-]{12,4096})/g, group: 1 },
  { kind: 'jwt', pattern: /\beyJ[A-Za-z0-9_-]{8,2048}\.[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,2048}/g, group: 0 },
  { kind: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,250}/g, group: 0 },
  { kind: 'discord-token', pattern: /\b[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}\b/g, group: 0 },
  { kind: 'private-key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]{0,8192}?-----END [A-Z ]*PRIVATE KEY-----/g, group: 0 },
];

/** A value this short or this plain is a placeholder, not a credential. */
function looksLikeSecret(value: string): boolean {
  const v = value.replace(/\\/g, '');
  if (v.length < 12 || /^\d+$/.test(v) || /^(?:x+|\*+|\.+)$/i.test(v)) return false;
  return /[A-Za-z]/.test(v) && /\d|[+/=_-]/.test(v);
}

export interface RedactionResult {
  readonly text: string;
  readonly found: readonly SecretKind[];
}

export const REDACTED = '[redacted]';

/** The text with every credential replaced by [redacted], and which kinds were found. */
export function redactSecrets(text: string): RedactionResult {
  const found = new Set<SecretKind>();
  let out = text;
  for (const { kind, pattern, group } of PATTERNS) {
    out = out.replace(pattern, (...args: unknown[]) => {
      const match = args[0] as string;
      const secret = (args[group] as string | undefined) ?? match;
      if (group !== 0 && !looksLikeSecret(secret)) return match;
      found.add(kind);
      return group === 0 ? REDACTED : match.replace(secret, REDACTED);
    });
  }
  return { text: out, found: [...found] };
}
