/**
 * The reader's language from their Slack locale. Slash commands, events and most interactions do
 * not carry a locale, so it is asked once per user (users.info with include_locale) and kept for a
 * while; a failure or a slow answer means English, never a stuck reply.
 */
import { languageOf } from '../../src/messages.js';
import { ExpiringMap } from '../../src/policy/auto-reply.js';
import type { Language } from '../../src/text.js';
import type { WebClient } from './runtime.js';

export interface UserLanguagesOptions {
  readonly ttlMs?: number;
  readonly maxUsers?: number;
  /** Longest wait for users.info before answering in English. */
  readonly timeoutMs?: number;
}

export class UserLanguages {
  private readonly known: ExpiringMap<Promise<Language>>;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly client: WebClient,
    options: UserLanguagesOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 6 * 60 * 60 * 1000;
    this.timeoutMs = options.timeoutMs ?? 1500;
    this.known = new ExpiringMap(options.maxUsers ?? 20_000);
  }

  /** The user's language; `locale` wins when the payload carried one. */
  of(userId: string | undefined, locale?: string): Promise<Language> {
    if (locale) return Promise.resolve(languageOf(locale));
    if (!userId) return Promise.resolve('en');
    const now = Date.now();
    const cached = this.known.get(userId, now);
    if (cached) return cached;
    // The promise is cached, not the answer: a burst from one user makes one call.
    const asked = this.ask(userId);
    this.known.set(userId, asked, now + this.ttlMs);
    return asked;
  }

  /** The language if already known, without asking (for fault messages). */
  async cached(userId: string | undefined): Promise<Language> {
    return (userId && (await this.known.get(userId, Date.now()))) || 'en';
  }

  private async ask(userId: string): Promise<Language> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Language>((resolve) => {
      timer = setTimeout(() => resolve('en'), this.timeoutMs);
    });
    const lookup = this.client.users
      .info({ user: userId, include_locale: true })
      .then((res) => languageOf(res.user?.locale))
      .catch(() => 'en' as const);
    try {
      return await Promise.race([lookup, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
