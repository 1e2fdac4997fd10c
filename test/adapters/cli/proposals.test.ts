/**
 * `errcode proposals`, `approve`, `reject` and the step credits in `errcode stats` (issue 14),
 * against a real Redis store (the CLI refuses memory, its default, with what to set).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStateStore } from '../../../src/state/redis.js';
import { REDIS_MISSING, type RedisServer, startRedisServer } from '../../fakes/redis-server.js';
import { type CliRun, runCli } from '../../helpers/cli.js';
import { IN_CI } from '../../state/backends.js';

function errcode(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return runCli(args, { env });
}

describe('errcode proposals without a store', () => {
  it('says ERRCODE_STATE must name the SQLite file or Redis URL (the CLI default is memory)', async () => {
    for (const env of [{}, { ERRCODE_STATE: 'memory' }]) {
      const ran = await errcode(['proposals'], env);
      expect(ran.code).toBe(2);
      expect(ran.err).toMatch(/set ERRCODE_STATE to the bot's SQLite file .* or its Redis URL/);
    }
    expect((await errcode(['approve', 'p123'], {})).err).toMatch(/ERRCODE_STATE/);
  });
});

const skip = REDIS_MISSING !== undefined && !IN_CI;
describe.skipIf(skip)('errcode proposals / approve / reject against Redis', () => {
  let redis: RedisServer;
  let store: RedisStateStore;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    if (REDIS_MISSING) throw new Error(REDIS_MISSING);
    redis = await startRedisServer();
    store = (await RedisStateStore.open(redis.url)).store;
    dir = mkdtempSync(path.join(tmpdir(), 'errcode-cli-team-'));
    env = { ERRCODE_STATE: redis.url, ERRCODE_TEAM_CATALOGS: dir, USER: 'alice' };
  }, 30_000);
  afterAll(async () => {
    await store?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists, approves into the team catalog, rejects, and refuses a second decision', async () => {
    const base = { kind: 'add' as const, platform: 'slack', proposer: 'U1', steps: ['Log in again', 'Refresh the ticket'] };
    const a = await store.createProposal({ ...base, code: '4343431', meaning: 'Ticket expired' });
    const b = await store.createProposal({ ...base, code: '4343432', meaning: 'Nonsense' });

    const listed = await errcode(['proposals', '--json'], env);
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.out) as { proposals: Array<{ id: string; code: string; status: string }> };
    expect(json.proposals.map((p) => [p.id, p.code, p.status])).toEqual([
      [a.id, '4343431', 'pending'],
      [b.id, '4343432', 'pending'],
    ]);
    expect((await errcode(['proposals'], env)).out).toContain(`${a.id}  4343431  Ticket expired`);

    const approved = await errcode(['approve', a.id], env);
    expect(approved.err).toBe('');
    expect(approved.code).toBe(0);
    expect(approved.out).toContain(`Approved ${a.id}`);
    expect((await errcode(['validate', path.join(dir, 'team.yaml')], {})).code).toBe(0);
    const lookup = await errcode(['4343431'], env);
    expect(lookup.out).toContain('Ticket expired');
    expect((await store.getProposal(a.id))?.decided).toMatchObject({ by: 'alice', platform: 'cli' });

    expect((await errcode(['reject', b.id], env)).code).toBe(0);
    const again = await errcode(['approve', b.id], env);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`${b.id} was already rejected by alice`);
    expect((await errcode(['4343432'], env)).out).not.toContain('Nonsense');
    expect((await errcode(['approve', 'not-an-id'], env)).code).toBe(2);
  }, 60_000);

  it('errcode stats prints the step credits from the store', async () => {
    await store.recordFix({ platform: 'slack', entryId: 'qq-msdk:x:1', userId: 'U1', steps: [2] });
    await store.recordFix({ platform: 'slack', entryId: 'qq-msdk:x:1', userId: 'U2', steps: [0, 2] });
    const logFile = path.join(dir, 'empty.log');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(logFile, '');
    const text = await errcode(['stats', logFile], env);
    expect(text.out).toContain('Step credits ("Fixed it" clicks) (1):');
    expect(text.out).toContain('2  qq-msdk:x:1  (step 1: 1, step 3: 2)');
    const json = JSON.parse((await errcode(['stats', '--json', logFile], env)).out) as { step_credits: unknown };
    expect(json.step_credits).toEqual([{ entry_id: 'qq-msdk:x:1', fixed: 2, by_step: [1, 0, 2] }]);
  }, 30_000);
});
