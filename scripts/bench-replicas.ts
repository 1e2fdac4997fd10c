/**
 * The replica flood as a figure: 600 messages over 9 channels (codes and chatter, 5 threads per
 * channel) sent through a seeded random balancer to 1 and to 2 Slack HTTP-mode adapters, each with
 * its own RedisStateStore on one loopback redis-server. Prints replies (they must be equal: the
 * decision is shared) and messages handled per second. The correctness of the same flood is
 * asserted in test/adapters/slack/replicas.test.ts; here only its speed is measured.
 */
import { randomUUID } from 'node:crypto';
import { startSlack } from '../adapters/slack/index.js';
import { Feedback } from '../src/feedback.js';
import { createEngine } from '../src/index.js';
import { createLogger } from '../src/logger.js';
import { Metrics } from '../src/metrics.js';
import { AutoReplyPolicy } from '../src/policy/auto-reply.js';
import { EngineHolder, type Services } from '../src/services.js';
import { EventDeduper } from '../src/state/dedupe.js';
import { startBalancer } from '../test/fakes/balancer.js';
import { REDIS_MISSING, startRedisServer } from '../test/fakes/redis-server.js';
import { eventCallback, messageEvent, signedRequest, startFakeSlack } from '../test/fakes/slack-platform.js';
import { seededRandom } from '../test/helpers/seeded-random.js';

const SECRET = 'bench-signing-secret';
const MESSAGES = 600;
const CHANNELS = 9;
const CODES = [
  '{"error":1101,"sub_error":20155}',
  '{"code":6004,"data":"get player info fail"}',
  'HTTP/1.1 200 OK\nNSP_STATUS: 102',
  '{"ret":100014,"msg":"access token expired"}',
  'push failed {"code":"80300007"}',
];
const CHATTER = ['lunch at noon?', 'deploy is green', 'who owns the login service', 'thanks!'];

export interface ReplicaFloodRow {
  readonly replicas: number;
  readonly replies: number;
  readonly messagesPerSecond: number;
  readonly repliesPerSecond: number;
}

async function flood(count: number, redisUrl: string): Promise<ReplicaFloodRow> {
  const fake = await startFakeSlack();
  const prefix = `bench-${randomUUID().slice(0, 8)}:`;
  const engine = createEngine();
  const { RedisStateStore } = await import('../src/state/redis.js');
  const handles: Array<Awaited<ReturnType<typeof startSlack>>> = [];
  const closers: Array<() => Promise<void>> = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const { store } = await RedisStateStore.open(redisUrl, { prefix });
      const logger = createLogger('silent');
      const metrics = new Metrics();
      const services: Services = {
        engines: new EngineHolder(engine),
        policy: new AutoReplyPolicy({}),
        deduper: new EventDeduper(store, metrics, logger),
        state: store,
        logger,
        metrics,
        feedback: new Feedback(logger, metrics),
        attachments: { maxBytes: 1024 * 1024, timeoutMs: 2000 },
      };
      const handle = await startSlack({ botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl: fake.apiUrl, port: 0 }, services, {
        host: '127.0.0.1',
      });
      handles.push(handle);
      closers.push(async () => {
        await handle.stop();
        await store.close();
      });
    }
    const targets = handles.map((h) => `http://127.0.0.1:${h.address?.port}/slack/events`);
    const balancer = await startBalancer(targets, seededRandom(7 + count));
    closers.push(() => balancer.close());
    const url = balancer.url;

    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < MESSAGES) {
          const i = next;
          next += 1;
          const thread = Math.floor(i / CHANNELS) % 5;
          const round = Math.floor(i / (CHANNELS * 5));
          const text = round % 3 === 2 ? (CHATTER[i % CHATTER.length] as string) : (CODES[(thread + round) % CODES.length] as string);
          const event = messageEvent({
            channel: `CBENCH${i % CHANNELS}`,
            text,
            ts: `1700500${String(i).padStart(3, '0')}.000100`,
            thread_ts: `1700499${String(i % 45).padStart(3, '0')}.000100`,
          });
          for (let retry = 0; retry <= 3; retry += 1) {
            const res = await signedRequest(
              url,
              SECRET,
              eventCallback(event, { event_id: `EvBench${count}x${i}` }),
              retry > 0 ? { retryNum: retry } : {},
            );
            if (res.status === 200) break;
          }
        }
      }),
    );
    for (const h of handles) await h.settled(60_000);
    const seconds = (performance.now() - started) / 1000;
    const replies = fake.callsTo('chat.postMessage').length;
    return { replicas: count, replies, messagesPerSecond: MESSAGES / seconds, repliesPerSecond: replies / seconds };
  } finally {
    for (const close of closers.reverse()) await close();
    await fake.close();
  }
}

export async function benchReplicas(): Promise<ReplicaFloodRow[]> {
  console.log('\n## replica flood: 600 Slack HTTP messages over 9 channels through a seeded balancer, shared Redis');
  if (REDIS_MISSING) {
    console.log(`(Redis: ${REDIS_MISSING.replace(': the Redis store tests are skipped', '')})`);
    return [];
  }
  const redis = await startRedisServer();
  const rows: ReplicaFloodRow[] = [];
  try {
    for (const count of [1, 2]) rows.push(await flood(count, redis.url));
  } finally {
    await redis.stop();
  }
  const single = rows[0];
  for (const row of rows) {
    const ratio = single ? row.messagesPerSecond / single.messagesPerSecond : 1;
    console.log(
      `${String(row.replicas).padStart(2)} replica(s): ${row.replies} replies, ${row.messagesPerSecond.toFixed(0)} messages/s, ` +
        `${row.repliesPerSecond.toFixed(1)} replies/s (${ratio.toFixed(2)}x one replica)`,
    );
  }
  return rows;
}
