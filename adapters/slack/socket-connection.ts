/**
 * errcode's Socket Mode receiver: Bolt's `SocketModeReceiver` with the connection lifecycle owned
 * here. It hands Bolt the same events; what differs is how connections are kept:
 *
 * - Events (not commands or clicks) are acked after the listeners finished, i.e. after the reply
 *   was posted, so a crash or a shutdown leaves them for Slack to redeliver.
 * - `apps.connections.open` and the `hello` that follows are bounded in time; failures back off
 *   (capped, jittered, each logged); an unrecoverable answer (invalid_auth, a revoked token, an
 *   uninstalled app) is fatal: reported once to `onFatal`, never retried.
 * - Slack's `disconnect` notice (warning or refresh) opens the new connection at once, while the old
 *   one still delivers; Slack then closes the old one, so nothing waits for a redelivery.
 * - `connected()` reads the socket itself, so a close or a ping timeout shows at once.
 *
 * Why not the public options: SocketModeClient's own reconnect waits `clientPingTimeout` times the
 * failure count, closes at once on every `disconnect` frame, retries apps.connections.open without
 * a timeout and, on an error it deems unrecoverable during a reconnect, rejects a promise nobody
 * awaits (the process stays up, disconnected for good). So each connection is one SocketModeClient
 * with `autoReconnectEnabled: false`, and this class decides when to open the next.
 */
import type { App, Logger as BoltLogger, Receiver, ReceiverEvent } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import type { Services } from '../../src/services.js';
import { envelopeProblem } from './request-guard.js';
import { describeError, ENVELOPE_CONTEXT_KEY, type EnvelopeControl } from './runtime.js';

export interface SocketConnectionSettings {
  /** How long apps.connections.open may take. */
  readonly openTimeoutMs: number;
  /** How long the `hello` may take once the WebSocket URL is known. */
  readonly helloTimeoutMs: number;
  /** No pong for this long: the connection is dead (the client pings every third of it). */
  readonly clientPingTimeoutMs: number;
  /** No ping from Slack for this long: the connection is dead. */
  readonly serverPingTimeoutMs: number;
  /** Reconnect backoff: the first retry waits about `minBackoffMs`, doubling up to `maxBackoffMs`. */
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** A replaced connection Slack has not closed by then is closed from here. */
  readonly retireTimeoutMs: number;
  /**
   * An event is acked once its handlers finished (the reply posted), or after this long anyway,
   * well inside Slack's 3 s: a slow reply is then not redelivered while it is still being posted.
   */
  readonly eventAckDeadlineMs: number;
}

export const SOCKET_DEFAULTS = Object.freeze({
  openTimeoutMs: 10_000,
  helloTimeoutMs: 10_000,
  // The library's own defaults, stated: a stall shows within about 7 s, Slack pings every ~30 s.
  clientPingTimeoutMs: 5_000,
  serverPingTimeoutMs: 30_000,
  minBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  // Slack closes a warned connection about 10 s after the warning.
  retireTimeoutMs: 15_000,
  eventAckDeadlineMs: 2_500,
} as const satisfies SocketConnectionSettings);

/** `apps.connections.open` answers that no retry can fix: the token or the app is gone. */
const FATAL_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'app_uninstalled',
  'no_permission',
  'not_allowed_token_type',
  'team_disabled',
  'user_removed_from_team',
]);

export class SlackFatalError extends Error {
  constructor(readonly slackError: string) {
    super(`Slack refused the app token: ${slackError}`);
    this.name = 'SlackFatalError';
  }
}

export interface ShutdownSummary {
  /** Every acked-after-work event finished within the grace period. */
  readonly drained: boolean;
  /** Events received but not acked when the connections closed: Slack redelivers them. */
  readonly leftForRedelivery: number;
}

interface Connection {
  readonly client: LifecycleClient;
  readonly id: number;
  ready: boolean;
  retiring: boolean;
  discarded: boolean;
  /** Events received on this connection and not yet acked: envelope id to event id. */
  readonly pending: Map<string, string>;
}

/** Everything SocketModeClient emits for one envelope (`slack_event`). */
interface SlackEventArgs {
  readonly ack: (response?: Record<string, unknown>) => Promise<void>;
  readonly envelope_id: string;
  readonly type: string;
  readonly body: Record<string, unknown>;
  readonly retry_num?: number;
  readonly retry_reason?: string;
}

/** Envelope types that carry a payload the handlers read. */
const PAYLOAD_ENVELOPES: ReadonlySet<unknown> = new Set(['events_api', 'interactive', 'slash_commands']);

/**
 * A SocketModeClient that reports Slack's `disconnect` notices instead of closing at once, and
 * refuses envelopes whose payload lacks what the handlers read, as the HTTP request guard does with
 * a 400: the library itself throws on an `events_api` envelope without an event (an unhandled
 * rejection, never acked), and Bolt on a block action without a user.
 */
class LifecycleClient extends SocketModeClient {
  onDisconnectNotice: (reason: string) => void = () => undefined;
  onMalformedEnvelope: (type: string, reason: string) => void = () => undefined;

  protected override async onWebSocketMessage(data: string | ArrayBuffer, isBinary: boolean): Promise<void> {
    if (!isBinary) {
      const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
      const frame = parseFrame(text);
      if (frame?.type === 'disconnect') {
        this.onDisconnectNotice(typeof frame.reason === 'string' ? frame.reason : 'unknown');
        return;
      }
      const problem =
        frame && typeof frame.envelope_id === 'string' && PAYLOAD_ENVELOPES.has(frame.type)
          ? envelopeProblem(String(frame.type), frame.payload)
          : undefined;
      if (frame && problem) {
        this.onMalformedEnvelope(String(frame.type), problem);
        // Acked all the same: a redelivery would be as broken.
        this.websocket?.send(JSON.stringify({ envelope_id: frame.envelope_id, payload: {} }), () => undefined);
        return;
      }
    }
    return super.onWebSocketMessage(data, isBinary);
  }
}

const OPEN = 1; // WebSocket.OPEN
/** How long an ack whose connection closed waits for the next one. */
const ACK_RECONNECT_WAIT_MS = 5_000;

export class SocketModeConnection implements Receiver {
  private app: App | undefined;
  private readonly connections = new Set<Connection>();
  private active: Connection | undefined;
  private connecting: Promise<void> | undefined;
  private stopping = false;
  private fatal: SlackFatalError | undefined;
  private disconnectedSince: number | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly stopWaiters = new Set<() => void>();
  private readonly drainWaiters = new Set<() => void>();
  private nextId = 1;
  /** Event ids of events that arrived while stopping (left unacked), and of those acked meanwhile. */
  private readonly refusedWhileStopping = new Set<string>();
  private readonly ackedWhileStopping = new Set<string>();

  constructor(
    private readonly appToken: string,
    private readonly apiUrl: string | undefined,
    private readonly services: Services,
    private readonly libraryLogger: BoltLogger,
    private readonly settings: SocketConnectionSettings,
    /** Called once when the token or the app is gone for good. */
    private readonly onFatal: (error: SlackFatalError) => void,
    /** Called on every change of `connected()` that this class sees. */
    private readonly onState: (connected: boolean) => void = () => undefined,
  ) {}

  init(app: App): void {
    this.app = app;
  }

  /** Resolves once connected; rejects on a fatal answer or when stopped first. Retries anything else. */
  async start(): Promise<void> {
    // A stall leaves the socket CLOSING for up to 30 s before the library lets go of it: look
    // at the socket itself, and move on as soon as it stops being open.
    this.watchdog = setInterval(() => this.checkActive(), 250);
    this.watchdog.unref();
    try {
      await this.establish('start');
    } catch (error) {
      clearInterval(this.watchdog);
      throw error;
    }
  }

  /** Bolt's App.stop(): the same as `shutdown(0)`. */
  async stop(): Promise<void> {
    await this.shutdown(0);
  }

  connected(): boolean {
    const active = this.active;
    return !this.stopping && active !== undefined && active.ready && active.client.websocket?.readyState === OPEN;
  }

  /** Envelopes received and not yet acked, on every connection. */
  get unacked(): number {
    let count = 0;
    for (const connection of this.connections) count += connection.pending.size;
    return count;
  }

  /**
   * Stop taking events (new ones are left unacked for Slack to redeliver elsewhere), wait up to
   * `graceMs` for those in progress to be answered and acked, then close every connection.
   */
  async shutdown(graceMs: number): Promise<ShutdownSummary> {
    if (!this.stopping) {
      this.stopping = true;
      clearInterval(this.watchdog);
      for (const wake of this.stopWaiters) wake();
      this.wakeDrainWaiters();
      this.onState(false);
    }
    const drained = await this.waitUntil(() => this.unacked === 0, graceMs);
    // Counted by event: a redelivery waiting on the first attempt is the same event.
    const left = new Set(this.refusedWhileStopping);
    for (const connection of this.connections) for (const eventId of connection.pending.values()) left.add(eventId);
    for (const eventId of this.ackedWhileStopping) left.delete(eventId);
    const leftForRedelivery = left.size;
    await Promise.all([...this.connections].map((c) => this.close(c, 2_000)));
    return { drained, leftForRedelivery };
  }

  // ----- connecting ---------------------------------------------------------------------------

  /** One connection attempt loop at a time; a second caller shares the first. */
  private establish(reason: 'start' | 'reconnect' | 'refresh'): Promise<void> {
    this.connecting ??= this.connectLoop(reason).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connectLoop(reason: 'start' | 'reconnect' | 'refresh'): Promise<void> {
    const { logger } = this.services;
    for (let attempt = 1; ; attempt += 1) {
      if (this.stopping) throw new Error('Slack adapter stopped before it connected');
      const started = Date.now();
      try {
        const connection = await this.openConnection();
        this.onConnected(connection, reason, attempt);
        return;
      } catch (error) {
        const slackError = platformError(error);
        if (slackError && FATAL_ERRORS.has(slackError)) {
          if (reason === 'start') throw new SlackFatalError(slackError);
          this.failFatally(new SlackFatalError(slackError));
          return;
        }
        const waitMs = this.backoff(attempt, error);
        logger.warn(
          {
            event: 'slack_connect_failed',
            platform: 'slack',
            reason,
            attempt,
            tookMs: Date.now() - started,
            retryInMs: waitMs,
            ...describeError(error),
          },
          'Socket Mode connection attempt failed; retrying',
        );
        await this.sleep(waitMs);
      }
    }
  }

  private async openConnection(): Promise<Connection> {
    const client = new LifecycleClient({
      appToken: this.appToken,
      logger: this.libraryLogger,
      autoReconnectEnabled: false,
      clientPingTimeout: this.settings.clientPingTimeoutMs,
      serverPingTimeout: this.settings.serverPingTimeoutMs,
      clientOptions: {
        ...(this.apiUrl ? { slackApiUrl: this.apiUrl } : {}),
        timeout: this.settings.openTimeoutMs,
        // The loop above retries, with a cap and a log line per failure.
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      },
    });
    const connection: Connection = { client, id: this.nextId++, ready: false, retiring: false, discarded: false, pending: new Map() };
    client.onDisconnectNotice = (reason) => this.onDisconnectNotice(connection, reason);
    client.onMalformedEnvelope = (envelopeType, reason) =>
      this.services.logger.warn(
        { event: 'slack_envelope_refused', platform: 'slack', envelopeType, reason, connection: connection.id },
        'refused a malformed Socket Mode envelope',
      );
    client.on('slack_event', (args: SlackEventArgs) => void this.dispatch(connection, args));
    client.on('disconnected', () => this.onClosed(connection));
    this.connections.add(connection);
    try {
      await this.handshake(client);
      if (this.stopping) throw new Error('Slack adapter stopped while connecting');
      return connection;
    } catch (error) {
      connection.discarded = true;
      this.connections.delete(connection);
      void client.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** client.start() with a bound on apps.connections.open and, after it, on the `hello`. */
  private handshake(client: LifecycleClient): Promise<void> {
    const { openTimeoutMs, helloTimeoutMs } = this.settings;
    return new Promise<void>((resolve, reject) => {
      // The Web API client's own timeout should end a hung open first; this is the backstop.
      let timer = setTimeout(() => reject(timeoutError('apps.connections.open', openTimeoutMs)), openTimeoutMs + 1_000);
      client.once('authenticated', () => {
        clearTimeout(timer);
        timer = setTimeout(() => reject(timeoutError('hello', helloTimeoutMs)), helloTimeoutMs);
      });
      client.start().then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private onConnected(connection: Connection, reason: string, attempts: number): void {
    connection.ready = true;
    const previous = this.active;
    this.active = connection;
    const { metrics, logger } = this.services;
    let offlineMs = 0;
    if (this.disconnectedSince !== undefined) {
      offlineMs = Date.now() - this.disconnectedSince;
      metrics.disconnectedSeconds.inc({ platform: 'slack' }, offlineMs / 1000);
      this.disconnectedSince = undefined;
    }
    if (reason !== 'start') metrics.reconnects.inc({ platform: 'slack', reason });
    logger.info(
      { event: 'slack_connected', platform: 'slack', reason, attempts, offlineMs, connection: connection.id },
      'Socket Mode connected',
    );
    if (previous && previous !== connection) this.retire(previous);
    this.onState(true);
    this.wakeDrainWaiters();
  }

  private onDisconnectNotice(connection: Connection, reason: string): void {
    this.services.logger.info(
      { event: 'slack_disconnect_notice', platform: 'slack', reason, connection: connection.id },
      'Slack asked for a new connection',
    );
    if (connection !== this.active || this.stopping) return;
    // Open the replacement while this one still delivers; it is retired once the new one is up.
    void this.establish('refresh').catch((error: unknown) => this.onConnectError(error));
  }

  private onClosed(connection: Connection): void {
    this.connections.delete(connection);
    this.wakeDrainWaiters();
    if (connection.discarded || connection !== this.active) return;
    this.active = undefined;
    this.lost(connection, 'closed');
  }

  /** The active socket is no longer open (ping timeout, close frame sent): reconnect now. */
  private checkActive(): void {
    const active = this.active;
    if (!active?.ready || this.stopping) return;
    if (active.client.websocket?.readyState === OPEN) return;
    this.active = undefined;
    this.lost(active, 'socket not open');
    // Ends the close handshake the stalled peer will not answer (the library waits 30 s for it).
    active.client.websocket?.disconnect();
  }

  private lost(connection: Connection, why: string): void {
    if (this.stopping || this.fatal) return;
    this.disconnectedSince ??= Date.now();
    this.onState(false);
    this.services.logger.warn(
      { event: 'slack_disconnected', platform: 'slack', why, connection: connection.id, unacked: connection.pending.size },
      'Socket Mode connection lost; reconnecting',
    );
    void this.establish('reconnect').catch((error: unknown) => this.onConnectError(error));
  }

  private onConnectError(error: unknown): void {
    if (this.stopping) return;
    this.services.logger.error(
      { event: 'slack_connect_loop_failed', platform: 'slack', ...describeError(error) },
      'Socket Mode reconnect loop failed',
    );
  }

  private failFatally(error: SlackFatalError): void {
    if (this.fatal) return;
    this.fatal = error;
    this.stopping = true;
    clearInterval(this.watchdog);
    for (const wake of this.stopWaiters) wake();
    for (const connection of this.connections) void this.close(connection, 2_000);
    this.onState(false);
    this.onFatal(error);
  }

  /**
   * A replaced connection stays open until Slack closes it (it does, after a warning or a refresh):
   * Slack stops routing to a connection before it closes it, while a close from our side could cross
   * an envelope already on its way. Closed from here only if Slack has not done so in time.
   */
  private retire(connection: Connection): void {
    connection.retiring = true;
    const timer = setTimeout(() => void this.close(connection, 2_000), this.settings.retireTimeoutMs);
    timer.unref();
  }

  private async close(connection: Connection, timeoutMs: number): Promise<void> {
    if (!this.connections.has(connection)) return;
    connection.discarded = connection !== this.active || this.stopping;
    const closed = await Promise.race([connection.client.disconnect().then(() => true), delay(timeoutMs).then(() => false)]);
    // A peer that does not answer the close frame: the second call ends the socket at once.
    if (!closed) connection.client.websocket?.disconnect();
    this.connections.delete(connection);
  }

  private backoff(attempt: number, error: unknown): number {
    const { minBackoffMs, maxBackoffMs } = this.settings;
    const exponential = Math.min(maxBackoffMs, minBackoffMs * 2 ** (attempt - 1));
    // Full jitter on the upper half: replicas that lost Slack together do not retry together.
    const jittered = Math.round(exponential / 2 + (Math.random() * exponential) / 2);
    const retryAfterSeconds = (error as { retryAfter?: unknown }).retryAfter;
    return typeof retryAfterSeconds === 'number' ? Math.max(jittered, retryAfterSeconds * 1000) : jittered;
  }

  // ----- envelopes ----------------------------------------------------------------------------

  private async dispatch(connection: Connection, args: SlackEventArgs): Promise<void> {
    const app = this.app;
    if (!app || connection.discarded) return;
    const isEvent = args.type === 'events_api';
    const eventId = typeof args.body.event_id === 'string' ? args.body.event_id : args.envelope_id;
    if (isEvent && this.stopping) {
      // Not ours to answer any more: unacked, Slack gives it to another connection or process.
      this.refusedWhileStopping.add(eventId);
      return;
    }
    if (isEvent) connection.pending.set(args.envelope_id, eventId);
    let leaveUnacked = false;
    let acked = false;
    const ackNow = async (response?: Record<string, unknown>) => {
      if (acked) return;
      acked = true;
      await args.ack(response);
    };
    const control: EnvelopeControl = {
      leaveUnacked: () => {
        leaveUnacked = true;
      },
    };
    const event: ReceiverEvent = {
      body: args.body,
      ...(args.retry_num !== undefined ? { retryNum: args.retry_num } : {}),
      ...(args.retry_reason !== undefined ? { retryReason: args.retry_reason } : {}),
      customProperties: { [ENVELOPE_CONTEXT_KEY]: control },
      // Bolt acks an event before its listeners run; ours is sent below, after them.
      ack: isEvent ? async () => undefined : ackNow,
    };
    let deadlineAck: Promise<boolean> | undefined;
    const deadline = isEvent
      ? setTimeout(() => {
          this.services.logger.info({ event: 'slack_event_acked_at_deadline', platform: 'slack', eventId });
          deadlineAck = this.ackEvent(connection, args.envelope_id, ackNow);
        }, this.settings.eventAckDeadlineMs)
      : undefined;
    try {
      await app.processEvent(event);
    } catch (error) {
      this.services.metrics.faults.inc({ platform: 'slack', kind: 'bolt' });
      this.services.logger.error(
        { event: 'slack_process_event_failed', platform: 'slack', envelopeType: args.type, ...describeError(error) },
        'Bolt could not process an envelope',
      );
    } finally {
      clearTimeout(deadline);
      if (isEvent) {
        const ackedNow = deadlineAck ?? (leaveUnacked ? Promise.resolve(false) : this.ackEvent(connection, args.envelope_id, ackNow));
        if ((await ackedNow) && this.stopping) this.ackedWhileStopping.add(eventId);
        connection.pending.delete(args.envelope_id);
        this.wakeDrainWaiters();
      }
    }
  }

  /**
   * Acks on the connection that brought the envelope, unless it has been replaced or closed: then
   * on the active one, or on the next one if a reconnect is under way (bounded). Slack matches acks
   * by envelope id (the official clients ack on whatever connection is current after a reconnect),
   * and a connection Slack is about to close may drop the frame. If no connection takes it, Slack
   * redelivers and the deduper acks the repeat.
   */
  private async ackEvent(connection: Connection, envelopeId: string, ack: () => Promise<void>): Promise<boolean> {
    const usable = (c: Connection | undefined): c is Connection => c?.ready === true && c.client.websocket?.readyState === OPEN;
    try {
      if (!connection.retiring && usable(connection)) {
        await ack();
        return true;
      }
      if (!usable(this.active) && !this.stopping) await this.waitUntil(() => usable(this.active) || this.stopping, ACK_RECONNECT_WAIT_MS);
      const active = this.active;
      if (!usable(active)) throw new Error('no open Socket Mode connection to ack on');
      await sendAck(active.client, envelopeId);
      return true;
    } catch (error) {
      this.services.logger.debug({
        event: 'slack_ack_failed',
        platform: 'slack',
        connection: connection.id,
        ...describeError(error),
      });
      return false;
    }
  }

  // ----- waiting ------------------------------------------------------------------------------

  private wakeDrainWaiters(): void {
    for (const wake of [...this.drainWaiters]) wake();
  }

  private waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    if (condition()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.drainWaiters.delete(check);
        resolve(false);
      }, timeoutMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.drainWaiters.delete(check);
        resolve(true);
      };
      this.drainWaiters.add(check);
    });
  }

  /** Sleeps `ms`, or less when the receiver stops. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.stopWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.stopWaiters.add(wake);
    });
  }
}

/**
 * SocketModeClient.send(envelopeId, body), private in its typings: the same call its own ack()
 * makes, on another connection's client.
 */
function sendAck(client: SocketModeClient, envelopeId: string): Promise<void> {
  return (client as unknown as { send(id: string, body?: Record<string, unknown>): Promise<void> }).send(envelopeId, {});
}

function parseFrame(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Slack's error code when the Web API answered `ok: false`. */
function platformError(error: unknown): string | undefined {
  const e = error as { code?: unknown; data?: { error?: unknown } };
  return e?.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string' ? e.data.error : undefined;
}

function timeoutError(what: string, ms: number): Error {
  const error = new Error(`${what} took longer than ${ms} ms`);
  error.name = 'TimeoutError';
  return error;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
