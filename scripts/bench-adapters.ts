/**
 * The adapters' part of `npm run bench`: the real Slack and Discord adapters against the fake
 * platforms on 127.0.0.1 (dist/test/fakes), under bursts of concurrent slash commands, each with
 * a bare-library baseline measured in the same run (rounds interleaved, same fake, same load).
 *   - Slack (HTTP mode): signed `/errcode 100014` POSTs → time to the 200 ack, and to the
 *     respond() POST reaching the fake's response_url. Baseline: a bare Bolt App, same
 *     HTTPReceiver settings, whose command listener acks and then responds with the same card,
 *     rendered once before the run (the same two round trips and bytes, without errcode's work).
 *   - Discord: INTERACTION_CREATE `/errcode query:<code>` on the fake gateway, eight codes in turn
 *     (DISCORD_QUERIES) → time to the interaction callback POST reaching the fake's REST.
 *     Baseline: a bare discord.js Client that replies with each code's card, prerendered. Both
 *     sides get warm-up bursts first (DISCORD_WARMUP_BURSTS: errcode's own code is JIT-compiled
 *     only by its own traffic), and the first and last warm-up bursts' CPU are printed.
 * So ours/baseline is errcode's own per-request cost (lookup, card, render, logs, metrics) against
 * the platform library's; the card's size on the wire is paid by both. On a shared 2-core machine
 * bare against itself varies by up to 1.4x between runs, so the floor is judged on rounds: ours and
 * bare back to back (order swapped every round), a p50 and a p99 ratio per round, the median of
 * those; each round's figures are printed, with bare against itself (even rounds against odd) as
 * the noise. Beside the times, the CPU spent per request in each round: the main thread's (the
 * adapter's or the bare client's event loop, what 100 concurrent requests queue behind) and the
 * whole process's (also the fake platform's worker), which a busy machine disturbs far less.
 * The fakes and the load generator run in a worker thread (this same module), the adapters and
 * baselines on the main thread: as in production, the platform's work is not on the adapter's
 * event loop. Every timing is taken in the worker, where requests leave and replies arrive.
 * Everything is bounded (per-request and per-call timeouts, a time budget per platform) and
 * closed at the end.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { App, HTTPReceiver, type Logger, LogLevel } from '@slack/bolt';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { startDiscord } from '../adapters/discord/index.js';
import { renderReply as renderDiscordReply } from '../adapters/discord/render/messages.js';
import { ephemeralPayload } from '../adapters/discord/reply.js';
import { SLACK_EVENTS_PATH, startSlack } from '../adapters/slack/index.js';
import { renderReply as renderSlackReply } from '../adapters/slack/render/blocks.js';
import { createEngine } from '../src/index.js';
import { Product } from '../src/product/product.js';
import { type FakeDiscord, startFakeDiscord } from '../test/fakes/discord-platform.js';
import { type FakeSlack, reply, signedRequest, slashCommand, startFakeSlack } from '../test/fakes/slack-platform.js';
import { silentServices } from './silent-services.js';

export interface MsPercentiles {
  p50: number;
  p99: number;
  /** Samples measured. */
  n: number;
}

/** A ratio over the rounds: median, lowest, highest. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** One side of one round: its percentiles and the CPU it took per request (µs). */
export interface RoundSide extends MsPercentiles {
  /** The main thread's CPU (adapter or bare client), from /proc; NaN where there is no /proc. */
  mainCpuUs: number;
  /** The whole process's CPU (process.cpuUsage), the fake platform's worker included. */
  processCpuUs: number;
}

/** How far apart ours and bare are, and how far apart bare is from itself (the noise). */
export interface Noise {
  /** ours/bare of each round (ours and bare measured back to back). */
  readonly roundRatios: { p50: Spread; p99: Spread; mainCpu: Spread };
  /** Each round's figures, in the order run (odd rounds ran bare first). */
  readonly rounds: ReadonlyArray<{ ours: RoundSide; bare: RoundSide }>;
  /** Median over the rounds of the CPU per request, µs. */
  readonly cpu: { oursMainUs: number; bareMainUs: number; oursProcessUs: number; bareProcessUs: number };
  /** Bare rounds split in two (even, odd): their pooled p50 and p99 ratio; 1.0 is a quiet machine. */
  readonly bareVsBare: { p50: number; p99: number };
}

export interface WarmupCpu {
  oursMainUs: number;
  bareMainUs: number;
}

export interface AdapterFigures {
  /** os.loadavg()[0] when the adapter bench started and when it ended. */
  load: { start: number; end: number };
  slack: {
    /** For the respond() times (the reply the user sees). */
    noise: Noise;
    ack: MsPercentiles;
    respond: MsPercentiles;
    baselineAck: MsPercentiles;
    /** The bare App's respond() with a fixed text: the platform's floor for the same round trip. */
    baselineRespond: MsPercentiles;
    failures: number;
    baselineFailures: number;
    /** One request at a time (per-request latency, no queueing). */
    sequential: { ack: MsPercentiles; respond: MsPercentiles; baselineAck: MsPercentiles };
  };
  discord: {
    noise: Noise;
    reply: MsPercentiles;
    baseline: MsPercentiles;
    failures: number;
    baselineFailures: number;
    sequential: { reply: MsPercentiles; baseline: MsPercentiles };
    /** The bursts before the rounds: main-thread CPU per request of the first and the last. */
    warmup: { bursts: number; first: WarmupCpu; last: WarmupCpu };
  };
}

const ROUNDS = 10;
const CONCURRENCY = 100;
/** Requests sent one at a time after the concurrent rounds, for ours and for the baseline. */
const SEQUENTIAL = 200;
const QUERY = '100014';
/**
 * Discord's queries, one exact code per request in turn (four catalogs; cards of one to four rows),
 * the same sequence on both sides, each bare reply its own prerendered card: no cache of one
 * query's work can win. Slack asks QUERY.
 */
const DISCORD_QUERIES = ['100014', '6004', '11205', '80200001', '57303', '7005', '502', '-4008'];
/** Discord's measured rounds: ten rounds' median moved by more than the floor between runs. */
const DISCORD_ROUNDS = 30;
/**
 * Bursts each side gets before Discord's measured rounds. Both clients run the same discord.js
 * code, so every burst warms the bare client's whole path, but errcode's own code only on ours:
 * after one burst it is still mostly unoptimised (V8 tiers a function up after thousands of calls;
 * a batch of 100 costs ~4x what it does after ~4000, scripts' tight loop), and the rounds measured
 * the adapter's first minutes of traffic, not its cost per request. The warm-up's first and last
 * bursts are printed beside the rounds (the cold start, not hidden).
 */
const DISCORD_WARMUP_BURSTS = 30;
/** BENCH_DISCORD_ROUNDS / BENCH_DISCORD_WARMUP: fewer while iterating (npm run bench uses the defaults). */
const discordSettings = {
  rounds: Number(process.env.BENCH_DISCORD_ROUNDS ?? DISCORD_ROUNDS),
  warmupBursts: Number(process.env.BENCH_DISCORD_WARMUP ?? DISCORD_WARMUP_BURSTS),
};
/** Per request: a reply later than this counts as a failure. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Per call to the worker (a whole round at most). */
const CALL_TIMEOUT_MS = 30_000;
/** Per platform: no new round starts after this. */
const PLATFORM_BUDGET_MS = 45_000;
const SIGNING_SECRET = 'bench-signing-secret';
const BOT_TOKEN = 'xoxb-bench';
const WORKER_ROLE = 'errcode-bench-platform';

function percentiles(samples: readonly number[]): MsPercentiles {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => (sorted.length ? (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] as number) : Number.NaN);
  return { p50: at(0.5), p99: at(0.99), n: sorted.length };
}

/** One round's timings, in ms. */
interface RoundResult {
  ack: number[];
  ackFailures: number;
  respond: number[];
  respondFailures: number;
}

// ---------------------------------------------------------------------------------------------
// Worker thread: the fake platforms and the load generator
// ---------------------------------------------------------------------------------------------

/** Records one sample per settled promise; a rejection or a wrong answer is a failure. */
class Samples {
  readonly values: number[] = [];
  failures = 0;

  /** Counted, and the first few said on stderr: a failure's cause is part of the figures. */
  private fail(reason: string): void {
    this.failures += 1;
    if (this.failures <= 3) console.error(`bench: a request failed: ${reason}`);
  }

  track(started: number, work: Promise<unknown>, ok: (value: unknown) => boolean): Promise<void> {
    return work.then(
      (value) => {
        if (ok(value)) this.values.push(performance.now() - started);
        else this.fail('an unexpected answer');
      },
      (error: unknown) => this.fail(error instanceof Error ? error.message : String(error)),
    );
  }
}

/** `count` requests with at most `concurrency` in flight (default: all at once). */
interface Load {
  count?: number;
  concurrency?: number;
}

interface SlackRoundArgs extends Load {
  url: string;
  tag: string;
  /** Also wait for (and time) the respond() POST of each request. */
  respond: boolean;
}

type DiscordTarget = 'ours' | 'bare';

/** Runs `one(i)` for i < count, `concurrency` lanes at a time; all lanes start in the same tick. */
async function lanes({ count = CONCURRENCY, concurrency = count }: Load, one: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next;
      next += 1;
      await one(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

function platformWorker(port: NonNullable<typeof parentPort>): void {
  let slack: FakeSlack | undefined;
  const discord: Partial<Record<DiscordTarget, FakeDiscord>> = {};
  const usersInfo = (fake: FakeSlack) => fake.setApiResponse('users.info', reply.ok({ user: { id: fake.ids.userId, locale: 'en-US' } }));

  const slackRound = async ({ url, tag, respond, ...load }: SlackRoundArgs): Promise<RoundResult> => {
    const fake = slack;
    if (!fake) throw new Error('fake Slack not started');
    fake.reset(); // keeps the fake's bookkeeping small: it scans its posts on every arrival
    usersInfo(fake);
    const ack = new Samples();
    const posts = new Samples();
    await lanes(load, async (i) => {
      const id = `${tag}-${i}`;
      const request = slashCommand({ text: QUERY, response_url: fake.responseUrl(id) });
      const posted = respond ? fake.waitForResponsePost(id, { timeoutMs: REQUEST_TIMEOUT_MS }) : undefined;
      const started = performance.now();
      const sent = signedRequest(url, SIGNING_SECRET, request, { timeoutMs: REQUEST_TIMEOUT_MS });
      await Promise.all([
        ack.track(started, sent, (res) => (res as { status: number }).status === 200),
        posted ? posts.track(started, posted, (post) => JSON.stringify((post as { body: unknown }).body).includes(QUERY)) : undefined,
      ]);
    });
    return { ack: ack.values, ackFailures: ack.failures, respond: posts.values, respondFailures: posts.failures };
  };

  /** The card for `query`, on either side (bare sends the same cards, prerendered). */
  const isCardFor = (query: string) => (body: unknown) => {
    const b = body as { type?: number; data?: { embeds?: Array<{ title?: string }> } } | undefined;
    return b?.type === 4 && (b.data?.embeds?.[0]?.title ?? '').includes(query);
  };

  const discordBurst = async ({ target, ...load }: { target: DiscordTarget } & Load): Promise<RoundResult> => {
    const fake = discord[target];
    if (!fake) throw new Error(`fake Discord (${target}) not started`);
    const replies = new Samples();
    let sent = 0;
    await lanes(load, async () => {
      const query = DISCORD_QUERIES[sent++ % DISCORD_QUERIES.length] as string;
      const check = isCardFor(query);
      const interaction = fake.slashCommand({ name: 'errcode', options: { query } });
      const path = `/interactions/${interaction.id}/${interaction.token}/callback`;
      const called = fake.waitForRequest((r) => r.method === 'POST' && r.path === path, { timeoutMs: REQUEST_TIMEOUT_MS });
      const started = performance.now();
      fake.dispatch('INTERACTION_CREATE', interaction);
      await replies.track(started, called, (r) => check((r as { body: unknown }).body));
    });
    return { ack: replies.values, ackFailures: replies.failures, respond: [], respondFailures: 0 };
  };

  const handlers: Record<string, (args: never) => Promise<unknown>> = {
    async slackStart() {
      slack = await startFakeSlack({ botToken: BOT_TOKEN, defaultTimeoutMs: REQUEST_TIMEOUT_MS });
      usersInfo(slack);
      return slack.apiUrl;
    },
    slackRound,
    async discordStart() {
      // One fake each: a fake gateway serves one client session at a time.
      discord.ours = await startFakeDiscord();
      discord.bare = await startFakeDiscord();
      return { ours: discord.ours.apiUrl, bare: discord.bare.apiUrl };
    },
    discordBurst,
    async close() {
      await slack?.close();
      await discord.ours?.close();
      await discord.bare?.close();
      slack = undefined;
      delete discord.ours;
      delete discord.bare;
    },
  };

  port.on('message', (message: { id: number; cmd: string; args: never }) => {
    const handler = handlers[message.cmd];
    const run = handler ? handler(message.args) : Promise.reject(new Error(`unknown command ${message.cmd}`));
    run.then(
      (value) => port.postMessage({ id: message.id, ok: true, value }),
      (error: unknown) => port.postMessage({ id: message.id, ok: false, error: error instanceof Error ? error.stack : String(error) }),
    );
  });
}

if (!isMainThread && parentPort && (workerData as { role?: string } | null)?.role === WORKER_ROLE) platformWorker(parentPort);

// ---------------------------------------------------------------------------------------------
// Main thread: the adapters and the baselines
// ---------------------------------------------------------------------------------------------

interface Platform {
  call(cmd: 'slackStart'): Promise<string>;
  call(cmd: 'slackRound', args: SlackRoundArgs): Promise<RoundResult>;
  call(cmd: 'discordStart'): Promise<Record<DiscordTarget, string>>;
  call(cmd: 'discordBurst', args: { target: DiscordTarget } & Load): Promise<RoundResult>;
  close(): Promise<void>;
}

async function startPlatform(): Promise<Platform> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { role: WORKER_ROLE } });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  let next = 0;
  const failAll = (error: Error) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    pending.clear();
  };
  worker.on('message', (message: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    clearTimeout(p.timer);
    if (message.ok) p.resolve(message.value);
    else p.reject(new Error(`bench platform worker: ${message.error}`));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`bench platform worker exited (${code})`)));
  await once(worker, 'online');
  const call = (cmd: string, args?: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      next += 1;
      const id = next;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`bench platform worker: ${cmd} took over ${CALL_TIMEOUT_MS} ms`));
      }, CALL_TIMEOUT_MS);
      pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, cmd, args });
    });
  return {
    call: call as Platform['call'],
    async close() {
      await call('close').catch(() => undefined);
      await worker.terminate();
    },
  };
}

/** A Bolt logger that drops everything (the baseline App's). */
function quietBoltLogger(): Logger {
  let level = LogLevel.ERROR;
  const drop = () => undefined;
  return {
    debug: drop,
    info: drop,
    warn: drop,
    error: drop,
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: drop,
  };
}

const ratioOf = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const spread = (values: readonly number[]): Spread => ({
  median: median(values),
  min: values.length ? Math.min(...values) : Number.NaN,
  max: values.length ? Math.max(...values) : Number.NaN,
});

/** One measure (respond times, reply times) of one round, ours and bare, with their CPU. */
interface PairedSamples {
  ours: readonly number[];
  bare: readonly number[];
  oursCpu: CpuSpent;
  bareCpu: CpuSpent;
}

function sideOf(samples: readonly number[], cpu: CpuSpent, requests: number): RoundSide {
  return { ...percentiles(samples), mainCpuUs: cpu.mainUs / requests, processCpuUs: cpu.processUs / requests };
}

/** The noise figures from paired rounds of one measure. */
function noiseOf(pairs: readonly PairedSamples[], requests: number): Noise {
  const rounds = pairs.map((p) => ({ ours: sideOf(p.ours, p.oursCpu, requests), bare: sideOf(p.bare, p.bareCpu, requests) }));
  const even = pairs.filter((_, i) => i % 2 === 0).flatMap((p) => p.bare);
  const odd = pairs.filter((_, i) => i % 2 === 1).flatMap((p) => p.bare);
  const [e, o] = [percentiles(even), percentiles(odd)];
  return {
    roundRatios: {
      p50: spread(rounds.map((r) => ratioOf(r.ours.p50, r.bare.p50))),
      p99: spread(rounds.map((r) => ratioOf(r.ours.p99, r.bare.p99))),
      mainCpu: spread(rounds.map((r) => ratioOf(r.ours.mainCpuUs, r.bare.mainCpuUs))),
    },
    rounds,
    cpu: {
      oursMainUs: median(rounds.map((r) => r.ours.mainCpuUs)),
      bareMainUs: median(rounds.map((r) => r.bare.mainCpuUs)),
      oursProcessUs: median(rounds.map((r) => r.ours.processCpuUs)),
      bareProcessUs: median(rounds.map((r) => r.bare.processCpuUs)),
    },
    bareVsBare: {
      p50: ratioOf(Math.max(e.p50, o.p50), Math.min(e.p50, o.p50)),
      p99: ratioOf(Math.max(e.p99, o.p99), Math.min(e.p99, o.p99)),
    },
  };
}

/** CPU spent while some work ran, in µs. */
interface CpuSpent {
  /** The main thread's (where the adapters and the bare clients run); NaN without /proc. */
  mainUs: number;
  /** The whole process's, every thread. */
  processUs: number;
}

/** The main thread's own CPU time in ns (Linux: the first field of its schedstat), NaN elsewhere. */
const MAIN_THREAD_SCHEDSTAT = `/proc/${process.pid}/task/${process.pid}/schedstat`;
function mainThreadCpuNs(): number {
  try {
    return Number(readFileSync(MAIN_THREAD_SCHEDSTAT, 'utf8').split(' ')[0]);
  } catch {
    return Number.NaN;
  }
}

async function withCpu<T>(work: () => Promise<T>): Promise<{ value: T; cpu: CpuSpent }> {
  const main = mainThreadCpuNs();
  const process0 = process.cpuUsage();
  const value = await work();
  const spent = process.cpuUsage(process0);
  return { value, cpu: { mainUs: (mainThreadCpuNs() - main) / 1000, processUs: spent.user + spent.system } };
}

/**
 * Ours and bare back to back, the order swapped every round, so that a machine getting busier or
 * quieter during the run weighs on both alike.
 */
async function pairedRound<T>(
  round: number,
  ours: () => Promise<T>,
  bare: () => Promise<T>,
): Promise<{ ours: T; bare: T; oursCpu: CpuSpent; bareCpu: CpuSpent }> {
  if (round % 2 === 0) {
    const o = await withCpu(ours);
    const b = await withCpu(bare);
    return { ours: o.value, bare: b.value, oursCpu: o.cpu, bareCpu: b.cpu };
  }
  const b = await withCpu(bare);
  const o = await withCpu(ours);
  return { ours: o.value, bare: b.value, oursCpu: o.cpu, bareCpu: b.cpu };
}

/** Rounds' timings pooled. */
class Pool {
  readonly ack: number[] = [];
  readonly respond: number[] = [];
  failures = 0;

  add(round: RoundResult): void {
    this.ack.push(...round.ack);
    this.respond.push(...round.respond);
    this.failures += round.ackFailures + round.respondFailures;
  }
}

async function benchSlack(platform: Platform): Promise<AdapterFigures['slack']> {
  const apiUrl = await platform.call('slackStart');
  let ours: Awaited<ReturnType<typeof startSlack>> | undefined;
  let bare: App | undefined;
  try {
    ours = await startSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl, port: 0 }, silentServices(createEngine()), {
      host: '127.0.0.1',
      stopTimeoutMs: 5000,
    });
    const oursUrl = `http://127.0.0.1:${ours.address?.port}${SLACK_EVENTS_PATH}`;

    // The baseline: the same receiver settings as the adapter's, a listener that acks and then
    // responds with the same card, rendered once beforehand: the same two round trips and the same
    // bytes as ours, without errcode's per-request work.
    const card = { response_type: 'ephemeral' as const, ...renderSlackReply((await theCard()).reply) };
    const logger = quietBoltLogger();
    const receiver = new HTTPReceiver({
      signingSecret: SIGNING_SECRET,
      endpoints: SLACK_EVENTS_PATH,
      logger,
      processBeforeResponse: false,
    });
    bare = new App({ token: BOT_TOKEN, receiver, logger, clientOptions: { slackApiUrl: apiUrl }, deferInitialization: true });
    bare.command('/errcode', async ({ ack, respond }) => {
      await ack();
      await respond(card);
    });
    await bare.init();
    const server = (await bare.start({ port: 0, host: '127.0.0.1' })) as Server;
    const address = server.address();
    const bareUrl = `http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}${SLACK_EVENTS_PATH}`;

    // A warm-up round for each (JIT, connection pools, the users.info cache), not counted.
    await platform.call('slackRound', { url: oursUrl, tag: 'warm', respond: true });
    await ours.settled(5000);
    await platform.call('slackRound', { url: bareUrl, tag: 'warm-bare', respond: true });

    const oursPool = new Pool();
    const barePool = new Pool();
    const pairs: PairedSamples[] = [];
    const deadline = performance.now() + PLATFORM_BUDGET_MS;
    const adapter = ours;
    for (let round = 0; round < ROUNDS && performance.now() < deadline; round += 1) {
      const pair = await pairedRound(
        round,
        async () => {
          const result = await platform.call('slackRound', { url: oursUrl, tag: `r${round}`, respond: true });
          await adapter.settled(5000);
          return result;
        },
        () => platform.call('slackRound', { url: bareUrl, tag: `b${round}`, respond: true }),
      );
      oursPool.add(pair.ours);
      barePool.add(pair.bare);
      pairs.push({ ours: pair.ours.respond, bare: pair.bare.respond, oursCpu: pair.oursCpu, bareCpu: pair.bareCpu });
    }
    const sequential = { count: SEQUENTIAL, concurrency: 1 };
    const oursOne = new Pool();
    const bareOne = new Pool();
    oursOne.add(await platform.call('slackRound', { url: oursUrl, tag: 'one', respond: true, ...sequential }));
    await ours.settled(5000);
    bareOne.add(await platform.call('slackRound', { url: bareUrl, tag: 'one-bare', respond: true, ...sequential }));
    return {
      noise: noiseOf(pairs, CONCURRENCY),
      ack: percentiles(oursPool.ack),
      respond: percentiles(oursPool.respond),
      baselineAck: percentiles(barePool.ack),
      baselineRespond: percentiles(barePool.respond),
      failures: oursPool.failures + oursOne.failures,
      baselineFailures: barePool.failures + bareOne.failures,
      sequential: { ack: percentiles(oursOne.ack), respond: percentiles(oursOne.respond), baselineAck: percentiles(bareOne.ack) },
    };
  } finally {
    await ours?.stop();
    await bare?.stop().catch(() => undefined);
  }
}

/**
 * The card both baselines send, made once before the run by the product layer: a bare client
 * sending it pays the platform's cost of a card (its size on the wire, the fake's parsing) and
 * none of errcode's work, so the ratio is errcode's own per-request cost.
 */
function theCard(query = QUERY): ReturnType<Product['answerCommand']> {
  return new Product(silentServices(createEngine()), 'discord').answerCommand(query, 'en');
}

async function bareDiscordClient(apiUrl: string): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
  // Sent as adapters/discord/reply.ts sends it (as JSON-encodable), the cheapest way discord.js has.
  const cards = new Map<string, ReturnType<typeof renderDiscordReply>>();
  for (const query of DISCORD_QUERIES) cards.set(query, renderDiscordReply((await theCard(query)).reply));
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    const card = cards.get(interaction.options.getString('query') ?? '');
    if (card) interaction.reply(ephemeralPayload(card)).catch(() => undefined);
  });
  const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(10_000) });
  try {
    await client.login('fake-token');
    await ready;
  } catch (error) {
    ready.catch(() => undefined);
    await client.destroy();
    throw error;
  }
  return client;
}

async function benchDiscord(platform: Platform): Promise<AdapterFigures['discord']> {
  const apiUrls = await platform.call('discordStart');
  let ours: Awaited<ReturnType<typeof startDiscord>> | undefined;
  let bare: Client | undefined;
  try {
    ours = await startDiscord({ token: 'fake-token', apiUrl: apiUrls.ours }, silentServices(createEngine()), {
      readyTimeoutMs: 10_000,
      stopGraceMs: 5000,
    });
    bare = await bareDiscordClient(apiUrls.bare);

    const adapter = ours;
    const warmups: Array<{ ours: CpuSpent; bare: CpuSpent }> = [];
    for (let burst = 0; burst < discordSettings.warmupBursts; burst += 1) {
      const o = await withCpu(async () => {
        await platform.call('discordBurst', { target: 'ours' });
        await adapter.idle(5000);
      });
      const b = await withCpu(() => platform.call('discordBurst', { target: 'bare' }));
      warmups.push({ ours: o.cpu, bare: b.cpu });
    }
    const warmupCpu = (w: { ours: CpuSpent; bare: CpuSpent } | undefined) => ({
      oursMainUs: (w?.ours.mainUs ?? Number.NaN) / CONCURRENCY,
      bareMainUs: (w?.bare.mainUs ?? Number.NaN) / CONCURRENCY,
    });

    const oursPool = new Pool();
    const barePool = new Pool();
    const pairs: PairedSamples[] = [];
    const deadline = performance.now() + PLATFORM_BUDGET_MS;
    for (let round = 0; round < discordSettings.rounds && performance.now() < deadline; round += 1) {
      const pair = await pairedRound(
        round,
        async () => {
          const result = await platform.call('discordBurst', { target: 'ours' });
          await adapter.idle(5000);
          return result;
        },
        () => platform.call('discordBurst', { target: 'bare' }),
      );
      oursPool.add(pair.ours);
      barePool.add(pair.bare);
      pairs.push({ ours: pair.ours.ack, bare: pair.bare.ack, oursCpu: pair.oursCpu, bareCpu: pair.bareCpu });
    }
    const sequential = { count: SEQUENTIAL, concurrency: 1 };
    const oursOne = new Pool();
    const bareOne = new Pool();
    oursOne.add(await platform.call('discordBurst', { target: 'ours', ...sequential }));
    await ours.idle(5000);
    bareOne.add(await platform.call('discordBurst', { target: 'bare', ...sequential }));
    return {
      noise: noiseOf(pairs, CONCURRENCY),
      reply: percentiles(oursPool.ack),
      baseline: percentiles(barePool.ack),
      failures: oursPool.failures + oursOne.failures,
      baselineFailures: barePool.failures + bareOne.failures,
      sequential: { reply: percentiles(oursOne.ack), baseline: percentiles(bareOne.ack) },
      warmup: { bursts: warmups.length, first: warmupCpu(warmups[0]), last: warmupCpu(warmups.at(-1)) },
    };
  } finally {
    await ours?.stop();
    await bare?.destroy();
  }
}

const fmtMs = (p: MsPercentiles) => `p50 ${p.p50.toFixed(1)} ms  p99 ${p.p99.toFixed(1)} ms`;
const times = (ours: MsPercentiles, baseline: MsPercentiles) =>
  `ours/baseline p50 ${(ours.p50 / baseline.p50).toFixed(1)}x p99 ${(ours.p99 / baseline.p99).toFixed(1)}x`;
const failed = (n: number, what: string) => (n > 0 ? `   ${n} ${what} FAILED` : '');
const x = (n: number) => `${n.toFixed(2)}x`;
const us = (n: number) => `${n.toFixed(0)} µs`;
const spreadOf = (s: Spread) => `${x(s.median)} (${x(s.min)}–${x(s.max)})`;
const side = (r: RoundSide) =>
  `p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ms, CPU/req ${us(r.mainCpuUs)} main ${us(r.processCpuUs)} all`;

function printNoise(noise: Noise): void {
  const { roundRatios: r, cpu } = noise;
  console.log(
    `  per round ours/bare (median, lowest–highest): p50 ${spreadOf(r.p50)}  p99 ${spreadOf(r.p99)}  main-thread CPU ${spreadOf(r.mainCpu)}`,
  );
  console.log(
    `  CPU per request (median of rounds): ours ${us(cpu.oursMainUs)} main thread, ${us(cpu.oursProcessUs)} process; bare ${us(cpu.bareMainUs)} main thread, ${us(cpu.bareProcessUs)} process`,
  );
  console.log(`  bare vs bare (even vs odd rounds) p50 ${x(noise.bareVsBare.p50)} p99 ${x(noise.bareVsBare.p99)}; each round:`);
  noise.rounds.forEach((round, i) => {
    const ratio = `p50 ${x(ratioOf(round.ours.p50, round.bare.p50))} p99 ${x(ratioOf(round.ours.p99, round.bare.p99))}`;
    console.log(
      `    ${String(i).padStart(2)} ${i % 2 ? 'bare first' : 'ours first'}  ours ${side(round.ours)} | bare ${side(round.bare)} | ${ratio}`,
    );
  });
}

/** The floor: the adapters' reply within this factor of the bare clients' at p50 and p99. */
export const ADAPTER_FLOOR = 1.2;

function printSlack(slack: AdapterFigures['slack']): void {
  const seqSlack = slack.sequential;
  console.log(
    `slack ack       ${fmtMs(slack.ack)}   baseline (bare Bolt, ack then the prerendered card) ${fmtMs(slack.baselineAck)}   ${times(slack.ack, slack.baselineAck)}`,
  );
  console.log(
    `slack respond   ${fmtMs(slack.respond)}   baseline ${fmtMs(slack.baselineRespond)}   ${times(slack.respond, slack.baselineRespond)}   (request sent -> respond() POST at the fake; all rounds pooled)`,
  );
  printNoise(slack.noise);
  console.log(
    `  one at a time ack ${fmtMs(seqSlack.ack)}, respond ${fmtMs(seqSlack.respond)}   bare Bolt ack ${fmtMs(seqSlack.baselineAck)}${failed(slack.failures, 'ours')}${failed(slack.baselineFailures, 'baseline')}`,
  );
}

function printDiscord(discord: AdapterFigures['discord']): void {
  const seqDiscord = discord.sequential;
  const { warmup } = discord;
  console.log(
    `discord: ${discord.noise.rounds.length} rounds x ${CONCURRENCY} concurrent, the queries ${DISCORD_QUERIES.join(' ')} in turn on both sides, after ${warmup.bursts} warm-up bursts each`,
  );
  console.log(
    `  warm-up main-thread CPU/request: first burst ours ${us(warmup.first.oursMainUs)} bare ${us(warmup.first.bareMainUs)} (${x(ratioOf(warmup.first.oursMainUs, warmup.first.bareMainUs))}), last burst ours ${us(warmup.last.oursMainUs)} bare ${us(warmup.last.bareMainUs)} (${x(ratioOf(warmup.last.oursMainUs, warmup.last.bareMainUs))})`,
  );
  console.log(
    `discord reply   ${fmtMs(discord.reply)}   baseline (bare discord.js, the prerendered card) ${fmtMs(discord.baseline)}   ${times(discord.reply, discord.baseline)}`,
  );
  console.log('                (dispatch -> interaction callback POST at the fake; all rounds pooled)');
  printNoise(discord.noise);
  console.log(
    `  one at a time reply ${fmtMs(seqDiscord.reply)}   bare discord.js ${fmtMs(seqDiscord.baseline)}${failed(discord.failures, 'ours')}${failed(discord.baselineFailures, 'baseline')}`,
  );
}

const loadNow = () => loadavg()[0] ?? Number.NaN;

function printHeader(): number {
  console.log(
    `\n## adapters: on the bundled catalogs, Slack /errcode ${QUERY} ${ROUNDS} rounds x ${CONCURRENCY} concurrent (Discord: its own line), then ${SEQUENTIAL} one at a time`,
  );
  console.log(
    '(fake platform and load generator in a worker thread; adapter and baseline on the main thread, rounds interleaved, order swapped each round)',
  );
  const load = loadNow();
  console.log(`load average (1 min) at start: ${load.toFixed(2)} on ${availableParallelism()} cores`);
  return load;
}

/** Runs both adapter benches and prints their section; the caller prints the targets. */
export async function benchAdapters(): Promise<AdapterFigures> {
  const loadStart = printHeader();
  const platform = await startPlatform();
  try {
    const slack = await benchSlack(platform);
    printSlack(slack);
    const discord = await benchDiscord(platform);
    printDiscord(discord);
    const load = { start: loadStart, end: loadNow() };
    console.log(`load average (1 min) at end: ${load.end.toFixed(2)}`);
    return { load, slack, discord };
  } finally {
    await platform.close();
  }
}

type Load1 = AdapterFigures['load'];

/**
 * Within the floor: the median over the rounds of ours/bare, at p50 and at p99. Each round has ours
 * and bare under the same machine load, so a round that a neighbour slowed weighs on both; pooled
 * percentiles mix rounds run under different loads (printed beside it, as is the noise).
 */
function floorLine(name: string, bareName: string, noise: Noise, failures: number, load: Load1): { ok: boolean; text: string } {
  const { p50, p99, mainCpu } = noise.roundRatios;
  return {
    ok: p50.median <= ADAPTER_FLOOR && p99.median <= ADAPTER_FLOOR && failures === 0,
    text: `${name} within ${ADAPTER_FLOOR}x of ${bareName} under ${CONCURRENCY} concurrent (per-round median p50 ${x(p50.median)}, p99 ${x(p99.median)}; main-thread CPU/request ${us(noise.cpu.oursMainUs)} vs ${us(noise.cpu.bareMainUs)} (${x(mainCpu.median)}); bare vs bare p50 ${x(noise.bareVsBare.p50)} p99 ${x(noise.bareVsBare.p99)}; load ${load.start.toFixed(1)}→${load.end.toFixed(1)})`,
  };
}

function slackTarget(slack: AdapterFigures['slack'], load: Load1) {
  return floorLine('Slack respond', 'bare Bolt', slack.noise, slack.failures, load);
}

function discordTarget(discord: AdapterFigures['discord'], load: Load1) {
  return floorLine('Discord reply', 'bare discord.js', discord.noise, discord.failures, load);
}

/** The floor's two lines, printed by `npm run bench` with its other targets. */
export function adapterTargets(figures: AdapterFigures, check: (ok: boolean, text: string) => void): void {
  for (const target of [slackTarget(figures.slack, figures.load), discordTarget(figures.discord, figures.load)])
    check(target.ok, target.text);
}

/** `npm run bench:adapters -- discord` (or `slack`): that platform alone. */
async function benchOne(which: 'slack' | 'discord'): Promise<{ ok: boolean; text: string }> {
  const start = printHeader();
  const platform = await startPlatform();
  try {
    if (which === 'slack') {
      const slack = await benchSlack(platform);
      printSlack(slack);
      return slackTarget(slack, { start, end: loadNow() });
    }
    const discord = await benchDiscord(platform);
    printDiscord(discord);
    return discordTarget(discord, { start, end: loadNow() });
  } finally {
    console.log(`load average (1 min) at end: ${loadNow().toFixed(2)}`);
    await platform.close();
  }
}

// `npm run bench:adapters`: this section alone, without the engine and catalog benches before it.
if (isMainThread && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const which = process.argv[2];
  const targets =
    which === 'slack' || which === 'discord'
      ? benchOne(which).then((target) => [target])
      : benchAdapters().then((figures) => {
          const lines: Array<{ ok: boolean; text: string }> = [];
          adapterTargets(figures, (ok, text) => lines.push({ ok, text }));
          return lines;
        });
  targets
    .then((lines) => {
      console.log('\n## targets');
      for (const { ok, text } of lines) console.log(`${ok ? 'met ' : 'MISS'}  ${text}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
