/**
 * `npm start` as a real process: the BUILT composition root (dist/adapters/start.js) spawned with a
 * controlled environment (nothing inherited), against the fake Slack and fake Discord running in
 * this test process on 127.0.0.1. Covers start-up refusals (exit 2), the running bot (health,
 * metrics, a real slash command, clean logs), SIGHUP reloads, SIGTERM shutdowns and adapters that
 * cannot log in. Every child is killed after its test; every wait is bounded.
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadSqlite } from '../../src/state/sqlite.js';
import { discordError, type FakeDiscord, startFakeDiscord } from '../fakes/discord-platform.js';
import { type FakeSlack, reply, signedRequest, slashCommand, startFakeSlack } from '../fakes/slack-platform.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENTRY = path.join(ROOT, 'dist', 'adapters', 'start.js');
const BUILT = existsSync(ENTRY);

// Distinctive values, so "never printed" is a plain substring check.
const BOT_TOKEN = 'xoxb-proc-test-bot-token-5d41402abc4b2a76';
const SIGNING_SECRET = 'proc-test-signing-secret-8f14e45fceea167a';
const DISCORD_TOKEN = 'proc-test-discord-token-c9f0f895fb98ab91';
const APP_TOKEN = 'xapp-proc-test-app-token-45c48cce2e2d7fbd';
const SECRETS = [BOT_TOKEN, SIGNING_SECRET, DISCORD_TOKEN, APP_TOKEN];
const BUNDLED_ENTRIES = 466;

/** A custom catalog with one entry per code; `description` tells the versions apart. */
const catalogYaml = (codes: readonly string[], description = 'The dragon ate the token') =>
  [
    'catalog: acme',
    'name: ACME',
    'language: en',
    'source: {document: acme.md, title: ACME}',
    'sections:',
    '  - id: api',
    '    heading: API',
    '    name: API',
    '    tables:',
    '      - field: code',
    '        entries:',
    ...codes.flatMap((code) => [`          - code: "${code}"`, `            description: ${description}`]),
    '',
  ].join('\n');

// ---------------------------------------------------------------------------------------------
// The child process
// ---------------------------------------------------------------------------------------------

type LogLine = Record<string, unknown> & { event?: string };

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

class Bot {
  stdout = '';
  stderr = '';
  exit: Exit | undefined;
  readonly exited: Promise<Exit>;
  private readonly listeners = new Set<() => void>();

  constructor(readonly proc: ChildProcess) {
    proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.notify();
    });
    proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
      this.notify();
    });
    this.exited = new Promise((resolve) => {
      proc.on('close', (code, signal) => {
        this.exit = { code, signal };
        this.notify();
        resolve(this.exit);
      });
    });
  }

  get running(): boolean {
    return this.exit === undefined && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Every complete stdout line, parsed; a line that is not JSON fails the test. */
  logs(): LogLine[] {
    return this.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        try {
          return JSON.parse(line) as LogLine;
        } catch {
          throw new Error(`stdout line is not JSON: ${line.slice(0, 200)}`);
        }
      });
  }

  /** The first log line (in order) matching `match`, once it is written. */
  waitForLog(match: (line: LogLine) => boolean, what: string, timeoutMs = 30_000): Promise<LogLine> {
    return this.waitUntil(() => this.completeLines().find(match), `log line ${what}`, timeoutMs);
  }

  /** Resolves with the exit once the process has ended (bounded). */
  waitForExit(timeoutMs = 30_000): Promise<Exit> {
    return this.waitUntil(() => this.exit, 'the process to exit', timeoutMs);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.proc.kill(signal);
  }

  describe(): string {
    return `exit=${JSON.stringify(this.exit ?? null)}\n--- stderr ---\n${this.stderr.slice(-2000)}\n--- stdout ---\n${this.stdout.slice(-4000)}`;
  }

  private completeLines(): LogLine[] {
    const end = this.stdout.lastIndexOf('\n');
    if (end < 0) return [];
    const out: LogLine[] = [];
    for (const line of this.stdout.slice(0, end).split('\n')) {
      try {
        out.push(JSON.parse(line) as LogLine);
      } catch {
        // logs() reports non-JSON lines; waits just skip them
      }
    }
    return out;
  }

  private waitUntil<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined) return false;
        done();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.describe()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = () => void check();
      this.listeners.add(listener);
      check();
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

const bots: Bot[] = [];
const cleanups: Array<() => unknown> = [];

/**
 * An empty working directory for children: `npm start` reads `.env` from its working directory, and a
 * developer's own `.env` in the checkout must not leak into these tests.
 */
const EMPTY_CWD = mkdtempSync(path.join(tmpdir(), 'errcode-cwd-'));
afterAll(() => rmSync(EMPTY_CWD, { recursive: true, force: true }));

/**
 * `npm start` (same node flags) with exactly `env`: nothing is inherited from the test process. `cwd`
 * is where it looks for `.env` (default: an empty directory).
 */
function startBot(env: Record<string, string>, options: { cwd?: string; entry?: string } = {}): Bot {
  const proc = spawn(process.execPath, ['--enable-source-maps', options.entry ?? ENTRY], {
    cwd: options.cwd ?? EMPTY_CWD,
    env: { LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bot = new Bot(proc);
  bots.push(bot);
  return bot;
}

afterEach(async () => {
  for (const bot of bots.splice(0)) {
    if (bot.running) bot.proc.kill('SIGKILL');
    await bot.waitForExit(5000).catch(() => undefined);
  }
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** A port that was free a moment ago (the child must be told its port before it starts). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

async function fakeSlack(): Promise<FakeSlack> {
  const fake = await startFakeSlack({ botToken: BOT_TOKEN });
  cleanups.push(() => fake.close());
  return fake;
}

async function fakeDiscord(): Promise<FakeDiscord> {
  const fake = await startFakeDiscord();
  cleanups.push(() => fake.close());
  return fake;
}

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'errcode-start-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const slackEnv = (fake: FakeSlack, port: number): Record<string, string> => ({
  SLACK_BOT_TOKEN: BOT_TOKEN,
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
  SLACK_API_URL: fake.apiUrl,
  PORT: String(port),
});

const discordEnv = (fake: FakeDiscord): Record<string, string> => ({
  DISCORD_TOKEN: DISCORD_TOKEN,
  DISCORD_API_URL: fake.apiUrl,
});

interface Health {
  live: boolean;
  ready: boolean;
  degraded: boolean;
  catalogs: { loaded: number; entries: number };
  adapters: Record<string, { connected: boolean; degraded?: string[] }>;
}

async function get(url: string): Promise<{ status: number; contentType: string; text: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** Polls GET /healthz until it answers 200 (bounded); fails early if the process exits. */
async function waitReady(bot: Bot, port: number, timeoutMs = 60_000): Promise<Health> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (!bot.running) throw new Error(`the process exited before /healthz was ready\n${bot.describe()}`);
    try {
      const res = await get(`http://127.0.0.1:${port}/healthz`);
      last = `${res.status} ${res.text}`;
      if (res.status === 200) return JSON.parse(res.text) as Health;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`/healthz on port ${port} not ready within ${timeoutMs} ms (last: ${last})\n${bot.describe()}`);
}

async function health(port: number): Promise<Health> {
  return JSON.parse((await get(`http://127.0.0.1:${port}/healthz`)).text) as Health;
}

/** `/errcode <text>` signed as Slack would; resolves with what the bot posted to the response_url. */
async function slashCommandReply(fake: FakeSlack, port: number, text: string): Promise<string> {
  const id = randomUUID();
  const cmd = slashCommand({ text, response_url: fake.responseUrl(id), locale: 'en-US' });
  const res = await signedRequest(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, cmd);
  expect(res.status).toBe(200);
  return JSON.stringify((await fake.waitForResponsePost(id, { timeoutMs: 30_000 })).body);
}

function expectNoSecrets(bot: Bot): void {
  for (const secret of SECRETS) {
    expect(bot.stdout, 'a secret in stdout').not.toContain(secret);
    expect(bot.stderr, 'a secret in stderr').not.toContain(secret);
  }
}

const events = (bot: Bot, event: string) => bot.logs().filter((line) => line.event === event);

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe.skipIf(!BUILT)(`npm start as a child process (skipped when ${path.relative(ROOT, ENTRY)} is missing: run npm run build)`, () => {
  describe('refuses to start', () => {
    it('exits 2 without platform credentials, saying what to set', async () => {
      const bot = startBot({});
      expect(await bot.waitForExit(), bot.describe()).toEqual({ code: 2, signal: null });
      expect(bot.stderr).toContain('no platform credentials are set');
      for (const variable of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN', '.env.example']) {
        expect(bot.stderr).toContain(variable);
      }
      expect(bot.stdout).toBe('');
    });

    it('exits 2 on a malformed setting with one line naming the variable, never echoing the value', async () => {
      const badToken = 'xoxp-user-token-must-not-leak-1234567890';
      const cases: Array<{ env: Record<string, string>; variable: string; value: string }> = [
        { env: { PORT: 'eighty', DISCORD_TOKEN }, variable: 'PORT', value: 'eighty' },
        { env: { SLACK_BOT_TOKEN: badToken, SLACK_SIGNING_SECRET: SIGNING_SECRET }, variable: 'SLACK_BOT_TOKEN', value: badToken },
        { env: { SLACK_SIGNING_SECRET: SIGNING_SECRET }, variable: 'SLACK_BOT_TOKEN', value: SIGNING_SECRET },
        { env: { SLACK_BOT_TOKEN: BOT_TOKEN }, variable: 'SLACK_APP_TOKEN', value: BOT_TOKEN },
        { env: { METRICS_PORT: '70000', DISCORD_TOKEN }, variable: 'METRICS_PORT', value: '70000' },
        { env: { DISCORD_API_URL: 'not a url', DISCORD_TOKEN }, variable: 'DISCORD_API_URL', value: 'not a url' },
      ];
      const runs = cases.map((c) => ({ ...c, bot: startBot(c.env) }));
      for (const { bot, variable, value } of runs) {
        expect(await bot.waitForExit(), bot.describe()).toEqual({ code: 2, signal: null });
        const lines = bot.stderr.trimEnd().split('\n');
        expect(lines, bot.stderr).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^errcode: configuration: ${variable}: \\S`));
        expect(bot.stderr).not.toContain(value);
        expect(bot.stdout).toBe('');
        expectNoSecrets(bot);
      }
    });

    it('exits 2 on an invalid custom catalog with file:line: reason, before connecting anywhere', async () => {
      const discord = await fakeDiscord();
      const dir = tempDir();
      const file = path.join(dir, 'acme.yaml');
      writeFileSync(file, catalogYaml(['not-a-code']));
      const missing = path.join(dir, 'no-such-dir');

      const bad = startBot({ ...discordEnv(discord), ERRCODE_CATALOGS: dir });
      const absent = startBot({ ...discordEnv(discord), ERRCODE_CATALOGS: missing });
      expect(await bad.waitForExit(), bad.describe()).toEqual({ code: 2, signal: null });
      expect(bad.stderr).toContain('errcode: invalid catalog:');
      expect(bad.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:[1-9]\\d*: \\S`));
      expect(await absent.waitForExit(), absent.describe()).toEqual({ code: 2, signal: null });
      expect(absent.stderr).toContain(`${missing}:0: no such file or directory`);
      // The catalogs are checked before any adapter starts.
      expect(discord.requests).toHaveLength(0);
      expectNoSecrets(bad);
    });
  });

  describe('running', () => {
    it('serves Slack (HTTP mode) and Discord: ready /healthz, Prometheus /metrics, a slash command; JSON logs without secrets', async () => {
      const [slack, discord, port] = await Promise.all([fakeSlack(), fakeDiscord(), freePort()]);
      const bot = startBot({ ...slackEnv(slack, port), ...discordEnv(discord) });

      const ready = await waitReady(bot, port);
      expect(ready).toEqual({
        live: true,
        ready: true,
        degraded: false,
        reasons: [],
        catalogs: { loaded: 4, entries: BUNDLED_ENTRIES },
        adapters: {
          slack: { connected: true },
          discord: { connected: true, shards: [expect.objectContaining({ id: 0, connected: true, status: 'Ready', resumes: 0 })] },
        },
        // SQLite by default; memory on Node 20, where node:sqlite does not exist.
        state: { backend: (await loadSqlite()) ? 'sqlite' : 'memory', ok: true },
      });
      expect(JSON.parse((await get(`http://127.0.0.1:${port}/livez`)).text)).toEqual({ live: true });

      const metrics = await get(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(metrics.text).toContain('# TYPE errcode_adapter_connected gauge');
      expect(metrics.text).toContain('errcode_adapter_connected{platform="slack"} 1');
      expect(metrics.text).toContain('errcode_adapter_connected{platform="discord"} 1');
      expect(metrics.text).toContain('process_cpu_user_seconds_total');

      // The adapters used the fakes, with the configured tokens.
      expect(slack.callsTo('auth.test')[0]?.token).toBe(BOT_TOKEN);
      expect((await discord.waitForIdentify()).token).toBe(DISCORD_TOKEN);

      // A signed slash command reaches the bot; its answer arrives at the response_url.
      const answer = await slashCommandReply(slack, port, '100014');
      expect(answer).toContain('100014');
      expect(answer).toContain('access token is expired');
      // A Discord slash command is answered too.
      const interaction = discord.slashCommand({ name: 'errcode', options: { query: '100014' } });
      discord.dispatch('INTERACTION_CREATE', interaction);
      const callback = await discord.waitForRequest(
        { method: 'POST', path: `/interactions/${interaction.id}/:token/callback` },
        { timeoutMs: 30_000 },
      );
      expect(JSON.stringify(callback.body)).toContain('access token is expired');
      const queries = await bot.waitForLog((l) => l.event === 'query' && l.platform === 'discord', 'query (discord)');
      expect(queries).toMatchObject({ outcome: 'found', code: '100014' });
      expect(await bot.waitForLog((l) => l.event === 'query' && l.platform === 'slack', 'query (slack)')).toMatchObject({
        outcome: 'found',
        code: '100014',
      });

      const logs = bot.logs(); // throws on any non-JSON stdout line
      expect(logs.length).toBeGreaterThan(3);
      for (const line of logs) expect(line).toMatchObject({ service: 'errcode', level: expect.any(Number), time: expect.any(String) });
      expect(await bot.waitForLog((l) => l.event === 'started', 'started')).toMatchObject({
        adapters: ['slack', 'discord'],
        entries: BUNDLED_ENTRIES,
      });
      expect(events(bot, 'health_server')).toEqual([]); // shares Slack's port
      expectNoSecrets(bot);
      expect(bot.running).toBe(true);
    });

    it('serves /healthz and /metrics on METRICS_PORT instead of Slack’s port when it is set', async () => {
      const [slack, port, metricsPort] = await Promise.all([fakeSlack(), freePort(), freePort()]);
      const bot = startBot({ ...slackEnv(slack, port), METRICS_PORT: String(metricsPort) });

      expect(await waitReady(bot, metricsPort)).toMatchObject({ ready: true, adapters: { slack: { connected: true } } });
      expect((await get(`http://127.0.0.1:${metricsPort}/metrics`)).text).toContain('errcode_adapter_connected{platform="slack"} 1');
      expect(await bot.waitForLog((l) => l.event === 'health_server', 'health_server')).toMatchObject({ port: metricsPort });
      // Slack's port serves Slack only.
      expect((await get(`http://127.0.0.1:${port}/healthz`)).status).toBe(404);
      expect(await slashCommandReply(slack, port, '100014')).toContain('100014');
    });
  });

  describe('configured from .env, as the README says', () => {
    it('starts from .env in the working directory; a variable set in the environment wins over the file', async () => {
      const [slack, discord, port] = await Promise.all([fakeSlack(), fakeDiscord(), freePort()]);
      const dir = tempDir();
      writeFileSync(
        path.join(dir, '.env'),
        [
          '# errcode settings (see .env.example)',
          `SLACK_BOT_TOKEN=${BOT_TOKEN}`,
          `SLACK_SIGNING_SECRET="${SIGNING_SECRET}"`,
          `SLACK_API_URL=${slack.apiUrl}`,
          `PORT=${port}`,
          `DISCORD_TOKEN=${DISCORD_TOKEN}`,
          // Overridden by the environment below: were the file to win, Discord would never connect.
          'DISCORD_API_URL=http://127.0.0.1:9/api',
          '',
        ].join('\n'),
      );
      const bot = startBot({ DISCORD_API_URL: discord.apiUrl }, { cwd: dir });
      expect(await waitReady(bot, port)).toMatchObject({
        ready: true,
        adapters: { slack: { connected: true }, discord: { connected: true } },
      });
      expect(await slashCommandReply(slack, port, '100014')).toContain('access token is expired');
      expect((await discord.waitForIdentify()).token).toBe(DISCORD_TOKEN);
      expectNoSecrets(bot);
    });

    it('without .env and without credentials still exits 2 with what to set', async () => {
      const bot = startBot({}, { cwd: tempDir() });
      expect(await bot.waitForExit(), bot.describe()).toEqual({ code: 2, signal: null });
      expect(bot.stderr).toContain('no platform credentials are set');
    });

    it('a .env that is not a regular file exits 2 naming it', async () => {
      const dir = tempDir();
      mkdirSync(path.join(dir, '.env'));
      const bot = startBot({}, { cwd: dir });
      expect(await bot.waitForExit(), bot.describe()).toEqual({ code: 2, signal: null });
      expect(bot.stderr.trim()).toBe(`errcode: ${path.join(dir, '.env')}: not a regular file`);
    });

    it('npm run discord:register reads .env too', async () => {
      const discord = await fakeDiscord();
      const dir = tempDir();
      writeFileSync(
        path.join(dir, '.env'),
        `DISCORD_TOKEN=${DISCORD_TOKEN}\nDISCORD_APP_ID=${discord.ids.application}\nDISCORD_GUILD_ID=${discord.ids.guild}\nDISCORD_API_URL=${discord.apiUrl}\n`,
      );
      const bot = startBot({}, { cwd: dir, entry: path.join(ROOT, 'dist', 'adapters', 'discord', 'register.js') });
      expect(await bot.waitForExit(), bot.describe()).toEqual({ code: 0, signal: null });
      expect(bot.stdout).toContain(`to guild ${discord.ids.guild}`);
      expect(discord.commands.get(discord.ids.guild)).toHaveLength(2);
      expectNoSecrets(bot);
    });
  });

  describe('Discord without the Message Content intent', () => {
    it('warns once, reconnects without it, answers /errcode 100014, and /healthz shows the degraded state', async () => {
      const [discord, port] = await Promise.all([startFakeDiscord({ messageContentGranted: false }), freePort()]);
      cleanups.push(() => discord.close());
      const bot = startBot({ ...discordEnv(discord), PORT: String(port) });

      const ready = await waitReady(bot, port);
      expect(ready).toMatchObject({
        ready: true,
        degraded: true,
        adapters: { discord: { connected: true, degraded: ['message-content-intent'] } },
      });
      const warnings = events(bot, 'discord_intent_missing');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 40, intent: 'MessageContent', code: 4014 });
      expect(String(warnings[0]?.msg)).toContain('Message Content Intent');

      const interaction = discord.slashCommand({ name: 'errcode', options: { query: '100014' } });
      discord.dispatch('INTERACTION_CREATE', interaction);
      const callback = await discord.waitForRequest(
        { method: 'POST', path: `/interactions/${interaction.id}/:token/callback` },
        { timeoutMs: 30_000 },
      );
      expect(JSON.stringify(callback.body)).toContain('access token is expired');
      expect(events(bot, 'adapter_failed')).toEqual([]);
      expectNoSecrets(bot);
    });
  });

  describe('while an adapter is still logging in', () => {
    /**
     * Discord answers GET /gateway/bot only once the returned function is called: its login is held
     * open for as long as the test needs (a fixed delay would race a slow machine), Slack's is not.
     */
    function holdDiscordLogin(discord: FakeDiscord): () => void {
      const gatewayBot = {
        url: discord.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      };
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      discord.override(
        { method: 'GET', path: '/gateway/bot' },
        async () => {
          await released;
          return { body: gatewayBot };
        },
        { times: 1 },
      );
      cleanups.push(release);
      return release;
    }

    it('/healthz is not ready yet, and SIGHUP reloads the catalogs instead of killing the process', async () => {
      const [slack, discord, port] = await Promise.all([fakeSlack(), fakeDiscord(), freePort()]);
      const dir = tempDir();
      writeFileSync(path.join(dir, 'acme.yaml'), catalogYaml(['987654']));
      const releaseDiscord = holdDiscordLogin(discord);
      const bot = startBot({ ...slackEnv(slack, port), ...discordEnv(discord), ERRCODE_CATALOGS: dir });

      await bot.waitForLog((l) => l.event === 'adapter_started' && l.platform === 'slack', 'adapter_started (slack)');
      const early = await get(`http://127.0.0.1:${port}/healthz`);
      expect(early.status).toBe(503);
      expect(JSON.parse(early.text)).toMatchObject({ ready: false, adapters: { slack: { connected: true } } });

      writeFileSync(path.join(dir, 'acme.yaml'), catalogYaml(['987655', '987656']));
      bot.signal('SIGHUP');
      await bot.waitForLog((l) => l.event === 'catalog_reload', 'catalog_reload');
      expect(events(bot, 'started'), 'the reload came before start-up finished').toEqual([]);
      expect(events(bot, 'catalog_reload')[0]).toMatchObject({ trigger: 'SIGHUP', outcome: 'swapped', entries: BUNDLED_ENTRIES + 2 });

      releaseDiscord();
      expect(await waitReady(bot, port)).toMatchObject({
        ready: true,
        catalogs: { entries: BUNDLED_ENTRIES + 2 },
        adapters: { slack: { connected: true }, discord: { connected: true } },
      });
      expect(bot.running).toBe(true);
    });

    it('SIGTERM stops what has started and exits 0', async () => {
      const [slack, discord, port] = await Promise.all([fakeSlack(), fakeDiscord(), freePort()]);
      holdDiscordLogin(discord);
      const bot = startBot({ ...slackEnv(slack, port), ...discordEnv(discord) });

      await bot.waitForLog((l) => l.event === 'adapter_started' && l.platform === 'slack', 'adapter_started (slack)');
      bot.signal('SIGTERM');
      expect(await bot.waitForExit(), bot.describe()).toEqual({ code: 0, signal: null });
      expect(events(bot, 'slack_stopped')).toHaveLength(1);
      expect(events(bot, 'shutdown_done')).toHaveLength(1);
      expect(events(bot, 'started')).toEqual([]);
    });
  });

  describe('SIGHUP', () => {
    it('keeps the old catalogs when the new ones are invalid, swaps them in once fixed', async () => {
      const [slack, port] = await Promise.all([fakeSlack(), freePort()]);
      const dir = tempDir();
      const file = path.join(dir, 'acme.yaml');
      writeFileSync(file, catalogYaml(['987654']));
      const bot = startBot({ ...slackEnv(slack, port), ERRCODE_CATALOGS: dir });
      expect((await waitReady(bot, port)).catalogs).toEqual({ loaded: 5, entries: BUNDLED_ENTRIES + 1 });
      expect(await slashCommandReply(slack, port, '987654')).toContain('The dragon ate the token');

      writeFileSync(file, catalogYaml(['not-a-code']));
      bot.signal('SIGHUP');
      const kept = await bot.waitForLog((l) => l.event === 'catalog_reload', 'catalog_reload (kept_old)');
      expect(kept).toMatchObject({ trigger: 'SIGHUP', outcome: 'kept_old', reason: expect.stringMatching(/acme\.yaml:[1-9]\d*: \S/) });
      expect(bot.running).toBe(true);
      expect((await health(port)).catalogs.entries).toBe(BUNDLED_ENTRIES + 1);
      expect(await slashCommandReply(slack, port, '987654')).toContain('The dragon ate the token');

      writeFileSync(file, catalogYaml(['987655', '987656'], 'The griffin took the key'));
      bot.signal('SIGHUP');
      const swapped = await bot.waitForLog((l) => l.event === 'catalog_reload' && l.outcome === 'swapped', 'catalog_reload (swapped)');
      expect(swapped).toMatchObject({ trigger: 'SIGHUP', entries: BUNDLED_ENTRIES + 2 });
      expect((await health(port)).catalogs.entries).toBe(BUNDLED_ENTRIES + 2);
      expect(await slashCommandReply(slack, port, '987656')).toContain('The griffin took the key');
      expect(bot.running).toBe(true);
    });
  });

  describe('catalog files that are not regular files', () => {
    it('a FIFO named *.yaml stops start-up with a clear message instead of hanging it', async () => {
      const dir = tempDir();
      execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
      const [slack, port] = await Promise.all([fakeSlack(), freePort()]);
      const bot = startBot({ ...slackEnv(slack, port), ERRCODE_CATALOGS: dir, ERRCODE_CACHE_DIR: tempDir() });
      expect(await bot.waitForExit(), bot.describe()).toEqual({ code: 2, signal: null });
      expect(bot.stderr).toContain('pipe.yaml:0: not a regular file; refused');
    });

    it('a FIFO appearing before SIGHUP is refused by the reload, which keeps the old catalogs; /livez answers meanwhile', async () => {
      const [slack, port] = await Promise.all([fakeSlack(), freePort()]);
      const dir = tempDir();
      writeFileSync(path.join(dir, 'acme.yaml'), catalogYaml(['987654']));
      const bot = startBot({ ...slackEnv(slack, port), ERRCODE_CATALOGS: dir, ERRCODE_CACHE_DIR: tempDir() });
      await waitReady(bot, port);
      execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
      bot.signal('SIGHUP');
      expect((await get(`http://127.0.0.1:${port}/livez`)).status).toBe(200);
      const kept = await bot.waitForLog((l) => l.event === 'catalog_reload', 'catalog_reload (kept_old)');
      expect(kept).toMatchObject({
        trigger: 'SIGHUP',
        outcome: 'kept_old',
        reason: expect.stringContaining('pipe.yaml:0: not a regular file'),
      });
      expect((await health(port)).catalogs.entries).toBe(BUNDLED_ENTRIES + 1);
      expect(await slashCommandReply(slack, port, '987654')).toContain('The dragon ate the token');
    });
  });

  describe('SIGTERM', () => {
    it('stops every adapter and exits 0 within 10 s', async () => {
      const [slack, discord, port] = await Promise.all([fakeSlack(), fakeDiscord(), freePort()]);
      const bot = startBot({ ...slackEnv(slack, port), ...discordEnv(discord) });
      await waitReady(bot, port);

      const started = Date.now();
      bot.signal('SIGTERM');
      expect(await bot.waitForExit(10_000), bot.describe()).toEqual({ code: 0, signal: null });
      expect(Date.now() - started).toBeLessThan(10_000);
      // The adapters stop together (one grace period for both), so their two lines come in either
      // order; ordered by the time each was logged, both fall between the start and the end.
      const order = bot
        .logs()
        .filter((l) => ['shutdown', 'slack_stopped', 'discord_stopped', 'shutdown_done'].includes(l.event ?? ''))
        .sort((a, b) => String(a.time).localeCompare(String(b.time)))
        .map((l) => l.event);
      expect([order[0], order[3]], bot.stdout).toEqual(['shutdown', 'shutdown_done']);
      expect(order.slice(1, 3).sort(), bot.stdout).toEqual(['discord_stopped', 'slack_stopped']);
      expect(events(bot, 'shutdown')[0]).toMatchObject({ signal: 'SIGTERM' });
      expect(events(bot, 'shutdown_step_failed')).toEqual([]);
      expectNoSecrets(bot);
    });

    it('a second signal during a slow shutdown (a reply stuck on a hanging response_url) exits at once with 1', async () => {
      const [slack, port] = await Promise.all([fakeSlack(), freePort()]);
      const bot = startBot(slackEnv(slack, port));
      await waitReady(bot, port);

      slack.setResponseUrlBehavior('stuck', { hang: true });
      const cmd = slashCommand({ text: '100014', response_url: slack.responseUrl('stuck'), locale: 'en-US' });
      expect((await signedRequest(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, cmd)).status).toBe(200);
      await slack.waitForResponsePost('stuck', { timeoutMs: 30_000 }); // the reply is now in flight, and hangs

      bot.signal('SIGTERM');
      await bot.waitForLog((l) => l.event === 'shutdown', 'shutdown');
      // Shutdown waits for the in-flight reply (bounded by the response_url timeout): still running.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(bot.running, bot.describe()).toBe(true);

      bot.signal('SIGTERM');
      // Forced, not finished: a shutdown that waited the hanging reply out (its 5 s timeout) would
      // exit 0 with shutdown_done logged. No clock here: a busy machine delays either exit alike.
      expect(await bot.waitForExit(10_000), bot.describe()).toEqual({ code: 1, signal: null });
      expect(events(bot, 'shutdown_forced')[0]).toMatchObject({ signal: 'SIGTERM' });
      expect(events(bot, 'shutdown_done')).toEqual([]);
    });
  });

  describe('Socket Mode lifecycle', () => {
    const socketEnv = (fake: FakeSlack, metricsPort: number): Record<string, string> => ({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: fake.apiUrl,
      METRICS_PORT: String(metricsPort),
    });

    it('invalid_auth on a reconnect ends the process with exit 1 and one clear error line', async () => {
      const [slack, port] = await Promise.all([fakeSlack(), freePort()]);
      const bot = startBot(socketEnv(slack, port));
      await waitReady(bot, port);
      slack.setApiResponse('apps.connections.open', reply.error('invalid_auth'));
      slack.dropSocket('terminate');
      expect(await bot.waitForExit(10_000), bot.describe()).toEqual({ code: 1, signal: null });
      const errors = bot.logs().filter((line) => Number(line.level) >= 50);
      expect(errors.map((line) => line.event)).toEqual(['slack_fatal']);
      expect(String(errors[0]?.msg)).toContain('invalid_auth');
      expect(bot.stderr).toContain('slack adapter stopped for good (invalid_auth)');
      expectNoSecrets(bot);
    });

    it('a hung apps.connections.open does not hold Discord back; Slack joins once its open times out', async () => {
      const [slack, discord, port] = await Promise.all([fakeSlack(), fakeDiscord(), freePort()]);
      slack.queueApiResponse('apps.connections.open', { hang: true });
      const bot = startBot({ ...socketEnv(slack, port), ...discordEnv(discord) });
      // Ceilings for a busy machine: what is asserted is the order (Discord up while Slack's open still
      // hangs), not how long a start takes.
      await bot.waitForLog((l) => l.event === 'adapter_started' && l.platform === 'discord', 'adapter_started (discord)', 30_000);
      expect(events(bot, 'adapter_started').map((l) => l.platform)).toEqual(['discord']);
      const early = await health(port);
      expect(early).toMatchObject({ ready: false });
      // The open's 10 s timeout, a second of backoff, then the next open works.
      const failed = await bot.waitForLog((l) => l.event === 'slack_connect_failed', 'slack_connect_failed', 30_000);
      expect(failed).toMatchObject({ reason: 'start', attempt: 1 });
      expect(await waitReady(bot, port, 30_000)).toMatchObject({
        adapters: { slack: { connected: true }, discord: { connected: true } },
      });
      expectNoSecrets(bot);
    });
  });

  describe('an adapter that cannot log in', () => {
    it('Slack rejects the token (invalid_auth): keeps running with Discord, and /healthz says so', async () => {
      const [slack, discord, port] = await Promise.all([fakeSlack(), fakeDiscord(), freePort()]);
      slack.setApiResponse('auth.test', reply.error('invalid_auth'));
      const bot = startBot({ ...slackEnv(slack, port), ...discordEnv(discord) });

      // No METRICS_PORT: health would have shared Slack's port, which never opened.
      const ready = await waitReady(bot, port);
      expect(ready).toMatchObject({ ready: true, adapters: { discord: { connected: true } } });
      expect(ready.adapters.slack).toBeUndefined();
      expect(await bot.waitForLog((l) => l.event === 'adapter_failed', 'adapter_failed')).toMatchObject({
        platform: 'slack',
        reason: expect.stringContaining('invalid_auth'),
      });
      expect(await bot.waitForLog((l) => l.event === 'started', 'started')).toMatchObject({ adapters: ['discord'] });
      expect(bot.running).toBe(true);
      expectNoSecrets(bot);
    });

    it('Discord rejects the token (401): keeps running with Slack, and /healthz says so', async () => {
      const [slack, discord, port] = await Promise.all([fakeSlack(), fakeDiscord(), freePort()]);
      discord.override({ path: '/gateway/bot' }, discordError(401, 0, '401: Unauthorized'));
      const bot = startBot({ ...slackEnv(slack, port), ...discordEnv(discord) });

      const ready = await waitReady(bot, port);
      expect(ready).toMatchObject({ ready: true, adapters: { slack: { connected: true } } });
      expect(ready.adapters.discord).toBeUndefined();
      expect(await bot.waitForLog((l) => l.event === 'adapter_failed', 'adapter_failed')).toMatchObject({ platform: 'discord' });
      expect(await slashCommandReply(slack, port, '100014')).toContain('100014');
      expect(bot.running).toBe(true);
      expectNoSecrets(bot);
    });

    it('exits 1 when every adapter fails', async () => {
      const [slack, discord, port] = await Promise.all([fakeSlack(), fakeDiscord(), freePort()]);
      slack.setApiResponse('auth.test', reply.error('invalid_auth'));
      discord.override({ path: '/gateway/bot' }, discordError(401, 0, '401: Unauthorized'));
      const bot = startBot({ ...slackEnv(slack, port), ...discordEnv(discord) });

      expect(await bot.waitForExit(), bot.describe()).toEqual({ code: 1, signal: null });
      expect(bot.stderr).toContain('no adapter could start');
      // Both were tried, side by side: the order of the two lines is not fixed.
      expect(
        events(bot, 'adapter_failed')
          .map((l) => l.platform)
          .sort(),
      ).toEqual(['discord', 'slack']);
      expectNoSecrets(bot);
    });
  });
});
