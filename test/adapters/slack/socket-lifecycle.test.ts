/**
 * The Socket Mode connection lifecycle against a fake Slack that behaves like the real one:
 * envelopes to a random open connection, unacked events redelivered with a higher retry_attempt,
 * disconnect warnings, refreshes, stalls, refused pings, failing and hanging apps.connections.open.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SLACK_REPLY_RETRY } from '../../../adapters/slack/index.js';
import { healthReport } from '../../../src/runtime/health-server.js';
import {
  type ApiCall,
  type Delivery,
  eventCallback,
  type FakeSlack,
  messageEvent,
  reply,
  slashCommand,
  startFakeSlack,
} from '../../fakes/slack-platform.js';
import { type Harness, type SentMessage, startHarness, stopHarness, visibleText } from './harness.js';

const harnesses: Harness[] = [];
const fakes: FakeSlack[] = [];

afterEach(async () => {
  for (const h of harnesses.splice(0)) await stopHarness(h);
  for (const fake of fakes.splice(0)) await fake.close();
});

async function harness(options: Parameters<typeof startHarness>[0]): Promise<Harness> {
  const h = await startHarness({ socket: true, ...options });
  harnesses.push(h);
  return h;
}

let pasteCount = 0;
/** A paste errcode answers, in its own channel (so no cooldown or rate cap is shared). */
function paste(): Record<string, unknown> {
  pasteCount += 1;
  const channel = `CPASTE${pasteCount}`;
  const ts = `1700001000.${String(pasteCount).padStart(6, '0')}`;
  return eventCallback(messageEvent({ text: '{"error":1101,"sub_error":20155}', channel, ts }), { event_id: `EvLife${pasteCount}` })
    .payload;
}

const threadOf = (payload: Record<string, unknown>) => {
  const event = payload.event as { channel: string; ts: string };
  return `${event.channel}:${event.ts}`;
};
const threadOfCall = (call: ApiCall) => `${String(call.args.channel)}:${String(call.args.thread_ts)}`;

/** Polls `condition` every 10 ms; rejects after `timeoutMs` naming `what`. */
async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Successful chat.postMessage calls per thread, counted when the fake answers them. */
function countAnswers(
  fake: FakeSlack,
  options: { outageUntil?: number; delayMs?: number; received?: Map<string, number> } = {},
): Map<string, number> {
  const answered = new Map<string, number>();
  fake.setApiResponse('chat.postMessage', async (call) => {
    if (options.outageUntil !== undefined && performance.now() < options.outageUntil) return reply.httpError(503, 'service unavailable');
    options.received?.set(threadOfCall(call), (options.received.get(threadOfCall(call)) ?? 0) + 1);
    if (options.delayMs) await sleep(options.delayMs);
    answered.set(threadOfCall(call), (answered.get(threadOfCall(call)) ?? 0) + 1);
    return reply.ok({ channel: call.args.channel, ts: `${Date.now() / 1000}` });
  });
  return answered;
}

const health = (h: Harness) => healthReport({ engines: h.services.engines, metrics: h.services.metrics, adapters: () => [h.slack] });
const logs = (h: Harness, event: string) => h.services.logLines.filter((line) => line.event === event);

describe('Socket Mode: replies are not lost', () => {
  it('a 12 s chat.postMessage outage with the first ack lost still ends with every paste answered exactly once', async () => {
    // Slack's real retries are spread over minutes; here every 3 s, long enough to span the outage.
    const h = await harness({
      fake: { socket: { redeliverAfterMs: 3000, maxRedeliveries: 12 } },
      slack: { replyRetryConfig: SLACK_REPLY_RETRY },
    });
    const answered = countAnswers(h.fake, { outageUntil: performance.now() + 12_000 });
    h.fake.loseNextAcks(1);
    const pastes = Array.from({ length: 5 }, () => paste());
    const deliveries = pastes.map((payload) => h.fake.deliver('events_api', payload));

    await until(() => deliveries.every((d) => d.acked), 'every paste to be acked', 50_000);
    // Acked at the ack deadline (2.5 s) at the latest, while the replies are still being retried.
    await until(() => answered.size === 5, 'every paste to be answered', 50_000);
    expect([...answered.values()]).toEqual([1, 1, 1, 1, 1]);
    expect(pastes.map(threadOf).sort()).toEqual([...answered.keys()].sort());
    // Slack redelivered while the replies were retried; the repeats waited and none answered twice.
    expect(deliveries.some((d) => d.envelopeIds.length > 1)).toBe(true);
    expect(logs(h, 'slack_reply_failed')).toEqual([]);
  });

  it('a reply that fails after every retry is logged, counted and left unacked; the redelivery answers it', async () => {
    const h = await harness({ fake: { socket: { redeliverAfterMs: 500, maxRedeliveries: 3 } } });
    const answered = countAnswers(h.fake);
    h.fake.queueApiResponse('chat.postMessage', ...Array.from({ length: 4 }, () => reply.httpError(503)));
    const payload = paste();
    const delivery = h.fake.deliver('events_api', payload);
    await until(() => delivery.acked, 'the paste to be acked', 10_000);
    expect(answered.get(threadOf(payload))).toBe(1);
    expect(delivery.envelopeIds.length).toBeGreaterThan(1);
    expect(logs(h, 'slack_reply_failed')).toHaveLength(1);
    expect(await h.services.metrics.registry.getSingleMetricAsString('errcode_replies_failed_total')).toContain(
      'errcode_replies_failed_total{platform="slack",kind="auto-reply"} 1',
    );
  });

  it('SIGTERM during a burst of slow replies leaves every event answered or unacked, and the next process answers the rest', async () => {
    const fake = await startFakeSlack({ socket: { redeliverAfterMs: 1000, maxRedeliveries: 30 } });
    fakes.push(fake);
    // Posts as they reach Slack: on a busy machine a post can pass the 2.5 s ack deadline, so its event
    // is acked while Slack still holds the post (answered 1.5 s later, after stop() has returned).
    const received = new Map<string, number>();
    const answered = countAnswers(fake, { delayMs: 1500, received });
    const first = await startHarness({ socket: true, fake, slack: { stopTimeoutMs: 1000 } });
    const deliveries: Delivery[] = [];
    const pastes: Record<string, unknown>[] = [];
    for (let i = 0; i < 20; i += 1) {
      const payload = paste();
      pastes.push(payload);
      deliveries.push(fake.deliver('events_api', payload));
      await sleep(40);
    }
    await first.slack.stop();
    const stopped = logs(first, 'slack_stopped')[0];
    const left = Number(stopped?.leftForRedelivery);
    expect(left).toBeGreaterThan(0);
    // Nothing acked without its answer: what the process could not finish stays with Slack.
    deliveries.forEach((d, i) => {
      if (d.acked) expect(received.get(threadOf(pastes[i] ?? {})), `paste ${i} acked but its reply never reached Slack`).toBe(1);
    });
    expect(deliveries.filter((d) => !d.acked)).toHaveLength(left);

    const next = await harness({ fake });
    await until(() => deliveries.every((d) => d.acked), 'every paste to be acked by one process or the other', 15_000);
    for (const payload of pastes) expect(answered.get(threadOf(payload)), threadOf(payload)).toBeGreaterThanOrEqual(1);
    expect(deliveries.every((d) => !d.gaveUp)).toBe(true);
    await next.slack.stop();
  });
});

describe('Socket Mode: health and reconnects', () => {
  it('/healthz is false within 1 s of a dead socket, and /metrics counts the reconnect and the time offline', async () => {
    const h = await harness({});
    expect(health(h).ready).toBe(true);
    // The reconnect is immediate: hold its open for 2 s so a poll cannot miss the dip.
    h.fake.queueApiResponse('apps.connections.open', (call) => ({
      delayMs: 2000,
      body: { ok: true, url: `${h.fake.socketUrl}?r=${call.receivedAt}` },
    }));
    const killed = performance.now();
    h.fake.dropSocket('terminate');
    await until(() => !health(h).ready, '/healthz to turn false', 10_000);
    // Under 1 s as the issue asks (about 150 ms on an idle machine): 3 s is the ceiling for a busy one.
    expect(performance.now() - killed).toBeLessThan(3000);

    await h.fake.waitForSocketConnections(2, { timeoutMs: 10_000 });
    await until(() => health(h).ready, '/healthz to recover', 10_000);
    const metrics = await h.services.metrics.registry.metrics();
    expect(metrics).toContain('errcode_adapter_reconnects_total{platform="slack",reason="reconnect"} 1');
    const offline = /errcode_adapter_disconnected_seconds_total\{platform="slack"\} ([\d.e-]+)/.exec(metrics)?.[1];
    expect(Number(offline)).toBeGreaterThan(0);
    expect(logs(h, 'slack_disconnected')).toHaveLength(1);
  });

  it('a stall (no pongs, no reads) shows on /healthz within the ping timeout, and the next connection serves', async () => {
    const h = await harness({ slack: { clientPingTimeout: 600 } });
    const stalled = performance.now();
    h.fake.stall();
    await until(() => !h.slack.connected(), 'the stall to be noticed', 10_000);
    // The ping timeout plus its check interval, with room for a busy machine.
    expect(performance.now() - stalled).toBeLessThan(600 + 1500);
    // The stalled peer never answers the close frame: the next connection must not wait for it.
    await h.fake.waitForSocketConnections(2, { timeoutMs: 10_000 });
    h.fake.dropStalled();
    await until(() => h.slack.connected(), 'the new connection', 10_000);
    await h.fake.pushEnvelope('slash_commands', slashCommand({ text: '100014', response_url: h.fake.responseUrl('after-stall') }).payload);
    expect(visibleText((await h.fake.waitForResponsePost('after-stall')).body as SentMessage)).toContain('access token is expired');
  });

  it('refused pings end the connection; it comes back once pings are answered', async () => {
    const h = await harness({ slack: { clientPingTimeout: 600 } });
    h.fake.refusePings();
    await until(() => !h.slack.connected(), 'the refused pings to be noticed', 10_000);
    h.fake.refusePings(false);
    await until(() => h.slack.connected() && h.fake.openSocketCount === 1, 'a connection with pongs', 10_000);
    expect(h.fake.socketConnectionCount).toBeGreaterThanOrEqual(2);
  });

  it('a hung apps.connections.open costs seconds (its timeout), not minutes', async () => {
    const h = await harness({});
    h.fake.queueApiResponse('apps.connections.open', { hang: true });
    const dropped = performance.now();
    h.fake.dropSocket('terminate');
    await h.fake.waitForSocketConnections(2, { timeoutMs: 20_000 });
    await until(() => h.slack.connected(), 'the reconnect', 10_000);
    // The production default: 10 s for the open, then about a second of backoff.
    expect(performance.now() - dropped).toBeLessThan(15_000);
    expect(logs(h, 'slack_connect_failed')[0]).toMatchObject({ reason: 'reconnect', attempt: 1 });
  });

  it('HTTP 500s from apps.connections.open and a server that never says hello: capped backoff, each failure logged', async () => {
    const h = await harness({ slack: { socket: { helloTimeoutMs: 300, minBackoffMs: 40, maxBackoffMs: 150 } } });
    h.fake.queueApiResponse('apps.connections.open', ...Array.from({ length: 4 }, () => reply.httpError(500)));
    h.fake.sendHello(false);
    h.fake.dropSocket('terminate');
    await until(() => h.fake.socketConnectionCount === 2, 'the connection without hello', 10_000);
    h.fake.sendHello(true);
    await until(() => h.slack.connected(), 'the reconnect', 10_000);
    const failures = logs(h, 'slack_connect_failed');
    expect(failures.slice(0, 4).map((f) => f.httpStatus)).toEqual([500, 500, 500, 500]);
    expect(failures[4]).toMatchObject({ errorName: 'TimeoutError', error: expect.stringContaining('hello') });
    for (const failure of failures) expect(Number(failure.retryInMs)).toBeLessThanOrEqual(150);
  });

  it('invalid_auth on a reconnect stops the adapter for good with one clear error line', async () => {
    const h = await harness({});
    h.fake.setApiResponse('apps.connections.open', reply.error('invalid_auth'));
    h.fake.dropSocket('terminate');
    expect(await h.slack.failed).toBe('invalid_auth');
    expect(h.slack.connected()).toBe(false);
    const errors = h.services.logLines.filter((line) => Number(line.level) >= 50);
    expect(errors.map((line) => line.event)).toEqual(['slack_fatal']);
    expect(errors[0]?.msg).toContain('invalid_auth');
    // Never retried: one more open would be one more refusal.
    const opens = h.fake.callsTo('apps.connections.open').length;
    await sleep(300);
    expect(h.fake.callsTo('apps.connections.open')).toHaveLength(opens);
  });
});

describe('Socket Mode: refreshes without a gap', () => {
  it('a warning disconnect leaves no envelope waiting for a retry interval', async () => {
    const h = await harness({ fake: { socket: { redeliverAfterMs: 3000 } } });
    const deliveries: Delivery[] = [];
    const pump = setInterval(() => deliveries.push(h.fake.deliver('events_api', paste())), 25);
    try {
      await sleep(200);
      await h.fake.warn({ leadMs: 1000 });
      await sleep(400);
    } finally {
      clearInterval(pump);
    }
    await until(() => deliveries.every((d) => d.acked), 'every envelope to be acked', 10_000);
    // Traffic all through the warning (a busy machine paces the pump slower; the claim is below).
    expect(deliveries.length).toBeGreaterThan(10);
    expect(deliveries.filter((d) => d.envelopeIds.length > 1)).toEqual([]);
    expect(Math.max(...deliveries.map((d) => d.ackedAfterMs ?? Number.POSITIVE_INFINITY))).toBeLessThan(3000);
    expect(h.fake.socketConnectionCount).toBe(2);
    expect(await h.services.metrics.registry.getSingleMetricAsString('errcode_adapter_reconnects_total')).toContain('reason="refresh"} 1');
  });

  it('a refresh without warning reconnects at once, no redelivery needed', async () => {
    const h = await harness({ fake: { socket: { redeliverAfterMs: 3000 } } });
    const deliveries: Delivery[] = [];
    const pump = setInterval(() => deliveries.push(h.fake.deliver('events_api', paste())), 25);
    try {
      await sleep(100);
      // The new connection has this long to come up before Slack closes the old one.
      await h.fake.refresh({ closeAfterMs: 2000 });
      await sleep(300);
    } finally {
      clearInterval(pump);
    }
    await until(() => deliveries.every((d) => d.acked), 'every envelope to be acked', 10_000);
    expect(deliveries.filter((d) => d.envelopeIds.length > 1)).toEqual([]);
  });
});
