/**
 * Every store backend the tests run against, each made fresh per test on a controllable clock:
 * memory always; SQLite where the runtime has node:sqlite (Node 22.13+, 24); Redis where
 * redis-server is installed (one real server per test file, a fresh key prefix per store).
 * A backend that cannot run says why; under CI a missing redis-server fails instead of skipping
 * (SQLite skips on Node 20 everywhere: CI runs the suite on Node 20 and on Node 24).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStateStore } from '../../src/state/memory.js';
import { RedisStateStore } from '../../src/state/redis.js';
import { loadSqlite, SqliteStateStore } from '../../src/state/sqlite.js';
import type { StateStore } from '../../src/state/store.js';
import { REDIS_MISSING, type RedisServer, startRedisServer } from '../fakes/redis-server.js';

export const sqlite = await loadSqlite();
export const SQLITE_MISSING = sqlite
  ? undefined
  : `node:sqlite is not in Node ${process.versions.node}: the SQLite store tests are skipped (they run on Node 24)`;
export { REDIS_MISSING };
export const IN_CI = /^(1|true)$/i.test(process.env.CI ?? '');

export class TestClock {
  now = 1_767_225_600_000; // 2026-01-01T00:00:00Z
  readonly read = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface Backend {
  readonly name: 'memory' | 'sqlite' | 'redis';
  /** Why it cannot run here, or undefined. */
  readonly missing: string | undefined;
  /** Under CI a missing backend fails instead of skipping (Redis: .ci/run installs it; SQLite needs Node 22.13+, and CI runs Node 20 too). */
  readonly requiredInCi: boolean;
  /** Once per file, before any store (starts redis-server). */
  setUp(): Promise<void>;
  make(clock: TestClock): Promise<StateStore>;
  /** Closes every store made, and stops what setUp started. */
  tearDown(): Promise<void>;
}

export function backends(): Backend[] {
  const made: StateStore[] = [];
  const dirs: string[] = [];
  let redis: RedisServer | undefined;
  const closeAll = async () => {
    await Promise.all(made.splice(0).map((store) => store.close()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  };
  return [
    {
      name: 'memory',
      missing: undefined,
      requiredInCi: true,
      setUp: async () => {},
      make: async (clock) => remember(made, new MemoryStateStore({ clock: clock.read })),
      tearDown: closeAll,
    },
    {
      name: 'sqlite',
      missing: SQLITE_MISSING,
      requiredInCi: false,
      setUp: async () => {},
      make: async (clock) => {
        if (!sqlite) throw new Error(SQLITE_MISSING);
        const dir = mkdtempSync(path.join(tmpdir(), 'errcode-state-'));
        dirs.push(dir);
        return remember(made, SqliteStateStore.open(sqlite, path.join(dir, 'state.sqlite'), { clock: clock.read }));
      },
      tearDown: closeAll,
    },
    {
      name: 'redis',
      missing: REDIS_MISSING,
      requiredInCi: true,
      setUp: async () => {
        redis = await startRedisServer();
      },
      make: async (clock) => {
        if (!redis) throw new Error('redis-server not started');
        const { store, warning } = await RedisStateStore.open(redis.url, { clock: clock.read, prefix: `t${randomUUID().slice(0, 8)}:` });
        if (warning) throw new Error(warning);
        return remember(made, store);
      },
      tearDown: async () => {
        await closeAll();
        await redis?.stop();
        redis = undefined;
      },
    },
  ];
}

function remember<T extends StateStore>(made: StateStore[], store: T): T {
  made.push(store);
  return store;
}
