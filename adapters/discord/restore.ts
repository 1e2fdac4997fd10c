/**
 * A new process that RESUMEs a stored session gets no READY and no GUILD_CREATE: Discord replays
 * only what the session missed. discord.js builds its client user, application and guild caches
 * from those two events alone, and drops a message whose channel it does not know. So before the
 * shard connects, this rebuilds that state from the REST API and hands it to discord.js as the
 * READY and GUILD_CREATE events it would have got on IDENTIFY, through the @discordjs/ws manager
 * whose strategy index.ts builds (the same events, the same listeners discord.js attached).
 *
 * Cost per shard: /users/@me, /applications/@me, /users/@me/guilds (200 a page), then four calls per
 * guild of the shard (guild, channels, active threads, the bot's member). discord.js's REST client
 * queues them under Discord's rate limits. Past MAX_RESTORED_GUILDS guilds a shard identifies
 * afresh instead: rebuilding would outlast the resume window.
 */
import type { APIGuild, APIGuildMember, APIThreadChannel, APIUser, Client, SessionInfo } from 'discord.js';
import { Routes } from 'discord.js';

/** Guilds on one shard above which resuming across a restart is not tried (four REST calls each). */
export const MAX_RESTORED_GUILDS = 250;

/** The @discordjs/ws manager (the argument of discord.js's `ws.buildStrategy`). */
export interface GatewayEvents {
  emit(event: string, payload: unknown): unknown;
}

/** The @discordjs/ws manager's event names (discord.js exports its own enum of the same name). */
const WS_READY = 'ready';
const WS_DISPATCH = 'dispatch';

/** Guild id to shard id, as Discord routes them. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

export type RestoreOutcome = { readonly restored: true; readonly guilds: number } | { readonly restored: false; readonly reason: string };

/**
 * Rebuilds discord.js's state for one shard about to RESUME `session`. The caller skips the resume
 * when this says it could not (the session is then dropped and the shard identifies).
 */
export async function restoreShardState(
  client: Client,
  manager: GatewayEvents,
  session: SessionInfo,
  guildsOfBot: () => Promise<readonly string[]>,
): Promise<RestoreOutcome> {
  const { shardId, shardCount } = session;
  const [user, application, allGuilds] = await Promise.all([
    client.rest.get(Routes.user()) as Promise<APIUser>,
    client.rest.get(Routes.currentApplication()) as Promise<{ id: string; flags?: number }>,
    guildsOfBot(),
  ]);
  const guildIds = allGuilds.filter((id) => shardOfGuild(id, shardCount) === shardId);
  if (guildIds.length > MAX_RESTORED_GUILDS)
    return { restored: false, reason: `${guildIds.length} guilds on the shard (at most ${MAX_RESTORED_GUILDS} are rebuilt by REST)` };
  const guilds = await Promise.all(guildIds.map((id) => fetchGuildCreate(client, id, user.id)));
  const present = guilds.filter((g) => g !== undefined);

  const ready = {
    v: 10,
    user,
    guilds: present.map((g) => ({ id: g.id, unavailable: true })),
    session_id: session.sessionId,
    resume_gateway_url: session.resumeURL,
    shard: [shardId, shardCount],
    application: { id: application.id, flags: application.flags ?? 0 },
  };
  // In the order @discordjs/ws emits them for a real READY: the shard's "ready", then the dispatch.
  manager.emit(WS_READY, { shardId, data: ready });
  manager.emit(WS_DISPATCH, { shardId, data: { op: 0, t: 'READY', s: session.sequence, d: ready } });
  for (const guild of present) manager.emit(WS_DISPATCH, { shardId, data: { op: 0, t: 'GUILD_CREATE', s: session.sequence, d: guild } });
  return { restored: true, guilds: present.length };
}

/** Every guild the bot is in, 200 a page as Discord serves them. */
export async function listBotGuilds(client: Client): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ limit: '200', ...(after ? { after } : {}) });
    const page = (await client.rest.get(Routes.userGuilds(), { query })) as Array<{ id: string }>;
    ids.push(...page.map((g) => g.id));
    if (page.length < 200) return ids;
    after = page[page.length - 1]?.id;
  }
}

/** What GUILD_CREATE would carry for one guild, or undefined when the bot is no longer in it. */
async function fetchGuildCreate(client: Client, guildId: string, botId: string) {
  try {
    const [guild, channels, threads, me] = await Promise.all([
      client.rest.get(Routes.guild(guildId)) as Promise<APIGuild>,
      client.rest.get(Routes.guildChannels(guildId)) as Promise<unknown[]>,
      client.rest.get(Routes.guildActiveThreads(guildId)) as Promise<{ threads: APIThreadChannel[] }>,
      client.rest.get(Routes.guildMember(guildId, botId)) as Promise<APIGuildMember>,
    ]);
    return { ...guild, unavailable: false, channels, threads: threads.threads, members: [me], presences: [], voice_states: [] };
  } catch (error) {
    // 403/404: removed from the guild while down. Anything else is a real failure for the caller.
    const status = (error as { status?: number }).status;
    if (status === 403 || status === 404) return undefined;
    throw error;
  }
}
