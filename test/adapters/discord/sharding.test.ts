/**
 * Sharding against the fake Discord: each adapter IDENTIFYs only its shards, gets only the events
 * of its guilds (`(guild_id >> 22) % shard_count`), and reports its shards in /healthz and
 * /metrics; `auto` takes GET /gateway/bot's count, and a shard id outside it stops start-up.
 * Separate processes per shard are in test/runtime/discord-processes.test.ts.
 */
import { GatewayOpcodes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type DiscordAdapterHandle, startDiscord } from '../../../adapters/discord/index.js';
import type { DiscordShards } from '../../../src/config.js';
import { healthReport } from '../../../src/runtime/health-server.js';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord-platform.js';
import { type TestServices, testServices } from '../../helpers/services.js';

const PASTE = '{"code":6004,"data":"get player info fail"}';
// (id >> 22) % 2: the first guild is on shard 1, the second on shard 0, the third on shard 1.
const GUILDS = [
  { id: '1200000000000000001', channels: [{ id: '1300000000000000001' }] },
  { id: '1200000000004194305', channels: [{ id: '1300000000000000002' }] },
  { id: '1200000000008388609', channels: [{ id: '1300000000000000003' }] },
];

let fake: FakeDiscord | undefined;
const running: DiscordAdapterHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((handle) => handle.stop()));
  await fake?.close();
  fake = undefined;
});

async function start(shards: DiscordShards): Promise<{ handle: DiscordAdapterHandle; services: TestServices }> {
  if (!fake) throw new Error('no fake');
  const services = testServices();
  const handle = await startDiscord({ token: 'fake-token', apiUrl: fake.apiUrl, shards }, services, {
    readyTimeoutMs: 15_000,
    stopGraceMs: 1000,
  });
  running.push(handle);
  return { handle, services };
}

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const answeredChannels = (services: TestServices) =>
  services.logLines.filter((line) => line.event === 'auto_reply').map((line) => String((line as { channel?: unknown }).channel));

describe('Discord sharding', () => {
  it('two adapters running shard 0 and shard 1 of 2 each get only their guilds’ events', async () => {
    fake = await startFakeDiscord({ guilds: GUILDS, shards: 2 });
    expect(GUILDS.map((g) => fake?.shardOf(g.id, 2))).toEqual([1, 0, 1]);
    const zero = await start({ count: 2, ids: [0] });
    const one = await start({ count: 2, ids: [1] });
    const identifies = fake.gatewayFrames.filter((f) => f.op === GatewayOpcodes.Identify).map((f) => (f.d as { shard: unknown }).shard);
    expect(identifies).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect([...zero.handle.client.guilds.cache.keys()]).toEqual([GUILDS[1]?.id]);
    expect([...one.handle.client.guilds.cache.keys()].sort()).toEqual([GUILDS[0]?.id, GUILDS[2]?.id]);

    for (const guild of GUILDS) fake.dispatch('MESSAGE_CREATE', fake.guildMessage({ content: PASTE, channelId: guild.channels[0]?.id }));
    await until(() => fake?.requestsMatching({ method: 'POST', path: '/channels/:id/messages' }).length === 3, 'three replies');
    await zero.handle.idle(10_000);
    await one.handle.idle(10_000);
    expect(answeredChannels(zero.services)).toEqual(['1300000000000000002']);
    expect(answeredChannels(one.services).sort()).toEqual(['1300000000000000001', '1300000000000000003']);

    // Once per process, each its own shards.
    const report = healthReport({ engines: one.services.engines, metrics: one.services.metrics, adapters: () => [one.handle] });
    expect(report.adapters.discord?.shards).toEqual([expect.objectContaining({ id: 1, connected: true, status: 'Ready', resumes: 0 })]);
    const metrics = await one.services.metrics.registry.metrics();
    expect(metrics).toContain('errcode_discord_shard_connected{shard="1"} 1');
    expect(metrics).not.toContain('shard="0"');
  });

  it('one adapter may run several shards; auto takes Discord’s recommended count', async () => {
    fake = await startFakeDiscord({ guilds: GUILDS, shards: 2, maxConcurrency: 2 });
    const { handle, services } = await start({ count: 'auto' });
    expect([...handle.client.ws.shards.keys()]).toEqual([0, 1]);
    expect(handle.client.guilds.cache.size).toBe(3);
    expect(services.logLines.find((line) => line.event === 'discord_shards')).toMatchObject({
      shardCount: 2,
      shardIds: [0, 1],
      auto: true,
    });
    for (const guild of GUILDS) fake.dispatch('MESSAGE_CREATE', fake.guildMessage({ content: PASTE, channelId: guild.channels[0]?.id }));
    await until(() => answeredChannels(services).length === 3, 'three replies');
    const report = healthReport({ engines: services.engines, metrics: services.metrics, adapters: () => [handle] });
    expect(report.adapters.discord?.shards).toEqual([
      expect.objectContaining({ id: 0, connected: true }),
      expect.objectContaining({ id: 1, connected: true }),
    ]);
  });

  it('a shard id outside the count Discord recommends (auto) stops start-up with a clear message', async () => {
    fake = await startFakeDiscord({ guilds: GUILDS, shards: 2 });
    await expect(start({ count: 'auto', ids: [0, 2] })).rejects.toThrow(
      'DISCORD_SHARD_IDS: shard 2 does not exist: with 2 shards (auto: Discord recommends 2) the ids run from 0 to 1',
    );
    expect(fake.gatewayConnections).toBe(0);
  });
});
