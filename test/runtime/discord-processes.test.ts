/**
 * The Discord side of `npm start` as real processes (the BUILT dist/adapters/start.js) against the
 * fake Discord in this test process:
 * - kill -9 while messages keep arriving, restart within the resume window: the new process
 *   RESUMEs (no IDENTIFY) and answers every message sent while it was down, and the one it was in
 *   the middle of, each exactly once. The store must outlive the process: Redis (a real
 *   redis-server; skipped locally without it, failing under CI) and SQLite (where the runtime has
 *   node:sqlite: Node 22.13+ and 24; skipped on Node 20);
 * - an expired session: the restart identifies afresh and keeps working;
 * - two processes running shards 0 and 1 of 2 each get only their guilds' events;
 * - a malformed DISCORD_SHARDS stops start-up.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewayOpcodes } from 'discord.js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadSqlite } from '../../src/state/sqlite.js';
import { type FakeDiscord, type FakeGuildConfig, startFakeDiscord } from '../fakes/discord-platform.js';
import { freePort, REDIS_MISSING, type RedisServer, startRedisServer } from '../fakes/redis-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = path.join(ROOT, 'dist', 'adapters', 'start.js');
const TOKEN = 'proc-test-discord-token-6512bd43d9caa6e0';
const PASTE = '{"code":6004,"data":"get player info fail"}';
const IN_CI = /^(1|true)$/i.test(process.env.CI ?? '');
const SQLITE_MISSING = (await loadSqlite())
  ? undefined
  : `node:sqlite is not in Node ${process.versions.node}: the SQLite restart test is skipped (it runs on Node 24)`;

const GUILDS: FakeGuildConfig[] = [
  { id: '1200000000000000001', channels: [{ id: '1300000000000000001' }, { id: '1300000000000000002' }] },
  { id: '1200000000004194305', channels: [{ id: '1300000000000000003' }] },
];
const CHANNELS = GUILDS.flatMap((g) => (g.channels ?? []).map((c) => c.id));

// ---------------------------------------------------------------------------------------------
// The child process
// ---------------------------------------------------------------------------------------------

type LogLine = Record<string, unknown> & { event?: string };

class Bot {
  stdout = '';
  stderr = '';
  exitCode: number | null | undefined;
  readonly exited: Promise<void>;

  constructor(
    readonly proc: ChildProcess,
    readonly healthPort: number,
  ) {
    proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) =>
      proc.on('close', (code) => {
        this.exitCode = code;
        resolve();
      }),
    );
  }

  logs(): LogLine[] {
    return this.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as LogLine];
        } catch {
          return [];
        }
      });
  }

  async health(): Promise<{ status: number; body: { adapters?: { discord?: { shards?: Array<Record<string, unknown>> } } } } | undefined> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.healthPort}/healthz`, { signal: AbortSignal.timeout(2000) });
      return { status: response.status, body: (await response.json()) as never };
    } catch {
      return undefined;
    }
  }

  describe(): string {
    return `exit=${this.exitCode}\n--- stderr ---\n${this.stderr.slice(-2000)}\n--- stdout ---\n${this.stdout.slice(-3000)}`;
  }
}

const bots: Bot[] = [];
const cleanups: Array<() => unknown> = [];
const EMPTY_CWD = mkdtempSync(path.join(tmpdir(), 'errcode-cwd-'));
afterAll(() => rmSync(EMPTY_CWD, { recursive: true, force: true }));
afterEach(async () => {
  for (const bot of bots.splice(0)) {
    if (bot.exitCode === undefined) bot.proc.kill('SIGKILL');
    await bot.exited;
  }
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startBot(fake: FakeDiscord, env: Record<string, string>): Promise<Bot> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--enable-source-maps', ENTRY], {
    cwd: EMPTY_CWD,
    env: {
      LOG_LEVEL: 'info',
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: fake.apiUrl,
      METRICS_PORT: String(port),
      // Every paste its own answer: no cooldown, no channel cap in the way of counting.
      AUTO_REPLY_COOLDOWN_SECONDS: '0',
      AUTO_REPLY_MAX_PER_CHANNEL_PER_MINUTE: '1000',
      ATTACHMENT_TIMEOUT_MS: '30000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bot = new Bot(proc, port);
  bots.push(bot);
  // A budget, not a speed check: at load ~10 a start-up (module load, the serving engine's build, the
  // gateway's identify) was seen to take over 30 s here.
  await until(async () => (await bot.health())?.status === 200, 'the bot to be ready', 60_000, bot);
  return bot;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number, bot?: Bot): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (bot && bot.exitCode !== undefined) throw new Error(`the bot exited while waiting for ${what}\n${bot.describe()}`);
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${bot?.describe() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const replyTargets = (fake: FakeDiscord) =>
  fake
    .requestsMatching({ method: 'POST', path: '/channels/:id/messages' })
    .map((r) => String((r.body as { message_reference?: { message_id?: string } }).message_reference?.message_id));
const frames = (fake: FakeDiscord, op: number) => fake.gatewayFrames.filter((f) => f.op === op).length;

// ---------------------------------------------------------------------------------------------
// Restart within the resume window, per store that outlives the process
// ---------------------------------------------------------------------------------------------

interface StoreUnderTest {
  readonly name: string;
  readonly missing: string | undefined;
  readonly requiredInCi: boolean;
  open(): Promise<string>;
}

const STORES: StoreUnderTest[] = [
  {
    name: 'Redis',
    missing: REDIS_MISSING,
    requiredInCi: true,
    open: async () => {
      const redis: RedisServer = await startRedisServer();
      cleanups.push(() => redis.stop());
      return redis.url;
    },
  },
  {
    name: 'SQLite',
    missing: SQLITE_MISSING,
    requiredInCi: false,
    open: async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'errcode-discord-state-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return path.join(dir, 'state.sqlite');
    },
  },
];

for (const store of STORES) {
  const skip = store.missing !== undefined && !(IN_CI && store.requiredInCi);
  describe.skipIf(skip)(`Discord restart with the session in ${store.name}${skip ? ` (${store.missing})` : ''}`, () => {
    it('kill -9 mid-burst, restart within the window: RESUME, and every message is answered exactly once', async () => {
      if (store.missing) throw new Error(store.missing);
      const fake = await startFakeDiscord({ guilds: GUILDS, resumeWindowMs: 60_000 });
      cleanups.push(() => fake.close());
      const env = { ERRCODE_STATE: await store.open() };
      const first = await startBot(fake, env);

      const sent: string[] = [];
      const paste = (i: number) => {
        const message = fake.guildMessage({ content: PASTE, channelId: CHANNELS[i % CHANNELS.length] });
        sent.push(message.id);
        return fake.dispatch('MESSAGE_CREATE', message);
      };
      for (let i = 0; i < 8; i += 1) {
        paste(i);
        await sleep(30);
      }
      await until(() => replyTargets(fake).length === 8, 'the first 8 replies', 20_000, first);

      // One message caught in the middle: its attachment is slow to download when the process dies.
      const slow = fake.guildMessage({
        content: '',
        channelId: CHANNELS[0],
        attachments: [{ filename: 'message.txt', content: PASTE, contentType: 'text/plain; charset=utf-8', delayMs: 3000 }],
      });
      sent.push(slow.id);
      const slowSequence = fake.dispatch('MESSAGE_CREATE', slow);
      await fake.waitForAttachmentFetch('message.txt', { timeoutMs: 20_000 });
      // The stored sequence has caught up with everything answered, and stops before the slow one.
      await until(
        async () => (await first.health())?.body.adapters?.discord?.shards?.[0]?.storedSequence === slowSequence - 1,
        'the stored sequence to reach the message in flight',
        20_000,
        first,
      );
      first.proc.kill('SIGKILL');
      await first.exited;

      // Down: the burst goes on.
      for (let i = 0; i < 10; i += 1) {
        paste(i);
        await sleep(30);
      }
      expect(replyTargets(fake)).toHaveLength(8);

      const identifies = frames(fake, GatewayOpcodes.Identify);
      const second = await startBot(fake, env);
      // The message in flight at the kill waits for the dead holder's claim to expire (20 s) first.
      await until(() => replyTargets(fake).length >= sent.length, `${sent.length} replies`, 60_000, second);
      await sleep(500); // a duplicate would come now, if at all
      expect(frames(fake, GatewayOpcodes.Identify), second.describe()).toBe(identifies);
      expect(frames(fake, GatewayOpcodes.Resume)).toBeGreaterThanOrEqual(1);
      expect(replyTargets(fake).sort()).toEqual([...sent].sort());
      expect(second.logs().find((line) => line.event === 'discord_session_restored')).toMatchObject({
        shardId: 0,
        sequence: slowSequence - 1,
      });
      expect((await second.health())?.body.adapters?.discord?.shards?.[0]).toMatchObject({ connected: true, resumes: 1 });
    });

    it('a session expired while down: the restart identifies afresh and keeps answering', async () => {
      if (store.missing) throw new Error(store.missing);
      const fake = await startFakeDiscord({ guilds: GUILDS, resumeWindowMs: 60_000 });
      cleanups.push(() => fake.close());
      const env = { ERRCODE_STATE: await store.open() };
      const first = await startBot(fake, env);
      await until(
        async () => typeof (await first.health())?.body.adapters?.discord?.shards?.[0]?.storedSequence === 'number',
        'the session to be stored',
        20_000,
        first,
      );
      first.proc.kill('SIGKILL');
      await first.exited;
      fake.expireDisconnectedSessions();

      const identifies = frames(fake, GatewayOpcodes.Identify);
      const second = await startBot(fake, env);
      expect(frames(fake, GatewayOpcodes.Resume), second.describe()).toBeGreaterThanOrEqual(1);
      expect(frames(fake, GatewayOpcodes.Identify)).toBe(identifies + 1);
      const message = fake.guildMessage({ content: PASTE });
      fake.dispatch('MESSAGE_CREATE', message);
      await until(() => replyTargets(fake).includes(message.id), 'the reply on the new session', 20_000, second);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Shards in separate processes
// ---------------------------------------------------------------------------------------------

describe.skipIf(REDIS_MISSING !== undefined && !IN_CI)(
  `Two Discord processes on one token and one shard, sharing Redis${REDIS_MISSING ? ` (${REDIS_MISSING})` : ''}`,
  () => {
    it('a double deploy answers like one process: every message is seen by both, answered by one', async () => {
      const redis: RedisServer = await startRedisServer();
      cleanups.push(() => redis.stop());
      const fake = await startFakeDiscord({ guilds: GUILDS });
      cleanups.push(() => fake.close());
      // The cooldown shared through Redis, as a real deploy has it (startBot turns it off by default).
      const env = { ERRCODE_STATE: redis.url, AUTO_REPLY_COOLDOWN_SECONDS: '600' };
      const [a, b] = await Promise.all([startBot(fake, env), startBot(fake, env)]);
      // Four pastes of one code in each channel: one process answers each channel once (cooldown).
      const sent: string[] = [];
      for (let round = 0; round < 4; round += 1) {
        for (const channel of CHANNELS) {
          const message = fake.guildMessage({ content: PASTE, channelId: channel });
          sent.push(message.id);
          fake.dispatch('MESSAGE_CREATE', message);
        }
      }
      await until(() => replyTargets(fake).length >= CHANNELS.length, 'a reply per channel', 20_000);
      // A duplicate would come now, if at all: past the second process's 1 s look at a message it saw held.
      await sleep(2500);
      for (const bot of [a, b]) expect(bot.exitCode, bot.describe()).toBeUndefined();
      const targets = replyTargets(fake);
      expect(targets).toHaveLength(CHANNELS.length);
      expect(new Set(targets).size).toBe(targets.length);
    });
  },
);

describe('Discord shards in separate processes', () => {
  it('processes running shard 0 and shard 1 of 2 each get only their guilds’ events', async () => {
    const fake = await startFakeDiscord({ guilds: GUILDS, shards: 2 });
    cleanups.push(() => fake.close());
    expect(GUILDS.map((g) => fake.shardOf(g.id, 2))).toEqual([1, 0]);
    const [zero, one] = await Promise.all([
      startBot(fake, { ERRCODE_STATE: 'memory', DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '0' }),
      startBot(fake, { ERRCODE_STATE: 'memory', DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: '1' }),
    ]);
    for (const channel of CHANNELS) fake.dispatch('MESSAGE_CREATE', fake.guildMessage({ content: PASTE, channelId: channel }));
    await until(() => replyTargets(fake).length === CHANNELS.length, 'a reply per channel', 20_000);
    const answered = (bot: Bot) =>
      bot
        .logs()
        .filter((l) => l.event === 'auto_reply')
        .map((l) => l.channel)
        .sort();
    await until(() => answered(zero).length + answered(one).length === CHANNELS.length, 'the reply log lines', 10_000);
    expect(answered(zero)).toEqual(['1300000000000000003']);
    expect(answered(one)).toEqual(['1300000000000000001', '1300000000000000002']);
    expect((await zero.health())?.body.adapters?.discord?.shards).toEqual([expect.objectContaining({ id: 0, connected: true })]);
    expect((await one.health())?.body.adapters?.discord?.shards).toEqual([expect.objectContaining({ id: 1, connected: true })]);
  });

  it('a malformed DISCORD_SHARDS stops start-up, naming the variable', async () => {
    const proc = spawn(process.execPath, [ENTRY], {
      cwd: EMPTY_CWD,
      env: { DISCORD_TOKEN: TOKEN, DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '0-2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new Bot(proc, 0);
    bots.push(bot);
    await bot.exited;
    expect(bot.exitCode).toBe(2);
    expect(bot.stderr.trim()).toBe(
      'errcode: configuration: DISCORD_SHARD_IDS: shard 2 does not exist: with 2 shards (DISCORD_SHARDS) the ids run from 0 to 1',
    );
  });
});
