/**
 * errcode on Slack: a Bolt App in Socket Mode (SLACK_APP_TOKEN) or HTTP mode (signing secret,
 * POST /slack/events), with one listener per surface in handlers/ and the Block Kit renderer in
 * render/. Slack events go in, engine calls come out; nothing Slack-specific enters src/.
 */
import type { AddressInfo } from 'node:net';
import { App, type CustomRoute, HTTPReceiver, type Logger, SocketModeReceiver, type webApi } from '@slack/bolt';
import type { Config } from '../../src/config.js';
import { Product } from '../../src/product/product.js';
import type { AdapterHandle, Services } from '../../src/services.js';
import { boltLogger } from './bolt-logger.js';
import { registerActions } from './handlers/actions.js';
import { registerMention } from './handlers/mention.js';
import { registerMessages } from './handlers/messages.js';
import { registerShortcut } from './handlers/shortcut.js';
import { registerSlashCommand } from './handlers/slash-command.js';
import { UserLanguages } from './locale.js';
import { REQUEST_GUARD_DEFAULTS, SlackRequestGuard } from './request-guard.js';
import { describeError, InFlight, type SlackDeps } from './runtime.js';

export type SlackConfig = NonNullable<Config['slack']>;

export interface SlackOptions {
  /** HTTP mode: the interface to listen on. Default 0.0.0.0. */
  readonly host?: string;
  /** A Bolt logger to use instead of errcode's JSON log (tests). */
  readonly logger?: Logger;
  /** Web API retries (429 waits Retry-After; 5xx and network errors back off). */
  readonly retryConfig?: webApi.RetryOptions;
  /** Socket Mode: ping timeout, which also paces reconnects. */
  readonly clientPingTimeout?: number;
  /** HTTP mode: extra routes on Slack's port (/healthz, /metrics). */
  readonly customRoutes?: CustomRoute[];
  /** How long stop() waits for in-flight replies and for the socket to close. Default 5000 ms. */
  readonly stopTimeoutMs?: number;
  /** How long a response_url POST may take. Default 5000 ms. */
  readonly responseTimeoutMs?: number;
}

/** Web API retries: a reply minutes late is no use in a chat, so a few quick tries. */
export const SLACK_RETRY_DEFAULTS = Object.freeze({
  retries: 3,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 4000,
  randomize: true,
} as const satisfies webApi.RetryOptions);

const WEB_API_TIMEOUT_MS = 10_000;
export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackHandle extends AdapterHandle {
  readonly app: App;
  /** HTTP mode: where the receiver listens. */
  readonly address: AddressInfo | undefined;
  /** Resolves when no handler is running (true), or after `timeoutMs` (false). */
  settled(timeoutMs?: number): Promise<boolean>;
}

export interface SlackApp {
  readonly app: App;
  readonly deps: SlackDeps;
  start(): Promise<SlackHandle>;
}

/** Builds the App and registers every listener; `start()` checks the token and connects. */
export function createSlackApp(config: SlackConfig, services: Services, options: SlackOptions = {}): SlackApp {
  const logger = options.logger ?? boltLogger(services.logger, [config.botToken, config.appToken, config.signingSecret]);
  const apiUrl = config.apiUrl;
  const clientOptions: webApi.WebClientOptions = {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: options.retryConfig ?? SLACK_RETRY_DEFAULTS,
    timeout: WEB_API_TIMEOUT_MS,
  };
  let receiver: HTTPReceiver | SocketModeReceiver;
  if (config.appToken) {
    receiver = new SocketModeReceiver({
      appToken: config.appToken,
      logger,
      // Only the API URL: apps.connections.open keeps the client's own patient reconnect retries.
      installerOptions: { clientOptions: apiUrl ? { slackApiUrl: apiUrl } : {} },
      ...(options.clientPingTimeout !== undefined ? { clientPingTimeout: options.clientPingTimeout } : {}),
    });
  } else {
    if (!config.signingSecret)
      throw new Error('SLACK_SIGNING_SECRET: required for Slack HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
    receiver = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger,
      customRoutes: options.customRoutes ?? [],
      // Ack first, work after: Slack wants an answer within 3 s.
      processBeforeResponse: false,
      bodyLimit: REQUEST_GUARD_DEFAULTS.bodyLimit,
    });
    // Signature, timestamp, replay and payload shape are checked before Bolt buffers anything.
    const guard = new SlackRequestGuard({
      signingSecret: config.signingSecret,
      paths: [SLACK_EVENTS_PATH],
      onRefused: (status, reason) =>
        services.logger.warn({ event: 'slack_request_refused', platform: 'slack', status, reason }, 'refused a Slack HTTP request'),
    });
    receiver.requestListener = guard.wrap(receiver.requestListener);
  }
  const app = new App({ token: config.botToken, receiver, logger, clientOptions, deferInitialization: true });

  const deps: SlackDeps = {
    services,
    product: new Product(services, 'slack'),
    botToken: config.botToken,
    fileHosts: ['.slack.com', '.slack-gov.com', ...(apiUrl ? [new URL(apiUrl).host] : [])],
    languages: new UserLanguages(app.client),
    work: new InFlight(),
    responseTimeoutMs: options.responseTimeoutMs ?? 5000,
  };
  registerSlashCommand(app, deps);
  registerActions(app, deps);
  registerMessages(app, deps);
  registerShortcut(app, deps);
  registerMention(app, deps);
  app.error(async (error) => {
    services.metrics.faults.inc({ platform: 'slack', kind: 'bolt' });
    services.logger.error({ event: 'slack_bolt_error', platform: 'slack', ...describeError(error) }, 'Bolt reported an error');
  });

  return { app, deps, start: () => start(app, receiver, deps, config, options) };
}

/** Starts errcode on Slack: Socket Mode when `appToken` is set, else HTTP on `config.port`. */
export async function startSlack(config: SlackConfig, services: Services, options: SlackOptions = {}): Promise<SlackHandle> {
  return createSlackApp(config, services, options).start();
}

async function start(
  app: App,
  receiver: HTTPReceiver | SocketModeReceiver,
  deps: SlackDeps,
  config: SlackConfig,
  options: SlackOptions,
): Promise<SlackHandle> {
  const { services } = deps;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5000;
  // auth.test: a wrong token stops start-up here, with Slack's error code and not the token.
  await app.init();
  let connected = false;
  let stopped = false;
  let address: AddressInfo | undefined;
  const setConnected = (value: boolean) => {
    connected = value;
    services.metrics.adapterConnected.set({ platform: 'slack' }, value ? 1 : 0);
  };
  if (receiver instanceof SocketModeReceiver) {
    receiver.client.on('connected', () => setConnected(true));
    receiver.client.on('reconnecting', () => setConnected(false));
    receiver.client.on('disconnected', () => setConnected(false));
    await app.start();
    setConnected(true);
  } else {
    const server = await app.start({ port: config.port, host: options.host ?? '0.0.0.0' });
    const bound = server.address();
    address = bound && typeof bound === 'object' ? bound : undefined;
    setConnected(true);
  }
  services.logger.info(
    { event: 'slack_started', platform: 'slack', mode: receiver instanceof SocketModeReceiver ? 'socket' : 'http', port: address?.port },
    'Slack adapter started',
  );

  return {
    platform: 'slack',
    app,
    address,
    connected: () => connected && !stopped,
    settled: (timeoutMs = stopTimeoutMs) => deps.work.settled(timeoutMs),
    async stop() {
      if (stopped) return;
      stopped = true;
      const closed = receiver instanceof SocketModeReceiver ? socketClosed(receiver, stopTimeoutMs) : Promise.resolve(true);
      try {
        await app.stop();
      } catch (error) {
        services.logger.warn({ event: 'slack_stop_failed', platform: 'slack', ...describeError(error) }, 'stopping the Slack App failed');
      }
      const [drained, socketDone] = await Promise.all([deps.work.settled(stopTimeoutMs), closed]);
      setConnected(false);
      services.logger.info({ event: 'slack_stopped', platform: 'slack', drained, socketClosed: socketDone }, 'Slack adapter stopped');
    },
  };
}

/** The receiver's stop() returns before the WebSocket has closed; this waits for it (bounded). */
function socketClosed(receiver: SocketModeReceiver, timeoutMs: number): Promise<boolean> {
  const client = receiver.client;
  if (!client.websocket) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    client.once('disconnected', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
