/**
 * The Redis store against a real redis-server: keys carry the prefix, a TTL and one hash tag per
 * channel; when the server goes away, stalls or is not there at start-up, decisions fail closed
 * ("unavailable", the caller stays silent) and the store reconnects by itself when it is back.
 */
import { createClient } from '@redis/client';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTO_REPLY_DEFAULTS } from '../../src/policy/auto-reply.js';
import { RedisStateStore } from '../../src/state/redis.js';
import { autoReplyLimits, StateUnavailableError } from '../../src/state/store.js';
import { freePort, type RedisServer, startRedisServer } from '../fakes/redis-server.js';
import { IN_CI, REDIS_MISSING } from './backends.js';

const LIMITS = autoReplyLimits(AUTO_REPLY_DEFAULTS);
const paste = (codeKeys: string[], threadId = 't1', channelId = 'C1') => ({ channelId, threadId, codeKeys });

const servers: RedisServer[] = [];
const stores: RedisStateStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function server(port?: number): Promise<RedisServer> {
  const started = await startRedisServer(port === undefined ? {} : { port });
  servers.push(started);
  return started;
}

async function open(url: string, options: Parameters<typeof RedisStateStore.open>[1] = {}) {
  const opened = await RedisStateStore.open(url, { maxReconnectDelayMs: 100, ...options });
  stores.push(opened.store);
  return opened;
}

/** Redis's own rule: the part between the first '{' and the next '}', when not empty, picks the slot. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open < 0 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

const missing = REDIS_MISSING !== undefined && !IN_CI;

describe.skipIf(missing)('Redis store on a real redis-server', () => {
  it('every key has the prefix and a TTL, and a channel’s keys share one hash tag', async () => {
    const redis = await server();
    const { store } = await open(redis.url, { prefix: 'bot1:' });
    const outcome = await store.decideAutoReply(paste(['x', 'y'], 't1', 'C{1}'), LIMITS);
    if (outcome.status !== 'decided' || !outcome.reservation) throw new Error('not allowed');
    await store.commitAutoReply(outcome.reservation);
    await store.claim('slack:event:Ev1', 60_000);
    await store.mute('C{1}', 'z', 60_000);
    await store.recordVote({ platform: 'slack', entryId: 'qq:1', userId: 'U1', vote: 'helpful' });
    await store.reportMissing({ platform: 'slack', query: '42', userId: 'U1' });
    await store.updateChannelSettings('C{1}', { autoReply: false });

    const raw = createClient({ url: redis.url });
    await raw.connect();
    try {
      const keys = (await raw.keys('*')).sort();
      expect(keys.length).toBeGreaterThanOrEqual(10);
      for (const key of keys) {
        expect(key.startsWith('bot1:')).toBe(true);
        expect(await raw.pTTL(key), key).toBeGreaterThan(0);
      }
      const channelKeys = keys.filter((k) => k.includes('{c:'));
      expect(channelKeys.length).toBe(7); // window, 2 cooldowns, 2 thread marks, 1 mute, settings
      expect(new Set(channelKeys.map(hashTag))).toEqual(new Set(['c:C%7B1%7D']));
      expect(new Set(keys.filter((k) => k.includes('{votes}')).map(hashTag))).toEqual(new Set(['votes']));
    } finally {
      await raw.close();
    }
  });

  it('Redis going away: decisions fail closed at once, bookkeeping throws, and the store reconnects when it is back', async () => {
    const redis = await server();
    const { store } = await open(redis.url);
    expect(store.health().ok).toBe(true);
    expect(await store.decideAutoReply(paste(['x']), LIMITS)).toMatchObject({ status: 'decided' });

    await redis.stop();
    await expect.poll(() => store.health().ok).toBe(false);
    expect(store.health().detail).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:\d+ unreachable/);
    const decision = await store.decideAutoReply(paste(['y']), LIMITS);
    expect(decision).toMatchObject({ status: 'unavailable', error: expect.stringMatching(/^Redis at /) });
    expect(await store.claim('ev', 1000)).toMatchObject({ status: 'unavailable' });
    await expect(store.mute('C1', 'x', 1000)).rejects.toThrow(StateUnavailableError);
    await expect(store.recordVote({ platform: 'slack', entryId: 'e', userId: 'U', vote: 'helpful' })).rejects.toThrow(
      StateUnavailableError,
    );

    await server(redis.port);
    await expect.poll(() => store.health().ok).toBe(true);
    expect(await store.decideAutoReply(paste(['y']), LIMITS)).toMatchObject({ status: 'decided', verdicts: [{ reply: true }] });
  });

  it('a stalled server: a decision gives up after the command timeout, unavailable, not a hang', async () => {
    const redis = await server();
    const { store } = await open(redis.url, { commandTimeoutMs: 300 });
    process.kill(redis.pid, 'SIGSTOP');
    try {
      expect(await store.decideAutoReply(paste(['x']), LIMITS)).toMatchObject({
        status: 'unavailable',
        error: expect.stringMatching(/no answer within 300 ms/),
      });
      expect(store.health()).toMatchObject({ ok: false, detail: expect.stringMatching(/stalled/) });
    } finally {
      process.kill(redis.pid, 'SIGCONT');
    }
    await expect.poll(async () => (await store.decideAutoReply(paste(['x'], 't2'), LIMITS)).status).toBe('decided');
    expect(store.health().ok).toBe(true);
  });

  it('not reachable at start-up: open returns with a warning, stays silent, and connects once Redis is there', async () => {
    const port = await freePort();
    const { store, warning } = await open(`redis://127.0.0.1:${port}`, { connectWaitMs: 300 });
    expect(warning).toMatch(/^ERRCODE_STATE: Redis at redis:\/\/127\.0\.0\.1:\d+ is not reachable .*auto-replies stay silent until it is/);
    expect(store.health().ok).toBe(false);
    expect(await store.claim('ev', 1000)).toMatchObject({ status: 'unavailable' });
    await server(port);
    await expect.poll(() => store.health().ok).toBe(true);
    expect(await store.claim('ev', 1000)).toMatchObject({ status: 'claimed' });
  });

  it('a password never reaches a message', async () => {
    const port = await freePort();
    const { store, warning } = await open(`redis://user:hunter2-secret@127.0.0.1:${port}`, { connectWaitMs: 200 });
    const decision = await store.decideAutoReply(paste(['x']), LIMITS);
    for (const text of [warning, store.health().detail, decision.status === 'unavailable' ? decision.error : '']) {
      expect(text).toBeTruthy();
      expect(text).not.toContain('hunter2');
    }
  });
});

describe.runIf(missing)('Redis store on a real redis-server', () => {
  it.skip(REDIS_MISSING ?? '', () => {});
});
