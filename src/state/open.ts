/**
 * Opens the store ERRCODE_STATE names. Returns warnings instead of logging them, so the caller
 * (start-up, the CLI) says them once, in its own voice: the fallback to memory where node:sqlite
 * does not exist, and a Redis server that is not reachable yet.
 */
import { MemoryStateStore } from './memory.js';
import { describeStateSetting, type StateSetting } from './setting.js';
import { loadSqlite, SqliteStateStore } from './sqlite.js';
import type { StateStore } from './store.js';

export interface OpenStateOptions {
  readonly clock?: () => number;
  /** Redis only: see RedisStoreOptions. */
  readonly redisPrefix?: string;
  readonly redisConnectWaitMs?: number;
  readonly redisCommandTimeoutMs?: number;
}

export interface OpenedState {
  readonly store: StateStore;
  /** What the operator should read once at start-up; empty when all went as configured. */
  readonly warnings: readonly string[];
  /** The store as logs may show it (no password). */
  readonly description: string;
}

/** Throws with a message naming ERRCODE_STATE when the store cannot be used (a locked SQLite file). */
export async function openStateStore(setting: StateSetting, options: OpenStateOptions = {}): Promise<OpenedState> {
  const clock = options.clock ? { clock: options.clock } : {};
  if (setting.kind === 'memory') return { store: new MemoryStateStore(clock), warnings: [], description: 'memory' };
  if (setting.kind === 'sqlite') {
    const sqlite = await loadSqlite();
    if (!sqlite) {
      return {
        store: new MemoryStateStore(clock),
        warnings: [
          `ERRCODE_STATE: the SQLite store needs node:sqlite (Node 22.13 or later; Node 24 LTS recommended); ` +
            `this is Node ${process.versions.node}, so state is kept in memory: lost on restart, not shared.`,
        ],
        description: 'memory (node:sqlite unavailable)',
      };
    }
    return { store: SqliteStateStore.open(sqlite, setting.file, clock), warnings: [], description: describeStateSetting(setting) };
  }
  // Loaded only when used: a bot on memory or SQLite never loads the Redis client.
  const { RedisStateStore } = await import('./redis.js');
  const { store, warning } = await RedisStateStore.open(setting.url, {
    ...clock,
    ...(options.redisPrefix !== undefined ? { prefix: options.redisPrefix } : {}),
    ...(options.redisConnectWaitMs !== undefined ? { connectWaitMs: options.redisConnectWaitMs } : {}),
    ...(options.redisCommandTimeoutMs !== undefined ? { commandTimeoutMs: options.redisCommandTimeoutMs } : {}),
  });
  return { store, warnings: warning ? [warning] : [], description: describeStateSetting(setting) };
}
