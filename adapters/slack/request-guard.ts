/**
 * What stands in front of Bolt's HTTP receiver on POST /slack/events. Bolt buffers up to 4 MB of
 * any body before it checks the signature, so 200 unsigned 3.9 MB POSTs once cost 500 MB of
 * memory; it accepts timestamps from the future and byte-for-byte replays within five minutes;
 * and a signed but malformed payload (`payload=null`, a block action without `user`, checkboxes
 * without `selected_options`) reached the handlers and failed there. Here, in order:
 *   1. headers first, body unread: a missing or malformed signature, a stale timestamp or one
 *      too far in the future is 401, a declared body over the limit is 413;
 *   2. the body is read up to the limit, within a budget shared by every request not yet
 *      verified (503 past it: Slack retries), and its HMAC checked (401);
 *   3. a signature seen before is a replay (401; an event's redelivery number counts as new);
 *   4. the payload must have the shape the handlers rely on (400).
 * The buffered body is then handed to Bolt as `rawBody`, which Bolt reads instead of the stream.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExpiringMap } from '../../src/policy/auto-reply.js';

export interface RequestGuardOptions {
  readonly signingSecret: string;
  /** The paths Bolt serves events on; other paths (health, metrics) pass untouched. */
  readonly paths: readonly string[];
  /** Largest body read from a request not yet verified. Default 512 KiB. */
  readonly bodyLimit?: number;
  /** Bytes all unverified requests together may hold in memory. Default 16 MiB. */
  readonly pendingBudget?: number;
  /** How far in the future a timestamp may be (clock skew). Default 60 s. */
  readonly futureSkewSeconds?: number;
  /** How old a timestamp may be. Default 300 s, as Slack documents. */
  readonly maxAgeSeconds?: number;
  /** Called for each refusal, with the status and a short reason (for logs and metrics). */
  readonly onRefused?: (status: number, reason: string) => void;
  readonly now?: () => number;
}

export const REQUEST_GUARD_DEFAULTS = Object.freeze({
  bodyLimit: 512 * 1024,
  pendingBudget: 16 * 1024 * 1024,
  futureSkewSeconds: 60,
  maxAgeSeconds: 300,
} as const);

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

export class SlackRequestGuard {
  private readonly bodyLimit: number;
  private readonly pendingBudget: number;
  private readonly futureSkew: number;
  private readonly maxAge: number;
  private readonly now: () => number;
  private pendingBytes = 0;
  /** Signatures already accepted, kept as long as their timestamp could still pass. */
  private readonly seen = new ExpiringMap<true>(100_000);

  constructor(private readonly options: RequestGuardOptions) {
    this.bodyLimit = options.bodyLimit ?? REQUEST_GUARD_DEFAULTS.bodyLimit;
    this.pendingBudget = options.pendingBudget ?? REQUEST_GUARD_DEFAULTS.pendingBudget;
    this.futureSkew = options.futureSkewSeconds ?? REQUEST_GUARD_DEFAULTS.futureSkewSeconds;
    this.maxAge = options.maxAgeSeconds ?? REQUEST_GUARD_DEFAULTS.maxAgeSeconds;
    this.now = options.now ?? Date.now;
  }

  /** `next` wrapped: Bolt's listener sees only requests that passed. */
  wrap(next: Listener): Listener {
    return (req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (req.method !== 'POST' || !this.options.paths.includes(path)) {
        next(req, res);
        return;
      }
      void this.check(req, res, next);
    };
  }

  private refuse(req: IncomingMessage, res: ServerResponse, status: number, reason: string): void {
    this.options.onRefused?.(status, reason);
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' });
    // The rest of an unread body is not read: the connection is closed once the answer is out.
    res.end(() => req.destroy());
  }

  private async check(req: IncomingMessage, res: ServerResponse, next: Listener): Promise<void> {
    const signature = header(req, 'x-slack-signature');
    const timestamp = header(req, 'x-slack-request-timestamp');
    if (!signature || !SIGNATURE.test(signature) || !timestamp || !TIMESTAMP.test(timestamp)) {
      this.refuse(req, res, 401, 'unsigned');
      return;
    }
    const age = Math.floor(this.now() / 1000) - Number(timestamp);
    if (age > this.maxAge) return this.refuse(req, res, 401, 'stale timestamp');
    if (-age > this.futureSkew) return this.refuse(req, res, 401, 'future timestamp');
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > this.bodyLimit) return this.refuse(req, res, 413, 'body too large');
    const reserve = Number.isFinite(declared) ? declared : this.bodyLimit;
    if (this.pendingBytes + reserve > this.pendingBudget) return this.refuse(req, res, 503, 'too many unverified requests');

    this.pendingBytes += reserve;
    let body: Buffer | undefined;
    try {
      body = await readBody(req, this.bodyLimit);
    } finally {
      this.pendingBytes -= reserve;
    }
    if (!body) return this.refuse(req, res, 413, 'body too large');
    const expected = `v0=${createHmac('sha256', this.options.signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return this.refuse(req, res, 401, 'bad signature');
    const contentType = header(req, 'content-type') ?? '';
    // Slack redelivers an event (X-Slack-Retry-Num) possibly within the same second, so byte for
    // byte; events carry an event_id the handlers deduplicate on. Interactions are never retried.
    const retry = contentType.includes('application/json') ? (header(req, 'x-slack-retry-num') ?? '') : '';
    const replayKey = `${signature}|${retry}`;
    const now = this.now();
    if (this.seen.get(replayKey, now)) return this.refuse(req, res, 401, 'replayed signature');
    this.seen.set(replayKey, true, now + (this.maxAge + this.futureSkew) * 1000);
    const problem = payloadProblem(body, contentType);
    if (problem) return this.refuse(req, res, 400, problem);
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
    next(req, res);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body, or undefined once it runs past `limit` (the stream is then left unread). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (value: Buffer | undefined) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        done(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks, size));
    const onError = () => done(undefined);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Why a signed payload cannot be handled, or undefined when it has the shape the handlers read. */
export function payloadProblem(body: Buffer, contentType: string): string | undefined {
  const text = body.toString('utf8');
  if (contentType.includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return 'body is not JSON';
    }
    if (!isObject(parsed)) return 'body is not a JSON object';
    if (parsed.type === 'event_callback' && !isObject(parsed.event)) return 'event_callback without an event';
    return undefined;
  }
  const form = new URLSearchParams(text);
  const payload = form.get('payload');
  if (payload === null) {
    if (form.has('command') && (!form.get('user_id') || !form.get('channel_id'))) return 'slash command without user_id or channel_id';
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    return 'payload is not JSON';
  }
  return interactionProblem(parsed);
}

/**
 * The same checks for a Socket Mode envelope, whose body arrives parsed: an `events_api` body is
 * the HTTP JSON body, an `interactive` one the interaction payload, a `slash_commands` one the
 * command's fields. Undefined when the handlers can read it.
 */
export function envelopeProblem(type: string, body: unknown): string | undefined {
  if (!isObject(body)) return `${type} envelope without a JSON object body`;
  if (type === 'events_api') return body.type === 'event_callback' && !isObject(body.event) ? 'event_callback without an event' : undefined;
  if (type === 'interactive') return interactionProblem(body);
  if (type === 'slash_commands') {
    const text = (value: unknown) => typeof value === 'string' && value.length > 0;
    if (!text(body.command)) return 'slash command without a command';
    if (!text(body.user_id) || !text(body.channel_id)) return 'slash command without user_id or channel_id';
  }
  return undefined;
}

function interactionProblem(payload: unknown): string | undefined {
  if (!isObject(payload)) return 'payload is not a JSON object';
  if (typeof payload.type !== 'string') return 'payload without a type';
  if (!isObject(payload.user) || typeof payload.user.id !== 'string') return `${payload.type} without a user`;
  if (payload.type !== 'block_actions') return undefined;
  if (!Array.isArray(payload.actions) || payload.actions.length === 0) return 'block_actions without actions';
  for (const action of payload.actions) {
    if (!isObject(action) || typeof action.action_id !== 'string') return 'block action without an action_id';
    if (action.type === 'checkboxes' && !Array.isArray(action.selected_options)) return 'checkboxes without selected_options';
    if ((action.type === 'static_select' || action.type === 'overflow') && !isObject(action.selected_option)) {
      return `${action.type} without selected_option`;
    }
    if (action.type === 'button' && action.value !== undefined && typeof action.value !== 'string') return 'button value is not a string';
  }
  return undefined;
}
