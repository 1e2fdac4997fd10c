/**
 * An event whose reply is slower than the ack deadline, in HTTP mode: acked 200 at the deadline
 * (Slack must not retry a reply still being posted), the reply posted once, and no second answer
 * to the same request turning into an unhandled rejection (which ends a Node process).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { trapUnhandled } from '../../faults/support.js';
import { type Harness, postEvent, startHarness, stopHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

describe('Slack HTTP: a reply slower than the ack deadline', () => {
  it('past Bolt’s own 3 s timeout: acked 200 at our deadline, posted once, nothing unhandled', async () => {
    const trap = trapUnhandled();
    try {
      // Our deadline past Bolt's default 3001 ms: Bolt must not answer first.
      h = await startHarness({ slack: { eventAckDeadlineMs: 3300 } });
      h.fake.setApiResponse('chat.postMessage', { delayMs: 4500, body: { ok: true, ts: '1.1', channel: 'C1' } });
      const started = Date.now();
      const res = await postEvent(h, { text: 'push failed {"code":"80300007","msg":"All the tokens are invalid"}' });
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(3300);
      await h.slack.settled(20_000);
      expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
      expect(h.services.logLines.some((l) => l.event === 'slack_event_acked_at_deadline')).toBe(true);
      expect(trap.errors).toEqual([]);
    } finally {
      trap.release();
    }
  }, 60_000);
});
