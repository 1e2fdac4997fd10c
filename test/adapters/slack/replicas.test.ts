/**
 * Slack HTTP-mode replicas behind a load balancer, each with its own RedisStateStore on one real
 * redis-server: the auto-reply decision and the event dedupe are shared, so a second replica never
 * answers what the first one did. The balancer picks a replica at random from a seeded generator
 * (round-robin would hide the bug when its period divides the channel count).
 *
 * Without redis-server these tests skip with a message; under CI they fail instead.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AutoReplySettings } from '../../../src/policy/auto-reply.js';
import { RedisStateStore } from '../../../src/state/redis.js';
import { type Balancer, startBalancer } from '../../fakes/balancer.js';
import { REDIS_MISSING, type RedisServer, startRedisServer } from '../../fakes/redis-server.js';
import { eventCallback, type FakeSlack, type HttpResult, messageEvent, signedRequest, startFakeSlack } from '../../fakes/slack-platform.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { testServices } from '../../helpers/services.js';
import { IN_CI } from '../../state/backends.js';
import { ACTIONS, click, element, type Harness, SECRET, type SentMessage, startHarness } from './harness.js';

const PASTES = {
  accountExpired: '{"error":1101,"sub_error":20155}',
  quickappPlayer: '{"code":6004,"data":"get player info fail"}',
  nspStatus: 'HTTP/1.1 200 OK\nNSP_STATUS: 102',
  msdkToken: '{"ret":100014,"msg":"access token expired"}',
  pushToken: 'push failed {"code":"80300007"}',
} as const;
const CODES = Object.values(PASTES);
const CHATTER = ['lunch at noon?', 'deploy is green', 'who owns the login service', 'thanks!'];

interface Cluster {
  readonly fake: FakeSlack;
  readonly replicas: Harness[];
  readonly balancer: Balancer;
}

let redis: RedisServer | undefined;
let cluster: Cluster | undefined;

async function startCluster(count: number, policy: Partial<AutoReplySettings> = {}, seed = 10): Promise<Cluster> {
  if (!redis) throw new Error('redis-server not started');
  const fake = await startFakeSlack();
  const prefix = `replicas-${randomUUID().slice(0, 8)}:`;
  const replicas: Harness[] = [];
  for (let i = 0; i < count; i += 1) {
    const { store, warning } = await RedisStateStore.open(redis.url, { prefix });
    if (warning) throw new Error(warning);
    replicas.push(await startHarness({ fake, services: testServices({ policy, state: store }) }));
  }
  const balancer = await startBalancer(
    replicas.map((r) => r.url),
    seededRandom(seed),
  );
  return { fake, replicas, balancer };
}

async function stopCluster(c: Cluster | undefined): Promise<void> {
  if (!c) return;
  await c.balancer.close();
  for (const replica of c.replicas) {
    await replica.slack.stop();
    await replica.services.state.close();
  }
  await c.fake.close();
}

afterEach(async () => {
  await stopCluster(cluster);
  cluster = undefined;
});

interface Paste {
  readonly channel: string;
  readonly text: string;
  readonly ts: string;
  readonly threadTs?: string;
  readonly eventId?: string;
}

/**
 * Delivers an event as Slack does: a delivery answered with anything but 200 (a replica that left
 * it for redelivery because another one is still on it) is sent again with x-slack-retry-num, up to
 * Slack's three retries (here after 300 ms instead of minutes).
 */
async function deliver(url: string, paste: Paste, options: { retryNum?: number } = {}): Promise<HttpResult> {
  const body = eventCallback(
    messageEvent({ channel: paste.channel, text: paste.text, ts: paste.ts, ...(paste.threadTs ? { thread_ts: paste.threadTs } : {}) }),
    { event_id: paste.eventId ?? `Ev${randomUUID().replaceAll('-', '').slice(0, 12)}` },
  );
  let result: HttpResult | undefined;
  for (let retry = options.retryNum ?? 0; retry <= 3; retry += 1) {
    result = await signedRequest(url, SECRET, body, retry > 0 ? { retryNum: retry, retryReason: 'http_timeout' } : {});
    if (result.status === 200) return result;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return result as HttpResult;
}

async function settled(c: Cluster): Promise<void> {
  for (const replica of c.replicas) expect(await replica.slack.settled(60_000)).toBe(true);
}

/** Replies in the fake, by channel and thread. */
function repliesByThread(fake: FakeSlack): Map<string, number> {
  const threads = new Map<string, number>();
  for (const call of fake.callsTo('chat.postMessage')) {
    const key = `${String(call.args.channel)}/${String(call.args.thread_ts)}`;
    threads.set(key, (threads.get(key) ?? 0) + 1);
  }
  return threads;
}

async function counter(replica: Harness, name: string, labels: string): Promise<number> {
  const text = await replica.services.metrics.registry.getSingleMetricAsString(name);
  let total = 0;
  for (const line of text.split('\n')) if (line.includes(labels)) total += Number(line.split(' ').pop());
  return total;
}

const skip = REDIS_MISSING !== undefined && !IN_CI;
describe.skipIf(skip)(`Slack HTTP replicas sharing Redis${skip ? ` (${REDIS_MISSING})` : ''}`, () => {
  beforeAll(async () => {
    redis = await startRedisServer();
  }, 60_000);
  afterAll(async () => {
    await redis?.stop();
    redis = undefined;
  });

  it('the same code twice in one thread, on two replicas at once, gets one answer', async () => {
    cluster = await startCluster(2);
    const [a, b] = cluster.replicas as [Harness, Harness];
    const root = '1700100000.000100';
    const results = await Promise.all([
      deliver(a.url, { channel: 'C0REPL01', text: PASTES.accountExpired, ts: root }),
      deliver(b.url, { channel: 'C0REPL01', text: PASTES.accountExpired, ts: '1700100000.000200', threadTs: root }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    await settled(cluster);
    expect(repliesByThread(cluster.fake)).toEqual(new Map([[`C0REPL01/${root}`, 1]]));
  });

  it('a Slack retry that lands on the other replica is not answered again', async () => {
    cluster = await startCluster(2);
    const [a, b] = cluster.replicas as [Harness, Harness];
    const paste: Paste = { channel: 'C0REPL02', text: PASTES.msdkToken, ts: '1700100001.000100', eventId: 'EvRETRYOTHER1' };
    expect((await deliver(a.url, paste)).status).toBe(200);
    await settled(cluster);
    expect((await deliver(b.url, paste, { retryNum: 1 })).status).toBe(200);
    await settled(cluster);
    expect(cluster.fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(b.services.logLines.some((l) => l.event === 'slack_event_duplicate' && l.eventId === 'EvRETRYOTHER1')).toBe(true);
  });

  it('"Not relevant" on one replica silences that code on the other', async () => {
    // No cooldown: only the mute can keep the second paste unanswered.
    cluster = await startCluster(2, { cooldownMs: 0 });
    const [a, b] = cluster.replicas as [Harness, Harness];
    await deliver(a.url, { channel: a.fake.ids.channelId, text: PASTES.accountExpired, ts: '1700100002.000100' });
    await settled(cluster);
    const compact = cluster.fake.callsTo('chat.postMessage')[0]?.args as SentMessage;
    const mute = element(compact, ACTIONS.mute);
    await click(a, { action_id: mute?.action_id ?? '', value: mute?.value ?? '' }, { ephemeral: false, expectPost: false });
    await cluster.fake.waitForCall('chat.postEphemeral');
    await deliver(b.url, { channel: a.fake.ids.channelId, text: PASTES.accountExpired, ts: '1700100003.000100' });
    // The control: another code in the same channel on the same replica is answered (silence is proven, not awaited).
    await deliver(b.url, { channel: a.fake.ids.channelId, text: PASTES.pushToken, ts: '1700100004.000100' });
    await settled(cluster);
    const threads = [...repliesByThread(cluster.fake).keys()];
    expect(threads).toEqual([`${a.fake.ids.channelId}/1700100002.000100`, `${a.fake.ids.channelId}/1700100004.000100`]);
    expect(await counter(b, 'errcode_auto_replies_suppressed_total', 'reason="muted"')).toBe(1);
  });

  it('the per-minute cap of a channel holds across three replicas', async () => {
    cluster = await startCluster(3, { cooldownMs: 0, maxPerChannelPerMinute: 6 });
    const c = cluster;
    // 12 pastes, each in its own thread: only the cap can stop them.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        deliver(c.balancer.url, { channel: 'C0REPLCAP', text: PASTES.nspStatus, ts: `1700100010.${String(i).padStart(6, '0')}` }),
      ),
    );
    await settled(c);
    expect(c.fake.callsTo('chat.postMessage')).toHaveLength(6);
    let capped = 0;
    for (const replica of c.replicas) capped += await counter(replica, 'errcode_auto_replies_suppressed_total', 'reason="rate-cap"');
    expect(capped).toBe(6);
    expect(c.balancer.forwarded.every((n) => n > 0)).toBe(true);
  });

  /**
   * 600 messages over 9 channels, 5 threads per channel: codes and chatter mixed, every code
   * pasted several times per channel and per thread. One process answers each code once per
   * channel (the cooldown), at most 6 per channel per minute (5 codes: 45 in all).
   */
  const FLOOD = 600;
  const FLOOD_CHANNELS = 9;
  const floodPlan = (): Paste[] =>
    Array.from({ length: FLOOD }, (_, i) => {
      const channel = `C0FLD${String(i % FLOOD_CHANNELS).padStart(3, '0')}`;
      const thread = Math.floor(i / FLOOD_CHANNELS) % 5;
      const round = Math.floor(i / (FLOOD_CHANNELS * 5));
      const text = round % 3 === 2 ? (CHATTER[i % CHATTER.length] as string) : (CODES[(thread + round) % CODES.length] as string);
      return {
        channel,
        text,
        ts: `1700200${String(i).padStart(3, '0')}.000100`,
        threadTs: `1700199${String(i % 45).padStart(3, '0')}.000100`,
      };
    });

  const floodResults = new Map<number, { replies: number; perChannel: number[]; duplicates: number; seconds: number }>();

  it.each([1, 2, 3])(
    'a flood of 600 messages over 9 channels through %i replica(s): the replies of a single process, no duplicate thread',
    async (count) => {
      cluster = await startCluster(count, {}, 1000 + count);
      const c = cluster;
      const plan = floodPlan();
      const started = performance.now();
      // Sixteen in flight at a time, as a busy workspace would send them.
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < plan.length) {
            const paste = plan[next] as Paste;
            next += 1;
            expect((await deliver(c.balancer.url, paste)).status).toBe(200);
          }
        }),
      );
      await settled(c);
      const seconds = (performance.now() - started) / 1000;
      const threads = repliesByThread(c.fake);
      const perChannel = Array.from(
        { length: FLOOD_CHANNELS },
        (_, ch) => c.fake.callsTo('chat.postMessage').filter((call) => call.args.channel === `C0FLD${String(ch).padStart(3, '0')}`).length,
      );
      const duplicates = [...threads.values()].filter((n) => n > 1).length;
      const replies = perChannel.reduce((a, b) => a + b, 0);
      floodResults.set(count, { replies, perChannel, duplicates, seconds });
      console.info(
        `replica flood: ${JSON.stringify({ replicas: count, replies, duplicates, seconds: Math.round(seconds * 10) / 10, forwarded: c.balancer.forwarded })}`,
      );
      // Each channel gets each of its 5 codes once (the cooldown), within its cap of 6: 45 in all.
      expect(perChannel).toEqual(new Array(FLOOD_CHANNELS).fill(5));
      expect(duplicates).toBe(0);
      if (count > 1) {
        expect(c.balancer.forwarded.every((n) => n > 0)).toBe(true);
        const single = floodResults.get(1);
        if (single) expect(perChannel).toEqual(single.perChannel);
      }
    },
    180_000,
  );
});
