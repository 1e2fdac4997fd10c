#!/usr/bin/env node
/**
 * `npm start`: the composition root. Reads the configuration once (the environment, then `.env`),
 * loads and validates the catalogs, starts every adapter whose credentials are set, serves /healthz and /metrics, reloads
 * catalogs on SIGHUP (or file changes), and shuts down cleanly on SIGTERM / SIGINT.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { type Config, ConfigError, readConfig } from '../src/config.js';
import { Feedback } from '../src/feedback.js';
import { loadServingEngine } from '../src/load-engine.js';
import { createLogger, type Logger, prettyDestination } from '../src/logger.js';
import { Metrics } from '../src/metrics.js';
import { AutoReplyPolicy } from '../src/policy/auto-reply.js';
import { EnvFileError, loadEnvFileIfExists } from '../src/runtime/env-file.js';
import { type HealthSources, healthRoutes, startHealthServer } from '../src/runtime/health-server.js';
import { CatalogReloader } from '../src/runtime/reload.js';
import { installShutdown, type ShutdownStep } from '../src/runtime/shutdown.js';
import { type AdapterHandle, EngineHolder, type Services } from '../src/services.js';
import { EventDeduper } from '../src/state/dedupe.js';
import { openStateStore } from '../src/state/open.js';
import { StateFileLockedError } from '../src/state/sqlite.js';
import type { StateStore } from '../src/state/store.js';

const NOTHING_TO_START = `errcode: no platform credentials are set, so there is nothing to start.
Set one or both of:
  Slack:   SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)
  Discord: DISCORD_TOKEN (and DISCORD_APP_ID for npm run discord:register)
See .env.example for every setting. For the terminal, use: npm run errcode -- <code>`;

function fail(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    // .env in the working directory, if there is one; variables already set win over it.
    loadEnvFileIfExists();
    config = readConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`errcode: configuration: ${error.message}`);
    if (error instanceof EnvFileError) fail(`errcode: ${error.message}`);
    throw error;
  }
  if (!config.slack && !config.discord) fail(NOTHING_TO_START);

  let logger: Logger;
  try {
    logger = createLogger(config.logLevel, config.logFormat === 'pretty' ? await prettyDestination() : undefined, config.instanceId);
  } catch (error) {
    fail(`errcode: configuration: LOG_FORMAT: ${(error as Error).message}`);
  }
  const engineOptions = { minConfidence: config.autoReply.minConfidence, botNames: config.autoReply.botNames };
  // The team catalog directory (approved suggestions) loads like any catalog directory; it exists
  // from the start so the first approval's reload finds it.
  const teamDir = config.teaching.teamCatalogDir;
  if (teamDir) {
    try {
      mkdirSync(teamDir, { recursive: true });
    } catch (error) {
      fail(`errcode: configuration: ERRCODE_TEAM_CATALOGS: cannot create ${teamDir} (${(error as NodeJS.ErrnoException).code ?? error})`);
    }
  }
  const catalogDirs = teamDir ? [...config.catalogDirs, teamDir] : config.catalogDirs;
  let engines: EngineHolder;
  try {
    engines = new EngineHolder(await loadServingEngine(catalogDirs, engineOptions));
  } catch (error) {
    // Refuse to start on an invalid catalog, naming file, line and reason.
    if (error instanceof Error && error.name === 'CatalogError') fail(`errcode: invalid catalog:\n${error.message}`);
    throw error;
  }
  let state: StateStore;
  try {
    const opened = await openStateStore(config.state);
    state = opened.store;
    for (const warning of opened.warnings) logger.warn({ event: 'state_warning' }, warning);
    logger.info({ event: 'state_opened', backend: state.backend, state: opened.description }, 'state store opened');
  } catch (error) {
    // A second process on one SQLite file, or a file that cannot be used: say so and point at the fix.
    fail(`errcode: ${(error as Error).message}`, error instanceof StateFileLockedError ? 3 : 2);
  }
  const metrics = new Metrics({ defaultMetrics: true });
  const services: Services = {
    engines,
    policy: new AutoReplyPolicy(config.autoReply),
    deduper: new EventDeduper(state, metrics, logger),
    state,
    logger,
    metrics,
    feedback: new Feedback(logger, metrics),
    attachments: config.attachments,
    defaultLanguage: config.defaultLanguage,
    teaching: {
      maintainers: config.teaching.maintainers,
      teamCatalogDir: teamDir,
      // The reloader exists by the time anyone can click Approve.
      reload: (trigger) => reloader.reload(trigger),
    },
  };
  guardProcess(logger, metrics);

  const adapters: AdapterHandle[] = [];
  // Not ready until every configured adapter has been tried (a later one may still be logging in).
  let starting = true;
  const sources: HealthSources = { engines, metrics, state, adapters: () => adapters, starting: () => starting };
  // /healthz and /metrics share Slack's HTTP port when Slack runs in HTTP mode and no METRICS_PORT is set.
  const shareSlackPort = config.slack !== undefined && config.slack.appToken === undefined && config.metricsPort === 0;
  let healthServer: Server | undefined;
  if (!shareSlackPort) {
    const port = config.metricsPort || config.port;
    healthServer = await startHealthServer(sources, port);
    logger.info({ event: 'health_server', port }, 'serving /healthz and /metrics');
  }

  // Signals are handled from here on: a SIGHUP or SIGTERM while an adapter is still logging in must
  // not kill the process with the default action. The steps are read when the signal comes.
  const reloader = new CatalogReloader(engines, catalogDirs, logger, engineOptions);
  process.on('SIGHUP', () => void reloader.reload('SIGHUP'));
  if (config.watchCatalogs) reloader.watch(catalogDirs);
  installShutdown(
    (): ShutdownStep[] => [
      // Together: each drains within the grace period, and the grace is not paid twice.
      { name: 'adapters', run: async () => void (await Promise.all(adapters.map((a) => a.stop()))) },
      { name: 'catalog-watch', run: async () => reloader.close() },
      // After the adapters: their last replies still commit their marks.
      { name: 'state', run: () => state.close() },
      {
        name: 'health-server',
        run: () => new Promise<void>((resolve) => (healthServer ? healthServer.close(() => resolve()) : resolve())),
      },
    ],
    logger,
    undefined,
    config.shutdownGraceMs + SHUTDOWN_CLOSE_MS,
  );

  // Each platform starts on its own: a slow or failing one never holds the other back.
  const startups: Promise<void>[] = [];
  const onFatal = (handle: AdapterHandle, reason: string) => {
    const index = adapters.indexOf(handle);
    if (index >= 0) adapters.splice(index, 1);
    void handle.stop();
    if (adapters.length === 0 && !starting)
      fail(`errcode: the ${handle.platform} adapter stopped for good (${reason}) and no adapter is left; see the log above`, 1);
  };
  const slack = config.slack;
  if (slack) {
    startups.push(
      startAdapter(
        'slack',
        adapters,
        logger,
        onFatal,
        async () => {
          const { startSlack } = await import('./slack/index.js');
          return startSlack(slack, services, {
            stopTimeoutMs: config.shutdownGraceMs,
            ...(shareSlackPort ? { customRoutes: healthRoutes(sources) } : {}),
          });
        },
        { mode: slack.appToken ? 'socket' : 'http' },
      ),
    );
  }
  const discord = config.discord;
  if (discord) {
    startups.push(
      startAdapter('discord', adapters, logger, onFatal, async () => {
        const { startDiscord } = await import('./discord/index.js');
        return startDiscord(discord, services, { stopGraceMs: config.shutdownGraceMs });
      }),
    );
  }
  await Promise.all(startups);
  if (adapters.length === 0) {
    healthServer?.close();
    fail('errcode: no adapter could start; see the log above', 1);
  }
  if (shareSlackPort && !adapters.some((a) => a.platform === 'slack')) {
    // Slack was to host /healthz and /metrics but did not start: serve them on PORT ourselves.
    healthServer = await startHealthServer(sources, config.port);
    logger.info({ event: 'health_server', port: config.port }, 'serving /healthz and /metrics');
  }

  starting = false;
  // In configuration order, whichever connected first.
  const running = (['slack', 'discord'] as const).filter((platform) => adapters.some((a) => a.platform === platform));
  logger.info({ event: 'started', adapters: running, entries: engines.current.size }, 'errcode is running');
}

/** After the grace period: time to close the connections and the health server before the hard exit. */
const SHUTDOWN_CLOSE_MS = 1500;

/**
 * Starts one adapter and adds it to `adapters` once it runs; a failure to start is logged and
 * leaves the others alone. An adapter that later stops for good (its token refused) goes to `onFatal`.
 */
async function startAdapter(
  platform: AdapterHandle['platform'],
  adapters: AdapterHandle[],
  logger: Logger,
  onFatal: (handle: AdapterHandle, reason: string) => void,
  start: () => Promise<AdapterHandle>,
  details: Record<string, string> = {},
): Promise<void> {
  try {
    const handle = await start();
    adapters.push(handle);
    void handle.failed?.then((reason) => onFatal(handle, reason));
    logger.info({ event: 'adapter_started', platform, ...details }, `${platform} started`);
  } catch (error) {
    logger.error({ event: 'adapter_failed', platform, reason: (error as Error).message }, `${platform} did not start`);
  }
}

/** A stray rejection or exception is logged and counted; one bad event never takes the bot down. */
function guardProcess(logger: Logger, metrics: Metrics): void {
  process.on('unhandledRejection', (reason) => {
    metrics.faults.inc({ platform: 'process', kind: 'unhandled_rejection' });
    logger.error(
      { event: 'unhandled_rejection', reason: reason instanceof Error ? reason.message : String(reason) },
      'unhandled rejection',
    );
  });
  process.on('uncaughtException', (error) => {
    metrics.faults.inc({ platform: 'process', kind: 'uncaught_exception' });
    logger.error({ event: 'uncaught_exception', reason: error.message, stack: error.stack }, 'uncaught exception');
  });
}

await main();
