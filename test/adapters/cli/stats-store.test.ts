import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStateStore } from '../../../src/state/redis.js';
import { REDIS_MISSING, type RedisServer, startRedisServer } from '../../fakes/redis-server.js';
import { type CliRun, runCli } from '../../helpers/cli.js';
import { IN_CI } from '../../state/backends.js';

function errcode(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return runCli(args, { env });
}

describe('errcode stats from the state store', () => {
  it('a memory store, which never holds stats, is refused with what to set (exit 2)', async () => {
    const r = await errcode(['stats'], { ERRCODE_STATE: 'memory' });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^errcode: stats are kept in the state store: set ERRCODE_STATE .* errcode stats FILE/);
  });

  it('a malformed ERRCODE_STATE is a usage error naming it', async () => {
    const r = await errcode(['stats'], { ERRCODE_STATE: 'ftp://x' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('ERRCODE_STATE');
  });
});

const skipRedis = REDIS_MISSING !== undefined && !IN_CI;
describe.skipIf(skipRedis)(`errcode stats from Redis${skipRedis ? ` (${REDIS_MISSING})` : ''}`, () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(() => redis?.stop());

  it('reads the votes and reports the bot wrote: a changed vote counts once, a repeated report once', async () => {
    const { store } = await RedisStateStore.open(redis.url);
    const entry = 'qq-msdk:qq-platform.ret:100014';
    await store.recordVote({ platform: 'slack', entryId: entry, userId: 'U1', vote: 'helpful' });
    await store.recordVote({ platform: 'slack', entryId: entry, userId: 'U1', vote: 'not_helpful' });
    await store.recordVote({ platform: 'discord', entryId: entry, userId: 'D2', vote: 'not_helpful' });
    await store.recordVote({ platform: 'slack', entryId: 'hms-push:push-server.code:80300007', userId: 'U1', vote: 'helpful' });
    await store.reportMissing({ platform: 'slack', query: '424242', userId: 'U1' });
    await store.reportMissing({ platform: 'slack', query: '424242 ', userId: 'U1' });
    await store.reportMissing({ platform: 'discord', query: '424242', userId: 'D2' });
    await store.reportMissing({ platform: 'slack', query: 'OIDB 0x99999', userId: 'U3' });
    await store.close();

    const r = await errcode(['stats', '--json'], { ERRCODE_STATE: redis.url });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.missing).toEqual([
      { query: '424242', count: 2, platforms: ['discord', 'slack'] },
      { query: 'oidb 0x99999', count: 1, platforms: ['slack'] },
    ]);
    expect(json.not_helpful).toEqual([{ entry_id: entry, not_helpful: 2, helpful: 0 }]);
    const text = await errcode(['stats'], { ERRCODE_STATE: redis.url });
    expect(text.out).toContain('Missing codes reported (2):');
    expect(text.out).toContain(`read from the state store (redis ${redis.url.replace(/\/$/, '')}`);
  });
});
