/**
 * errcode on Slack: a Bolt App in Socket Mode (SLACK_APP_TOKEN) or HTTP mode (signing secret,
 * POST /slack/events), with one listener per surface in handlers/ and the Block Kit renderer in
 * render/. Slack events go in, engine calls come out; nothing Slack-specific enters src/.
 */
import type { AddressInfo } from 'node:net';
import { App, type CustomRoute, type Logger, LogLevel, webApi } from '@slack/bolt';
import type { Config } from '../../src/config.js';
import { Product } from '../../src/product/product.js';
import type { AdapterHandle, Services } from '../../src/services.js';
import { boltLogger } from './bolt-logger.js';
import { registerActions } from './handlers/actions.js';
import { registerMention } from './handlers/mention.js';
import { registerMessages } from './handlers/messages.js';
import { registerShortcut } from './handlers/shortcut.js';
import { registerSlashCommand } from './handlers/slash-command.js';
import { registerViews } from './handlers/views.js';
import { AckAfterHandlingReceiver, EVENT_ACK_DEADLINE_MS } from './http-receiver.js';
import { UserLocales } from './locale.js';
import { REQUEST_GUARD_DEFAULTS, SlackRequestGuard } from './request-guard.js';
import { describeError, InFlight, type SlackDeps } from './runtime.js';
import { type SlackFatalError, SOCKET_DEFAULTS, type SocketConnectionSettings, SocketModeConnection } from './socket-connection.js';

export type SlackConfig = NonNullable<Config['slack']>;

export interface SlackOptions {
  /** HTTP mode: the interface to listen on. Default 0.0.0.0. */
  readonly host?: string;
  /** A Bolt logger to use instead of errcode's JSON log (tests). */
  readonly logger?: Logger;
  /** Web API retries (429 waits Retry-After; 5xx and network errors back off). */
  readonly retryConfig?: webApi.RetryOptions;
  /** Retries of replies that must not be lost (auto-replies). Default SLACK_REPLY_RETRY. */
  readonly replyRetryConfig?: webApi.RetryOptions;
  /** Socket Mode: ping timeout (a stall shows within about this long). */
  readonly clientPingTimeout?: number;
  /** Socket Mode: timeouts and reconnect backoff (SOCKET_DEFAULTS). */
  readonly socket?: Partial<SocketConnectionSettings>;
  /** HTTP mode: extra routes on Slack's port (/healthz, /metrics). */
  readonly customRoutes?: CustomRoute[];
  /**
   * How long stop() waits for replies in progress (and, in Socket Mode, their acks) before the
   * connections close. Default 5000 ms; `npm start` passes SHUTDOWN_GRACE_SECONDS.
   */
  readonly stopTimeoutMs?: number;
  /** How long a response_url POST may take. Default 5000 ms. */
  readonly responseTimeoutMs?: number;
  /**
   * Events are acked once their reply is posted, or after this long anyway (well inside Slack's
   * 3 s). Default EVENT_ACK_DEADLINE_MS (2500 ms), in both modes.
   */
  readonly eventAckDeadlineMs?: number;
}

/** Web API retries: a reply minutes late is no use in a chat, so a few quick tries. */
export const SLACK_RETRY_DEFAULTS = Object.freeze({
  retries: 3,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 4000,
  randomize: true,
} as const satisfies webApi.RetryOptions);

/**
 * Retries of an auto-reply post: about a minute of capped backoff (1, 2, 4, 8, then 10 s, each up
 * to twice that with jitter), so a Slack outage of a few seconds delays the answer instead of
 * losing it. Meanwhile the event stays unacked; its redeliveries wait for this attempt.
 */
export const SLACK_REPLY_RETRY = Object.freeze({
  retries: 8,
  factor: 2,
  minTimeout: 1000,
  maxTimeout: 10_000,
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
  /** Socket Mode: the receiver that owns the connections (tests read its state). */
  readonly socket: SocketModeConnection | undefined;
}

export interface SlackApp {
  readonly app: App;
  readonly deps: SlackDeps;
  start(): Promise<SlackHandle>;
}

/** Log lines of the Socket Mode library itself go to debug: the receiver reports each problem once. */
function quieted(logger: Logger): Logger {
  return { ...logger, info: logger.debug, warn: logger.debug, error: logger.debug, getLevel: () => LogLevel.INFO };
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
  let receiver: AckAfterHandlingReceiver | SocketModeConnection;
  const eventAckDeadlineMs = options.eventAckDeadlineMs ?? EVENT_ACK_DEADLINE_MS;
  let failed: (reason: string) => void = () => undefined;
  const fatal = new Promise<string>((resolve) => {
    failed = resolve;
  });
  if (config.appToken) {
    const settings: SocketConnectionSettings = {
      ...SOCKET_DEFAULTS,
      ...(options.clientPingTimeout !== undefined ? { clientPingTimeoutMs: options.clientPingTimeout } : {}),
      eventAckDeadlineMs,
      ...options.socket,
    };
    receiver = new SocketModeConnection(
      config.appToken,
      apiUrl,
      services,
      quieted(logger),
      settings,
      (error: SlackFatalError) => {
        services.metrics.adapterConnected.set({ platform: 'slack' }, 0);
        services.logger.error(
          { event: 'slack_fatal', platform: 'slack', slackError: error.slackError },
          `Slack refused the app token (${error.slackError}): the Slack adapter stops; check SLACK_APP_TOKEN and the app's installation`,
        );
        failed(error.slackError);
      },
      (connected) => services.metrics.adapterConnected.set({ platform: 'slack' }, connected ? 1 : 0),
    );
  } else {
    if (!config.signingSecret)
      throw new Error('SLACK_SIGNING_SECRET: required for Slack HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
    receiver = new AckAfterHandlingReceiver({
      signingSecret: config.signingSecret,
      endpoints: SLACK_EVENTS_PATH,
      logger,
      customRoutes: options.customRoutes ?? [],
      // Commands and clicks: ack first, work after (Slack wants an answer within 3 s). Events are
      // answered once their reply is posted, within eventAckDeadlineMs (./http-receiver.ts).
      processBeforeResponse: false,
      eventAckDeadlineMs,
      log: services.logger,
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
    replyClient: new webApi.WebClient(config.botToken, {
      ...clientOptions,
      logger,
      retryConfig: options.replyRetryConfig ?? SLACK_REPLY_RETRY,
    }),
    botToken: config.botToken,
    fileHosts: ['.slack.com', '.slack-gov.com', ...(apiUrl ? [new URL(apiUrl).host] : [])],
    locales: new UserLocales(app.client),
    work: new InFlight(),
    responseTimeoutMs: options.responseTimeoutMs ?? 5000,
  };
  registerSlashCommand(app, deps);
  registerActions(app, deps);
  registerMessages(app, deps);
  registerShortcut(app, deps);
  registerMention(app, deps);
  registerViews(app, deps);
  app.error(async (error) => {
    services.metrics.faults.inc({ platform: 'slack', kind: 'bolt' });
    services.logger.error({ event: 'slack_bolt_error', platform: 'slack', ...describeError(error) }, 'Bolt reported an error');
  });

  return { app, deps, start: () => start(app, receiver, deps, config, options, fatal) };
}

/** Starts errcode on Slack: Socket Mode when `appToken` is set, else HTTP on `config.port`. */
export async function startSlack(config: SlackConfig, services: Services, options: SlackOptions = {}): Promise<SlackHandle> {
  return createSlackApp(config, services, options).start();
}

async function start(
  app: App,
  receiver: AckAfterHandlingReceiver | SocketModeConnection,
  deps: SlackDeps,
  config: SlackConfig,
  options: SlackOptions,
  fatal: Promise<string>,
): Promise<SlackHandle> {
  const { services } = deps;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5000;
  // auth.test: a wrong token stops start-up here, with Slack's error code and not the token.
  await app.init();
  let stopped = false;
  let address: AddressInfo | undefined;
  const socket = receiver instanceof SocketModeConnection ? receiver : undefined;
  if (socket) {
    await app.start();
  } else {
    const server = await app.start({ port: config.port, host: options.host ?? '0.0.0.0' });
    const bound = server.address();
    address = bound && typeof bound === 'object' ? bound : undefined;
  }
  services.metrics.adapterConnected.set({ platform: 'slack' }, 1);
  services.logger.info(
    { event: 'slack_started', platform: 'slack', mode: socket ? 'socket' : 'http', port: address?.port },
    'Slack adapter started',
  );

  return {
    platform: 'slack',
    app,
    address,
    socket,
    failed: fatal,
    // HTTP mode is up while its server listens; Socket Mode asks the socket itself.
    connected: () => !stopped && (socket ? socket.connected() : true),
    settled: (timeoutMs = stopTimeoutMs) => deps.work.settled(timeoutMs),
    async stop() {
      if (stopped) return;
      stopped = true;
      let summary = { drained: true, leftForRedelivery: 0 };
      // Commands and clicks were acked when they arrived: their replies get the same grace.
      const handlersSettled = deps.work.settled(stopTimeoutMs);
      try {
        if (socket) summary = await socket.shutdown(stopTimeoutMs);
        else await app.stop();
      } catch (error) {
        services.logger.warn({ event: 'slack_stop_failed', platform: 'slack', ...describeError(error) }, 'stopping the Slack App failed');
      }
      const handlersDone = await handlersSettled;
      services.metrics.adapterConnected.set({ platform: 'slack' }, 0);
      services.logger.info(
        {
          event: 'slack_stopped',
          platform: 'slack',
          drained: summary.drained && handlersDone,
          leftForRedelivery: summary.leftForRedelivery,
          handlersRunning: deps.work.size,
        },
        summary.leftForRedelivery > 0
          ? `Slack adapter stopped; ${summary.leftForRedelivery} event(s) left unacked for Slack to redeliver`
          : 'Slack adapter stopped',
      );
    },
  };
}
