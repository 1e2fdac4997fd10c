/**
 * The state store's cost per auto-reply decision (decide, then commit when allowed: the path a
 * reply takes), for each backend this machine has: memory; SQLite where node:sqlite exists (Node
 * 22.13+, 24); Redis on loopback where redis-server is installed (started here, stopped by pid).
 * Baseline: the in-memory AutoReplyPolicy.decide every process uses today, in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUTO_REPLY_DEFAULTS, AutoReplyPolicy } from '../src/policy/auto-reply.js';
import { MemoryStateStore } from '../src/state/memory.js';
import { loadSqlite, SqliteStateStore } from '../src/state/sqlite.js';
import { type AutoReplyAsk, autoReplyLimits, type StateStore } from '../src/state/store.js';
import { REDIS_MISSING, startRedisServer } from '../test/fakes/redis-server.js';

interface Percentiles {
  p50: number;
  p99: number;
}

export interface StateBenchRow {
  readonly backend: string;
  /** One decision at a time, µs. */
  readonly sequential: Percentiles;
  /** Decisions per second with 64 in flight. */
  readonly concurrentPerSecond: number;
}

const LIMITS = autoReplyLimits(AUTO_REPLY_DEFAULTS);
const CHANNELS = 9;

/** A paste in one of 9 channels, a fresh thread each, one of 50 codes: a mix of replies, cooldowns and caps. */
function askFor(i: number): AutoReplyAsk {
  return { channelId: `C${i % CHANNELS}`, threadId: `t${i}`, codeKeys: [`code${(i * 7) % 50}`] };
}

async function decideAndCommit(store: StateStore, i: number): Promise<void> {
  const outcome = await store.decideAutoReply(askFor(i), LIMITS);
  if (outcome.status !== 'decided') throw new Error(outcome.error);
  if (outcome.reservation) await store.commitAutoReply(outcome.reservation);
}

async function timeEachAsync(fn: (i: number) => Promise<unknown>, iterations: number, warmup: number): Promise<Percentiles> {
  for (let i = 0; i < warmup; i += 1) await fn(i);
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i += 1) {
    const start = process.hrtime.bigint();
    await fn(warmup + i);
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  samples.sort();
  return { p50: samples[Math.floor(iterations * 0.5)] as number, p99: samples[Math.floor(iterations * 0.99)] as number };
}

async function perSecond(fn: (i: number) => Promise<unknown>, total: number, inFlight: number, offset: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) {
        const i = next;
        next += 1;
        await fn(offset + i);
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function measureStore(backend: string, store: StateStore, iterations: number): Promise<StateBenchRow> {
  const sequential = await timeEachAsync((i) => decideAndCommit(store, i), iterations, Math.min(1000, iterations / 10));
  const concurrentPerSecond = await perSecond((i) => decideAndCommit(store, i), iterations, 64, 10 * iterations);
  return { backend, sequential, concurrentPerSecond };
}

const fmt = (p: Percentiles) => `p50 ${p.p50.toFixed(1).padStart(7)} µs  p99 ${p.p99.toFixed(1).padStart(7)} µs`;

export async function benchState(): Promise<StateBenchRow[]> {
  console.log('\n## state store: cost per auto-reply decision (decide + commit when allowed)');
  const rows: StateBenchRow[] = [];

  const policy = new AutoReplyPolicy(AUTO_REPLY_DEFAULTS);
  const baseline = await timeEachAsync(
    async (i) => {
      const ask = askFor(i);
      policy.decide({ channelId: ask.channelId, threadId: ask.threadId, codeKey: ask.codeKeys[0] as string });
    },
    50_000,
    1000,
  );
  rows.push({ backend: 'AutoReplyPolicy (baseline)', sequential: baseline, concurrentPerSecond: Number.NaN });
  rows.push(await measureStore('memory store', new MemoryStateStore(), 50_000));

  const sqlite = await loadSqlite();
  if (sqlite) {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-bench-state-'));
    const store = SqliteStateStore.open(sqlite, path.join(dir, 'state.sqlite'));
    try {
      rows.push(await measureStore('SQLite store (WAL, synchronous=NORMAL)', store, 20_000));
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    console.log(`(SQLite: node:sqlite is not in Node ${process.versions.node}; run the bench on Node 24 for its figures)`);
  }

  if (REDIS_MISSING) {
    console.log(`(Redis: ${REDIS_MISSING.replace(': the Redis store tests are skipped', '')})`);
  } else {
    const redis = await startRedisServer();
    const { RedisStateStore } = await import('../src/state/redis.js');
    const { store, warning } = await RedisStateStore.open(redis.url);
    try {
      if (warning) throw new Error(warning);
      rows.push(await measureStore('Redis store (loopback TCP, Lua per decision)', store, 5_000));
    } finally {
      await store.close();
      await redis.stop();
    }
  }

  for (const row of rows) {
    const ratio = row.sequential.p50 / baseline.p50;
    const concurrent = Number.isNaN(row.concurrentPerSecond)
      ? ''
      : `   ${Math.round(row.concurrentPerSecond).toLocaleString('en')} decisions/s at 64 in flight`;
    console.log(`${row.backend.padEnd(46)} ${fmt(row.sequential)}   p50 ${ratio.toFixed(1)}x baseline${concurrent}`);
  }
  return rows;
}
