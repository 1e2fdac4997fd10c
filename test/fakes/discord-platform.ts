/**
 * A fake Discord (REST API + gateway + attachment CDN) on 127.0.0.1, for running the REAL
 * discord.js `Client` in vitest without network access.
 *
 *   const fake = await startFakeDiscord();
 *   const client = new Client({ intents, partials: [Partials.Channel], rest: { api: fake.apiUrl } });
 *   await client.login('fake-token');            // READY + GUILD_CREATE → 'clientReady'
 *   fake.dispatch('MESSAGE_CREATE', fake.guildMessage({ content: 'hi' }));
 *   const req = await fake.waitForRequest({ method: 'POST', path: '/channels/:id/messages' });
 *   ...
 *   await client.destroy(); await fake.close();
 *
 * Paths are matched and recorded WITHOUT the `/api/v10` prefix and percent-decoded
 * (`/webhooks/1/tok/messages/@original`). See discord-platform.test.ts for worked examples.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIAttachment,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIEmbed,
  type APIGuildTextChannel,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageApplicationCommandGuildInteraction,
  type APIMessageComponentGuildInteraction,
  type APIModalSubmitGuildInteraction,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  GatewayCloseCodes,
  GatewayIntentBits,
  type GatewayMessageCreateDispatchData,
  GatewayOpcodes,
  type GuildMemberFlags,
  InteractionResponseType,
  InteractionType,
  Locale,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** Default bound of every wait: a ceiling for a busy machine (waits return as soon as they can). */
const WAIT_CEILING_MS = 10_000;

export interface FakeChannelConfig {
  id: string;
  name?: string;
  /** Default ChannelType.GuildText (0). */
  type?: ChannelType;
}

export interface FakeGuildConfig {
  id: string;
  name?: string;
  /** Default: one text channel. */
  channels?: FakeChannelConfig[];
  /** Default none. `COMMUNITY` is what lets a server set its preferred locale. */
  features?: string[];
  /** Default `en-US`, as Discord reports for every server that has not set one. */
  preferredLocale?: string;
}

export interface FakeDiscordOptions {
  /** The bot user (READY.user, GET /users/@me, author of REST-created messages). */
  bot?: Partial<APIUser>;
  /** Default: the bot's user id (as on Discord). */
  applicationId?: string;
  /** Default: one guild with one text channel (see `fake.ids`). */
  guilds?: FakeGuildConfig[];
  /** HELLO heartbeat_interval. The client sends its first heartbeat after interval*random(). */
  heartbeatIntervalMs?: number;
  /** Permissions of the bot's role in every guild. */
  botPermissions?: bigint;
  /**
   * Like Discord: a callback for an interaction dispatched longer ago than this gets
   * 404 `Unknown interaction` (10062). Default 3000; `Infinity` disables.
   */
  interactionResponseDeadlineMs?: number;
  /**
   * Like Discord: guild messages are not delivered without the GuildMessages intent, and their
   * content/embeds/attachments/components are blanked without MessageContent (unless the bot is
   * mentioned or wrote them). Default true.
   */
  enforceIntents?: boolean;
  /**
   * Like Discord when the application was not granted the privileged Message Content intent in the
   * Developer Portal: an IDENTIFY asking for it is answered by closing the gateway with 4014
   * ("Disallowed intent(s)"). Default true (granted).
   */
  messageContentGranted?: boolean;
  /** GET /gateway/bot's recommended shard count. Default 1. */
  shards?: number;
  /** GET /gateway/bot's session_start_limit.max_concurrency (identify buckets). Default 1. */
  maxConcurrency?: number;
  /**
   * Like Discord: a session whose connection closed (with a code other than 1000/1001) stays
   * resumable, by any process holding its id, for this long; after it, RESUME gets op 9. Default:
   * no limit.
   */
  resumeWindowMs?: number;
}

export interface RecordedFile {
  /** Multipart field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Percent-decoded path without `/api/v10`, e.g. `/interactions/1/tok/callback`. */
  path: string;
  query: Record<string, string>;
  /** Lower-cased header names; `authorization` is replaced by `[redacted]` when present. */
  headers: Record<string, string>;
  /** Parsed JSON body, or the parsed `payload_json` of a multipart body; undefined if none. */
  body: unknown;
  files: RecordedFile[];
  at: number;
  /** The real Authorization header (non-enumerable so it never shows up in diffs or logs). */
  readonly authorization: string | undefined;
  /** Non-enumerable raw body. */
  readonly rawBody: Buffer;
  /** Set (non-enumerable) on a message create whose enforced nonce was used before: nothing was created. */
  readonly duplicateOf?: string;
}

export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Answer as the platform would (the route's own response), after delayMs: a slow but working Discord. */
  asUsual?: boolean;
}

/** `path` is a route pattern (`/channels/:id/messages`, `*` matches the rest) or a RegExp. */
export interface RequestMatch {
  method?: string;
  path?: string | RegExp;
}

export type RouteHandler = (
  req: RecordedRequest,
  params: Record<string, string>,
) => FakeResponse | undefined | Promise<FakeResponse | undefined>;

export interface GatewayFrame {
  op: number;
  /** Payload from the client; `token` is replaced by `[redacted]`. */
  d: unknown;
  at: number;
  /** The real token of an IDENTIFY/RESUME (non-enumerable). */
  readonly token?: string;
}

export interface AttachmentOptions {
  contentType?: string;
  delayMs?: number;
  status?: number;
}

export interface AttachmentFetch {
  path: string;
  filename: string;
  headers: Record<string, string>;
  at: number;
}

export interface FakeAttachmentInput {
  filename: string;
  /** Served by the fake CDN; `size` defaults to its byte length. */
  content?: string | Uint8Array;
  contentType?: string;
  /** Override the advertised size (e.g. to test size limits without big content). */
  size?: number;
  /** Use this URL instead of hosting `content`. */
  url?: string;
  delayMs?: number;
}

export interface MessageInput {
  content?: string;
  /** Default: a human user `alice` (`fake.ids.user`). */
  author?: Partial<APIUser>;
  /** Shortcut for a bot author. */
  bot?: boolean;
  /** Makes it a webhook message (author is the webhook, no member). */
  webhookId?: string;
  guildId?: string;
  channelId?: string;
  attachments?: FakeAttachmentInput[];
  embeds?: APIEmbed[];
  mentions?: APIUser[];
  /** Reply to this message id. */
  replyTo?: string;
  id?: string;
}

export interface InteractionContext {
  user?: Partial<APIUser>;
  guildId?: string;
  channelId?: string;
  locale?: Locale;
  /** Member permissions (bitfield). Default: a regular member's. */
  memberPermissions?: bigint;
}

export type OptionValues = Record<string, string | number | boolean>;

export interface FakeDiscord {
  readonly port: number;
  /** Pass as `rest: { api: fake.apiUrl }`. */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly ids: { bot: string; application: string; guild: string; channel: string; user: string };
  readonly botUser: APIUser;

  // REST
  readonly requests: readonly RecordedRequest[];
  /** Resolves with the first matching request not already returned by an earlier wait (default 10 s). */
  waitForRequest(match: RequestMatch | ((req: RecordedRequest) => boolean), options?: { timeoutMs?: number }): Promise<RecordedRequest>;
  requestsMatching(match: RequestMatch | ((req: RecordedRequest) => boolean)): RecordedRequest[];
  /**
   * Answer matching requests with `response` (or a handler; return undefined to fall through),
   * `times` times (default: until removed). The latest override wins. Returns a remover.
   */
  override(match: RequestMatch, response: FakeResponse | RouteHandler, options?: { times?: number }): () => void;
  /** Messages the fake knows (dispatched or created/edited through REST), by id. */
  readonly messages: ReadonlyMap<string, APIMessage>;
  /** Commands registered through PUT, keyed `global` or by guild id. */
  readonly commands: ReadonlyMap<string, unknown[]>;

  // Attachments CDN
  attachmentUrl(filename: string, content: string | Uint8Array, options?: string | AttachmentOptions): string;
  readonly attachmentFetches: readonly AttachmentFetch[];
  waitForAttachmentFetch(filename?: string, options?: { timeoutMs?: number }): Promise<AttachmentFetch>;

  // Gateway
  /**
   * Sends a DISPATCH (op 0) to every session of the shard the event belongs to (guild events:
   * `(guild_id >> 22) % shard_count`, the rest: shard 0), connected or not (a disconnected one
   * replays it on RESUME); returns the sequence number the latest such session gave it.
   */
  dispatch(event: string, data: unknown): number;
  /** Server op 7 to every connected session: each closes and RESUMEs on a new connection (~0.5 s). */
  requestReconnect(): void;
  /** Kills every connected socket (clients see 1006) or closes them with `code`. The clients resume. */
  dropConnection(code?: number): void;
  /** Server op 9 to every connected session. With `resumable=false` they re-identify (discord.js waits up to 5 s). */
  invalidateSession(resumable: boolean): void;
  /** Every live session (connected, or resumable within the window), oldest first. */
  readonly sessions: readonly FakeGatewaySession[];
  /** Ends every disconnected session now, as Discord does once the resume window has passed. */
  expireDisconnectedSessions(): void;
  /** The shard a guild's events go to, out of `count`. */
  shardOf(guildId: string, count: number): number;
  /** Lifecycle faults: see `GatewayFaults`. */
  readonly faults: GatewayFaults;
  readonly gatewayFrames: readonly GatewayFrame[];
  readonly gatewayConnections: number;
  /** The most recently identified session's id and sequence. */
  readonly sessionId: string | undefined;
  readonly sequence: number;
  waitForGatewayFrame(op: number, options?: { timeoutMs?: number }): Promise<GatewayFrame>;
  waitForIdentify(options?: { timeoutMs?: number }): Promise<GatewayFrame>;
  waitForResume(options?: { timeoutMs?: number }): Promise<GatewayFrame>;

  // Payload builders (build only; pass the result to dispatch)
  guildMessage(input?: MessageInput): GatewayMessageCreateDispatchData;
  directMessage(input?: Omit<MessageInput, 'guildId' | 'webhookId'>): GatewayMessageCreateDispatchData;
  slashCommand(
    input: InteractionContext & { name: string; options?: OptionValues | APIApplicationCommandInteractionDataOption[] },
  ): APIChatInputApplicationCommandGuildInteraction;
  autocomplete(
    input: InteractionContext & { name: string; focused: { name: string; value: string }; options?: OptionValues },
  ): APIApplicationCommandAutocompleteGuildInteraction;
  /** Button press, or a string-select choice when `values` is given. */
  componentInteraction(
    input: InteractionContext & { customId: string; values?: string[]; message?: APIMessage },
  ): APIMessageComponentGuildInteraction;
  messageCommand(input: InteractionContext & { name: string; target: APIMessage }): APIMessageApplicationCommandGuildInteraction;
  /** A modal sent back (MODAL_SUBMIT): its custom_id and each text input's value by custom_id. */
  modalSubmit(input: InteractionContext & { customId: string; values: Record<string, string> }): APIModalSubmitGuildInteraction;

  close(): Promise<void>;
}

export interface FakeGatewaySession {
  readonly id: string;
  readonly shard: readonly [id: number, count: number];
  readonly sequence: number;
  readonly connected: boolean;
  /** RESUMEs this session has taken. */
  readonly resumes: number;
}

/** Gateway faults for lifecycle tests; each stays in force until set back. */
export interface GatewayFaults {
  /** Close every later IDENTIFY and RESUME with this code (4004: the token was reset). */
  rejectToken(code?: number | false): void;
  /** Answer RESUME with op 9 (not resumable): the session is gone, the client must re-identify. */
  failResumes(fail: boolean): void;
  /** Grant or withdraw the privileged Message Content intent (a Developer Portal switch) from now on. */
  grantMessageContent(granted: boolean): void;
  /** New connections get no HELLO. */
  withholdHello(withhold: boolean): void;
}

// ---------------------------------------------------------------------------------------------
// Response helpers for `override`
// ---------------------------------------------------------------------------------------------

/** A Discord 429. `retryAfterSeconds` may be fractional (Discord's header is whole seconds). */
export function rateLimited(retryAfterSeconds = 0.1, options: { global?: boolean } = {}): FakeResponse {
  const headers: Record<string, string> = {
    'retry-after': String(retryAfterSeconds),
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(Date.now() / 1000 + retryAfterSeconds),
    'x-ratelimit-reset-after': String(retryAfterSeconds),
    'x-ratelimit-scope': options.global ? 'global' : 'user',
  };
  if (options.global) headers['x-ratelimit-global'] = 'true';
  return {
    status: 429,
    headers,
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: !!options.global },
  };
}

/** A Discord JSON error, e.g. `discordError(403, 50013, 'Missing Permissions')`. */
export function discordError(status: number, code: number, message: string): FakeResponse {
  return { status, body: { message, code } };
}

export function serverError(status = 500): FakeResponse {
  return { status, body: { message: '500: Internal Server Error', code: 0 } };
}

// ---------------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1420070400000n;
let snowflakeCounter = 0n;
/** A real-looking snowflake (discord.js derives createdTimestamp from it). */
export function snowflake(): string {
  snowflakeCounter = (snowflakeCounter + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | snowflakeCounter).toString();
}

const DEFAULT_IDS = {
  bot: '1100000000000000001',
  guild: '1200000000000000001',
  channel: '1300000000000000001',
  user: '1400000000000000001',
};

const DEFAULT_BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis;

const MEMBER_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands;

function user(partial: Partial<APIUser> & { id: string; username: string }): APIUser {
  return { discriminator: '0', global_name: null, avatar: null, ...partial };
}

/** A list that waiters can claim items from, in arrival order. */
class WaitableLog<T> {
  readonly items: T[] = [];
  private readonly claimed = new Set<T>();
  private waiters: Array<{ pred: (item: T) => boolean; resolve: (item: T) => void }> = [];
  private timers = new Set<NodeJS.Timeout>();

  push(item: T): void {
    this.items.push(item);
    const waiter = this.waiters.find((w) => w.pred(item));
    if (!waiter) return;
    this.waiters = this.waiters.filter((w) => w !== waiter);
    this.claimed.add(item);
    waiter.resolve(item);
  }

  wait(pred: (item: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    const existing = this.items.find((item) => !this.claimed.has(item) && pred(item));
    if (existing) {
      this.claimed.add(existing);
      return Promise.resolve(existing);
    }
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`));
      }, timeoutMs);
      this.timers.add(timer);
      const waiter = {
        pred,
        resolve: (item: T) => {
          clearTimeout(timer);
          this.timers.delete(timer);
          resolve(item);
        },
      };
      this.waiters.push(waiter);
    });
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiters = [];
  }
}

function compilePath(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) return pattern;
  const source = pattern
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return `(?<${segment.slice(1)}>[^/]+)`;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

function matchRequest(match: RequestMatch, req: RecordedRequest): Record<string, string> | undefined {
  if (match.method && match.method.toUpperCase() !== req.method) return undefined;
  if (match.path === undefined) return {};
  const result = compilePath(match.path).exec(req.path);
  return result ? { ...result.groups } : undefined;
}

function toPredicate(match: RequestMatch | ((req: RecordedRequest) => boolean)) {
  return typeof match === 'function' ? match : (req: RecordedRequest) => matchRequest(match, req) !== undefined;
}

function describeMatch(match: RequestMatch | ((req: RecordedRequest) => boolean)): string {
  return typeof match === 'function' ? 'a request matching a predicate' : `${match.method ?? '*'} ${match.path ?? '*'}`;
}

function decodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(raw: Buffer, contentType: string): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    let body: unknown;
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value);
      } else {
        files.push({
          field,
          filename: value.name,
          contentType: value.type,
          data: Buffer.from(await value.arrayBuffer()),
        });
      }
    }
    return { body, files };
  }
  if (contentType.includes('json')) return { body: JSON.parse(raw.toString('utf8')), files: [] };
  return { body: raw.toString('utf8'), files: [] };
}

function redactToken(d: unknown): unknown {
  if (d && typeof d === 'object' && 'token' in d) return { ...d, token: '[redacted]' };
  return d;
}

interface InteractionRecord {
  id: string;
  type: number;
  dispatchedAt: number;
  acknowledged: boolean;
  channelId: string;
  guildId: string | undefined;
  /** Message the interaction's component sits on (for type 6/7 responses). */
  sourceMessageId: string | undefined;
  originalMessageId: string | undefined;
}

interface Route {
  method: string;
  pattern: RegExp;
  handle: (req: RecordedRequest, params: Record<string, string>) => FakeResponse;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const botUser = user({ id: DEFAULT_IDS.bot, username: 'errcode', bot: true, ...options.bot });
  const applicationId = options.applicationId ?? botUser.id;
  const guildConfigs = (
    options.guilds ?? [{ id: DEFAULT_IDS.guild, name: 'errcode-test', channels: [{ id: DEFAULT_IDS.channel, name: 'general' }] }]
  ).map((guild) => ({ ...guild, channels: guild.channels?.length ? guild.channels : [{ id: snowflake(), name: 'general' }] }));
  const firstGuild = guildConfigs[0];
  const firstChannel = firstGuild?.channels?.[0];
  const ids = {
    bot: botUser.id,
    application: applicationId,
    guild: firstGuild?.id ?? DEFAULT_IDS.guild,
    channel: firstChannel?.id ?? DEFAULT_IDS.channel,
    user: DEFAULT_IDS.user,
  };
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
  const deadlineMs = options.interactionResponseDeadlineMs ?? 3000;
  const enforceIntents = options.enforceIntents ?? true;
  let messageContentGranted = options.messageContentGranted ?? true;
  const botPermissions = options.botPermissions ?? DEFAULT_BOT_PERMISSIONS;

  const requestLog = new WaitableLog<RecordedRequest>();
  const attachmentLog = new WaitableLog<AttachmentFetch>();
  const frameLog = new WaitableLog<GatewayFrame>();
  const overrides: Array<{ match: RequestMatch; response: FakeResponse | RouteHandler; remaining: number }> = [];
  const messages = new Map<string, APIMessage>();
  /** `author:nonce` of messages created with enforce_nonce (kept for the fake's life, not minutes). */
  const messageByNonce = new Map<string, APIMessage>();
  const commands = new Map<string, unknown[]>();
  const interactions = new Map<string, InteractionRecord>(); // by token
  const attachments = new Map<string, { filename: string; data: Buffer } & AttachmentOptions>();
  const channelGuild = new Map<string, string>(); // channel id -> guild id
  const channelConfigs = new Map<string, FakeChannelConfig>();
  for (const guild of guildConfigs) {
    for (const channel of guild.channels) {
      channelGuild.set(channel.id, guild.id);
      channelConfigs.set(channel.id, channel);
    }
  }

  let port = 0;
  const baseUrl = () => `http://127.0.0.1:${port}`;
  const gatewayUrl = () => `ws://127.0.0.1:${port}/gateway`;

  // -- messages -------------------------------------------------------------------------------

  const humanUser = (partial?: Partial<APIUser>): APIUser => user({ id: ids.user, username: 'alice', ...partial });

  function buildMessage(fields: Partial<APIMessage> & { channel_id: string; author: APIUser }): APIMessage {
    return {
      id: snowflake(),
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      ...fields,
    };
  }

  function attachmentsFor(inputs: FakeAttachmentInput[] = []): APIAttachment[] {
    return inputs.map((input) => {
      const id = snowflake();
      const data = input.content === undefined ? Buffer.alloc(0) : Buffer.from(input.content);
      const url = input.url ?? hostAttachment(input.filename, data, { contentType: input.contentType, delayMs: input.delayMs });
      return {
        id,
        filename: input.filename,
        size: input.size ?? data.length,
        url,
        proxy_url: url,
        ...(input.contentType ? { content_type: input.contentType } : {}),
      };
    });
  }

  function messageFromRestBody(
    body: unknown,
    files: RecordedFile[],
    base: Partial<APIMessage> & { channel_id: string; author: APIUser },
  ): APIMessage {
    const b = (body ?? {}) as Record<string, unknown>;
    const message = buildMessage({
      ...base,
      content: typeof b.content === 'string' ? b.content : '',
      embeds: (b.embeds as APIEmbed[] | undefined) ?? [],
      components: (b.components as APIMessage['components']) ?? [],
      flags: typeof b.flags === 'number' ? b.flags : 0,
      attachments: attachmentsFor(files.map((f) => ({ filename: f.filename, content: f.data, contentType: f.contentType }))),
    });
    const ref = b.message_reference as { message_id?: string } | undefined;
    if (ref?.message_id) {
      message.type = 19; // MessageType.Reply
      message.message_reference = { message_id: ref.message_id, channel_id: base.channel_id };
      const guildId = channelGuild.get(base.channel_id);
      if (guildId) message.message_reference.guild_id = guildId;
    }
    messages.set(message.id, message);
    return message;
  }

  function editMessage(id: string, body: unknown): APIMessage | undefined {
    const existing = messages.get(id);
    if (!existing) return undefined;
    const b = (body ?? {}) as Partial<APIMessage>;
    const edited: APIMessage = {
      ...existing,
      ...(b.content !== undefined ? { content: b.content } : {}),
      ...(b.embeds !== undefined ? { embeds: b.embeds } : {}),
      ...(b.components !== undefined ? { components: b.components } : {}),
      flags: (existing.flags ?? 0) & ~MessageFlags.Loading,
      edited_timestamp: new Date().toISOString(),
    };
    messages.set(id, edited);
    return edited;
  }

  // -- REST routes ------------------------------------------------------------------------------

  const json = (body: unknown, status = 200): FakeResponse => ({ status, body });
  const noContent: FakeResponse = { status: 204 };
  const unknownMessage = discordError(404, 10008, 'Unknown Message');

  function webhookMessageId(token: string, mid: string | undefined): string | undefined {
    return mid === '@original' ? interactions.get(token)?.originalMessageId : mid;
  }

  function interactionCallback(req: RecordedRequest, params: Record<string, string>): FakeResponse {
    const token = params.token ?? '';
    const record = interactions.get(token);
    if (record && Date.now() - record.dispatchedAt > deadlineMs) {
      return discordError(404, 10062, 'Unknown interaction');
    }
    if (record?.acknowledged) {
      return discordError(400, 40060, 'Interaction has already been acknowledged.');
    }
    const body = (req.body ?? {}) as { type?: number; data?: Record<string, unknown> };
    const channelId = record?.channelId ?? ids.channel;
    let message: APIMessage | undefined;
    switch (body.type) {
      case InteractionResponseType.ChannelMessageWithSource:
        message = messageFromRestBody(body.data, req.files, {
          channel_id: channelId,
          author: botUser,
          webhook_id: applicationId,
          application_id: applicationId,
        });
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource:
        message = buildMessage({
          channel_id: channelId,
          author: botUser,
          webhook_id: applicationId,
          application_id: applicationId,
          flags: MessageFlags.Loading | (Number(body.data?.flags) || 0),
        });
        messages.set(message.id, message);
        break;
      case InteractionResponseType.Modal:
        // A modal opens for the clicker only: no message; its submission comes back as MODAL_SUBMIT.
        break;
      case InteractionResponseType.UpdateMessage:
      case InteractionResponseType.DeferredMessageUpdate:
        if (record?.sourceMessageId) {
          message =
            body.type === InteractionResponseType.UpdateMessage
              ? editMessage(record.sourceMessageId, body.data)
              : messages.get(record.sourceMessageId);
        }
        break;
    }
    if (record) {
      record.acknowledged = true;
      if (message) record.originalMessageId = message.id;
    }
    if (req.query.with_response !== 'true') return noContent;
    return json({
      interaction: {
        id: record?.id ?? params.id,
        type: record?.type ?? InteractionType.ApplicationCommand,
        response_message_id: message?.id,
        response_message_loading: body.type === InteractionResponseType.DeferredChannelMessageWithSource,
        response_message_ephemeral: ((message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
      },
      resource: { type: body.type, ...(message ? { message } : {}) },
    });
  }

  function registerCommands(key: string, body: unknown): FakeResponse {
    const list = (Array.isArray(body) ? body : []).map((command: Record<string, unknown>) => ({
      id: snowflake(),
      application_id: applicationId,
      version: snowflake(),
      type: ApplicationCommandType.ChatInput,
      default_member_permissions: null,
      ...(key === 'global' ? {} : { guild_id: key }),
      ...command,
    }));
    commands.set(key, list);
    return json(list);
  }

  const route = (method: string, path: string, handle: Route['handle']): Route => ({
    method,
    pattern: compilePath(path),
    handle,
  });
  const gatewayBot = {
    shards: options.shards ?? 1,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: options.maxConcurrency ?? 1 },
  };

  const routes: Route[] = [
    route('GET', '/gateway/bot', () => json({ url: gatewayUrl(), ...gatewayBot })),
    route('GET', '/gateway', () => json({ url: gatewayUrl() })),
    route('GET', '/users/@me', () => json(botUser)),
    // A DM: the user, then the DM channel, then POST /channels/:dm/messages (issue 14 tells proposers).
    route('GET', '/users/:user', (_req, p) =>
      json({ id: p.user ?? '', username: `user${p.user ?? ''}`, discriminator: '0', global_name: null, avatar: null }),
    ),
    route('POST', '/users/@me/channels', (req) => {
      const recipient = String((req.body as { recipient_id?: unknown } | undefined)?.recipient_id ?? '');
      return json({
        id: `9${recipient}`.slice(0, 19),
        type: ChannelType.DM,
        last_message_id: null,
        recipients: [{ id: recipient, username: `user${recipient}`, discriminator: '0', global_name: null, avatar: null }],
      });
    }),
    // What a process that RESUMEd without a READY reads to know its guilds (like Discord: 200 a page).
    route('GET', '/users/@me/guilds', (req) => {
      const after = BigInt(req.query.after ?? '0');
      const limit = Math.min(200, Number(req.query.limit ?? 200));
      const page = guildConfigs.filter((g) => BigInt(g.id) > after).slice(0, limit);
      return json(
        page.map((g) => ({ id: g.id, name: g.name ?? `guild-${g.id}`, icon: null, owner: false, permissions: '0', features: [] })),
      );
    }),
    route('GET', '/guilds/:guild', (_req, p) => {
      const guild = guildConfigs.find((g) => g.id === p.guild);
      if (!guild) return discordError(404, 10004, 'Unknown Guild');
      const { channels: _channels, members: _members, threads: _threads, ...rest } = guildCreate(guild);
      return json(rest);
    }),
    route('GET', '/guilds/:guild/channels', (_req, p) => {
      const guild = guildConfigs.find((g) => g.id === p.guild);
      return guild ? json(guild.channels.map((c) => guildChannel(guild.id, c))) : discordError(404, 10004, 'Unknown Guild');
    }),
    route('GET', '/guilds/:guild/threads/active', (_req, p) =>
      guildConfigs.some((g) => g.id === p.guild) ? json({ threads: [], members: [] }) : discordError(404, 10004, 'Unknown Guild'),
    ),
    route('GET', '/guilds/:guild/members/:user', (_req, p) => {
      const guild = guildConfigs.find((g) => g.id === p.guild);
      const member = guild ? guildCreate(guild).members.find((m) => m.user.id === p.user) : undefined;
      return member ? json(member) : discordError(404, 10007, 'Unknown Member');
    }),
    route('GET', '/applications/@me', () => json({ id: applicationId, name: botUser.username, bot: botUser, flags: 0, description: '' })),
    route('GET', '/channels/:channel', (_req, p) => {
      const channelId = p.channel ?? '';
      const guildId = channelGuild.get(channelId);
      const config = channelConfigs.get(channelId);
      if (!guildId || !config) return discordError(404, 10003, 'Unknown Channel');
      return json(guildChannel(guildId, config));
    }),
    route('POST', '/channels/:channel/messages', (req, p) => {
      // Like Discord: with enforce_nonce, a nonce this author used in the last few minutes returns that
      // message and creates none (what makes a retried POST safe).
      const b = (req.body ?? {}) as { nonce?: unknown; enforce_nonce?: unknown };
      const nonceKey = b.enforce_nonce === true && b.nonce !== undefined ? `${botUser.id}:${String(b.nonce)}` : undefined;
      const earlier = nonceKey === undefined ? undefined : messageByNonce.get(nonceKey);
      if (earlier) {
        Object.defineProperty(req, 'duplicateOf', { value: earlier.id, enumerable: false });
        return json(earlier);
      }
      const message = messageFromRestBody(req.body, req.files, { channel_id: p.channel ?? '', author: botUser });
      if (nonceKey !== undefined) messageByNonce.set(nonceKey, message);
      return json(message);
    }),
    route('GET', '/channels/:channel/messages/:message', (_req, p) => {
      const message = messages.get(p.message ?? '');
      return message && message.channel_id === p.channel ? json(message) : unknownMessage;
    }),
    route('PATCH', '/channels/:channel/messages/:message', (req, p) => {
      const message = editMessage(p.message ?? '', req.body);
      return message ? json(message) : unknownMessage;
    }),
    route('DELETE', '/channels/:channel/messages/:message', (_req, p) => (messages.delete(p.message ?? '') ? noContent : unknownMessage)),
    route('POST', '/channels/:channel/typing', () => noContent),
    route('PUT', '/channels/:channel/messages/:message/reactions/:emoji/@me', () => noContent),
    route('DELETE', '/channels/:channel/messages/:message/reactions/:emoji/@me', () => noContent),
    route('POST', '/interactions/:id/:token/callback', interactionCallback),
    route('POST', '/webhooks/:app/:token', (req, p) =>
      json(
        messageFromRestBody(req.body, req.files, {
          channel_id: interactions.get(p.token ?? '')?.channelId ?? ids.channel,
          author: botUser,
          webhook_id: p.app ?? applicationId,
          application_id: applicationId,
        }),
      ),
    ),
    route('GET', '/webhooks/:app/:token/messages/:message', (_req, p) => {
      const message = messages.get(webhookMessageId(p.token ?? '', p.message) ?? '');
      return message ? json(message) : unknownMessage;
    }),
    route('PATCH', '/webhooks/:app/:token/messages/:message', (req, p) => {
      const message = editMessage(webhookMessageId(p.token ?? '', p.message) ?? '', req.body);
      return message ? json(message) : unknownMessage;
    }),
    route('DELETE', '/webhooks/:app/:token/messages/:message', (_req, p) =>
      messages.delete(webhookMessageId(p.token ?? '', p.message) ?? '') ? noContent : unknownMessage,
    ),
    route('PUT', '/applications/:app/commands', (req) => registerCommands('global', req.body)),
    route('GET', '/applications/:app/commands', () => json(commands.get('global') ?? [])),
    route('PUT', '/applications/:app/guilds/:guild/commands', (req, p) => registerCommands(p.guild ?? '', req.body)),
    route('GET', '/applications/:app/guilds/:guild/commands', (_req, p) => json(commands.get(p.guild ?? '') ?? [])),
  ];

  async function respondApi(req: RecordedRequest): Promise<FakeResponse> {
    for (const entry of [...overrides].reverse()) {
      const params = matchRequest(entry.match, req);
      if (!params) continue;
      const response = typeof entry.response === 'function' ? await entry.response(req, params) : entry.response;
      if (response === undefined) continue;
      entry.remaining -= 1;
      if (entry.remaining <= 0) overrides.splice(overrides.indexOf(entry), 1);
      if (response.asUsual) return { ...routeResponse(req), delayMs: response.delayMs };
      return response;
    }
    return routeResponse(req);
  }

  function routeResponse(req: RecordedRequest): FakeResponse {
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const result = route.pattern.exec(req.path);
      if (result) return route.handle(req, { ...result.groups });
    }
    return discordError(404, 0, '404: Not Found');
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const rawBody = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const authorization = headers.authorization;
    if (authorization !== undefined) headers.authorization = '[redacted]';
    const { body, files } = await parseBody(rawBody, headers['content-type'] ?? '');
    const recorded = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: decodePath(url.pathname.replace(/^\/api(\/v\d+)?/, '')),
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      files,
      at: Date.now(),
    } as RecordedRequest;
    Object.defineProperties(recorded, {
      authorization: { value: authorization, enumerable: false },
      rawBody: { value: rawBody, enumerable: false },
    });
    requestLog.push(recorded);
    const response = await respondApi(recorded);
    if (response.delayMs) await new Promise((resolve) => setTimeout(resolve, response.delayMs));
    const status = response.status ?? 200;
    const payload = status === 204 || response.body === undefined ? undefined : JSON.stringify(response.body);
    res.writeHead(status, {
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...response.headers,
    });
    res.end(payload);
  }

  // -- attachment CDN ---------------------------------------------------------------------------

  function hostAttachment(filename: string, data: Buffer, opts: AttachmentOptions): string {
    const id = snowflake();
    attachments.set(id, { filename, data, ...opts });
    return `${baseUrl()}/attachments/${ids.channel}/${id}/${encodeURIComponent(filename)}`;
  }

  async function serveAttachment(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const [, , , id] = url.pathname.split('/');
    const entry = attachments.get(id ?? '');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    attachmentLog.push({ path: url.pathname, filename: entry?.filename ?? '', headers, at: Date.now() });
    if (!entry) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    if (entry.delayMs) await new Promise((resolve) => setTimeout(resolve, entry.delayMs));
    res.writeHead(entry.status ?? 200, {
      'content-type': entry.contentType ?? 'application/octet-stream',
      'content-length': String(entry.data.length),
    });
    res.end(req.method === 'HEAD' ? undefined : entry.data);
  }

  // -- gateway ----------------------------------------------------------------------------------

  /**
   * One per IDENTIFY, kept across connections like Discord's: any process holding the id can RESUME
   * it (the replay is every event it was given after the sequence it names). Several sessions of one
   * shard (a double deploy) each get every event of that shard.
   */
  interface Session {
    id: string;
    shard: [number, number];
    intents: number;
    sequence: number;
    history: Array<{ s: number; t: string; d: unknown }>;
    socket: WebSocket | undefined;
    /** When its connection closed: the resume window counts from here. */
    disconnectedAt: number | undefined;
    resumes: number;
  }
  const sessions = new Map<string, Session>();
  let latest: Session | undefined;
  const resumeWindowMs = options.resumeWindowMs ?? Number.POSITIVE_INFINITY;
  let tokenRejection: number | undefined;
  let resumesFail = false;
  let helloWithheld = false;
  let connectionCount = 0;

  const shardOf = (guildId: string, count: number) => Number((BigInt(guildId) >> 22n) % BigInt(count));
  const liveSessions = () => {
    const now = Date.now();
    for (const session of sessions.values())
      if (session.disconnectedAt !== undefined && now - session.disconnectedAt > resumeWindowMs) endSession(session);
    return [...sessions.values()];
  };
  function endSession(session: Session) {
    sessions.delete(session.id);
    if (latest === session) latest = undefined;
  }
  const connectedSessions = () => liveSessions().filter((session) => session.socket !== undefined);
  const sessionOf = (ws: WebSocket) => [...sessions.values()].find((session) => session.socket === ws);

  const send = (ws: WebSocket, payload: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
  };

  function textChannel(guildId: string, channel: FakeChannelConfig): APIGuildTextChannel<ChannelType.GuildText> {
    return {
      id: channel.id,
      type: ChannelType.GuildText,
      guild_id: guildId,
      name: channel.name ?? `channel-${channel.id}`,
      position: 0,
      permission_overwrites: [],
      parent_id: null,
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
    };
  }

  function guildChannel(guildId: string, channel: FakeChannelConfig) {
    if (channel.type === undefined || channel.type === ChannelType.GuildText) return textChannel(guildId, channel);
    const { id, type, name } = channel;
    return { id, type, guild_id: guildId, name: name ?? `channel-${id}`, position: 0, permission_overwrites: [], parent_id: null };
  }

  function guildCreate(guild: FakeGuildConfig & { channels: FakeChannelConfig[] }) {
    const botRoleId = `${guild.id.slice(0, -1)}9`;
    return {
      id: guild.id,
      name: guild.name ?? `guild-${guild.id}`,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: ids.user,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [
        {
          id: guild.id,
          name: '@everyone',
          permissions: String(MEMBER_PERMISSIONS),
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          flags: 0,
        },
        {
          id: botRoleId,
          name: botUser.username,
          permissions: String(botPermissions),
          position: 1,
          color: 0,
          hoist: false,
          managed: true,
          mentionable: false,
          flags: 0,
          tags: { bot_id: botUser.id },
        },
      ],
      emojis: [],
      stickers: [],
      features: guild.features ?? [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      preferred_locale: guild.preferredLocale ?? 'en-US',
      public_updates_channel_id: null,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 2,
      members: [{ user: botUser, roles: [botRoleId], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 }],
      channels: guild.channels.map((channel) => guildChannel(guild.id, channel)),
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  function sendDispatch(ws: WebSocket, s: number, t: string, d: unknown) {
    send(ws, { op: GatewayOpcodes.Dispatch, s, t, d });
  }

  /** Applies GuildMessages / MessageContent the way Discord does; undefined = not delivered. */
  function applyIntents(intents: number, t: string, d: unknown): unknown {
    if (!enforceIntents || (t !== 'MESSAGE_CREATE' && t !== 'MESSAGE_UPDATE')) return d;
    const message = d as Partial<GatewayMessageCreateDispatchData>;
    const inGuild = message.guild_id !== undefined;
    if (inGuild && !(intents & GatewayIntentBits.GuildMessages)) return undefined;
    if (!inGuild && !(intents & GatewayIntentBits.DirectMessages)) return undefined;
    const exempt = !inGuild || message.author?.id === botUser.id || (message.mentions ?? []).some((u) => u.id === botUser.id);
    if (intents & GatewayIntentBits.MessageContent || exempt) return d;
    return { ...message, content: '', embeds: [], attachments: [], components: [] };
  }

  /** The guild an event belongs to (its shard's), or undefined (shard 0's: DMs and the like). */
  function guildOfEvent(t: string, d: unknown): string | undefined {
    const data = (d ?? {}) as { guild_id?: unknown; id?: unknown };
    if (typeof data.guild_id === 'string') return data.guild_id;
    return t.startsWith('GUILD_') && typeof data.id === 'string' ? data.id : undefined;
  }

  function dispatchTo(session: Session, t: string, d: unknown): number {
    session.sequence += 1;
    session.history.push({ s: session.sequence, t, d });
    const visible = applyIntents(session.intents, t, d);
    // Undelivered while disconnected: replayed on RESUME, like Discord.
    if (session.socket && visible !== undefined) sendDispatch(session.socket, session.sequence, t, visible);
    return session.sequence;
  }

  function dispatch(t: string, d: unknown): number {
    const guildId = guildOfEvent(t, d);
    const targets = liveSessions().filter(({ shard: [id, count] }) => id === (guildId === undefined ? 0 : shardOf(guildId, count)));
    if (targets.length === 0) throw new Error(`fake discord: cannot dispatch ${t}: no session has identified for its shard`);
    if (t === 'INTERACTION_CREATE') rememberInteraction(d);
    if (t === 'MESSAGE_CREATE') messages.set((d as APIMessage).id, d as APIMessage);
    let sequence = 0;
    for (const session of targets) sequence = dispatchTo(session, t, d);
    return latest && targets.includes(latest) ? latest.sequence : sequence;
  }

  function rememberInteraction(d: unknown) {
    const i = d as { id: string; type: number; token: string; channel?: { id: string }; guild_id?: string; message?: APIMessage };
    if (i.message) messages.set(i.message.id, i.message);
    interactions.set(i.token, {
      id: i.id,
      type: i.type,
      dispatchedAt: Date.now(),
      acknowledged: false,
      channelId: i.channel?.id ?? ids.channel,
      guildId: i.guild_id,
      sourceMessageId: i.message?.id,
      originalMessageId: undefined,
    });
  }

  function onGatewayMessage(ws: WebSocket, raw: RawData) {
    let frame: { op: number; d: unknown };
    try {
      frame = JSON.parse(raw.toString());
    } catch {
      ws.close(4002, 'Error while decoding payload.');
      return;
    }
    frameLog.push(
      Object.defineProperty({ op: frame.op, d: redactToken(frame.d), at: Date.now() }, 'token', {
        value: (frame.d as { token?: string } | null)?.token,
        enumerable: false,
      }),
    );
    if (tokenRejection !== undefined && (frame.op === GatewayOpcodes.Identify || frame.op === GatewayOpcodes.Resume)) {
      ws.close(tokenRejection, 'Authentication failed.');
      return;
    }
    if (resumesFail && frame.op === GatewayOpcodes.Resume) {
      send(ws, { op: GatewayOpcodes.InvalidSession, d: false });
      const named = sessions.get((frame.d as { session_id?: string } | null)?.session_id ?? '');
      if (named) endSession(named);
      return;
    }
    switch (frame.op) {
      case GatewayOpcodes.Heartbeat:
        send(ws, { op: GatewayOpcodes.HeartbeatAck });
        break;
      case GatewayOpcodes.Identify: {
        const d = frame.d as { intents?: number; shard?: [number, number] };
        if (!messageContentGranted && (d.intents ?? 0) & GatewayIntentBits.MessageContent) {
          ws.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
          break;
        }
        const [shardId, shardCount] = d.shard ?? [0, 1];
        if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0 || shardId >= shardCount) {
          ws.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
          break;
        }
        const previous = sessionOf(ws);
        if (previous) endSession(previous);
        const session: Session = {
          id: randomBytes(16).toString('hex'),
          shard: [shardId, shardCount],
          intents: d.intents ?? 0,
          sequence: 0,
          history: [],
          socket: ws,
          disconnectedAt: undefined,
          resumes: 0,
        };
        sessions.set(session.id, session);
        latest = session;
        const mine = guildConfigs.filter((g) => shardOf(g.id, shardCount) === shardId);
        dispatchTo(session, 'READY', {
          v: 10,
          user: botUser,
          guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: gatewayUrl(),
          shard: [shardId, shardCount],
          application: { id: applicationId, flags: 0 },
        });
        for (const guild of mine) dispatchTo(session, 'GUILD_CREATE', guildCreate(guild));
        break;
      }
      case GatewayOpcodes.Resume: {
        const d = frame.d as { session_id?: string; seq?: number };
        const session = liveSessions().find((s) => s.id === d.session_id);
        if (!session) {
          send(ws, { op: GatewayOpcodes.InvalidSession, d: false });
          break;
        }
        // A second connection resuming a session takes it over (the first one hears nothing more).
        session.socket = ws;
        session.disconnectedAt = undefined;
        session.resumes += 1;
        for (const event of session.history) {
          if (event.s > (d.seq ?? 0)) {
            const visible = applyIntents(session.intents, event.t, event.d);
            if (visible !== undefined) sendDispatch(ws, event.s, event.t, visible);
          }
        }
        session.sequence += 1;
        sendDispatch(ws, session.sequence, 'RESUMED', null);
        break;
      }
    }
  }

  // -- servers ----------------------------------------------------------------------------------

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', baseUrl());
    const handler = url.pathname.startsWith('/attachments/')
      ? serveAttachment
      : url.pathname.startsWith('/api/')
        ? handleApi
        : async () => void res.writeHead(404).end();
    handler(req, res, url).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `fake discord error: ${String(error)}`, code: 0 }));
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, netSocket: Socket, head) => {
    const url = new URL(req.url ?? '/', baseUrl());
    if (!url.pathname.startsWith('/gateway')) {
      netSocket.destroy();
      return;
    }
    wss.handleUpgrade(req, netSocket, head, (ws) => {
      connectionCount += 1;
      ws.on('message', (raw) => onGatewayMessage(ws, raw));
      ws.on('close', (code) => {
        const session = sessionOf(ws);
        if (!session) return;
        session.socket = undefined;
        session.disconnectedAt = Date.now();
        // Like Discord: a close with 1000 or 1001 ends the session; any other keeps it resumable.
        if (code === 1000 || code === 1001) endSession(session);
      });
      ws.on('error', () => undefined);
      if (url.searchParams.get('encoding') !== 'json' || url.searchParams.has('compress')) {
        ws.close(4002, 'fake discord supports only encoding=json without transport compression');
        return;
      }
      if (!helloWithheld) send(ws, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: heartbeatIntervalMs } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  // -- builders ---------------------------------------------------------------------------------

  function member(partial: Partial<APIUser> | undefined, permissions: bigint): APIInteractionGuildMember {
    return {
      user: humanUser(partial),
      roles: [],
      permissions: String(permissions),
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      nick: null,
      avatar: null,
      premium_since: null,
      pending: false,
    };
  }

  function interactionBase(ctx: InteractionContext) {
    const guildId = ctx.guildId ?? ids.guild;
    const channelId = ctx.channelId ?? ids.channel;
    return {
      id: snowflake(),
      application_id: applicationId,
      token: `fake-interaction-token-${randomBytes(12).toString('hex')}`,
      version: 1 as const,
      guild_id: guildId,
      guild: { id: guildId, locale: Locale.EnglishUS, features: [] },
      channel_id: channelId,
      channel: textChannel(guildId, channelConfigs.get(channelId) ?? { id: channelId }),
      member: member(ctx.user, ctx.memberPermissions ?? MEMBER_PERMISSIONS),
      locale: ctx.locale ?? Locale.EnglishUS,
      guild_locale: Locale.EnglishUS,
      app_permissions: String(botPermissions),
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0 as const,
      attachment_size_limit: 10 * 1024 * 1024,
    };
  }

  function toOptions(options: OptionValues | APIApplicationCommandInteractionDataOption[] = []) {
    if (Array.isArray(options)) return options;
    return Object.entries(options).map(([name, value]): APIApplicationCommandInteractionDataOption => {
      if (typeof value === 'string') return { name, type: ApplicationCommandOptionType.String, value };
      if (typeof value === 'boolean') return { name, type: ApplicationCommandOptionType.Boolean, value };
      return {
        name,
        type: Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number,
        value,
      };
    });
  }

  function guildMessage(input: MessageInput = {}): GatewayMessageCreateDispatchData {
    const channelId = input.channelId ?? ids.channel;
    const guildId = input.guildId ?? channelGuild.get(channelId) ?? ids.guild;
    const author = input.webhookId
      ? user({ id: input.webhookId, username: 'Captain Hook', bot: true, discriminator: '0000' })
      : humanUser({ ...(input.bot ? { bot: true, username: 'otherbot' } : {}), ...input.author });
    const message = buildMessage({
      id: input.id ?? snowflake(),
      channel_id: channelId,
      author,
      content: input.content ?? '',
      embeds: input.embeds ?? [],
      mentions: input.mentions ?? [],
      attachments: attachmentsFor(input.attachments),
      ...(input.webhookId ? { webhook_id: input.webhookId } : {}),
      ...(input.replyTo ? { type: 19, message_reference: { message_id: input.replyTo, channel_id: channelId, guild_id: guildId } } : {}),
    });
    return {
      ...message,
      guild_id: guildId,
      mentions: message.mentions.map((u) => ({ ...u })),
      ...(input.webhookId
        ? {}
        : { member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 as GuildMemberFlags } }),
    };
  }

  function directMessage(input: Omit<MessageInput, 'guildId' | 'webhookId'> = {}) {
    const { guild_id: _guild, member: _member, ...message } = guildMessage({ channelId: snowflake(), ...input });
    return { ...message, channel_type: ChannelType.DM } as GatewayMessageCreateDispatchData;
  }

  const fake: FakeDiscord = {
    port,
    apiUrl: `${baseUrl()}/api`,
    gatewayUrl: gatewayUrl(),
    ids,
    botUser,

    requests: requestLog.items,
    waitForRequest: (match, opts) =>
      requestLog.wait(
        toPredicate(match),
        opts?.timeoutMs ?? WAIT_CEILING_MS,
        () => `waiting for ${describeMatch(match)}; saw ${requestLog.items.map((r) => `${r.method} ${r.path}`).join(', ') || 'nothing'}`,
      ),
    requestsMatching: (match) => requestLog.items.filter(toPredicate(match)),
    override(match, response, opts) {
      const entry = { match, response, remaining: opts?.times ?? Number.POSITIVE_INFINITY };
      overrides.push(entry);
      return () => {
        const index = overrides.indexOf(entry);
        if (index >= 0) overrides.splice(index, 1);
      };
    },
    messages,
    commands,

    attachmentUrl(filename, content, opts) {
      const options = typeof opts === 'string' ? { contentType: opts } : (opts ?? {});
      return hostAttachment(filename, Buffer.from(content), options);
    },
    attachmentFetches: attachmentLog.items,
    waitForAttachmentFetch: (filename, opts) =>
      attachmentLog.wait(
        (f) => filename === undefined || f.filename === filename,
        opts?.timeoutMs ?? WAIT_CEILING_MS,
        () => `waiting for a fetch of ${filename ?? 'any attachment'}`,
      ),

    dispatch,
    requestReconnect() {
      for (const session of connectedSessions()) if (session.socket) send(session.socket, { op: GatewayOpcodes.Reconnect, d: null });
    },
    dropConnection(code) {
      for (const session of connectedSessions()) {
        const current = session.socket;
        session.socket = undefined;
        session.disconnectedAt = Date.now();
        if (code === undefined) current?.terminate();
        else current?.close(code);
      }
    },
    invalidateSession(resumable) {
      for (const session of connectedSessions()) {
        if (session.socket) send(session.socket, { op: GatewayOpcodes.InvalidSession, d: resumable });
        if (!resumable) endSession(session);
      }
    },
    get sessions() {
      return liveSessions().map((session) => ({
        id: session.id,
        shard: [session.shard[0], session.shard[1]] as const,
        sequence: session.sequence,
        connected: session.socket !== undefined,
        resumes: session.resumes,
      }));
    },
    expireDisconnectedSessions() {
      for (const session of liveSessions()) if (session.socket === undefined) endSession(session);
    },
    shardOf,
    faults: {
      rejectToken(code = 4004) {
        tokenRejection = code === false ? undefined : code;
      },
      failResumes(fail) {
        resumesFail = fail;
      },
      grantMessageContent(granted) {
        messageContentGranted = granted;
      },
      withholdHello(withhold) {
        helloWithheld = withhold;
      },
    },
    gatewayFrames: frameLog.items,
    get gatewayConnections() {
      return connectionCount;
    },
    get sessionId() {
      return latest?.id;
    },
    get sequence() {
      return latest?.sequence ?? 0;
    },
    waitForGatewayFrame: (op, opts) =>
      frameLog.wait(
        (f) => f.op === op,
        opts?.timeoutMs ?? WAIT_CEILING_MS,
        () => `waiting for gateway op ${op}`,
      ),
    waitForIdentify: (opts) => fake.waitForGatewayFrame(GatewayOpcodes.Identify, opts),
    waitForResume: (opts) => fake.waitForGatewayFrame(GatewayOpcodes.Resume, opts),

    guildMessage,
    directMessage,
    slashCommand: (input) => ({
      ...interactionBase(input),
      type: InteractionType.ApplicationCommand,
      data: { id: snowflake(), name: input.name, type: ApplicationCommandType.ChatInput, options: toOptions(input.options) },
    }),
    autocomplete: (input) => ({
      ...interactionBase(input),
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        id: snowflake(),
        name: input.name,
        type: ApplicationCommandType.ChatInput,
        options: [
          ...toOptions(input.options),
          { name: input.focused.name, type: ApplicationCommandOptionType.String, value: input.focused.value, focused: true },
        ],
      },
    }),
    componentInteraction: (input) => {
      const base = interactionBase(input);
      const message = input.message ?? buildMessage({ channel_id: base.channel_id, author: botUser, content: '(bot message)' });
      const data = input.values
        ? { custom_id: input.customId, component_type: ComponentType.StringSelect as const, values: input.values }
        : { custom_id: input.customId, component_type: ComponentType.Button as const };
      return { ...base, type: InteractionType.MessageComponent, data, message };
    },
    messageCommand: (input) => ({
      ...interactionBase(input),
      type: InteractionType.ApplicationCommand,
      data: {
        id: snowflake(),
        name: input.name,
        type: ApplicationCommandType.Message,
        target_id: input.target.id,
        resolved: { messages: { [input.target.id]: input.target } },
      },
    }),

    modalSubmit: (input) => ({
      ...interactionBase(input),
      type: InteractionType.ModalSubmit,
      data: {
        custom_id: input.customId,
        components: Object.entries(input.values).map(([customId, value]) => ({
          type: ComponentType.ActionRow as const,
          components: [{ type: ComponentType.TextInput as const, custom_id: customId, value }],
        })),
      },
    }),

    async close() {
      requestLog.dispose();
      attachmentLog.dispose();
      frameLog.dispose();
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
