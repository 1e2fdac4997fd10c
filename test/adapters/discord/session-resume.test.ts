/**
 * The gateway session kept in the state store: a new adapter (as a restarted process would be)
 * RESUMEs the session the last one left, discord.js gets its caches rebuilt by REST, and the
 * messages dispatched while no adapter was connected are replayed and answered; an expired session
 * falls back to a fresh IDENTIFY. The kill -9 variant, with real processes, is in
 * test/runtime/discord-restart.test.ts.
 */
import { GatewayOpcodes } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type DiscordAdapterHandle, startDiscord } from '../../../adapters/discord/index.js';
import { healthReport } from '../../../src/runtime/health-server.js';
import { MemoryStateStore } from '../../../src/state/memory.js';
import type { StateStore } from '../../../src/state/store.js';
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from '../../fakes/discord-platform.js';
import { type TestServices, testServices } from '../../helpers/services.js';

const PASTES = [
  '{"code":6004,"data":"get player info fail"}',
  'NSP_STATUS: 102',
  '{"code":6004,"data":"get player info fail"}',
  'NSP_STATUS: 102',
];

let fake: FakeDiscord | undefined;
const running: DiscordAdapterHandle[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((handle) => handle.stop()));
  await fake?.close();
  fake = undefined;
});

async function start(store: StateStore, shards?: { count: number; ids?: number[] }) {
  if (!fake) throw new Error('no fake');
  const services: TestServices = { ...testServices(), state: store };
  const handle = await startDiscord({ token: 'fake-token', apiUrl: fake.apiUrl, ...(shards ? { shards } : {}) }, services, {
    readyTimeoutMs: 10_000,
    stopGraceMs: 2000,
  });
  running.push(handle);
  return { handle, services };
}

async function stop(handle: DiscordAdapterHandle) {
  await handle.stop();
  running.splice(running.indexOf(handle), 1);
}

const replies = () => fake?.requestsMatching({ method: 'POST', path: '/channels/:id/messages' }) ?? [];
const repliedTo = () => replies().map((r) => (r.body as { message_reference?: { message_id?: string } }).message_reference?.message_id);

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startFake(options: FakeDiscordOptions = {}) {
  fake = await startFakeDiscord({
    guilds: [
      { id: '1200000000000000001', channels: [{ id: '1300000000000000001' }, { id: '1300000000000000002' }] },
      { id: '1200000000000000002', channels: [{ id: '1300000000000000003' }] },
    ],
    ...options,
  });
  return fake;
}

describe('the Discord gateway session in the store', () => {
  it('a restarted adapter RESUMEs and answers every message sent while it was down, each once', async () => {
    const f = await startFake();
    const store = new MemoryStateStore();
    const first = await start(store);
    f.dispatch('MESSAGE_CREATE', f.guildMessage({ content: PASTES[0] }));
    await until(() => replies().length === 1, 'the first reply');
    await stop(first.handle);

    // Down: four pastes in three channels of two guilds.
    const missed = PASTES.map((content, i) =>
      f.guildMessage({
        content,
        channelId: ['1300000000000000002', '1300000000000000001', '1300000000000000003', '1300000000000000003'][i],
      }),
    );
    for (const message of missed) f.dispatch('MESSAGE_CREATE', message);

    const identifiesBefore = f.gatewayFrames.filter((frame) => frame.op === GatewayOpcodes.Identify).length;
    const second = await start(store);
    expect(f.gatewayFrames.filter((frame) => frame.op === GatewayOpcodes.Identify)).toHaveLength(identifiesBefore);
    expect(f.sessions).toHaveLength(1);
    expect(f.sessions[0]?.resumes).toBe(1);
    await until(() => replies().length === 1 + missed.length, 'the replayed messages to be answered');
    await second.handle.idle(10_000);
    expect(repliedTo().slice(1).sort()).toEqual(missed.map((m) => m.id).sort());
    expect(second.services.logLines.find((l) => l.event === 'discord_session_restored')).toMatchObject({ shardId: 0, guilds: 2 });

    // And it keeps working: the caches rebuilt by REST serve a new message, and /healthz shows the resume.
    f.dispatch('MESSAGE_CREATE', f.guildMessage({ content: PASTES[1], channelId: '1300000000000000002' }));
    await until(() => replies().length === 2 + missed.length, 'a reply after the resume');
    const report = healthReport({ engines: second.services.engines, metrics: second.services.metrics, adapters: () => [second.handle] });
    expect(report.ready).toBe(true);
    expect(report.adapters.discord?.shards).toMatchObject([{ id: 0, connected: true, status: 'Ready', resumes: 1 }]);
    expect(await second.services.metrics.registry.metrics()).toContain('errcode_discord_shard_resumes_total{shard="0"} 1');
  });

  it('an expired session (op 9) ends in a fresh IDENTIFY, and the adapter keeps working', async () => {
    const f = await startFake();
    const store = new MemoryStateStore();
    const first = await start(store);
    await stop(first.handle);
    f.expireDisconnectedSessions();

    const identifiesBefore = f.gatewayFrames.filter((frame) => frame.op === GatewayOpcodes.Identify).length;
    const second = await start(store);
    expect(f.gatewayFrames.filter((frame) => frame.op === GatewayOpcodes.Resume).length).toBeGreaterThanOrEqual(1);
    expect(f.gatewayFrames.filter((frame) => frame.op === GatewayOpcodes.Identify)).toHaveLength(identifiesBefore + 1);
    f.dispatch('MESSAGE_CREATE', f.guildMessage({ content: PASTES[0] }));
    await until(() => replies().length === 1, 'a reply on the new session');
    await second.handle.idle(10_000);
    // The new session is the one stored now.
    expect(second.handle.sessions.snapshot(0)?.stored).toBeGreaterThan(0);
  });

  it('the stored sequence waits for a message still being answered, so a crash would replay it', async () => {
    const f = await startFake();
    const store = new MemoryStateStore();
    const { handle } = await start(store);
    // The reply is held back: the message is received, not yet answered.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    f.override({ method: 'POST', path: '/channels/:id/messages' }, async () => {
      await held;
      return undefined;
    });
    const before = handle.sessions.snapshot(0)?.stored ?? 0;
    const s = f.dispatch('MESSAGE_CREATE', f.guildMessage({ content: PASTES[0] }));
    f.dispatch('TYPING_START', { channel_id: '1300000000000000001', guild_id: '1200000000000000001', user_id: '1', timestamp: 1 });
    await until(() => f.requestsMatching({ method: 'POST', path: '/channels/:id/messages' }).length === 1, 'the reply to be under way');
    await new Promise((resolve) => setTimeout(resolve, 1200)); // past the 1 s flush of non-message events
    expect(handle.sessions.snapshot(0)?.stored).toBe(Math.max(before, s - 1));
    release();
    await until(() => (handle.sessions.snapshot(0)?.stored ?? 0) >= s + 1, 'the stored sequence to pass the answered message');
  });
});
