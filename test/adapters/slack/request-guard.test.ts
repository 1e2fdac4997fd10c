import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { blockActions, eventCallback, messageEvent, signedRequest, signSlackRequest } from '../../fakes/slack-platform.js';
import { trapUnhandled } from '../../faults/support.js';
import { type Harness, postEvent, SECRET, startHarness, stopHarness } from './harness.js';

let h: Harness | undefined;
let trap: ReturnType<typeof trapUnhandled> | undefined;
afterEach(async () => {
  if (h) await stopHarness(h);
  h = undefined;
  trap?.release();
  if (trap) expect(trap.errors).toEqual([]);
  trap = undefined;
});

/**
 * Starts a POST that declares `declared` bytes but sends only `sent` of them, and resolves with the
 * status as soon as the server answers: an answer before the body is complete proves it was not buffered.
 */
function answerBeforeBody(url: string, headers: Record<string, string>, declared: number, sent: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': String(declared) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET' && (error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error);
    });
    req.write(Buffer.alloc(sent, 0x61));
    // The rest is never sent: only an early answer resolves this.
  });
}

async function expectStillAnswering(harness: Harness): Promise<void> {
  await postEvent(harness, { text: 'NSP_STATUS: 102', ts: '1700000999.000100' });
  expect(await harness.slack.settled(8000)).toBe(true);
  expect(harness.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === '1700000999.000100')).toHaveLength(1);
}

describe('Slack HTTP requests are checked before their body is buffered', () => {
  it('an unsigned 3.9 MB POST is refused from its headers, before the body arrives', async () => {
    trap = trapUnhandled();
    h = await startHarness();
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => answerBeforeBody(h?.url ?? '', { 'content-type': 'application/json' }, 3_900_000, 64 * 1024)),
    );
    expect(new Set(statuses)).toEqual(new Set([401]));
    await expectStillAnswering(h);
  }, 30_000);

  it('a signed-looking POST declaring a body over the limit is 413 before the body arrives', async () => {
    h = await startHarness();
    const headers = { 'content-type': 'application/json', ...signSlackRequest(SECRET, 'whatever') };
    expect(await answerBeforeBody(h.url, headers, 3_900_000, 1024)).toBe(413);
  });

  it('a chunked body (no length declared) is read only up to the limit', async () => {
    h = await startHarness();
    const big = JSON.stringify({ type: 'event_callback', event: { text: 'x'.repeat(2 * 1024 * 1024) } });
    const headers = { 'content-type': 'application/json', ...signSlackRequest(SECRET, big) };
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(h?.url ?? '', { method: 'POST', headers }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error) => {
        if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET' && (error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error);
      });
      req.end(big);
    });
    expect(status).toBe(413);
  });

  it.each([
    ['one hour ahead', 3600],
    ['ten years ahead', 10 * 365 * 24 * 3600],
  ])('a timestamp %s is refused (401) and nothing is answered', async (_name, ahead) => {
    h = await startHarness();
    const event = eventCallback(messageEvent({ text: '{"error":1101,"sub_error":20155}', ts: '1700000100.000100' }));
    const result = await signedRequest(h.url, SECRET, event, { timestamp: Math.floor(Date.now() / 1000) + ahead });
    expect(result.status).toBe(401);
    expect(await h.slack.settled(2000)).toBe(true);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('a timestamp a few seconds ahead (clock skew) is accepted', async () => {
    h = await startHarness();
    const event = eventCallback(messageEvent({ text: 'NSP_STATUS: 102', ts: '1700000200.000100' }));
    expect((await signedRequest(h.url, SECRET, event, { timestamp: Math.floor(Date.now() / 1000) + 20 })).status).toBe(200);
  });
});

describe('malformed signed payloads get a clean 400, not a crash', () => {
  const action = (fields: Record<string, unknown>) =>
    blockActions({ response_url: 'http://127.0.0.1:1/never', actions: [{ action_id: 'errcode_more', value: 'x', ...fields }] });

  it.each([
    ['payload=null', () => 'payload=null'],
    ['payload is not JSON', () => 'payload=%7Bnot'],
    [
      'a block action without user',
      () => {
        const body = new URLSearchParams(action({}).body);
        const payload = JSON.parse(body.get('payload') ?? '{}') as Record<string, unknown>;
        delete payload.user;
        return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
      },
    ],
    ['checkboxes without selected_options', () => action({ type: 'checkboxes' }).body],
    ['an events body that is a JSON array', () => '[]'],
    ['an event_callback without event', () => JSON.stringify({ type: 'event_callback', event_id: 'Ev1' })],
  ])('%s', async (_name, body) => {
    trap = trapUnhandled();
    h = await startHarness();
    const raw = body();
    const result = await signedRequest(h.url, SECRET, raw, {
      contentType: raw.startsWith('payload=') ? 'application/x-www-form-urlencoded' : 'application/json',
    });
    expect(result.status).toBe(400);
    expect(await h.slack.settled(2000)).toBe(true);
    expect(h.fake.callsTo('chat.postEphemeral')).toHaveLength(0);
    await expectStillAnswering(h);
  });
});
