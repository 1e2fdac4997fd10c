/**
 * Redelivered events handled once, across every process sharing the store: Slack retries (HTTP
 * X-Slack-Retry-Num, Socket Mode redeliveries that may land on another connection or replica),
 * a Discord gateway replay. An event is claimed in the store while it is handled and kept as
 * seen once its work succeeded; when the work fails the claim is given back, so the redelivery
 * can answer it.
 */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { StateStore } from './store.js';
import { noteStateUnavailable } from './unavailable.js';

/**
 * `duplicate`: already handled, by this process or another. `in-flight`: another process is
 * handling it right now (or died doing so, and its claim has not expired yet): leave the event for
 * redelivery, since it is not known yet whether it will be answered.
 */
export type OnceOutcome = 'handled' | 'duplicate' | 'in-flight' | 'failed';

export interface DedupeSettings {
  /** How long a handled event is remembered (Slack retries for about 5 minutes; a resume replays less). */
  readonly seenMs: number;
  /**
   * How long a claim holds without news from its holder: the work renews it every third of this
   * while it runs, so past it the holder is dead (killed mid-work) and a redelivery may run the event.
   */
  readonly holdMs: number;
}

/**
 * The hold outlives an auto-reply's reservation (RESERVATION_HOLD_MS, 15 s, taken a moment after the
 * claim): when a killed holder's claim expires, its marks have too, so the redelivery answers.
 */
export const DEDUPE_DEFAULTS = Object.freeze({ seenMs: 60 * 60 * 1000, holdMs: 20_000 } as const satisfies DedupeSettings);

export class EventDeduper {
  /** Work running in this process: a local repeat waits for its outcome instead of giving up. */
  private readonly running = new Map<string, Promise<boolean>>();
  private readonly settings: DedupeSettings;

  constructor(
    private readonly state: StateStore,
    readonly metrics: Metrics,
    readonly logger: Logger,
    settings: Partial<DedupeSettings> = {},
  ) {
    this.settings = { ...DEDUPE_DEFAULTS, ...settings };
  }

  /** How long a dead holder's claim blocks an event (see DedupeSettings.holdMs). */
  get holdMs(): number {
    return this.settings.holdMs;
  }

  /**
   * Runs `work` for an event unless it was handled (or is being handled) by any process: the id
   * stays seen only when `work` resolves true; after false or a throw (passed on) it is released.
   * A repeat arriving in this process while the work runs waits for that outcome (so whoever acks
   * the repeat acks a finished event). A store that cannot answer does not stop the work: explicit
   * asks are answered without it, and an auto-reply's own decision fails closed.
   */
  async once(eventId: string, work: () => Promise<boolean>): Promise<OnceOutcome> {
    for (;;) {
      const running = this.running.get(eventId);
      if (!running) break;
      if (await running.catch(() => false)) return 'duplicate';
    }
    const key = `event:${eventId}`;
    let release: ((handled: boolean) => Promise<void>) | undefined;
    const attempt = (async (): Promise<'run' | 'duplicate' | 'in-flight'> => {
      const claim = await this.state.claim(key, this.settings.holdMs);
      if (claim.status === 'taken') return (await this.done(eventId)) ? 'duplicate' : 'in-flight';
      if (claim.status === 'unavailable') this.unavailable('claim', claim.error);
      else release = this.hold(eventId, key, claim.token);
      return 'run';
    })();
    // Registered before the first await, so a repeat arriving meanwhile waits for this attempt.
    let resolveDone: (handled: boolean) => void = () => undefined;
    const done = new Promise<boolean>((resolve) => {
      resolveDone = resolve;
    });
    this.running.set(eventId, done);
    let handled = false;
    try {
      const verdict = await attempt;
      if (verdict !== 'run') {
        handled = verdict === 'duplicate';
        return verdict;
      }
      handled = await work();
      return handled ? 'handled' : 'failed';
    } finally {
      await release?.(handled);
      this.running.delete(eventId);
      resolveDone(handled);
    }
  }

  /** Keeps the claim alive while the work runs; returns what settles it once the work is over. */
  private hold(eventId: string, key: string, token: string): (handled: boolean) => Promise<void> {
    const heartbeat = setInterval(
      () => {
        this.state.renewClaim(key, token, this.settings.holdMs).catch((error: unknown) => this.unavailable('renew-claim', String(error)));
      },
      Math.max(1, Math.floor(this.settings.holdMs / 3)),
    );
    heartbeat.unref();
    return async (handled) => {
      clearInterval(heartbeat);
      try {
        if (handled) {
          // The "done" mark tells a redelivery that lands on another process apart from one still running.
          // A probe (below) holds the key for a millisecond at most: try again past it.
          for (let tries = 0; tries < 3; tries += 1) {
            if ((await this.state.claim(doneKey(eventId), this.settings.seenMs)).status !== 'taken') break;
            await new Promise((resolve) => setTimeout(resolve, 5));
          }
          await this.state.renewClaim(key, token, this.settings.seenMs);
        } else await this.state.releaseClaim(key, token);
      } catch (error) {
        // Kept as it was: a failed renew expires after holdMs, a failed release blocks the redelivery that long.
        this.unavailable(handled ? 'mark-done' : 'release-claim', (error as Error).message);
      }
    };
  }

  /** Whether the event was handled: its done mark exists (claiming it for a moment says so, atomically). */
  private async done(eventId: string): Promise<boolean> {
    const probe = await this.state.claim(doneKey(eventId), 1);
    if (probe.status === 'claimed') {
      await this.state.releaseClaim(doneKey(eventId), probe.token).catch(() => undefined);
      return false;
    }
    // A store that cannot answer: not known to be done, so left for redelivery.
    return probe.status === 'taken';
  }

  private unavailable(operation: string, error: string): void {
    noteStateUnavailable(this, operation, error);
  }
}

const doneKey = (eventId: string) => `event-done:${eventId}`;
