/**
 * The hostile-input part of `npm run bench` (issue 11), each figure beside a baseline measured in
 * the same run:
 *   - redaction + scan throughput on hostile text (eyJ- runs, PEM without END, 100k-digit numbers,
 *     nested JSON) and on chat-like and log-like text, each text as long as the scan limit (1 MB,
 *     ENGINE_DEFAULTS.scanLimit) and no longer: `Engine.scan` reads only that much, so a longer
 *     text would count bytes the scan never read; baseline: one toLowerCase() pass over the same
 *     text (the cost of reading it once);
 *   - the event loop while a 2 MB hostile paste is redacted and scanned, and while a 100,000-entry
 *     catalog is reloaded: the worst /livez answer time seen by a poller in a worker thread;
 *   - scan time with 10,000 extra custom keywords against bundled-only, same paste;
 *   - RSS growth under 200 concurrent unsigned 3.9 MB POSTs to the Slack HTTP endpoint, errcode's
 *     guarded receiver against a bare Bolt HTTPReceiver (the baseline), senders in a child process.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { startSlack } from '../adapters/slack/index.js';
import { parseCatalogText } from '../src/catalog/load.js';
import type { Catalog } from '../src/catalog/model.js';
import { Engine } from '../src/engine/engine.js';
import { createEngine } from '../src/index.js';
import { planAutoReply } from '../src/policy/plan.js';
import { startHealthServer } from '../src/runtime/health-server.js';
import { CatalogReloader } from '../src/runtime/reload.js';
import { redactSecrets } from '../src/secrets.js';
import type { Services } from '../src/services.js';
import { eventCallback, messageEvent, signedRequest, startFakeSlack } from '../test/fakes/slack-platform.js';
import { silentServices } from './silent-services.js';

const MB = 1024 * 1024;

export function hostileTexts(bytes = 2 * MB): Record<string, string> {
  const fill = (unit: string) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  return {
    'eyJ- runs': fill('eyJ-'),
    'PEM without END': `-----BEGIN RSA PRIVATE KEY-----\n${fill('MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n')}`,
    '100k-digit numbers': fill(`${'9'.repeat(100_000)} `),
    'nested JSON': fill('{"a":[{"b":'),
  };
}

/**
 * MB/s of `fn` over `bytes`, timed after `warmupMs` of the same calls: a bot scans for hours, and
 * the first calls of a megabyte scan are V8 compiling it (the first 300 ms ran at two thirds of
 * the speed of the next), as the lookup figures are timed after their warm-up runs.
 */
function throughput(fn: () => unknown, bytes: number, minMs = 300, warmupMs = 300): number {
  const warm = performance.now();
  do fn();
  while (performance.now() - warm < warmupMs);
  let rounds = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || rounds < 2) {
    fn();
    rounds += 1;
  }
  return (bytes * rounds) / 1e6 / ((performance.now() - start) / 1000);
}

/** Redaction plus scan, as the auto-reply path does them. */
function redactAndScan(engine: Engine, text: string): void {
  redactSecrets(text);
  engine.scan(text);
}

export interface HostileFigures {
  readonly hostileMBs: number;
  readonly chatMBs: number;
  readonly logMBs: number;
  readonly livezDuringPasteMs: number;
  readonly keywordRatio: number;
  readonly rssGuardedMb: number;
  readonly rssBareMb: number;
}

export function benchRedactionAndScan(engine: Engine, chat: string, log: string): { hostileMBs: number; chatMBs: number; logMBs: number } {
  // Every byte counted is read by both redaction and scan: no text is longer than the scan limit.
  const limit = engine.options.scanLimit;
  console.log(`\n## hostile input: redaction + scan (${(limit / MB).toFixed(0)} MB each, the scan limit), baseline one toLowerCase() pass`);
  let hostileMBs = Number.POSITIVE_INFINITY;
  const texts: Array<[string, string]> = [...Object.entries(hostileTexts(limit)), ['chat-like', chat], ['log-like', log]];
  const rows = texts.map(([name, text]): [string, string] => [name, text.slice(0, limit)]);
  const figures: Record<string, number> = {};
  for (const [name, text] of rows) {
    const ours = throughput(() => redactAndScan(engine, text), text.length);
    const base = throughput(() => text.toLowerCase(), text.length);
    figures[name] = ours;
    if (name !== 'chat-like' && name !== 'log-like') hostileMBs = Math.min(hostileMBs, ours);
    console.log(`${name.padEnd(20)} ${ours.toFixed(0).padStart(5)} MB/s   baseline ${base.toFixed(0).padStart(5)} MB/s`);
  }
  // Redaction's share of the figures above, each text alone (the scan is the rest).
  for (const [name, text] of rows) {
    const redaction = throughput(() => redactSecrets(text), text.length);
    console.log(`${name.padEnd(20)} ${redaction.toFixed(0).padStart(5)} MB/s   redaction alone`);
  }
  return { hostileMBs, chatMBs: figures['chat-like'] ?? 0, logMBs: figures['log-like'] ?? 0 };
}

/** Synthetic custom catalog carrying `count` distinct keywords. */
function keywordCatalog(count: number): Catalog {
  const keywords = Array.from({ length: count }, (_, i) => `"custom term ${i} ${(i * 7919).toString(36)}"`);
  const yaml = [
    'catalog: keywords-bench',
    'name: Keyword load',
    'language: en',
    'source: {document: generated, title: generated}',
    `keywords: [${keywords.join(', ')}]`,
    'sections:',
    '  - id: s',
    '    heading: S',
    '    name: S',
    '    tables:',
    '      - field: code',
    '        entries:',
    '          - code: "91234567"',
    '            description: A synthetic entry',
  ].join('\n');
  const result = parseCatalogText(yaml, 'keywords-bench.yaml');
  if (!result.ok) throw new Error(result.problems.map((p) => p.reason).join('; '));
  return result.catalog;
}

export function benchKeywords(bundled: readonly Catalog[], paste: string): number {
  const plain = new Engine(bundled);
  const loaded = new Engine([...bundled, keywordCatalog(10_000)]);
  const base = throughput(() => plain.scan(paste), paste.length);
  const ours = throughput(() => loaded.scan(paste), paste.length);
  const ratio = base / ours;
  console.log(
    `\n## scan with 10,000 extra custom keywords: ${ours.toFixed(0)} MB/s   baseline (bundled only) ${base.toFixed(0)} MB/s   ${ratio.toFixed(2)}x the time`,
  );
  return ratio;
}

// ---------------------------------------------------------------------------------------------
// /livez poller (worker thread): the worst answer time while the main thread works.
// ---------------------------------------------------------------------------------------------

interface PollerData {
  readonly url: string;
}

async function pollerMain(): Promise<void> {
  const { url } = workerData as PollerData;
  let worst = 0;
  let polls = 0;
  let stop = false;
  parentPort?.on('message', () => {
    stop = true;
  });
  while (!stop) {
    const start = performance.now();
    let answered = false;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.text();
      answered = res.ok;
    } catch {
      // a refused or timed-out poll counts with its time
    }
    // The first poll warms the poller itself up (fetch's first call loads undici): not the bot's time.
    if (polls > 0) worst = Math.max(worst, performance.now() - start);
    polls += 1;
    if (polls === 1 && answered) parentPort?.postMessage({ ready: true });
    await new Promise((r) => setTimeout(r, 5));
  }
  parentPort?.postMessage({ worst, polls: polls - 1 });
}

interface LivezFigures {
  readonly worst: number;
  readonly polls: number;
}

/**
 * Runs `work` on the main thread while a worker polls `url`; resolves with the worst answer time.
 * The work starts once the poller has had its first answer, so every poll counted is taken while
 * the work runs (or just after it).
 */
export async function worstLivez(url: string, work: () => Promise<unknown>): Promise<LivezFigures> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { url } satisfies PollerData });
  const messages: Array<(message: { ready?: true } & Partial<LivezFigures>) => void> = [];
  worker.on('message', (message) => messages.shift()?.(message));
  const next = () => new Promise<{ ready?: true } & Partial<LivezFigures>>((resolve) => messages.push(resolve));
  const failed = new Promise<never>((_, reject) => worker.once('error', reject));
  try {
    await Promise.race([next(), failed]);
    await work();
    const figures = next();
    worker.postMessage('stop');
    const { worst = Number.NaN, polls = 0 } = await Promise.race([figures, failed]);
    return { worst, polls };
  } finally {
    await worker.terminate();
  }
}

/** Every paste answered (no cooldown or mute in the way), attachments up to the 2 MB pastes. */
function hostileServices(engine: Engine): Services {
  return silentServices(engine, { policy: { cooldownMs: 0, muteMs: 0 }, attachments: { maxBytes: 2 * MB, timeoutMs: 10_000 } });
}

/** Rounds of the four hostile texts: long enough for the poller to sample the work many times. */
const PASTE_ROUNDS = 3;

/**
 * /livez while hostile 2 MB texts go through the bot: each as a Slack file share (the real path: the
 * event through Bolt, the attachment downloaded from the fake Slack, redaction, scan, the reply)
 * and each as a 2 MB paste handed to the auto-reply planner directly (Slack's request body limit
 * keeps a 2 MB message text from arriving through the adapter at all).
 */
export async function benchLivezDuringPaste(engine: Engine): Promise<number> {
  const svc = hostileServices(engine);
  const server = await startHealthServer({ engines: svc.engines, metrics: svc.metrics, adapters: () => [] }, 0, '127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  const fake = await startFakeSlack();
  const secret = 'bench-signing-secret';
  const slack = await startSlack({ botToken: 'xoxb-test', signingSecret: secret, apiUrl: fake.apiUrl, port: 0 }, svc, {
    host: '127.0.0.1',
    logger: quietBolt,
  });
  const events = `http://127.0.0.1:${slack.address?.port}/slack/events`;
  try {
    const texts = Object.values(hostileTexts());
    const files = texts.map((content, i) => fake.addFile({ name: `paste-${i}.txt`, content }));
    let messages = 0;
    const started = performance.now();
    const { worst, polls } = await worstLivez(`http://127.0.0.1:${port}/livez`, async () => {
      for (let round = 0; round < PASTE_ROUNDS; round += 1) {
        for (const [i, text] of texts.entries()) {
          const ts = `1700000${round}${i}.000100`;
          const file = files[i];
          if (file) {
            const event = eventCallback(messageEvent({ subtype: 'file_share', text: 'see attached', files: [file], ts }));
            const res = await signedRequest(events, secret, event, { timeoutMs: 120_000 });
            if (res.status !== 200) throw new Error(`file share answered ${res.status}`);
            if (!(await slack.settled(120_000))) throw new Error('file share still in progress after 120 s');
            messages += 1;
          }
          await planAutoReply(svc, { platform: 'slack', channelId: 'C1', threadId: `${round}.${i}`, text });
          messages += 1;
        }
      }
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `\n## /livez while ${messages} hostile 2 MB texts (Slack file shares through the adapter, and pastes) are redacted and scanned: worst ${worst.toFixed(0)} ms (${polls} polls over ${seconds.toFixed(1)} s)`,
    );
    return worst;
  } finally {
    await slack.stop();
    await fake.close();
    server.close();
  }
}

const quietBolt = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

export async function benchReloadLivez(dir: string): Promise<number> {
  const engine = createEngine();
  const svc = hostileServices(engine);
  const server = await startHealthServer({ engines: svc.engines, metrics: svc.metrics, adapters: () => [] }, 0, '127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  try {
    const reloader = new CatalogReloader(svc.engines, [dir], svc.logger);
    let outcome = '';
    const started = performance.now();
    const { worst, polls } = await worstLivez(`http://127.0.0.1:${port}/livez`, async () => {
      const result = await reloader.reload('bench');
      outcome = result.ok ? `swapped, ${result.entries} entries` : `kept old: ${result.reason.slice(0, 80)}`;
    });
    console.log(
      `SIGHUP-style reload of the 100k catalog (worker thread): ${((performance.now() - started) / 1000).toFixed(1)} s, ${outcome}; /livez worst ${worst.toFixed(0)} ms (${polls} polls)`,
    );
    return worst;
  } finally {
    server.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Unsigned bodies: RSS growth, guarded receiver against bare Bolt.
// ---------------------------------------------------------------------------------------------

/** A child process that fires `count` concurrent unsigned POSTs of `bytes` each at `url`. */
function flood(url: string, count: number, bytes: number): Promise<void> {
  const script = `
    const http = require('node:http');
    const body = Buffer.alloc(${bytes}, 0x61);
    let left = ${count};
    for (let i = 0; i < ${count}; i += 1) {
      const req = http.request(${JSON.stringify(url)}, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => { res.resume(); res.on('end', done); });
      req.on('error', done);
      req.end(body);
    }
    function done() { if (--left === 0) process.exit(0); }
    setTimeout(() => process.exit(0), 30000);
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    child.on('exit', () => resolve());
  });
}

async function rssGrowth(url: string): Promise<number> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  await flood(url, 200, 3_900_000);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return (peak - before) / MB;
}

export async function benchUnsignedBodies(): Promise<{ guarded: number; bare: number }> {
  const fake = await startFakeSlack();
  const secret = 'bench-signing-secret';
  const quiet = quietBolt;
  try {
    const ours = await startSlack(
      { botToken: 'xoxb-test', signingSecret: secret, apiUrl: fake.apiUrl, port: 0 },
      hostileServices(createEngine()),
      {
        host: '127.0.0.1',
        logger: quiet,
      },
    );
    let guarded: number;
    try {
      guarded = await rssGrowth(`http://127.0.0.1:${ours.address?.port}/slack/events`);
    } finally {
      await ours.stop();
    }
    const receiver = new HTTPReceiver({ signingSecret: secret, endpoints: '/slack/events', logger: quiet });
    const bare = new App({
      token: 'xoxb-test',
      receiver,
      logger: quiet,
      clientOptions: { slackApiUrl: fake.apiUrl },
      deferInitialization: true,
    });
    await bare.init();
    const server = (await bare.start({ port: 0, host: '127.0.0.1' })) as { address(): AddressInfo };
    let bareGrowth: number;
    try {
      bareGrowth = await rssGrowth(`http://127.0.0.1:${server.address().port}/slack/events`);
    } finally {
      await bare.stop();
    }
    console.log(
      `\n## 200 concurrent unsigned 3.9 MB POSTs: RSS growth ${guarded.toFixed(0)} MB   baseline (bare Bolt HTTPReceiver) ${bareGrowth.toFixed(0)} MB`,
    );
    return { guarded, bare: bareGrowth };
  } finally {
    await fake.close();
  }
}

if (!isMainThread && (workerData as PollerData | undefined)?.url) void pollerMain();
