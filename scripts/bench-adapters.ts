/**
 * The adapters' part of `npm run bench`: the real Slack and Discord adapters against the fake
 * platforms on 127.0.0.1 (dist/test/fakes), under bursts of concurrent slash commands, each with
 * a bare-library baseline measured in the same run (rounds interleaved, same fake, same load).
 *   - Slack (HTTP mode): signed `/errcode 100014` POSTs → time to the 200 ack, and to the
 *     respond() POST reaching the fake's response_url. Baseline: a bare Bolt App, same
 *     HTTPReceiver settings, whose command listener acks and then responds with a fixed text (the
 *     same two round trips, without errcode's work).
 *   - Discord: INTERACTION_CREATE `/errcode query:100014` on the fake gateway → time to the
 *     interaction callback POST reaching the fake's REST. Baseline: a bare discord.js Client that
 *     replies with a fixed string.
 * The fakes and the load generator run in a worker thread (this same module), the adapters and
 * baselines on the main thread: as in production, the platform's work is not on the adapter's
 * event loop. Every timing is taken in the worker, where requests leave and replies arrive.
 * Everything is bounded (per-request and per-call timeouts, a time budget per platform) and
 * closed at the end.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { App, HTTPReceiver, type Logger, LogLevel } from '@slack/bolt';
import { Client, Events, GatewayIntentBits, MessageFlags } from 'discord.js';
import { startDiscord } from '../adapters/discord/index.js';
import { SLACK_EVENTS_PATH, startSlack } from '../adapters/slack/index.js';
import { Feedback } from '../src/feedback.js';
import { createEngine } from '../src/index.js';
import { createLogger } from '../src/logger.js';
import { Metrics } from '../src/metrics.js';
import { AutoReplyPolicy, EventDeduper } from '../src/policy/auto-reply.js';
import { EngineHolder, type Services } from '../src/services.js';
import { MemoryStateStore } from '../src/state/memory.js';
import { type FakeDiscord, startFakeDiscord } from '../test/fakes/discord-platform.js';
import { type FakeSlack, reply, signedRequest, slashCommand, startFakeSlack } from '../test/fakes/slack-platform.js';

export interface MsPercentiles {
  p50: number;
  p99: number;
  /** Samples measured. */
  n: number;
}

export interface AdapterFigures {
  slack: {
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
    reply: MsPercentiles;
    baseline: MsPercentiles;
    failures: number;
    baselineFailures: number;
    sequential: { reply: MsPercentiles; baseline: MsPercentiles };
  };
}

const ROUNDS = 10;
const CONCURRENCY = 100;
/** Requests sent one at a time after the concurrent rounds, for ours and for the baseline. */
const SEQUENTIAL = 200;
const QUERY = '100014';
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

  track(started: number, work: Promise<unknown>, ok: (value: unknown) => boolean): Promise<void> {
    return work.then(
      (value) => {
        if (ok(value)) this.values.push(performance.now() - started);
        else this.failures += 1;
      },
      () => {
        this.failures += 1;
      },
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

  const isCard = (body: unknown) => {
    const b = body as { type?: number; data?: { embeds?: Array<{ title?: string }> } } | undefined;
    return b?.type === 4 && (b.data?.embeds?.[0]?.title ?? '').includes(QUERY);
  };
  const isReply = (body: unknown) => (body as { type?: number } | undefined)?.type === 4;

  const discordBurst = async ({ target, ...load }: { target: DiscordTarget } & Load): Promise<RoundResult> => {
    const fake = discord[target];
    if (!fake) throw new Error(`fake Discord (${target}) not started`);
    const check = target === 'ours' ? isCard : isReply;
    const replies = new Samples();
    await lanes(load, async () => {
      const interaction = fake.slashCommand({ name: 'errcode', options: { query: QUERY } });
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

/** Real services as the adapters get them in production, with a logger that writes nothing. */
function benchServices(): Services {
  const logger = createLogger('silent');
  const metrics = new Metrics();
  return {
    engines: new EngineHolder(createEngine()),
    policy: new AutoReplyPolicy({}),
    deduper: new EventDeduper(),
    state: new MemoryStateStore(),
    logger,
    metrics,
    feedback: new Feedback(logger, metrics),
    attachments: { maxBytes: 1024 * 1024, timeoutMs: 2000 },
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
    ours = await startSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl, port: 0 }, benchServices(), {
      host: '127.0.0.1',
      stopTimeoutMs: 5000,
    });
    const oursUrl = `http://127.0.0.1:${ours.address?.port}${SLACK_EVENTS_PATH}`;

    // The baseline: the same receiver settings as the adapter's, a listener that acks and then
    // responds with a fixed text: the same two round trips as ours, without errcode's work.
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
      await respond({ response_type: 'ephemeral', text: 'access token is expired (100014)' });
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
    const deadline = performance.now() + PLATFORM_BUDGET_MS;
    for (let round = 0; round < ROUNDS && performance.now() < deadline; round += 1) {
      oursPool.add(await platform.call('slackRound', { url: oursUrl, tag: `r${round}`, respond: true }));
      await ours.settled(5000);
      barePool.add(await platform.call('slackRound', { url: bareUrl, tag: `b${round}`, respond: true }));
    }
    const sequential = { count: SEQUENTIAL, concurrency: 1 };
    const oursOne = new Pool();
    const bareOne = new Pool();
    oursOne.add(await platform.call('slackRound', { url: oursUrl, tag: 'one', respond: true, ...sequential }));
    await ours.settled(5000);
    bareOne.add(await platform.call('slackRound', { url: bareUrl, tag: 'one-bare', respond: true, ...sequential }));
    return {
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

async function bareDiscordClient(apiUrl: string): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isChatInputCommand())
      interaction.reply({ content: `errcode ${QUERY}`, flags: MessageFlags.Ephemeral }).catch(() => undefined);
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
    ours = await startDiscord({ token: 'fake-token', apiUrl: apiUrls.ours }, benchServices(), {
      readyTimeoutMs: 10_000,
      stopGraceMs: 5000,
    });
    bare = await bareDiscordClient(apiUrls.bare);

    await platform.call('discordBurst', { target: 'ours' });
    await ours.idle(5000);
    await platform.call('discordBurst', { target: 'bare' });

    const oursPool = new Pool();
    const barePool = new Pool();
    const deadline = performance.now() + PLATFORM_BUDGET_MS;
    for (let round = 0; round < ROUNDS && performance.now() < deadline; round += 1) {
      oursPool.add(await platform.call('discordBurst', { target: 'ours' }));
      await ours.idle(5000);
      barePool.add(await platform.call('discordBurst', { target: 'bare' }));
    }
    const sequential = { count: SEQUENTIAL, concurrency: 1 };
    const oursOne = new Pool();
    const bareOne = new Pool();
    oursOne.add(await platform.call('discordBurst', { target: 'ours', ...sequential }));
    await ours.idle(5000);
    bareOne.add(await platform.call('discordBurst', { target: 'bare', ...sequential }));
    return {
      reply: percentiles(oursPool.ack),
      baseline: percentiles(barePool.ack),
      failures: oursPool.failures + oursOne.failures,
      baselineFailures: barePool.failures + bareOne.failures,
      sequential: { reply: percentiles(oursOne.ack), baseline: percentiles(bareOne.ack) },
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

/** Runs both adapter benches and prints their section; the caller prints the targets. */
export async function benchAdapters(): Promise<AdapterFigures> {
  console.log(
    `\n## adapters: /errcode ${QUERY} on the bundled catalogs, ${ROUNDS} rounds x ${CONCURRENCY} concurrent, then ${SEQUENTIAL} one at a time`,
  );
  console.log('(fake platform and load generator in a worker thread; adapter and baseline on the main thread, rounds interleaved)');
  const platform = await startPlatform();
  try {
    const slack = await benchSlack(platform);
    const seqSlack = slack.sequential;
    console.log(
      `slack ack       ${fmtMs(slack.ack)}   baseline (bare Bolt, ack then fixed respond) ${fmtMs(slack.baselineAck)}   ${times(slack.ack, slack.baselineAck)}`,
    );
    console.log(
      `slack respond   ${fmtMs(slack.respond)}   baseline ${fmtMs(slack.baselineRespond)}   ${times(slack.respond, slack.baselineRespond)}   (request sent -> respond() POST at the fake)`,
    );
    console.log(
      `  one at a time ack ${fmtMs(seqSlack.ack)}, respond ${fmtMs(seqSlack.respond)}   bare Bolt ack ${fmtMs(seqSlack.baselineAck)}${failed(slack.failures, 'ours')}${failed(slack.baselineFailures, 'baseline')}`,
    );
    const discord = await benchDiscord(platform);
    const seqDiscord = discord.sequential;
    console.log(
      `discord reply   ${fmtMs(discord.reply)}   baseline (bare discord.js, fixed reply) ${fmtMs(discord.baseline)}   ${times(discord.reply, discord.baseline)}`,
    );
    console.log('                (dispatch -> interaction callback POST at the fake)');
    console.log(
      `  one at a time reply ${fmtMs(seqDiscord.reply)}   bare discord.js ${fmtMs(seqDiscord.baseline)}${failed(discord.failures, 'ours')}${failed(discord.baselineFailures, 'baseline')}`,
    );
    return { slack, discord };
  } finally {
    await platform.close();
  }
}
