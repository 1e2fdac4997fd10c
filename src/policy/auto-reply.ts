/**
 * When the bot may answer a paste nobody addressed to it. Platform-neutral: Slack and Discord ask
 * the same policy. The channel-level checks (enabled, allow and deny lists) are answered here; the
 * stateful part (mutes, one answer per code per thread, cooldowns, the per-channel window) is the
 * state store's `decideAutoReply` (src/state), shared by every process.
 *
 * `decide` and `mute` below are that same decision in one process's memory: the reference model
 * the store's contract tests hold every backend to. The bot itself does not call them.
 */
import { type AutoReplyLimits, autoReplyLimits } from '../state/store.js';

export interface AutoReplySettings {
  readonly enabled: boolean;
  /** When non-empty, only these channels get auto-replies. */
  readonly allowChannels: readonly string[];
  readonly denyChannels: readonly string[];
  /** The same code in the same channel is answered at most once per cooldown. */
  readonly cooldownMs: number;
  /** Auto-replies per channel per minute, at most. */
  readonly maxPerChannelPerMinute: number;
  /** How long "Not relevant" mutes a code in a channel. */
  readonly muteMs: number;
  /** Most keys each memory holds before the oldest are forgotten. */
  readonly maxTrackedKeys: number;
}

export const AUTO_REPLY_DEFAULTS = Object.freeze({
  enabled: true,
  allowChannels: [],
  denyChannels: [],
  cooldownMs: 10 * 60 * 1000,
  maxPerChannelPerMinute: 6,
  muteMs: 24 * 60 * 60 * 1000,
  maxTrackedKeys: 50_000,
} as const satisfies AutoReplySettings);

/**
 * How long an auto-reply's marks hold before the reply is posted: less than an event's claim
 * outlives a killed holder (DEDUPE_DEFAULTS.holdMs, 20 s), so the redelivery that follows a crash between
 * deciding and posting finds the code free and answers. A post slower than this (retries during
 * a Slack outage) still posts; its marks then expire instead of being kept.
 */
export const RESERVATION_HOLD_MS = 15_000;

export type SuppressionReason =
  | 'disabled'
  | 'channel-not-allowed'
  | 'channel-denied'
  | 'muted'
  | 'thread-duplicate'
  | 'cooldown'
  | 'rate-cap'
  /** The state store could not answer: fail closed. */
  | 'state-unavailable';

/**
 * The marks a "yes" holds (cooldown, one answer per thread, the rate cap): they block a second
 * reply while this one is being posted, stay once it is posted (`commit`), and are given back when
 * it could not be (`release`), so a failed reply never blocks the retry that would answer.
 * A reservation left unsettled keeps its marks: erring on the side of not repeating a reply.
 */
export interface AutoReplyReservation {
  commit(now?: number): void;
  release(): void;
}

export type AutoReplyDecision =
  | { readonly reply: true; readonly reservation: AutoReplyReservation }
  | { readonly reply: false; readonly reason: SuppressionReason };

export type ChannelDecision = { readonly reply: true } | { readonly reply: false; readonly reason: SuppressionReason };

export interface AutoReplyRequest {
  readonly channelId: string;
  /** The thread the reply would go to (Slack thread_ts, Discord thread or root message id). */
  readonly threadId: string;
  /** The answer's identity: entry id (or a catalog-neutral code key). */
  readonly codeKey: string;
}

/** A map whose entries expire, capped in size (oldest first out): memory never grows without bound. */
export class ExpiringMap<V> {
  private readonly items = new Map<string, { value: V; expires: number }>();

  constructor(private readonly maxKeys: number) {}

  get(key: string, now: number): V | undefined {
    const item = this.items.get(key);
    if (!item) return undefined;
    if (item.expires <= now) {
      this.items.delete(key);
      return undefined;
    }
    return item.value;
  }

  set(key: string, value: V, expires: number): void {
    this.items.delete(key);
    this.items.set(key, { value, expires });
    while (this.items.size > this.maxKeys) {
      const oldest = this.items.keys().next().value;
      if (oldest === undefined) break;
      this.items.delete(oldest);
    }
  }

  delete(key: string): void {
    this.items.delete(key);
  }

  get size(): number {
    return this.items.size;
  }
}

export class AutoReplyPolicy {
  readonly settings: AutoReplySettings;
  private readonly cooldowns: ExpiringMap<true>;
  private readonly threads: ExpiringMap<true>;
  private readonly mutes: ExpiringMap<true>;
  private readonly recent: ExpiringMap<number[]>;

  /** The numbers the store's decision applies, from these settings. */
  readonly limits: AutoReplyLimits;

  constructor(settings: Partial<AutoReplySettings> = {}) {
    this.settings = { ...AUTO_REPLY_DEFAULTS, ...settings };
    this.limits = autoReplyLimits(this.settings, RESERVATION_HOLD_MS);
    const max = this.settings.maxTrackedKeys;
    this.cooldowns = new ExpiringMap(max);
    this.threads = new ExpiringMap(max);
    this.mutes = new ExpiringMap(max);
    this.recent = new ExpiringMap(max);
  }

  /** Whether a channel gets auto-replies at all (checked before any scanning work). */
  channelAllowed(channelId: string): ChannelDecision {
    const { enabled, allowChannels, denyChannels } = this.settings;
    if (!enabled) return { reply: false, reason: 'disabled' };
    if (denyChannels.includes(channelId)) return { reply: false, reason: 'channel-denied' };
    if (allowChannels.length > 0 && !allowChannels.includes(channelId)) return { reply: false, reason: 'channel-not-allowed' };
    return { reply: true };
  }

  /** Decides; a yes reserves the reply's marks until the reply is committed (posted) or released. */
  decide(request: AutoReplyRequest, now = Date.now()): AutoReplyDecision {
    const channel = this.channelAllowed(request.channelId);
    if (!channel.reply) return channel;
    const { channelId, threadId, codeKey } = request;
    if (this.mutes.get(`${channelId}\u0000${codeKey}`, now)) return { reply: false, reason: 'muted' };
    const threadKey = `${channelId}\u0000${threadId}\u0000${codeKey}`;
    if (this.threads.get(threadKey, now)) return { reply: false, reason: 'thread-duplicate' };
    const cooldownKey = `${channelId}\u0000${codeKey}`;
    if (this.cooldowns.get(cooldownKey, now)) return { reply: false, reason: 'cooldown' };
    const minuteAgo = now - 60_000;
    const recent = (this.recent.get(channelId, now) ?? []).filter((t) => t > minuteAgo);
    if (recent.length >= this.settings.maxPerChannelPerMinute) return { reply: false, reason: 'rate-cap' };

    recent.push(now);
    this.recent.set(channelId, recent, now + 60_000);
    const mark = (at: number) => {
      this.cooldowns.set(cooldownKey, true, at + this.settings.cooldownMs);
      // One answer per code per thread for as long as anyone is likely to read the thread.
      this.threads.set(threadKey, true, at + Math.max(this.settings.cooldownMs, this.settings.muteMs));
    };
    mark(now);
    let settled = false;
    const reservation: AutoReplyReservation = {
      // The cooldown counts from when the reply was seen, not from when it was first attempted.
      commit: (at = Date.now()) => {
        if (settled) return;
        settled = true;
        mark(at);
      },
      release: () => {
        if (settled) return;
        settled = true;
        this.cooldowns.delete(cooldownKey);
        this.threads.delete(threadKey);
        const times = this.recent.get(channelId, now);
        const index = times?.indexOf(now) ?? -1;
        if (times && index >= 0) times.splice(index, 1);
      },
    };
    return { reply: true, reservation };
  }

  /** "Not relevant": no auto-replies for this code in this channel for `muteMs`. */
  mute(channelId: string, codeKey: string, now = Date.now()): void {
    this.mutes.set(`${channelId}\u0000${codeKey}`, true, now + this.settings.muteMs);
  }

  /** How many keys the policy holds now (for the memory-bound tests and metrics). */
  trackedKeys(): number {
    return this.cooldowns.size + this.threads.size + this.mutes.size + this.recent.size;
  }
}
