/**
 * The gateway session of each shard, kept in the state store so that a new process can RESUME it:
 * Discord then replays what was dispatched while the bot was down, and those messages get answered.
 *
 * discord.js keeps the session in memory only; @discordjs/ws, under it, asks its manager options
 * `retrieveSessionInfo` / `updateSessionInfo` for it, and those are reachable through discord.js's
 * documented `ws.buildStrategy` hook (index.ts wraps them with `attach`).
 *
 * What is stored, per bot (a hash of the token: a reset token cannot resume anyway) and shard: the
 * session id, resume URL, shard id and count, and a *handled* sequence — the last sequence before
 * the oldest message still being answered. A message received but not yet answered when the
 * process dies is therefore replayed, not lost. Writes: one small value per change, at most one in
 * flight; a message answered writes at once, other events (typing, presence, edits) at most every
 * `flushMs`, and once at shutdown. So a kill -9 loses nothing Discord still holds; what it can do is
 * replay a message whose reply was posted in the moment before its sequence was written (the
 * write's round trip, well under a millisecond on SQLite). The message handlers' dedupe and thread
 * marks, once they live in the store, keep that one from a second answer; held in memory, they do not.
 * The TTL is Discord's resume window (undocumented: "a few minutes"); each write restarts it.
 */
import { createHash } from 'node:crypto';
import type { Awaitable, SessionInfo } from 'discord.js';
import type { Logger } from '../../src/logger.js';
import type { StateStore } from '../../src/state/store.js';

/** How long a stored session is worth a RESUME. Past it, a try costs one op 9 and a fresh IDENTIFY. */
export const SESSION_TTL_MS = 5 * 60_000;
/** Events that are not messages move the stored sequence at most this often. */
export const SESSION_FLUSH_MS = 1000;
/** A message still unanswered after this no longer holds the stored sequence back. */
const UNANSWERED_HOLD_MS = 60_000;

export interface GatewaySessionOptions {
  readonly ttlMs?: number;
  readonly flushMs?: number;
}

type SessionHook = {
  retrieveSessionInfo(shardId: number): Awaitable<SessionInfo | null>;
  updateSessionInfo(shardId: number, info: SessionInfo | null): Awaitable<void>;
};

export class GatewaySessions {
  private readonly current = new Map<number, SessionInfo>();
  /** Messages received and not yet answered, by message id, oldest first: the sequence they came with. */
  private readonly unanswered = new Map<string, { shardId: number; sequence: number; at: number }>();
  /** The last sequence discord.js has dispatched, per shard (the live one may be a step ahead of it). */
  private readonly dispatched = new Map<number, number>();
  /** Shards whose stored value is behind. */
  private readonly dirty = new Set<number>();
  private readonly written = new Map<number, string>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private again = false;
  private closed = false;
  private readonly ttlMs: number;
  private readonly flushMs: number;
  /** Store writes made (for tests and the log at shutdown). */
  writes = 0;

  constructor(
    private readonly store: StateStore,
    token: string,
    private readonly logger: Logger,
    options: GatewaySessionOptions = {},
  ) {
    this.botKey = createHash('sha256').update(token).digest('hex').slice(0, 16);
    this.ttlMs = options.ttlMs ?? SESSION_TTL_MS;
    this.flushMs = options.flushMs ?? SESSION_FLUSH_MS;
  }
  private readonly botKey: string;

  private key(shardId: number): string {
    return `discord:session:${this.botKey}:${shardId}`;
  }

  /**
   * Reads the stored session of each shard (once, before connecting). Only sessions of the same
   * shard count can be resumed; others are dropped. Returns the ones found.
   */
  async restore(shardIds: readonly number[], shardCount: number): Promise<SessionInfo[]> {
    const found: SessionInfo[] = [];
    for (const shardId of shardIds) {
      let raw: string | undefined;
      try {
        raw = await this.readWithRetry(this.key(shardId));
      } catch (error) {
        this.logger.warn({ event: 'discord_session_unreadable', platform: 'discord', shardId, reason: (error as Error).message });
        continue;
      }
      const info = parseSession(raw);
      if (!info || info.shardId !== shardId || info.shardCount !== shardCount) continue;
      this.current.set(shardId, info);
      this.written.set(shardId, JSON.stringify(info));
      found.push(info);
    }
    return found;
  }

  /** One more try after a failed read: a resumed session is worth a second's wait at start-up (a busy Redis). */
  private async readWithRetry(key: string): Promise<string | undefined> {
    try {
      return await this.store.readValue(key);
    } catch {
      return await this.store.readValue(key);
    }
  }

  /** Forgets a restored session that will not be resumed after all (its caches could not be rebuilt). */
  async discard(shardId: number): Promise<void> {
    this.current.delete(shardId);
    await this.remove(shardId);
  }

  /** Wraps the manager's session hooks (discord.js's own are kept in step: its status reads them). */
  attach(options: SessionHook): void {
    const original = { retrieve: options.retrieveSessionInfo, update: options.updateSessionInfo };
    options.retrieveSessionInfo = (shardId) => {
      const info = this.current.get(shardId) ?? null;
      // discord.js decides "resuming" or "identifying" from its own copy: seed it with the stored one.
      if (info) void original.update(shardId, info);
      return info;
    };
    options.updateSessionInfo = (shardId, info) => {
      void original.update(shardId, info);
      this.update(shardId, info);
    };
  }

  /**
   * discord.js dispatched an event (its `raw` event, in the same call as its handlers start). A
   * message holds the stored sequence until `answered`, or for UNANSWERED_HOLD_MS at most (one
   * discord.js never handed on: a channel it does not know).
   */
  seen(shardId: number, sequence: number, messageId?: string): void {
    if (this.closed) return;
    this.dispatched.set(shardId, Math.max(sequence, this.dispatched.get(shardId) ?? 0));
    const now = Date.now();
    for (const [id, entry] of this.unanswered) {
      if (now - entry.at < UNANSWERED_HOLD_MS) break;
      this.unanswered.delete(id);
    }
    if (messageId !== undefined) this.unanswered.set(messageId, { shardId, sequence, at: now });
  }

  /** The message is answered (or was ignored): the stored sequence may move past it. */
  answered(messageId: string): void {
    const entry = this.unanswered.get(messageId);
    if (!entry) return;
    this.unanswered.delete(messageId);
    this.dirty.add(entry.shardId);
    void this.flush();
  }

  /** Per shard: the live sequence and what the store holds (for /healthz and tests). */
  snapshot(shardId: number): { sequence: number; stored: number | undefined } | undefined {
    const info = this.current.get(shardId);
    if (!info) return undefined;
    const written = this.written.get(shardId);
    return { sequence: info.sequence, stored: written ? (JSON.parse(written) as SessionInfo).sequence : undefined };
  }

  /** Writes what is behind, then stops writing: later updates (the socket closing) leave the stored session alone. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.timer);
    for (const shardId of this.current.keys()) this.dirty.add(shardId);
    await this.flush();
    this.closed = true;
    await this.writing;
  }

  private update(shardId: number, info: SessionInfo | null): void {
    if (this.closed) return;
    if (!info) {
      // The session ended (op 9, a fatal close): the next process must identify, not resume it.
      this.current.delete(shardId);
      this.dispatched.delete(shardId);
      for (const [id, entry] of this.unanswered) if (entry.shardId === shardId) this.unanswered.delete(id);
      this.dirty.delete(shardId);
      void this.remove(shardId);
      return;
    }
    const previous = this.current.get(shardId);
    if (previous?.sessionId !== info.sessionId) {
      // A new session counts from 1 again; what the old one had pending is its replay's, not this one's.
      this.dispatched.delete(shardId);
      for (const [id, entry] of this.unanswered) if (entry.shardId === shardId) this.unanswered.delete(id);
    }
    this.current.set(shardId, info);
    this.dirty.add(shardId);
    // A new session (READY) is written at once: until then a crash would resume the old one.
    if (previous?.sessionId !== info.sessionId) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs).unref();
  }

  /** The sequence safe to store: just before the oldest message of the shard still unanswered. */
  private handledSequence(shardId: number, live: number): number {
    let safe = Math.min(live, this.dispatched.get(shardId) ?? live);
    for (const entry of this.unanswered.values()) if (entry.shardId === shardId && entry.sequence - 1 < safe) safe = entry.sequence - 1;
    return safe;
  }

  private flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing) {
      this.again = true;
      return this.writing;
    }
    this.writing = this.writeDirty().finally(() => {
      this.writing = undefined;
      if (this.again) {
        this.again = false;
        void this.flush();
      }
    });
    return this.writing;
  }

  private async writeDirty(): Promise<void> {
    if (this.closed) return;
    const shards = [...this.dirty];
    this.dirty.clear();
    for (const shardId of shards) {
      const info = this.current.get(shardId);
      if (!info) continue;
      const value = JSON.stringify({ ...info, sequence: this.handledSequence(shardId, info.sequence) });
      if (this.written.get(shardId) === value) continue;
      try {
        await this.store.writeValue(this.key(shardId), value, this.ttlMs);
        this.written.set(shardId, value);
        this.writes += 1;
      } catch (error) {
        // Kept dirty: the next change tries again. Meanwhile a restart resumes from an older sequence.
        this.dirty.add(shardId);
        this.logger.warn({ event: 'discord_session_write_failed', platform: 'discord', shardId, reason: (error as Error).message });
      }
    }
  }

  private async remove(shardId: number): Promise<void> {
    this.written.delete(shardId);
    try {
      await this.store.deleteValue(this.key(shardId));
    } catch (error) {
      // Left to its TTL; a process that tries it gets op 9 and identifies.
      this.logger.warn({ event: 'discord_session_write_failed', platform: 'discord', shardId, reason: (error as Error).message });
    }
  }
}

function parseSession(raw: string | undefined): SessionInfo | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<SessionInfo>;
    if (
      typeof v.sessionId === 'string' &&
      typeof v.resumeURL === 'string' &&
      Number.isInteger(v.sequence) &&
      Number.isInteger(v.shardId) &&
      Number.isInteger(v.shardCount)
    )
      return v as SessionInfo;
  } catch {
    // unreadable: treated as no session
  }
  return undefined;
}
