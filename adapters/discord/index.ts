/**
 * The Discord adapter: one gateway client whose events go to ./router.ts. Everything it says is
 * rendered by ./render from the engine's neutral answers; nothing Discord-specific is in src/.
 *
 *   const handle = await startDiscord(config.discord, services);
 *   handle.connected();  await handle.stop();
 *
 * Where things go:
 *   commands.ts      the command definitions (register.ts PUTs them; `node dist/adapters/discord/register.js`)
 *   router.ts        which handler takes an event; every handler runs guarded (faults.ts)
 *   handlers/        one file per event kind: slash-command, autocomplete, components (every button
 *                    and select), context-menu, messages (auto-reply), mention
 *   custom-ids.ts    the only place custom_ids are written and read (a new button's action letter)
 *   render/          embeds, components (row planning), whole messages, and limits.ts (Discord's limits)
 *   session.ts       each shard's gateway session kept in the state store, so a restart RESUMEs it
 *   restore.ts       the caches discord.js builds from READY, rebuilt by REST for such a resume
 *   shards.ts        DISCORD_SHARDS / DISCORD_SHARD_IDS resolved, and per-shard state for /healthz
 */
import { once } from 'node:events';
import {
  Client,
  CloseCodes,
  Events,
  GatewayCloseCodes,
  type GatewayDispatchPayload,
  GatewayIntentBits,
  Partials,
  SimpleShardingStrategy,
  Status,
  type WebSocketOptions,
} from 'discord.js';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import { Product } from '../../src/product/product.js';
import type { AdapterHandle, Services } from '../../src/services.js';
import { restApiBase } from './commands.js';
import { describeError } from './faults.js';
import { noMentions } from './reply.js';
import { listBotGuilds, restoreShardState } from './restore.js';
import { routeInteraction, routeMessage } from './router.js';
import { type GatewaySessionOptions, GatewaySessions } from './session.js';
import { resolveShards, ShardStates } from './shards.js';

export interface DiscordAdapterOptions {
  /** How long login may take to reach READY (all guilds received). */
  readonly readyTimeoutMs?: number;
  /** How long stop() waits for in-flight handlers before disconnecting. */
  readonly stopGraceMs?: number;
  /** How long the gateway's WebSocket upgrade, and then its HELLO, may take before a new attempt. */
  readonly handshakeTimeoutMs?: number;
  readonly helloTimeoutMs?: number;
  /** The stored session's TTL and write cadence (session.ts). */
  readonly session?: GatewaySessionOptions;
  /** How long one REST request may take before discord.js aborts and retries it (its default, 15 s). */
  readonly restTimeoutMs?: number;
}

export interface DiscordAdapterHandle extends AdapterHandle {
  readonly platform: 'discord';
  /** The discord.js client now in use (tests wait on its events); replaced when it falls back to fewer intents. */
  readonly client: Client;
  /** Resolves once every handler started so far has finished (bounded by `timeoutMs`). */
  idle(timeoutMs?: number): Promise<void>;
  /** The shards this process runs, and their gateway sessions as stored. */
  readonly shards: ShardStates;
  readonly sessions: GatewaySessions;
}

const DEFAULTS = {
  readyTimeoutMs: 60_000,
  stopGraceMs: 5_000,
  handshakeTimeoutMs: 10_000,
  helloTimeoutMs: 10_000,
  session: {},
  restTimeoutMs: 15_000,
} as const satisfies Required<DiscordAdapterOptions>;

/** Gateway close codes after which Discord will not take this client back: the adapter stops for good. */
const FATAL_CLOSE_CODES: Readonly<Record<number, string>> = {
  4004: 'authentication_failed',
  4010: 'invalid_shard',
  4011: 'sharding_required',
  4012: 'invalid_api_version',
  4013: 'invalid_intents',
};

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/** Message Content is privileged: without it granted in the portal, Discord refuses IDENTIFY with 4014. */
const FULL_INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];
const WITHOUT_MESSAGE_CONTENT = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages];

/** What the bot lacks while it runs without the Message Content intent (shown by /healthz). */
export const MESSAGE_CONTENT_MISSING = 'message-content-intent';

const MESSAGE_CONTENT_WARNING =
  'Discord refused the Message Content intent (gateway close 4014): this application has not been granted it. ' +
  'Switch on Bot > Privileged Gateway Intents > Message Content Intent at https://discord.com/developers/applications. ' +
  'Until then errcode runs without it: /errcode, autocomplete, buttons and selects, the Explain error command and @mentions ' +
  'work; pasted errors in channels are not read.';

export async function startDiscord(
  config: NonNullable<Config['discord']>,
  services: Services,
  options: DiscordAdapterOptions = {},
): Promise<DiscordAdapterHandle> {
  const settings = { ...DEFAULTS, ...options };
  const { logger, metrics } = services;

  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let withoutMessageContent = false;
  const track = (work: Promise<void>) => {
    const settled = work.catch(() => undefined);
    inFlight.add(settled);
    void settled.finally(() => inFlight.delete(settled));
  };
  const idle = async (timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (inFlight.size > 0 && Date.now() < deadline)
      await Promise.race([Promise.allSettled([...inFlight]), sleep(deadline - Date.now())]);
  };

  let failedFor: (reason: string) => void = () => undefined;
  const failed = new Promise<string>((resolve) => {
    failedFor = resolve;
  });

  const shardPlan = await resolveShards(config, logger);
  const sessions = new GatewaySessions(services.state, config.token, logger, settings.session);
  const shards = new ShardStates(shardPlan.ids, metrics);
  /** The @discordjs/ws manager of the client now in use (its strategy is built here). */
  let gateway: GatewayManager | undefined;

  let client = createClient(FULL_INTENTS);
  const connected = () =>
    !stopping && client.isReady() && client.ws.shards.size > 0 && client.ws.shards.every((shard) => shard.status === Status.Ready);
  const report = (event: string, level: 'info' | 'warn', extra: Record<string, unknown> = {}) => {
    metrics.adapterConnected.set({ platform: 'discord' }, connected() ? 1 : 0);
    logger[level]({ event, platform: 'discord', ...extra });
  };

  // One product for every client this adapter creates (votes and secret notes outlive a reconnect).
  const product = new Product(services, 'discord');
  function createClient(intents: readonly GatewayIntentBits[]): Client {
    const created: Client = new Client({
      intents: [...intents],
      partials: [Partials.Channel],
      allowedMentions: noMentions(),
      shards: [...shardPlan.ids],
      shardCount: shardPlan.count,
      ws: {
        buildStrategy: (manager): RestoringStrategy => {
          gatewayTimeouts(settings, manager);
          sessions.attach(manager.options);
          gateway = manager;
          return new RestoringStrategy(manager, () => restoreSessions(created, manager, sessions, logger));
        },
      },
      // With DISCORD_API_URL set, the gateway URL comes from GET /gateway/bot there.
      rest: { timeout: settings.restTimeoutMs, ...(config.apiUrl ? { api: restApiBase(config.apiUrl) } : {}) },
    });
    created.on(Events.InteractionCreate, (interaction) => {
      if (!stopping) track(routeInteraction(interaction, product));
    });
    created.on(Events.Raw, (packet: GatewayDispatchPayload, shardId: number) => {
      if (typeof packet.s === 'number') sessions.seen(shardId, packet.s, packet.t === 'MESSAGE_CREATE' ? packet.d.id : undefined);
    });
    created.on(Events.MessageCreate, (message) => {
      // Not taken while stopping: it stays unanswered in the stored session, so the next process gets it replayed.
      if (!stopping) track(routeMessage(message, product).finally(() => sessions.answered(message.id)));
    });
    created.on(Events.ShardResume, (shardId, replayed) => {
      shards.resumed(shardId);
      report('discord_resumed', 'info', { shardId, replayed });
    });
    created.on(Events.ShardReady, (shardId) => report('discord_shard_ready', 'info', { shardId }));
    created.on(Events.ShardReconnecting, (shardId) => report('discord_reconnecting', 'info', { shardId }));
    created.on(Events.ShardDisconnect, (event, shardId) => {
      report('discord_disconnected', 'warn', { shardId, code: event.code });
      // Granted once and revoked later: the running client gives up on 4014, so come back without it.
      if (event.code === GatewayCloseCodes.DisallowedIntents && created.isReady() && !stopping)
        void fallBackWithoutMessageContent().catch((error: unknown) =>
          logger.error({ event: 'discord_login_failed', platform: 'discord', err: describeError(error) }, 'discord login failed'),
        );
    });
    watchConnection(created, services, () => stopping, failedFor);
    created.on(Events.ShardError, (error, shardId) =>
      logger.warn({ event: 'discord_shard_error', platform: 'discord', shardId, err: describeError(error) }),
    );
    created.on(Events.Error, (error) => logger.error({ event: 'discord_client_error', platform: 'discord', err: describeError(error) }));
    return created;
  }

  /** Logs in and waits for READY; true when Discord refused a privileged intent (4014). */
  async function login(): Promise<'ready' | 'disallowed-intents'> {
    // This client, not whichever `client` is by the time login fails: a 4014 on a resumed session
    // starts the fallback's new client meanwhile, and destroying that one left the adapter
    // disconnected for good.
    const target = client;
    let disallowed = false;
    target.once(Events.ShardDisconnect, (event) => {
      if (event.code === GatewayCloseCodes.DisallowedIntents) disallowed = true;
    });
    const ready = once(target, Events.ClientReady, { signal: AbortSignal.timeout(settings.readyTimeoutMs) });
    try {
      await target.login(config.token);
      await ready;
      return 'ready';
    } catch (error) {
      ready.catch(() => undefined);
      await target.destroy();
      if (disallowed) return 'disallowed-intents';
      throw error;
    }
  }

  async function fallBackWithoutMessageContent(): Promise<void> {
    if (withoutMessageContent) return;
    withoutMessageContent = true;
    logger.warn({ event: 'discord_intent_missing', platform: 'discord', intent: 'MessageContent', code: 4014 }, MESSAGE_CONTENT_WARNING);
    const previous = client;
    await previous.destroy();
    // A session is resumed with the intents it was identified with: the new client's are fewer, so
    // the stored session (perhaps restored from a run that had the intent) is of no use to it.
    await Promise.all(shardPlan.ids.map((shardId) => sessions.discard(shardId)));
    client = createClient(WITHOUT_MESSAGE_CONTENT);
    if ((await login()) !== 'ready') throw new Error('Discord refused the gateway intents even without Message Content');
    report('discord_connected', 'info', { user: client.user?.id, guilds: client.guilds.cache.size, degraded: [MESSAGE_CONTENT_MISSING] });
  }

  try {
    if ((await login()) === 'disallowed-intents') await fallBackWithoutMessageContent();
    else report('discord_connected', 'info', { user: client.user?.id, guilds: client.guilds.cache.size });
  } catch (error) {
    // The token is never in the message: discord.js names the problem, not the value.
    logger.error({ event: 'discord_login_failed', platform: 'discord', err: describeError(error) }, 'discord login failed');
    throw error;
  }

  return {
    platform: 'discord',
    get client() {
      return client;
    },
    connected,
    degraded: () => (withoutMessageContent ? [MESSAGE_CONTENT_MISSING] : []),
    details: () => ({ shards: shards.report(client, sessions) }),
    idle,
    failed,
    shards,
    sessions,
    async stop() {
      if (stopping) return;
      stopping = true;
      await idle(settings.stopGraceMs);
      // The session stays resumable: its last handled sequence is stored, and the socket closes with
      // a code other than 1000 (which would end it), so the next process RESUMEs and gets the replay.
      await sessions.close();
      await Promise.resolve(gateway?.destroy({ code: CloseCodes.Resuming, reason: 'errcode restarting' })).catch(() => undefined);
      await client.destroy();
      metrics.adapterConnected.set({ platform: 'discord' }, 0);
      logger.info({ event: 'discord_stopped', platform: 'discord' });
    },
  };
}

type GatewayManager = Parameters<NonNullable<WebSocketOptions['buildStrategy']>>[0];

/**
 * discord.js hands @discordjs/ws no handshake or hello timeout (there: 30 s and 60 s, during which
 * the bot is simply off Discord); its documented `ws.buildStrategy` hook is where they can be set.
 */
function gatewayTimeouts(settings: Required<DiscordAdapterOptions>, manager: GatewayManager): void {
  Object.assign(manager.options, { handshakeTimeout: settings.handshakeTimeoutMs, helloTimeout: settings.helloTimeoutMs });
}

/** The shards of one process, in one process (discord.js's own strategy), with a step before they connect. */
class RestoringStrategy extends SimpleShardingStrategy {
  constructor(
    manager: GatewayManager,
    private readonly beforeConnect: () => Promise<void>,
  ) {
    super(manager);
  }

  override async connect(): Promise<void> {
    await this.beforeConnect();
    await super.connect();
  }
}

/**
 * Before the shards connect: each shard with a stored session gets discord.js's caches rebuilt
 * (restore.ts) and then RESUMEs; one whose caches cannot be rebuilt drops the session and identifies.
 */
async function restoreSessions(client: Client, manager: GatewayManager, sessions: GatewaySessions, logger: Logger): Promise<void> {
  const stored = await sessions.restore(await manager.getShardIds(), await manager.getShardCount());
  let guilds: Promise<readonly string[]> | undefined;
  for (const session of stored) {
    const { shardId, sequence } = session;
    try {
      guilds ??= listBotGuilds(client);
      const outcome = await restoreShardState(client, manager, session, () => guilds as Promise<readonly string[]>);
      if (outcome.restored) {
        logger.info({ event: 'discord_session_restored', platform: 'discord', shardId, sequence, guilds: outcome.guilds });
        continue;
      }
      logger.warn({ event: 'discord_resume_skipped', platform: 'discord', shardId, reason: outcome.reason });
    } catch (error) {
      logger.warn({ event: 'discord_resume_skipped', platform: 'discord', shardId, err: describeError(error) });
    }
    await sessions.discard(shardId);
  }
}

/**
 * Counts reconnects and time off the gateway (/metrics), and turns a close code Discord will not
 * take back (a reset token, ...) into one error line and the handle's `failed` promise.
 */
function watchConnection(client: Client, services: Services, stopping: () => boolean, onFatal: (reason: string) => void): void {
  const { logger, metrics } = services;
  let offSince: number | undefined;
  const lost = () => {
    if (!stopping()) offSince ??= Date.now();
  };
  const back = (reason: 'resume' | 'identify') => {
    if (offSince === undefined) return;
    metrics.disconnectedSeconds.inc({ platform: 'discord' }, (Date.now() - offSince) / 1000);
    metrics.reconnects.inc({ platform: 'discord', reason });
    offSince = undefined;
  };
  client.on(Events.ShardReconnecting, lost);
  client.on(Events.ShardResume, () => back('resume'));
  client.on(Events.ShardReady, () => back('identify'));
  client.on(Events.ShardDisconnect, (event) => {
    lost();
    const reason = FATAL_CLOSE_CODES[event.code];
    if (!reason || stopping()) return;
    metrics.adapterConnected.set({ platform: 'discord' }, 0);
    logger.error(
      { event: 'discord_fatal', platform: 'discord', code: event.code, reason },
      `Discord closed the gateway for good (${event.code} ${reason}): the Discord adapter stops; check DISCORD_TOKEN`,
    );
    onFatal(reason);
  });
}
