/**
 * What every Slack handler is handed, and the few habits they share: faults are caught, logged
 * with context and counted; Web API failures are logged and passed over; response_url posts are
 * bounded in time; in-flight work is counted so shutdown (and tests) can wait for it.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { webApi } from '@slack/bolt';
import type { Product } from '../../src/product/product.js';
import { redactSecrets } from '../../src/secrets.js';
import type { Services } from '../../src/services.js';
import type { UserLocales } from './locale.js';
import type { SlackMessage } from './render/blocks.js';

export type WebClient = webApi.WebClient;

export interface SlackDeps {
  readonly services: Services;
  /** What to reply: every decision is made there, the handlers translate and render. */
  readonly product: Product;
  /**
   * The Web API client for replies that must not be lost (auto-replies): its retries back off
   * long enough to outlast a short Slack outage (SLACK_REPLY_RETRY in index.ts).
   */
  readonly replyClient: WebClient;
  /** Sent only to Slack's file hosts, as `Authorization: Bearer`, to read pasted files. */
  readonly botToken: string;
  /** Hosts a file URL may point to before the bot token is sent there. */
  readonly fileHosts: readonly string[];
  /** Each user's Slack locale, asked once and kept a while. */
  readonly locales: UserLocales;
  readonly work: InFlight;
  readonly responseTimeoutMs: number;
}

/** What a response_url accepts: a message plus how it lands. */
export type ResponseMessage = Partial<SlackMessage> & {
  readonly response_type?: 'ephemeral' | 'in_channel';
  readonly replace_original?: boolean;
  readonly delete_original?: boolean;
};

export class ResponseUrlError extends Error {
  constructor(readonly status: number) {
    super(`response_url answered HTTP ${status}`);
    this.name = 'ResponseUrlError';
  }
}

/**
 * POST to a response_url (Bolt's `respond()` has no timeout: a hung URL would hold the handler).
 * Throws ResponseUrlError on a non-2xx answer (an expired URL answers 404).
 */
export async function respond(deps: SlackDeps, responseUrl: string, message: ResponseMessage): Promise<void> {
  // node:http rather than fetch: fetch's per-request machinery cost more than all of errcode's own
  // work on a reply under 100 concurrent commands (npm run bench), for one POST whose answer is unread.
  const url = new URL(responseUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('response_url is not an http(s) URL');
  const body = Buffer.from(JSON.stringify(message));
  try {
    await post(url, body, deps.responseTimeoutMs);
  } catch (error) {
    // A reset on a reused kept-alive connection is almost always the server closing it as idle
    // just as it was reused: one retry on a fresh connection (the pattern Node's http docs give).
    if (!(error as { reusedSocket?: boolean }).reusedSocket) throw error;
    await post(url, body, deps.responseTimeoutMs);
  }
}

function post(url: URL, body: Buffer, timeoutMs: number): Promise<void> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        agent: url.protocol === 'https:' ? HTTPS_AGENT : HTTP_AGENT,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (response) => {
        response.resume();
        response.once('end', () => {
          clearTimeout(timer);
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new ResponseUrlError(status));
        });
        response.once('error', reject);
      },
    );
    const timer = setTimeout(() => {
      const error = new Error(`response_url took over ${timeoutMs} ms`);
      error.name = 'TimeoutError';
      request.destroy(error);
    }, timeoutMs);
    request.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const reset = request.reusedSocket && error.code === 'ECONNRESET';
      reject(reset ? Object.assign(error, { reusedSocket: true }) : error);
    });
    request.end(body);
  });
}

/** Connections to the response_url host kept open between replies, as fetch did. */
const HTTP_AGENT = new HttpAgent({ keepAlive: true });
const HTTPS_AGENT = new HttpsAgent({ keepAlive: true });

/** Counts work in progress; `settled` resolves when none is left (true) or the wait ran out (false). */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  start(): () => void {
    this.count += 1;
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      this.count -= 1;
      if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
    };
  }

  get size(): number {
    return this.count;
  }

  settled(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(wake);
    });
  }
}

export type HandlerKind = 'command' | 'action' | 'auto-reply' | 'shortcut' | 'mention';

/**
 * Runs one handler's work: an exception is logged with `where` (ids only, never message text),
 * counted, and `tellUser` (if any) shows the fixed INTERNAL message. One bad event never escapes.
 */
export async function guard(
  deps: SlackDeps,
  handler: HandlerKind,
  where: Record<string, string | undefined>,
  work: () => Promise<void>,
  tellUser?: () => Promise<unknown>,
): Promise<void> {
  const done = deps.work.start();
  try {
    // Handlers ack first; yielding to the I/O phase here lets a burst of requests all be read and
    // acked before any of them does its (synchronous) engine and rendering work.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await work();
  } catch (error) {
    const { logger, metrics } = deps.services;
    if (error instanceof ResponseUrlError || (error instanceof Error && error.name === 'TimeoutError')) {
      // Slack did not take the reply (expired or unreachable response_url): nothing more to say.
      metrics.faults.inc({ platform: 'slack', kind: 'web-api' });
      logger.warn(
        { event: 'slack_response_url_failed', platform: 'slack', handler, ...where, ...describeError(error) },
        'response_url refused the reply',
      );
      return;
    }
    metrics.faults.inc({ platform: 'slack', kind: 'handler' });
    logger.error({ event: 'slack_handler_fault', platform: 'slack', handler, ...where, ...describeError(error) }, 'Slack handler failed');
    if (tellUser) {
      await tellUser().catch((notice: unknown) =>
        logger.warn(
          { event: 'slack_fault_notice_failed', platform: 'slack', handler, ...where, ...describeError(notice) },
          'could not tell the user',
        ),
      );
    }
  } finally {
    done();
  }
}

/**
 * A Web API call whose failure should not stop the handler (the client has already retried 429
 * and 5xx): logged with the method and `where`, counted, undefined returned.
 */
export async function callApi<T>(
  deps: SlackDeps,
  method: string,
  where: Record<string, string | undefined>,
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    deps.services.metrics.faults.inc({ platform: 'slack', kind: 'web-api' });
    deps.services.logger.warn(
      { event: 'slack_api_error', platform: 'slack', method, ...where, ...describeError(error) },
      'Slack Web API call failed',
    );
    return undefined;
  }
}

/**
 * Posts a reply with `deps.replyClient`. A reply that still fails after every retry is logged and
 * counted (errcode_replies_failed_total) and false returned: the caller gives back what it reserved
 * and leaves the event for redelivery.
 */
export async function postReply(
  deps: SlackDeps,
  kind: HandlerKind,
  where: Record<string, string | undefined>,
  post: (client: WebClient) => Promise<unknown>,
): Promise<boolean> {
  try {
    await post(deps.replyClient);
    return true;
  } catch (error) {
    deps.services.metrics.faults.inc({ platform: 'slack', kind: 'web-api' });
    deps.services.metrics.repliesFailed.inc({ platform: 'slack', kind });
    deps.services.logger.error(
      { event: 'slack_reply_failed', platform: 'slack', handler: kind, ...where, ...describeError(error) },
      'reply could not be posted after every retry; left for redelivery',
    );
    return false;
  }
}

/** The key under which a listener finds its Socket Mode envelope in Bolt's `context`. */
export const ENVELOPE_CONTEXT_KEY = 'socketEnvelope';

export interface EnvelopeControl {
  /** Do not ack this event: Slack redelivers it (the reply could not be posted). */
  leaveUnacked(): void;
}

/** Socket Mode: this event's envelope is not acked, so Slack redelivers it. (HTTP mode acks at once.) */
export function leaveForRedelivery(context: Record<string, unknown>): void {
  const control = context[ENVELOPE_CONTEXT_KEY] as EnvelopeControl | undefined;
  control?.leaveUnacked();
}

/** An error as log fields: its kind and Slack's error code, never request bodies or headers. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: redactSecrets(String(error)).text.slice(0, 300) };
  const e = error as Error & { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; status?: unknown };
  return {
    error: redactSecrets(e.message).text.slice(0, 300),
    errorName: e.name,
    ...(typeof e.code === 'string' ? { errorCode: e.code } : {}),
    ...(typeof e.data?.error === 'string' ? { slackError: e.data.error } : {}),
    ...(typeof e.statusCode === 'number' ? { httpStatus: e.statusCode } : {}),
    ...(typeof e.status === 'number' ? { httpStatus: e.status } : {}),
    ...(e.stack ? { stack: redactSecrets(e.stack).text.split('\n').slice(0, 8).join('\n') } : {}),
  };
}

export function elapsedSeconds(startedAt: number): number {
  return (performance.now() - startedAt) / 1000;
}
