/**
 * npm run bench: errcode's speed, with a naive baseline measured in the same run.
 *   - exact lookup p50/p99 (baseline: a linear scan of every entry's spellings)
 *   - fuzzy lookup p50/p99 (baseline: fuse.js over every entry, no shortlist index)
 *   - scan throughput on chat-like and log-like text
 *   - CLI cold start against `node -e 0`
 * then hostile input (./bench-hostile.ts: redaction + scan throughput, /livez under a hostile paste,
 * 10,000 custom keywords, unsigned Slack bodies), then the same with a generated 100,000-entry
 * catalog loaded (compiled on its first load, cached after; reload in a worker), then the Slack and
 * Discord adapters against the fake platforms (./bench-adapters.ts), then the state store's cost per
 * auto-reply decision on each backend this machine has (./bench-state.ts). Figures only; no
 * pass/fail here except the summary lines that compare them with the targets.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fuse from 'fuse.js';
import { bundledCatalogDir } from '../src/catalog/bundled.js';
import { normaliseSpelling } from '../src/catalog/codes.js';
import { loadCatalogs } from '../src/catalog/load.js';
import type { Catalog, CatalogEntry } from '../src/catalog/model.js';
import { Engine } from '../src/engine/engine.js';
import { adapterTargets, benchAdapters } from './bench-adapters.js';
import { benchKeywords, benchLivezDuringPaste, benchRedactionAndScan, benchReloadLivez, benchUnsignedBodies } from './bench-hostile.js';
import { benchReplicas } from './bench-replicas.js';
import { benchState } from './bench-state.js';
import { BENCH_CHAT, BENCH_FUZZY_QUERIES, BENCH_LOG } from './bench-texts.js';
import { exactQueries, lastCode } from './lookup-queries.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(root, 'dist/adapters/cli/main.js');

interface Percentiles {
  p50: number;
  p99: number;
}

function timeEach(fn: (i: number) => unknown, iterations: number, warmup = Math.min(500, iterations)): Percentiles {
  for (let i = 0; i < warmup; i += 1) fn(i);
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i += 1) {
    const start = process.hrtime.bigint();
    fn(i);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  samples.sort();
  return { p50: samples[Math.floor(iterations * 0.5)] as number, p99: samples[Math.floor(iterations * 0.99)] as number };
}

/**
 * Ours and a baseline, timed in alternating rounds: a load spike on a shared machine lands on both
 * and not on whichever ran second.
 */
function timeInterleaved(
  ours: (i: number) => unknown,
  baseline: (i: number) => unknown,
  iterations: number,
  baselineIterations: number,
  rounds = 5,
): [Percentiles, Percentiles, OurRuns] {
  const a: number[] = [];
  const b: number[] = [];
  const n = Math.ceil(iterations / rounds);
  const warmups: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const m = Math.ceil(baselineIterations / rounds);
    warmups.push(round === 0 ? 500 : 50);
    a.push(...samplesOf((i) => ours(round * n + i), n, warmups[round] as number));
    b.push(...samplesOf((i) => baseline(round * m + i), m, round === 0 ? 50 : 5));
  }
  return [percentiles(a), percentiles(b), { samples: a, perRound: n, warmups }];
}

/** Our side's samples in run order (sample k is run `k` of its round's `perRound`), and each round's warm-up runs. */
interface OurRuns {
  readonly samples: readonly number[];
  readonly perRound: number;
  readonly warmups: readonly number[];
}

/**
 * Where an exact lookup's slowest runs come from: each query's first timed run (no warm-up run
 * before it asked that question) against its later ones, and the later runs by the kind of query.
 */
function exactBreakdown(runs: OurRuns, queries: readonly string[]): string {
  const seen = new Set<number>();
  const first: number[] = [];
  const repeat: number[] = [];
  const byKind = new Map<string, number[]>();
  runs.warmups.forEach((warmup, round) => {
    for (let i = 0; i < warmup; i += 1) seen.add((round * runs.perRound + i) % queries.length);
    for (let i = 0; i < runs.perRound; i += 1) {
      const k = round * runs.perRound + i;
      const sample = runs.samples[k];
      if (sample === undefined) continue;
      const q = k % queries.length;
      if (seen.has(q)) {
        repeat.push(sample);
        const kind = queryKind(queries[q] as string);
        const ofKind = byKind.get(kind) ?? [];
        ofKind.push(sample);
        byKind.set(kind, ofKind);
      } else first.push(sample);
      seen.add(q);
    }
  });
  const p99 = (samples: number[]) => (samples.length > 0 ? percentiles(samples).p99.toFixed(1) : '-');
  // The target is a p99: what share of runs is over it says how far off it is, where the p99 alone does not.
  const over = (samples: number[]) =>
    `${((100 * samples.filter((s) => s > EXACT_TARGET_US).length) / Math.max(1, samples.length)).toFixed(1)}%`;
  const kinds = [...byKind].map(([kind, samples]) => `${kind} ${p99(samples)} (${samples.length}, ${over(samples)} over)`).join(', ');
  return (
    `  first runs p99 ${p99(first)} µs (${first.length} runs)   repeat runs p99 ${p99(repeat)} µs; by kind: ${kinds}\n` +
    `  over ${EXACT_TARGET_US} µs: ${over([...first, ...repeat])} of runs (first runs ${over(first)}, repeats ${over(repeat)})`
  );
}

/** The exact-lookup target (issue 11): p99 at most this many µs. */
const EXACT_TARGET_US = 20;

/** The kinds of exact query lookup-queries.ts writes: `6004`, `ret=6004`, `1101 20155` and its keyed form, a word before the code. */
function queryKind(query: string): string {
  if (/^-?(?:0x)?[0-9a-f]+$/i.test(query)) return 'code';
  if (/^[a-z_-]+=\S+$/i.test(query)) return 'key=code';
  if (/^-?\d+ -?\d+$/.test(query) || /^\S+=\S+ \S+=\S+$/.test(query)) return 'main+sub';
  return /[/.]/.test(query) ? 'endpoint code' : 'word code';
}

function samplesOf(fn: (i: number) => unknown, iterations: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i += 1) fn(i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = process.hrtime.bigint();
    fn(i);
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return samples;
}

function percentiles(samples: number[]): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  return { p50: sorted[Math.floor(sorted.length * 0.5)] as number, p99: sorted[Math.floor(sorted.length * 0.99)] as number };
}

/** A fixed pseudo-random order (same every run), so consecutive queries are unrelated. */
function shuffled<T>(items: T[]): T[] {
  let seed = 0x2545f491;
  for (let i = items.length - 1; i > 0; i -= 1) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % (i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** MB/s over `rounds` calls of `fn`, after 300 ms of warm-up calls (as bench-hostile.ts times its throughput). */
function throughput(fn: () => unknown, bytes: number, rounds: number): number {
  const warm = performance.now();
  do fn();
  while (performance.now() - warm < 300);
  const start = performance.now();
  for (let i = 0; i < rounds; i += 1) fn();
  const seconds = (performance.now() - start) / 1000;
  return (bytes * rounds) / 1e6 / seconds;
}

function coldStart(args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    try {
      execFileSync(process.execPath, args, { stdio: 'ignore' });
    } catch {
      // exit status 1 (no match) is a normal answer here
    }
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] as number;
}

const fmtUs = (p: Percentiles) => `p50 ${p.p50.toFixed(1)} µs  p99 ${p.p99.toFixed(1)} µs`;
const ratio = (baseline: number, ours: number) => `${(baseline / ours).toFixed(1)}x`;

/** The naive ways: what errcode would be without its indexes. */
function naive(entries: readonly CatalogEntry[]) {
  const docs = entries.map((e) => ({ description: [e.description.en, e.description.zh ?? ''], keywords: [...e.keywords] }));
  const fuse = new Fuse(docs, { includeScore: true, ignoreLocation: true, threshold: 0.45, keys: ['description', 'keywords'] });
  return {
    exact(code: string) {
      const spelling = normaliseSpelling(code);
      return entries.filter((e) => e.span.spelling === spelling || e.aliases.some((a) => a.spelling === spelling));
    },
    fuzzy(query: string) {
      return fuse.search(query, { limit: 10 });
    },
  };
}

const CHAT = BENCH_CHAT;
const LOG = BENCH_LOG;

function repeatTo(text: string, bytes: number): string {
  return `${text}\n`.repeat(Math.ceil(bytes / (text.length + 1))).slice(0, bytes);
}

const FUZZY_QUERIES = BENCH_FUZZY_QUERIES;

function measure(label: string, engine: Engine, entries: readonly CatalogEntry[], catalogsFlag?: string) {
  console.log(`\n## ${label}: ${entries.length} entries`);
  const base = naive(entries);
  // Every code of the catalogs in the forms people type it (the generated 100k: every 20th code), in
  // a fixed shuffled order: each lookup is one a user could send, none a repeat of the one before.
  const generated = entries.filter((e) => e.catalog.id === SYNTHETIC);
  const queries = shuffled([...exactQueries(entries.filter((e) => e.catalog.id !== SYNTHETIC)), ...exactQueries(generated, 20)]);
  const codes = queries.map(lastCode);
  const [exact, exactBase, exactRuns] = timeInterleaved(
    (i) => engine.lookup(queries[i % queries.length] as string),
    (i) => base.exact(codes[i % codes.length] as string),
    20_000,
    entries.length > 10_000 ? 300 : 5_000,
  );
  console.log(
    `exact lookup    ${fmtUs(exact)}   baseline (linear scan) ${fmtUs(exactBase)}   p99 ${ratio(exactBase.p99, exact.p99)} faster   (${queries.length} distinct queries)`,
  );
  console.log(exactBreakdown(exactRuns, queries));
  const fuzzyRuns = entries.length > 10_000 ? 300 : 2_000;
  const fuzzy = timeEach((i) => engine.lookup(FUZZY_QUERIES[i % FUZZY_QUERIES.length] as string), fuzzyRuns, 60);
  const fuzzyBase = timeEach((i) => base.fuzzy(FUZZY_QUERIES[i % FUZZY_QUERIES.length] as string), entries.length > 10_000 ? 30 : 300, 6);
  console.log(
    `fuzzy lookup    ${fmtUs(fuzzy)}   baseline (fuse over all) ${fmtUs(fuzzyBase)}   p99 ${ratio(fuzzyBase.p99, fuzzy.p99)} faster`,
  );
  const chat = repeatTo(CHAT, 1_000_000);
  const log = repeatTo(LOG, 1_000_000);
  const chatMBs = throughput(() => engine.scan(chat), chat.length, 5);
  const logMBs = throughput(() => engine.scan(log), log.length, 5);
  console.log(`scan            chat-like ${chatMBs.toFixed(1)} MB/s   log-like ${logMBs.toFixed(1)} MB/s`);
  const node0 = coldStart(['-e', '0'], 7);
  const cliArgs = [cli, ...(catalogsFlag ? ['--catalogs', catalogsFlag] : []), '100014'];
  const cold = coldStart(cliArgs, entries.length > 10_000 ? 3 : 7);
  console.log(`CLI cold start  ${cold.toFixed(0)} ms   node -e 0 ${node0.toFixed(0)} ms   ${(cold / node0).toFixed(1)}x`);
  return { exact, exactBase, fuzzy, fuzzyBase, chatMBs, logMBs, cold, node0 };
}

const WORDS =
  'account token session quota payment order player guild match lobby voice chat friend rank season reward item shop inventory cache network gateway region shard replica config secret signature nonce timestamp device push channel topic upload download avatar profile phone email captcha license receipt refund subscription'.split(
    ' ',
  );
const VERBS = 'expired invalid missing locked exceeded rejected unavailable corrupted duplicated throttled revoked unverified'.split(' ');

const SYNTHETIC = 'synthetic';

/** A 100,000-entry catalog in the real format, loaded through the real validating loader. */
function generateCatalog(dir: string, entries: number): void {
  const perTable = 1000;
  const lines = [
    `catalog: ${SYNTHETIC}`,
    'name: Synthetic load test',
    'language: en',
    'source: {document: generated, title: generated}',
    'sections:',
  ];
  let n = 0;
  for (let t = 0; n < entries; t += 1) {
    lines.push(
      `  - id: s${t}`,
      `    heading: Section ${t}`,
      `    name: Section ${t}`,
      '    tables:',
      '      - field: code',
      '        entries:',
    );
    for (let i = 0; i < perTable && n < entries; i += 1, n += 1) {
      const a = WORDS[(n * 7) % WORDS.length];
      const b = WORDS[(n * 13 + 5) % WORDS.length];
      const v = VERBS[(n * 11) % VERBS.length];
      lines.push(
        `          - code: "${90_000_000 + n}"`,
        `            description: The ${a} ${b} is ${v} (${n})`,
        `            solution: Check the ${a} settings and renew the ${b}.`,
      );
    }
  }
  writeFileSync(path.join(dir, 'synthetic.yaml'), `${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  console.log(`errcode bench · node ${process.version} · ${new Date().toISOString()}`);
  // Compiled custom catalogs go to a cache of this run's own, not the user's.
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'errcode-bench-cache-'));
  process.env.ERRCODE_CACHE_DIR = cacheDir;
  const bundled = loadCatalogs([bundledCatalogDir()]);
  // Built as the bot builds its engine (loadServingEngine, a reload): answers' parts and the text index ahead.
  const bundledEngine = await Engine.build(bundled);
  const small = measure(
    'bundled catalogs',
    bundledEngine,
    bundled.flatMap((c) => c.entries),
  );
  const hostile = benchRedactionAndScan(
    bundledEngine,
    repeatTo(CHAT, bundledEngine.options.scanLimit),
    repeatTo(LOG, bundledEngine.options.scanLimit),
  );
  const livezPaste = await benchLivezDuringPaste(bundledEngine);
  const keywordRatio = benchKeywords(bundled, repeatTo(`${CHAT}\n${LOG}`, 256 * 1024));
  const unsigned = await benchUnsignedBodies();

  const dir = mkdtempSync(path.join(tmpdir(), 'errcode-bench-'));
  let large: ReturnType<typeof measure>;
  let bigCli = { cached: Number.NaN, node0: Number.NaN };
  let reloadLivez = Number.NaN;
  try {
    generateCatalog(dir, 100_000);
    const firstCli = coldStart([cli, '--catalogs', dir, '100014'], 1);
    const cachedCli = coldStart([cli, '--catalogs', dir, '100014'], 3);
    // A code no entry has: "did you mean" is answered from the code index too.
    const missCli = coldStart([cli, '--catalogs', dir, '89999999'], 3);
    const nodeBare = coldStart(['-e', '0'], 5);
    console.log(
      `\n(100k catalog, CLI: first run (validate + compile) ${(firstCli / 1000).toFixed(1)} s, compiled ${cachedCli.toFixed(0)} ms, not found ${missCli.toFixed(0)} ms, node -e 0 ${nodeBare.toFixed(0)} ms, ${(cachedCli / nodeBare).toFixed(1)}x; bundled only ${small.cold.toFixed(0)} ms)`,
    );
    bigCli = { cached: cachedCli, node0: nodeBare };
    reloadLivez = await benchReloadLivez(dir);
    const started = performance.now();
    const big: Catalog[] = [...bundled, ...loadCatalogs([dir])];
    const loadMs = performance.now() - started;
    const buildStart = performance.now();
    const engine = await Engine.build(big);
    const buildMs = performance.now() - buildStart;
    console.log(
      `\n(100k catalog: YAML load and validation ${(loadMs / 1000).toFixed(1)} s, index build (text index and answers' parts included) ${buildMs.toFixed(0)} ms)`,
    );
    large = measure(
      'bundled + generated',
      engine,
      big.flatMap((c) => c.entries),
      dir,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
  // After the 100k catalog is out of reach: its heap would weigh on the adapters' GC pauses.
  const adapters = await benchAdapters();
  const state = await benchState();
  const replicaFlood = await benchReplicas();

  console.log('\n## targets');
  const check = (ok: boolean, text: string) => console.log(`${ok ? 'met ' : 'MISS'}  ${text}`);
  check(
    small.exact.p99 <= 20 && large.exact.p99 <= 20,
    `exact lookup p99 <= 20 µs (${small.exact.p99.toFixed(1)} / ${large.exact.p99.toFixed(1)} µs)`,
  );
  check(
    small.exact.p50 < small.exactBase.p50 && large.exact.p50 < large.exactBase.p50,
    `exact lookup faster than the linear scan at every size (p50 ${small.exact.p50.toFixed(1)} vs ${small.exactBase.p50.toFixed(1)} µs; ${large.exact.p50.toFixed(1)} vs ${large.exactBase.p50.toFixed(1)} µs)`,
  );
  check(hostile.hostileMBs >= 50, `redaction + scan at least 50 MB/s on hostile text (${hostile.hostileMBs.toFixed(0)} MB/s)`);
  check(
    hostile.chatMBs >= 100 && hostile.logMBs >= 100,
    `redaction + scan at least 100 MB/s on chat-like and log-like text (${hostile.chatMBs.toFixed(0)} / ${hostile.logMBs.toFixed(0)} MB/s)`,
  );
  check(livezPaste < 200, `/livez within 200 ms while hostile 2 MB pastes are processed (${livezPaste.toFixed(0)} ms)`);
  check(keywordRatio <= 1.5, `scan with 10,000 extra keywords within 1.5x of bundled-only (${keywordRatio.toFixed(2)}x)`);
  check(
    unsigned.guarded < 100,
    `200 unsigned 3.9 MB POSTs grow RSS under 100 MB (${unsigned.guarded.toFixed(0)} MB; bare Bolt ${unsigned.bare.toFixed(0)} MB)`,
  );
  check(
    bigCli.cached / bigCli.node0 <= 3,
    `CLI lookup with a compiled 100k custom catalog within 3x of node -e 0 (${(bigCli.cached / bigCli.node0).toFixed(1)}x)`,
  );
  check(reloadLivez < 200, `/livez under 200 ms throughout a reload of the 100k catalog (${reloadLivez.toFixed(0)} ms)`);
  check(large.fuzzy.p99 < 5000, `fuzzy p99 < 5 ms at 100k (${(large.fuzzy.p99 / 1000).toFixed(2)} ms)`);
  check(
    large.fuzzyBase.p99 / large.fuzzy.p99 >= 20,
    `fuzzy at least 20x faster than the naive baseline at 100k (${ratio(large.fuzzyBase.p99, large.fuzzy.p99)})`,
  );
  check(Math.min(small.chatMBs, small.logMBs, large.chatMBs, large.logMBs) >= 50, 'scan at least 50 MB/s on chat-like and log-like text');
  check(
    small.cold / small.node0 <= 3,
    `CLI cold start within 3x of node -e 0 on the bundled catalogs (${(small.cold / small.node0).toFixed(1)}x)`,
  );
  const { slack, discord } = adapters;
  check(
    slack.ack.p99 < 50 && slack.respond.p99 < 50 && slack.failures === 0,
    `Slack p99 under 50 ms on the bundled catalogs (ack ${slack.ack.p99.toFixed(1)} ms, respond ${slack.respond.p99.toFixed(1)} ms, ${slack.failures} failed; bare Bolt ack ${slack.baselineAck.p99.toFixed(1)} ms, respond ${slack.baselineRespond.p99.toFixed(1)} ms)`,
  );
  check(
    discord.reply.p99 < 50 && discord.failures === 0,
    `Discord p99 under 50 ms on the bundled catalogs (reply ${discord.reply.p99.toFixed(1)} ms, ${discord.failures} failed; bare discord.js ${discord.baseline.p99.toFixed(1)} ms)`,
  );
  adapterTargets(adapters, check);
  // A decision is on the path of every auto-reply: a few ms at most keeps it well inside Slack's 3 s.
  const slowest = state.reduce((max, row) => Math.max(max, row.sequential.p99), 0);
  check(slowest < 5000, `state store decision p99 under 5 ms on every backend measured (slowest ${(slowest / 1000).toFixed(2)} ms)`);
  const [one, two] = replicaFlood;
  if (one && two) {
    check(
      one.replies === two.replies,
      `replica flood: 2 replicas give the replies of 1 (${two.replies} vs ${one.replies}; ${two.messagesPerSecond.toFixed(0)} vs ${one.messagesPerSecond.toFixed(0)} messages/s)`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
