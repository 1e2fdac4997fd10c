/**
 * A fake Slack platform for tests: Web API, response_url, file downloads and Socket Mode on
 * 127.0.0.1, plus signing helpers and payload builders for driving a Bolt HTTP receiver.
 *
 *   const fake = await startFakeSlack();
 *   const app = new App({ token: 'xoxb-test', signingSecret, clientOptions: { slackApiUrl: fake.apiUrl } });
 *   ...
 *   await fake.close();
 *
 * Waits (`waitForCall`, `waitForResponsePost`, `pushEnvelope`, ...) are bounded: they reject after
 * `timeoutMs` (default 10 s) with a message naming what was awaited. The fake never logs, so
 * tokens seen in Authorization headers stay in the recorded calls only.
 */
import { createHmac, randomUUID } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, LogLevel } from '@slack/bolt';
import { WebSocket, WebSocketServer } from 'ws';

// ---------------------------------------------------------------------------------------------
// Identities
// ---------------------------------------------------------------------------------------------

export interface FakeSlackIds {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
  botId: string;
  userId: string;
  userName: string;
  channelId: string;
  channelName: string;
}

/** The IDs the fake answers with and the payload builders use by default. */
export const FAKE_IDS: Readonly<FakeSlackIds> = Object.freeze({
  teamId: 'T0FAKETEAM',
  teamDomain: 'fake-team',
  appId: 'A0FAKEAPP',
  botUserId: 'U0FAKEBOT',
  botId: 'B0FAKEBOT',
  userId: 'U0FAKEUSER',
  userName: 'alice',
  channelId: 'C0FAKECHAN',
  channelName: 'general',
});

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export interface FakeSlackOptions {
  /** Token the file download endpoint accepts (`Authorization: Bearer <botToken>`). Default `xoxb-test`. */
  botToken?: string;
  /** Default bound for every wait, in ms: a ceiling for a busy machine (waits return as soon as they can). Default 10000. */
  defaultTimeoutMs?: number;
  /** How Socket Mode delivers and redelivers events (Slack's behaviour by default). */
  socket?: FakeSocketOptions;
}

/** Socket Mode delivery, as Slack does it: an events_api envelope not acked in time is sent again. */
export interface FakeSocketOptions {
  /** An unacked events_api envelope is sent again after this long (new envelope id, retry_attempt + 1). Default 3000. */
  redeliverAfterMs?: number;
  /** Redeliveries per event at most. Default 3. */
  maxRedeliveries?: number;
}

export interface WaitOptions {
  timeoutMs?: number;
}

/** One Web API request received by the fake. */
export interface ApiCall {
  /** e.g. `chat.postMessage` */
  method: string;
  /**
   * Parsed arguments (form, JSON or multipart body, plus query string). Form fields that
   * @slack/web-api JSON-encodes (`blocks`, `attachments`, `metadata`, `view`, ...) are decoded.
   */
  args: Record<string, unknown>;
  rawBody: string;
  contentType: string;
  /** All request headers, including `authorization`. */
  headers: IncomingHttpHeaders;
  /** The token sent: `Authorization: Bearer <token>`, else a `token` argument. */
  token: string | undefined;
  receivedAt: number;
}

/** What the fake answers to one Web API call. */
export interface ApiReply {
  /** HTTP status, default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Response body: objects are sent as JSON, strings as-is. Default `{ ok: true }`. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer (until `close()`): the caller's own timeout has to end the call. */
  hang?: boolean;
}

export type ApiResponder = ApiReply | ((call: ApiCall) => ApiReply | Promise<ApiReply>);

/** Ready-made replies for `setApiResponse` / `queueApiResponse`. */
export const reply = {
  ok: (fields: Record<string, unknown> = {}): ApiReply => ({ body: { ok: true, ...fields } }),
  /** A Slack platform error: HTTP 200 with `{ ok: false, error }`. */
  error: (error: string, fields: Record<string, unknown> = {}): ApiReply => ({
    body: { ok: false, error, ...fields },
  }),
  /** HTTP 429 with `Retry-After: <seconds>`. */
  rateLimited: (retryAfterSeconds: number): ApiReply => ({
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: { ok: false, error: 'ratelimited' },
  }),
  httpError: (status = 500, body: unknown = 'internal error'): ApiReply => ({ status, body }),
} as const;

/** A JSON POST received on a fake response_url. */
export interface ResponseUrlPost {
  id: string;
  body: unknown;
  headers: IncomingHttpHeaders;
  receivedAt: number;
}

/** How a fake response_url answers. */
export interface ResponseUrlBehavior {
  /** Default 200. Slack answers 404 for an expired response_url. */
  status?: number;
  body?: unknown;
  delayMs?: number;
  /** Never answer (until `close()`): the caller's request times out. */
  hang?: boolean;
}

export interface FakeFileSpec {
  id?: string;
  name?: string;
  content: string;
  mimetype?: string;
  filetype?: string;
  title?: string;
  user?: string;
}

/** The subset of a Slack file object that adapters read. */
export interface SlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  user: string;
  created: number;
  url_private: string;
  url_private_download: string;
  [extra: string]: unknown;
}

export interface FileDownload {
  fileId: string;
  path: string;
  /** The Authorization header sent, if any. */
  authorization: string | undefined;
  /** Whether the token matched and the content was served. */
  served: boolean;
}

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

export interface PushEnvelopeOptions extends WaitOptions {
  envelopeId?: string;
  /** Default true for slash_commands and interactive, false for events_api (as Slack sends). */
  acceptsResponsePayload?: boolean;
  retryAttempt?: number;
  retryReason?: string;
}

/** The client's acknowledgement of an envelope: `{ envelope_id, payload? }`. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  /** ms between sending the envelope and receiving the ack. */
  elapsedMs: number;
}

/** A frame the Socket Mode client sent us. */
export interface SocketFrame {
  data: Record<string, unknown>;
  receivedAt: number;
}

/**
 * How to cut the Socket Mode connection: `terminate` kills the TCP socket, `close` sends a close
 * frame (1001), `disconnect` sends Slack's `{ type: 'disconnect', reason: 'refresh_requested' }`.
 */
export type DropMode = 'terminate' | 'close' | 'disconnect';

/**
 * One event as Slack tracks it across redeliveries: every envelope sent for it, and whether any of
 * them was acked. `answered` is for the tests' bookkeeping (the fake cannot tell).
 */
export interface Delivery {
  readonly type: EnvelopeType;
  readonly payload: Record<string, unknown>;
  /** Envelope ids sent for it, oldest first; the n-th has retry_attempt n. */
  readonly envelopeIds: string[];
  /** Envelopes sent while no connection was open count as attempts too (as on Slack). */
  attempts: number;
  acked: boolean;
  /** performance.now() of the first send. */
  readonly sentAt: number;
  /** ms from the first send to the ack. */
  ackedAfterMs: number | undefined;
  /** True once the fake stopped redelivering without an ack. */
  gaveUp: boolean;
}

interface SocketState {
  readonly id: number;
  /** Not reading and not writing: no pongs, no acks, no answer to a close frame (a black hole). */
  stalled: boolean;
  helloSent: boolean;
}
// ---------------------------------------------------------------------------------------------
// The fake
// ---------------------------------------------------------------------------------------------

/** Form fields @slack/web-api sends JSON-encoded; `ApiCall.args` holds them decoded. */
const JSON_FORM_FIELDS = new Set(['blocks', 'attachments', 'metadata', 'view', 'unfurls', 'user_auth_blocks', 'files']);

interface Waiter {
  probe: () => boolean;
  fail: (error: Error) => void;
}

export class FakeSlack {
  readonly ids: Readonly<FakeSlackIds> = FAKE_IDS;
  /** `http://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** `http://127.0.0.1:PORT/api/` — give it to `clientOptions.slackApiUrl`. */
  readonly apiUrl: string;
  /** `ws://127.0.0.1:PORT/socket` — what `apps.connections.open` returns. */
  readonly socketUrl: string;

  /** The locale users.info gives every user (Slack's `include_locale`); a test or the demo may change it. */
  userLocale = 'en-US';
  private readonly apiCalls: ApiCall[] = [];
  private readonly posts: ResponseUrlPost[] = [];
  private readonly downloads: FileDownload[] = [];
  private readonly frames: SocketFrame[] = [];
  private readonly consumed = new WeakSet<object>();
  private readonly persistent = new Map<string, ApiResponder>();
  private readonly queued = new Map<string, ApiResponder[]>();
  private readonly responseBehaviors = new Map<string, ResponseUrlBehavior>();
  private readonly files = new Map<string, { file: SlackFile; content: string }>();
  private readonly sockets: WebSocket[] = [];
  private readonly socketStates = new Map<WebSocket, SocketState>();
  private readonly deliveryList: Delivery[] = [];
  private readonly deliveryByEnvelope = new Map<string, Delivery>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly socketOptions: Required<FakeSocketOptions>;
  private acksToLose = 0;
  private refusingPings = false;
  private sendingHello = true;
  private readonly waiters = new Set<Waiter>();
  private readonly hanging = new Set<ServerResponse>();
  private connections = 0;
  private tsCounter = 0;
  private closed = false;

  private constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    private readonly botToken: string,
    private readonly defaultTimeoutMs: number,
    socketOptions: FakeSocketOptions = {},
  ) {
    this.socketOptions = { redeliverAfterMs: 3000, maxRedeliveries: 3, ...socketOptions };
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.socketUrl = `ws://127.0.0.1:${port}/socket`;
  }

  /** Use `startFakeSlack()`. */
  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const server = createServer();
    // Pongs are ours to send (or refuse): see refusePings().
    const wss = new WebSocketServer({ server, path: '/socket', autoPong: false });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const fake = new FakeSlack(server, wss, options.botToken ?? 'xoxb-test', options.defaultTimeoutMs ?? 10_000, options.socket);
    server.on('request', (req, res) => {
      fake.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake Slack error: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
    wss.on('connection', (ws) => fake.onSocket(ws));
    return fake;
  }

  // ----- Web API -------------------------------------------------------------------------------

  /** Every Web API call so far, oldest first. */
  get calls(): readonly ApiCall[] {
    return this.apiCalls;
  }

  callsTo(method: string): ApiCall[] {
    return this.apiCalls.filter((c) => c.method === method);
  }

  /**
   * Resolves with the oldest call of `method` (matching `where`) not already returned by
   * `waitForCall` — whether it arrived before or after this call, so there is no race.
   */
  waitForCall(method: string, options: WaitOptions & { where?: (call: ApiCall) => boolean } = {}): Promise<ApiCall> {
    const where = options.where ?? (() => true);
    return this.waitFor(
      `Web API call ${method}`,
      options.timeoutMs,
      () => this.take(this.apiCalls, (c) => c.method === method && where(c)),
      () => `calls so far: ${this.apiCalls.map((c) => c.method).join(', ') || 'none'}`,
    );
  }

  /** Answer every later call of `method` with `responder` (until `resetApiResponses`/`reset`). */
  setApiResponse(method: string, responder: ApiResponder): void {
    this.persistent.set(method, responder);
  }

  /** Answer the next calls of `method` with these, one each, then fall back. */
  queueApiResponse(method: string, ...responders: ApiResponder[]): void {
    this.queued.set(method, [...(this.queued.get(method) ?? []), ...responders]);
  }

  resetApiResponses(): void {
    this.persistent.clear();
    this.queued.clear();
  }

  // ----- response_url --------------------------------------------------------------------------

  /** A response_url on the fake: `http://127.0.0.1:PORT/response/<id>` (id generated if omitted). */
  responseUrl(id: string = randomUUID()): string {
    return `${this.baseUrl}/response/${encodeURIComponent(id)}`;
  }

  /** Configure how response_url `id` answers; id `*` sets the default for all. */
  setResponseUrlBehavior(id: string, behavior: ResponseUrlBehavior): void {
    this.responseBehaviors.set(id, behavior);
  }

  get responsePosts(): readonly ResponseUrlPost[] {
    return this.posts;
  }

  /** Like `waitForCall`: the oldest not-yet-returned POST to response_url `id`. */
  waitForResponsePost(id: string, options: WaitOptions = {}): Promise<ResponseUrlPost> {
    return this.waitFor(
      `POST to response_url ${id}`,
      options.timeoutMs,
      () => this.take(this.posts, (p) => p.id === id),
      () => `posts so far to: ${this.posts.map((p) => p.id).join(', ') || 'none'}`,
    );
  }

  // ----- files ---------------------------------------------------------------------------------

  /**
   * Serve `content` at the file's `url_private` / `url_private_download`, and from `files.info`.
   * Like Slack, a request without `Authorization: Bearer <botToken>` is redirected to an HTML
   * sign-in page (ending in HTTP 200, text/html), not refused.
   */
  addFile(spec: FakeFileSpec): SlackFile {
    const id = spec.id ?? `F${String(this.files.size + 1).padStart(9, '0')}`;
    const name = spec.name ?? 'file.txt';
    const base = `${this.baseUrl}/files/${id}`;
    const file: SlackFile = {
      id,
      name,
      title: spec.title ?? name,
      mimetype: spec.mimetype ?? 'text/plain',
      filetype: spec.filetype ?? 'text',
      size: Buffer.byteLength(spec.content),
      user: spec.user ?? this.ids.userId,
      created: Math.floor(Date.now() / 1000),
      url_private: `${base}/${encodeURIComponent(name)}`,
      url_private_download: `${base}/download/${encodeURIComponent(name)}`,
    };
    this.files.set(id, { file, content: spec.content });
    return file;
  }

  get fileDownloads(): readonly FileDownload[] {
    return this.downloads;
  }

  // ----- Socket Mode ---------------------------------------------------------------------------

  /** WebSocket connections ever accepted. */
  get socketConnectionCount(): number {
    return this.connections;
  }

  get openSocketCount(): number {
    return this.sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  /** Every frame the client sent (acks included), oldest first. */
  get socketFrames(): readonly SocketFrame[] {
    return this.frames;
  }

  /** Resolves once `count` connections have been accepted in total (default 1). */
  waitForSocketConnections(count = 1, options: WaitOptions = {}): Promise<void> {
    return this.waitFor(
      `${count} Socket Mode connection(s)`,
      options.timeoutMs,
      () => this.connections >= count && this.openSocketCount > 0,
      () => `${this.connections} accepted, ${this.openSocketCount} open`,
    ).then(() => undefined);
  }

  /** Resolves once no socket is open — await it after `app.stop()` and before `close()`. */
  waitForSocketsClosed(options: WaitOptions = {}): Promise<void> {
    return this.waitFor(
      'all Socket Mode connections to close',
      options.timeoutMs,
      () => this.sockets.length === 0,
      () => `${this.sockets.length} still open`,
    ).then(() => undefined);
  }

  /**
   * Send an envelope on a random open connection and resolve with the client's ack of it.
   * `payload` is what Slack would POST in HTTP mode: e.g. `slashCommand(...).payload`. An
   * events_api envelope not acked in time is redelivered (see `FakeSocketOptions`).
   */
  async pushEnvelope(type: EnvelopeType, payload: Record<string, unknown>, options: PushEnvelopeOptions = {}): Promise<SocketAck> {
    const envelopeId = options.envelopeId ?? randomUUID();
    const sentAt = performance.now();
    this.deliver(type, payload, { ...options, envelopeId });
    const frame = await this.waitFor(`ack of ${type} envelope ${envelopeId}`, options.timeoutMs, () =>
      this.take(this.frames, (f) => f.data.envelope_id === envelopeId),
    );
    const ack: SocketAck = { envelope_id: envelopeId, elapsedMs: performance.now() - sentAt };
    const ackPayload = frame.data.payload;
    if (ackPayload !== undefined && ackPayload !== null && typeof ackPayload === 'object') {
      ack.payload = ackPayload as Record<string, unknown>;
    }
    return ack;
  }

  /**
   * Deliver an envelope as Slack does, without waiting: to a random open connection (or, with none
   * open, at the next redelivery); events_api envelopes are redelivered until acked or out of retries.
   */
  deliver(type: EnvelopeType, payload: Record<string, unknown>, options: PushEnvelopeOptions = {}): Delivery {
    const delivery: Delivery = {
      type,
      payload,
      envelopeIds: [],
      attempts: 0,
      acked: false,
      sentAt: performance.now(),
      ackedAfterMs: undefined,
      gaveUp: false,
    };
    this.deliveryList.push(delivery);
    const send = (attempt: number, envelopeId: string) => {
      delivery.attempts += 1;
      delivery.envelopeIds.push(envelopeId);
      this.deliveryByEnvelope.set(envelopeId, delivery);
      const envelope: Record<string, unknown> = {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: options.acceptsResponsePayload ?? type !== 'events_api',
      };
      if (type === 'events_api') {
        envelope.retry_attempt = (options.retryAttempt ?? 0) + attempt;
        envelope.retry_reason = attempt > 0 ? 'timeout' : (options.retryReason ?? '');
      }
      const ws = this.pickSocket();
      if (ws) this.write(ws, envelope);
      if (type !== 'events_api') return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (delivery.acked || this.closed) return;
        if (attempt >= this.socketOptions.maxRedeliveries) {
          delivery.gaveUp = true;
          this.notify();
          return;
        }
        send(attempt + 1, randomUUID());
      }, this.socketOptions.redeliverAfterMs);
      this.timers.add(timer);
    };
    send(0, options.envelopeId ?? randomUUID());
    this.notify();
    return delivery;
  }

  /** Every delivery so far (pushEnvelope's too), oldest first. */
  get deliveries(): readonly Delivery[] {
    return this.deliveryList;
  }

  /** Resolves once every delivery so far was acked or given up on. */
  waitForDeliveriesSettled(options: WaitOptions = {}): Promise<void> {
    return this.waitFor(
      'every delivery to be acked or given up',
      options.timeoutMs,
      () => this.deliveryList.every((d) => d.acked || d.gaveUp),
      () => `${this.deliveryList.filter((d) => !d.acked && !d.gaveUp).length} still pending`,
    ).then(() => undefined);
  }

  /** The next `count` acks are lost on the way (as if the connection dropped them). */
  loseNextAcks(count = 1): void {
    this.acksToLose += count;
  }

  /** Send any JSON frame on a random open connection. */
  sendToSocket(frame: unknown): void {
    const ws = this.pickSocket();
    if (!ws) throw new Error('fake Slack: no open Socket Mode connection');
    this.write(ws, frame);
  }

  /** Cut every open connection (see `DropMode`); the client should reconnect via apps.connections.open. */
  dropSocket(mode: DropMode = 'terminate'): void {
    for (const ws of this.sockets) {
      if (mode === 'terminate') ws.terminate();
      else if (mode === 'close') ws.close(1001, 'going away');
      else this.write(ws, { type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake' } });
    }
  }

  /**
   * Slack's advance notice: `disconnect` with reason `warning` on every open connection, then after
   * `leadMs` (Slack: about 10 s) `refresh_requested` and the close. Envelopes keep flowing to the
   * warned connections until they close. Resolves once they are closed.
   */
  async warn(options: { leadMs?: number } = {}): Promise<void> {
    const warned = this.openSockets();
    for (const ws of warned) this.write(ws, { type: 'disconnect', reason: 'warning', debug_info: { host: 'fake' } });
    await sleep(options.leadMs ?? 10_000);
    for (const ws of warned) {
      this.write(ws, { type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake' } });
      ws.close(1001, 'refresh');
    }
  }

  /** `refresh_requested` on every open connection, closed `closeAfterMs` later (Slack's routine refresh). */
  async refresh(options: { closeAfterMs?: number } = {}): Promise<void> {
    const refreshed = this.openSockets();
    for (const ws of refreshed) this.write(ws, { type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake' } });
    await sleep(options.closeAfterMs ?? 500);
    for (const ws of refreshed) if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'refresh');
  }

  /**
   * Every open connection goes silent, TCP still up: nothing is read (no pongs, no acks, no answer
   * to a close frame) and nothing arrives from it. Envelopes routed to it are lost until redelivered.
   */
  stall(): void {
    for (const ws of this.openSockets()) {
      const state = this.socketStates.get(ws);
      if (state) state.stalled = true;
      ws.pause();
    }
  }

  /** End stalled connections from Slack's side (as its own ping timeout eventually would). */
  dropStalled(): void {
    for (const [ws, state] of this.socketStates) if (state.stalled) ws.terminate();
  }

  /** Stop (or resume) answering the client's pings on every connection, now and later. */
  refusePings(refuse = true): void {
    this.refusingPings = refuse;
  }

  /** Whether new connections get their `hello` (a server that never says hello when false). */
  sendHello(send: boolean): void {
    this.sendingHello = send;
  }

  // ----- lifecycle -----------------------------------------------------------------------------

  /** Forget recorded traffic, overrides, behaviours and files (connections stay open). */
  reset(): void {
    this.acksToLose = 0;
    this.refusingPings = false;
    this.sendingHello = true;
    this.apiCalls.length = 0;
    this.posts.length = 0;
    this.downloads.length = 0;
    this.frames.length = 0;
    this.resetApiResponses();
    this.responseBehaviors.clear();
    this.files.clear();
  }

  /** Reject pending waits, cut sockets and hanging responses, stop the server. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of [...this.waiters]) w.fail(new Error('fake Slack closed'));
    for (const timer of this.timers) clearTimeout(timer);
    for (const ws of this.sockets) ws.terminate();
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ----- internals -----------------------------------------------------------------------------

  /** Remove and return the first unconsumed item matching `match`. */
  private take<T extends object>(items: readonly T[], match: (item: T) => boolean): T | undefined {
    const found = items.find((item) => !this.consumed.has(item) && match(item));
    if (found) this.consumed.add(found);
    return found;
  }

  /**
   * Resolve with `probe()`'s first truthy result, re-probing on every state change; reject after
   * the timeout with `describe` (and `detail()`) in the message.
   */
  private waitFor<T>(
    describe: string,
    timeoutMs: number | undefined,
    probe: () => T | undefined | false,
    detail?: () => string,
  ): Promise<T> {
    const limit = timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      if (this.closed) return reject(new Error(`fake Slack closed while waiting for ${describe}`));
      const waiter: Waiter = {
        probe: () => {
          const value = probe();
          if (value === undefined || value === false) return false;
          done();
          resolve(value);
          return true;
        },
        fail: (error) => {
          done();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const extra = detail ? ` (${detail()})` : '';
        waiter.fail(new Error(`fake Slack: timed out after ${limit} ms waiting for ${describe}${extra}`));
      }, limit);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      waiter.probe();
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w.probe();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const raw = await readBody(req);
    if (parts[0] === 'api' && parts.length === 2 && parts[1]) {
      return this.handleApi(parts[1], req, url, raw, res);
    }
    if (parts[0] === 'response' && parts.length === 2 && parts[1] && req.method === 'POST') {
      return this.handleResponseUrl(parts[1], req, raw, res);
    }
    if (parts[0] === 'files' && parts[1]) {
      return this.handleFile(parts[1], req, url.pathname, res);
    }
    if (url.pathname === '/signin') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  private async handleApi(method: string, req: IncomingMessage, url: URL, raw: Buffer, res: ServerResponse): Promise<void> {
    const contentType = req.headers['content-type'] ?? '';
    const args: Record<string, unknown> = {
      ...Object.fromEntries(url.searchParams),
      ...(await parseApiBody(raw, contentType)),
    };
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const call: ApiCall = {
      method,
      args,
      rawBody: raw.toString('utf8'),
      contentType,
      headers: req.headers,
      token: bearer ?? (typeof args.token === 'string' ? args.token : undefined),
      receivedAt: Date.now(),
    };
    this.apiCalls.push(call);
    this.notify();

    const queue = this.queued.get(method);
    const responder = queue?.shift() ?? this.persistent.get(method);
    const answer: ApiReply = responder
      ? typeof responder === 'function'
        ? await responder(call)
        : responder
      : { body: this.defaultApiBody(call) };
    if (answer.hang) {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if (answer.delayMs) await sleep(answer.delayMs);
    const body = answer.body === undefined ? { ok: true } : answer.body;
    const isText = typeof body === 'string';
    res.writeHead(answer.status ?? 200, {
      'content-type': isText ? 'text/plain' : 'application/json; charset=utf-8',
      ...answer.headers,
    });
    res.end(isText ? body : JSON.stringify(body));
  }

  private defaultApiBody(call: ApiCall): Record<string, unknown> {
    const { args, method } = call;
    const ids = this.ids;
    if (!call.token) return { ok: false, error: 'not_authed' };
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: `https://${ids.teamDomain}.slack.com/`,
          team: 'Fake Team',
          user: 'errcode',
          team_id: ids.teamId,
          user_id: ids.botUserId,
          bot_id: ids.botId,
          is_enterprise_install: false,
        };
      case 'apps.connections.open':
        return call.token.startsWith('xapp-')
          ? { ok: true, url: `${this.socketUrl}?ticket=${randomUUID()}` }
          : { ok: false, error: 'not_allowed_token_type' };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        const threadTs = str(args.thread_ts);
        return {
          ok: true,
          channel: args.channel,
          ts,
          message: {
            type: 'message',
            text: args.text,
            user: ids.botUserId,
            bot_id: ids.botId,
            ts,
            ...(threadTs ? { thread_ts: threadTs } : {}),
            ...(args.blocks ? { blocks: args.blocks } : {}),
          },
        };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        return {
          ok: true,
          channel: args.channel,
          ts: args.ts,
          text: args.text,
          message: { type: 'message', text: args.text, user: ids.botUserId, bot_id: ids.botId },
        };
      case 'views.open':
      case 'views.push':
      case 'views.update': {
        const view = typeof args.view === 'object' && args.view !== null ? args.view : {};
        return { ok: true, view: { id: `V${this.nextTs().replace('.', '')}`, team_id: ids.teamId, ...view } };
      }
      case 'conversations.replies':
      case 'conversations.history':
        return { ok: true, messages: [], has_more: false, response_metadata: { next_cursor: '' } };
      case 'files.info': {
        const entry = this.files.get(str(args.file) ?? '');
        return entry ? { ok: true, file: entry.file } : { ok: false, error: 'file_not_found' };
      }
      case 'users.info': {
        // As Slack answers it: the user's locale only when asked for (include_locale).
        const user = str(args.user) ?? ids.userId;
        const locale = args.include_locale === true || args.include_locale === 'true' ? { locale: this.userLocale } : {};
        return { ok: true, user: { id: user, team_id: ids.teamId, name: user === ids.userId ? ids.userName : user, ...locale } };
      }
      case 'chat.delete':
      case 'reactions.add':
      case 'reactions.remove':
        return { ok: true };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private async handleResponseUrl(id: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const text = raw.toString('utf8');
    this.posts.push({ id, body: tryJson(text) ?? text, headers: req.headers, receivedAt: Date.now() });
    this.notify();
    const behavior = this.responseBehaviors.get(id) ?? this.responseBehaviors.get('*') ?? {};
    if (behavior.hang) {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if (behavior.delayMs) await sleep(behavior.delayMs);
    const status = behavior.status ?? 200;
    const body = behavior.body ?? (status === 200 ? { ok: true } : { ok: false, error: 'expired_url' });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private handleFile(fileId: string, req: IncomingMessage, path: string, res: ServerResponse): void {
    const entry = this.files.get(fileId);
    const authorization = req.headers.authorization;
    const served = entry !== undefined && authorization === `Bearer ${this.botToken}`;
    this.downloads.push({ fileId, path, authorization, served });
    this.notify();
    if (!entry) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('file not found');
    } else if (!served) {
      res.writeHead(302, { location: `${this.baseUrl}/signin` });
      res.end();
    } else {
      res.writeHead(200, { 'content-type': entry.file.mimetype, 'content-length': entry.file.size });
      res.end(entry.content);
    }
  }

  private onSocket(ws: WebSocket): void {
    this.connections += 1;
    this.sockets.push(ws);
    const state: SocketState = { id: this.connections, stalled: false, helloSent: false };
    this.socketStates.set(ws, state);
    ws.on('ping', (data) => {
      if (!this.refusingPings && !state.stalled) ws.pong(data);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary || state.stalled) return;
      const parsed = tryJson(rawDataToString(data));
      if (!parsed || typeof parsed !== 'object') return;
      const frame = parsed as Record<string, unknown>;
      if (typeof frame.envelope_id === 'string') {
        if (this.acksToLose > 0) {
          this.acksToLose -= 1;
          return;
        }
        // Acks count by envelope id, on whichever connection they come.
        const delivery = this.deliveryByEnvelope.get(frame.envelope_id);
        if (delivery && !delivery.acked) {
          delivery.acked = true;
          delivery.ackedAfterMs = performance.now() - delivery.sentAt;
        }
      }
      this.frames.push({ data: frame, receivedAt: Date.now() });
      this.notify();
    });
    ws.on('error', () => {
      /* the client vanished; 'close' follows */
    });
    ws.on('close', () => {
      const index = this.sockets.indexOf(ws);
      if (index >= 0) this.sockets.splice(index, 1);
      this.socketStates.delete(ws);
      this.notify();
    });
    if (this.sendingHello) {
      state.helloSent = true;
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.sockets.length,
          debug_info: { host: 'fake-slack', approximate_connection_time: 18060 },
          connection_info: { app_id: this.ids.appId },
        }),
      );
    }
    this.notify();
  }

  private openSockets(): WebSocket[] {
    return this.sockets.filter((s) => s.readyState === WebSocket.OPEN && this.socketStates.get(s)?.helloSent);
  }

  /** Slack spreads envelopes over the open connections at random (round-robin could hide duplicates). */
  private pickSocket(): WebSocket | undefined {
    const open = this.openSockets();
    return open[Math.floor(Math.random() * open.length)];
  }

  /** A stalled connection swallows what is sent to it. */
  private write(ws: WebSocket, frame: unknown): void {
    if (this.socketStates.get(ws)?.stalled) return;
    ws.send(JSON.stringify(frame));
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${1_700_000_000 + this.tsCounter}.${String(this.tsCounter).padStart(6, '0')}`;
  }
}

/** Start a fake Slack platform on 127.0.0.1 and a random port. Call `close()` when done. */
export function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return FakeSlack.start(options);
}

// ---------------------------------------------------------------------------------------------
// Driving a Bolt HTTP receiver: signing and payload builders
// ---------------------------------------------------------------------------------------------

export type SlackContentType = 'application/x-www-form-urlencoded' | 'application/json';

/** A request body as Slack would send it, plus the parsed payload (reusable as a Socket Mode envelope payload). */
export interface SlackRequest {
  contentType: SlackContentType;
  body: string;
  payload: Record<string, unknown>;
}

export interface SignedRequestOptions {
  /** Needed only when `request` is a plain string that does not start with `{`. */
  contentType?: SlackContentType;
  /** Unix seconds used in the signature and header; default now. */
  timestamp?: number;
  /** Sends `x-slack-retry-num` (and `x-slack-retry-reason`, default `http_timeout`). */
  retryNum?: number;
  retryReason?: string;
  /** Replace the computed signature (e.g. `v0=bad`). */
  signature?: string;
  /** Send no signature/timestamp headers at all. */
  unsigned?: boolean;
  headers?: Record<string, string>;
  /** Abort the request after this long: a ceiling for a busy machine. Default 30000 (Bolt answers an un-acked request after ~3 s). */
  timeoutMs?: number;
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** `text` parsed as JSON, or undefined. */
  json: unknown;
  elapsedMs: number;
}

/** `x-slack-signature` = `v0=` + hex HMAC-SHA256(signingSecret, `v0:<timestamp>:<rawBody>`). */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${hmac}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** Sign `request` with `signingSecret` and POST it to `url` (a Bolt receiver endpoint). */
export function signedRequest(
  url: string,
  signingSecret: string,
  request: SlackRequest | string,
  options: SignedRequestOptions = {},
): Promise<HttpResult> {
  const body = typeof request === 'string' ? request : request.body;
  const contentType =
    options.contentType ??
    (typeof request === 'string'
      ? body.trimStart().startsWith('{')
        ? 'application/json'
        : 'application/x-www-form-urlencoded'
      : request.contentType);
  const headers: Record<string, string> = { 'content-type': contentType, ...options.headers };
  if (!options.unsigned) {
    Object.assign(headers, signSlackRequest(signingSecret, body, options.timestamp));
    if (options.signature !== undefined) headers['x-slack-signature'] = options.signature;
  }
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  return postRaw(url, body, headers, options.timeoutMs ?? 30_000);
}

/** `http://127.0.0.1:<port><path>` of a server returned by `app.start({ port: 0, host: '127.0.0.1' })`. */
export function serverUrl(server: { address(): AddressInfo | string | null }, path = '/slack/events'): string {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server is not listening on TCP');
  return `http://127.0.0.1:${address.port}${path}`;
}

export interface SlashCommandFields {
  /** Point it at `fake.responseUrl(id)` so `respond()` is recorded. */
  response_url: string;
  command?: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  team_domain?: string;
  trigger_id?: string;
  api_app_id?: string;
  locale?: string;
  enterprise_id?: string;
}

/** A slash command, form-encoded as Slack POSTs it. */
export function slashCommand(fields: SlashCommandFields): SlackRequest {
  const payload: Record<string, string> = {
    token: 'legacy-verification-token',
    team_id: FAKE_IDS.teamId,
    team_domain: FAKE_IDS.teamDomain,
    channel_id: FAKE_IDS.channelId,
    channel_name: FAKE_IDS.channelName,
    user_id: FAKE_IDS.userId,
    user_name: FAKE_IDS.userName,
    command: '/errcode',
    text: '',
    api_app_id: FAKE_IDS.appId,
    is_enterprise_install: 'false',
    trigger_id: newTriggerId(),
    ...definedStrings(fields),
  };
  return { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(payload).toString(), payload };
}

export interface BlockActionInput {
  action_id: string;
  block_id?: string;
  /** Default `button`. */
  type?: string;
  value?: string;
  [extra: string]: unknown;
}

export interface SlackUserRef {
  id: string;
  username?: string;
  name?: string;
  team_id?: string;
}

export interface SlackMessageRef {
  ts: string;
  text?: string;
  user?: string;
  bot_id?: string;
  thread_ts?: string;
  blocks?: unknown[];
  [extra: string]: unknown;
}

export interface BlockActionsFields {
  actions: BlockActionInput[];
  response_url: string;
  user?: SlackUserRef;
  channel?: { id: string; name?: string };
  /** The message holding the clicked block; default a bot message. */
  message?: SlackMessageRef;
  container?: Record<string, unknown>;
  trigger_id?: string;
  state?: Record<string, unknown>;
}

/** A block_actions interaction, form-encoded as `payload=<json>`. */
export function blockActions(fields: BlockActionsFields): SlackRequest {
  const channel = fields.channel ?? { id: FAKE_IDS.channelId, name: FAKE_IDS.channelName };
  const message = fields.message ?? {
    type: 'message',
    ts: '1700000000.000100',
    text: 'bot message',
    user: FAKE_IDS.botUserId,
    bot_id: FAKE_IDS.botId,
    blocks: [],
  };
  const actionTs = nowTs();
  const payload = {
    type: 'block_actions',
    user: fields.user ?? defaultUser(),
    api_app_id: FAKE_IDS.appId,
    token: 'legacy-verification-token',
    container: fields.container ?? {
      type: 'message',
      message_ts: message.ts,
      channel_id: channel.id,
      is_ephemeral: false,
    },
    trigger_id: fields.trigger_id ?? newTriggerId(),
    team: { id: FAKE_IDS.teamId, domain: FAKE_IDS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel,
    message,
    state: fields.state ?? { values: {} },
    response_url: fields.response_url,
    actions: fields.actions.map((a) => ({
      type: 'button',
      block_id: 'block-1',
      action_ts: actionTs,
      ...(a.type === undefined || a.type === 'button' ? { text: { type: 'plain_text', text: a.action_id } } : {}),
      ...a,
    })),
  };
  return formPayload(payload);
}

export interface ViewSubmissionFields {
  /** The view as the app opened it (views.open's `view` argument): callback_id, private_metadata, blocks. */
  view: { callback_id?: string; private_metadata?: string; blocks?: unknown[]; [extra: string]: unknown };
  /** What the user typed, by the input's action_id; inputs not given submit their initial_value. */
  values?: Record<string, string>;
  user?: SlackUserRef;
  trigger_id?: string;
}

/**
 * A modal submitted (`view_submission`), form-encoded as `payload=<json>`. The state holds every
 * plain_text_input of the view under its block_id and action_id, as Slack sends it.
 */
export function viewSubmission(fields: ViewSubmissionFields): SlackRequest {
  const values: Record<string, Record<string, { type: string; value: string | null }>> = {};
  for (const block of (fields.view.blocks ?? []) as Array<{ type?: string; block_id?: string; element?: Record<string, unknown> }>) {
    const element = block.element;
    if (block.type !== 'input' || !block.block_id || !element || element.type !== 'plain_text_input') continue;
    const actionId = String(element.action_id ?? '');
    const typed = fields.values?.[actionId];
    const initial = typeof element.initial_value === 'string' ? element.initial_value : null;
    values[block.block_id] = { [actionId]: { type: 'plain_text_input', value: typed ?? initial } };
  }
  return formPayload({
    type: 'view_submission',
    team: { id: FAKE_IDS.teamId, domain: FAKE_IDS.teamDomain },
    user: fields.user ?? defaultUser(),
    api_app_id: FAKE_IDS.appId,
    token: 'legacy-verification-token',
    trigger_id: fields.trigger_id ?? newTriggerId(),
    view: {
      id: `V${Date.now()}`,
      team_id: FAKE_IDS.teamId,
      type: 'modal',
      hash: randomUUID(),
      ...fields.view,
      state: { values },
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  });
}

export interface MessageShortcutFields {
  callback_id: string;
  response_url: string;
  message?: SlackMessageRef;
  user?: SlackUserRef;
  channel?: { id: string; name?: string };
  trigger_id?: string;
}

/** A message shortcut (`type: message_action`), form-encoded as `payload=<json>`. */
export function messageShortcut(fields: MessageShortcutFields): SlackRequest {
  const message = fields.message ?? {
    type: 'message',
    ts: '1700000000.000200',
    text: 'error 1002 when logging in',
    user: FAKE_IDS.userId,
  };
  return formPayload({
    type: 'message_action',
    token: 'legacy-verification-token',
    action_ts: nowTs(),
    team: { id: FAKE_IDS.teamId, domain: FAKE_IDS.teamDomain },
    user: fields.user ?? defaultUser(),
    channel: fields.channel ?? { id: FAKE_IDS.channelId, name: FAKE_IDS.channelName },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: fields.callback_id,
    trigger_id: fields.trigger_id ?? newTriggerId(),
    response_url: fields.response_url,
    message_ts: message.ts,
    message,
  });
}

export interface MessageEventFields {
  text?: string;
  user?: string;
  channel?: string;
  /** Default `channel`; `im` for DMs. */
  channel_type?: string;
  ts?: string;
  thread_ts?: string;
  subtype?: string;
  bot_id?: string;
  files?: SlackFile[];
  [extra: string]: unknown;
}

/** A `message` event object (wrap it with `eventCallback`). Give `files` for a `file_share`. */
export function messageEvent(fields: MessageEventFields = {}): Record<string, unknown> {
  const ts = fields.ts ?? nowTs();
  const event: Record<string, unknown> = {
    type: 'message',
    channel: FAKE_IDS.channelId,
    channel_type: 'channel',
    text: '',
    ts,
    event_ts: ts,
    ...fields,
  };
  if (fields.user === undefined && fields.bot_id === undefined) event.user = FAKE_IDS.userId;
  return event;
}

export interface EventCallbackOptions {
  event_id?: string;
  event_time?: number;
  team_id?: string;
  api_app_id?: string;
}

/** An Events API `event_callback` body (JSON). */
export function eventCallback(event: Record<string, unknown>, options: EventCallbackOptions = {}): SlackRequest {
  const teamId = options.team_id ?? FAKE_IDS.teamId;
  return jsonPayload({
    token: 'legacy-verification-token',
    team_id: teamId,
    context_team_id: teamId,
    api_app_id: options.api_app_id ?? FAKE_IDS.appId,
    event,
    type: 'event_callback',
    event_id: options.event_id ?? `Ev${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`,
    event_time: options.event_time ?? Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: FAKE_IDS.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  });
}

/** The `url_verification` handshake Slack sends when the Request URL is saved. */
export function urlVerification(challenge = 'fake-challenge'): SlackRequest {
  return jsonPayload({ token: 'legacy-verification-token', challenge, type: 'url_verification' });
}

// ---------------------------------------------------------------------------------------------
// A Bolt logger that records instead of printing
// ---------------------------------------------------------------------------------------------

export interface CapturedLog {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

export interface CapturingLogger extends Logger {
  readonly entries: CapturedLog[];
  /** Entries at `warn` and `error`. */
  problems(): CapturedLog[];
}

/** Pass as `logger` to `App` / `SocketModeReceiver` to keep test output quiet and assert on logs. */
export function captureLogger(level: LogLevel = LogLevel.INFO): CapturingLogger {
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  let current = level;
  const entries: CapturedLog[] = [];
  const log =
    (at: LogLevel, name: CapturedLog['level']) =>
    (...msg: unknown[]): void => {
      if (order.indexOf(at) < order.indexOf(current)) return;
      entries.push({ level: name, message: msg.map(formatLogArg).join(' ') });
    };
  return {
    entries,
    problems: () => entries.filter((e) => e.level === 'warn' || e.level === 'error'),
    debug: log(LogLevel.DEBUG, 'debug'),
    info: log(LogLevel.INFO, 'info'),
    warn: log(LogLevel.WARN, 'warn'),
    error: log(LogLevel.ERROR, 'error'),
    setLevel: (next: LogLevel) => {
      current = next;
    },
    getLevel: () => current,
    setName: () => {},
  };
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

function formPayload(payload: Record<string, unknown>): SlackRequest {
  return {
    contentType: 'application/x-www-form-urlencoded',
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    payload,
  };
}

function jsonPayload(payload: Record<string, unknown>): SlackRequest {
  return { contentType: 'application/json', body: JSON.stringify(payload), payload };
}

function defaultUser(): SlackUserRef {
  return { id: FAKE_IDS.userId, username: FAKE_IDS.userName, name: FAKE_IDS.userName, team_id: FAKE_IDS.teamId };
}

function definedStrings(fields: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = String(v);
  return out;
}

function newTriggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e12)}.${randomUUID().replaceAll('-', '')}`;
}

function nowTs(): string {
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function formatLogArg(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

function rawDataToString(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseApiBody(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  if (raw.length === 0) return {};
  if (contentType.startsWith('application/json')) {
    const parsed = tryJson(raw.toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  }
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const out: Record<string, unknown> = {};
    for (const [key, value] of form.entries()) {
      out[key] = typeof value === 'string' ? decodeFormField(key, value) : { filename: value.name, size: value.size };
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) out[key] = decodeFormField(key, value);
  return out;
}

function decodeFormField(key: string, value: string): unknown {
  if (!JSON_FORM_FIELDS.has(key)) return value;
  return tryJson(value) ?? value;
}

function postRaw(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: tryJson(text),
            elapsedMs: performance.now() - started,
          });
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`request to ${url} timed out after ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
