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
import { startFakeSlack } from '../test/fakes/slack-platform.js';
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

function throughput(fn: () => unknown, bytes: number, minMs = 300): number {
  fn();
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
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await res.text();
    } catch {
      // a refused or timed-out poll counts with its time
    }
    worst = Math.max(worst, performance.now() - start);
    polls += 1;
    await new Promise((r) => setTimeout(r, 5));
  }
  parentPort?.postMessage({ worst, polls });
}

/** Runs `work` on the main thread while a worker polls `url`; resolves with the worst answer time. */
export async function worstLivez(url: string, work: () => Promise<unknown>): Promise<{ worst: number; polls: number }> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { url } satisfies PollerData });
  await new Promise((r) => setTimeout(r, 100));
  await work();
  await new Promise((r) => setTimeout(r, 50));
  const result = new Promise<{ worst: number; polls: number }>((resolve) => worker.once('message', resolve));
  worker.postMessage('stop');
  const figures = await result;
  await worker.terminate();
  return figures;
}

/** Every paste answered (no cooldown or mute in the way), attachments up to the 2 MB pastes. */
function hostileServices(engine: Engine): Services {
  return silentServices(engine, { policy: { cooldownMs: 0, muteMs: 0 }, attachments: { maxBytes: 2 * MB, timeoutMs: 2000 } });
}

export async function benchLivezDuringPaste(engine: Engine): Promise<number> {
  const svc = hostileServices(engine);
  const server = await startHealthServer({ engines: svc.engines, metrics: svc.metrics, adapters: () => [] }, 0, '127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  try {
    const texts = Object.values(hostileTexts());
    const { worst, polls } = await worstLivez(`http://127.0.0.1:${port}/livez`, async () => {
      for (const text of texts) {
        await planAutoReply(svc, { platform: 'slack', channelId: 'C1', threadId: '1.1', text });
        await new Promise((r) => setImmediate(r));
      }
    });
    console.log(`\n## /livez while 4 hostile 2 MB pastes are redacted and scanned: worst ${worst.toFixed(0)} ms (${polls} polls)`);
    return worst;
  } finally {
    server.close();
  }
}

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
  const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };
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
