/**
 * The reader's Slack locale. Slash commands, events and most interactions do not carry one, so it
 * is asked once per user (users.info with include_locale) and kept for a while; a failure or a slow
 * answer means "not known", never a stuck reply. What the locale makes of a reply's language
 * (with the question's own words and ERRCODE_DEFAULT_LANGUAGE) is the product's rule:
 * Product.languageFor.
 */
import { ExpiringMap } from '../../src/policy/auto-reply.js';
import type { WebClient } from './runtime.js';

export interface UserLocalesOptions {
  readonly ttlMs?: number;
  readonly maxUsers?: number;
  /** Longest wait for users.info before answering without a locale. */
  readonly timeoutMs?: number;
}

export class UserLocales {
  private readonly known: ExpiringMap<Promise<string | undefined>>;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly client: WebClient,
    options: UserLocalesOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 6 * 60 * 60 * 1000;
    this.timeoutMs = options.timeoutMs ?? 1500;
    this.known = new ExpiringMap(options.maxUsers ?? 20_000);
  }

  /** The user's locale (`zh-CN`), undefined when Slack did not say; `locale` wins when the payload carried one. */
  of(userId: string | undefined, locale?: string): Promise<string | undefined> {
    if (locale) return Promise.resolve(locale);
    if (!userId) return Promise.resolve(undefined);
    const now = Date.now();
    const cached = this.known.get(userId, now);
    if (cached) return cached;
    // The promise is cached, not the answer: a burst from one user makes one call.
    const asked = this.ask(userId);
    this.known.set(userId, asked, now + this.ttlMs);
    return asked;
  }

  /** The locale if already known, without asking (for fault messages). */
  async cached(userId: string | undefined): Promise<string | undefined> {
    return userId ? await this.known.get(userId, Date.now()) : undefined;
  }

  private async ask(userId: string): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.timeoutMs);
    });
    const lookup = this.client.users
      .info({ user: userId, include_locale: true })
      .then((res) => res.user?.locale || undefined)
      .catch(() => undefined);
    try {
      return await Promise.race([lookup, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
