/**
 * A state store that cannot answer (Redis down): auto-replies fail closed and are counted, explicit
 * asks are answered as ever, and /healthz says the process is degraded and why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Metrics } from '../../src/metrics.js';
import { healthReport } from '../../src/runtime/health-server.js';
import { EngineHolder } from '../../src/services.js';
import { MemoryStateStore } from '../../src/state/memory.js';
import { command, type Harness, postEvent, startHarness, stopHarness } from '../adapters/slack/harness.js';
import { testServices } from '../helpers/services.js';

/** A memory store that answers "unavailable" to every claim and decision, as a Redis store does while Redis is down. */
function downStore(): MemoryStateStore {
  const store = new MemoryStateStore();
  store.claim = async () => ({ status: 'unavailable', error: 'Redis at redis://127.0.0.1:1 unreachable' });
  store.decideAutoReply = async () => ({ status: 'unavailable', error: 'Redis at redis://127.0.0.1:1 unreachable' });
  store.health = () => ({ backend: 'redis', ok: false, detail: 'Redis at redis://127.0.0.1:1 unreachable' });
  return store;
}

let h: Harness | undefined;
afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

describe('a state store that cannot answer', () => {
  it('a paste gets no auto-reply (counted), and /errcode is still answered', async () => {
    h = await startHarness({ services: testServices({ state: downStore() }) });
    await postEvent(h, { text: '{"error":1101,"sub_error":20155}', ts: '1700300000.000100' });
    expect(await h.slack.settled(20_000)).toBe(true);
    const { body } = await command(h, '100014');
    expect(JSON.stringify(body)).toContain('100014');
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
    const metrics = h.services.metrics.registry;
    expect(await metrics.getSingleMetricAsString('errcode_state_unavailable_total')).toContain('operation="decide"} 1');
    expect(await metrics.getSingleMetricAsString('errcode_auto_replies_suppressed_total')).toContain('reason="state-unavailable"} 1');
  });

  it('/healthz is degraded with the reason while the store reports not ok, and ready again once it is', async () => {
    const store = downStore();
    const services = testServices();
    const metrics = new Metrics();
    const sources = { engines: new EngineHolder(services.engines.current), metrics, adapters: () => [], state: store };
    const down = healthReport(sources);
    expect(down).toMatchObject({ ready: true, degraded: true, reasons: ['state-unavailable'], state: { backend: 'redis', ok: false } });
    expect(await metrics.registry.getSingleMetricAsString('errcode_state_ok')).toContain('errcode_state_ok{backend="redis"} 0');
    store.health = () => ({ backend: 'redis', ok: true });
    expect(healthReport(sources)).toMatchObject({ degraded: false, reasons: [] });
    expect(await metrics.registry.getSingleMetricAsString('errcode_state_ok')).toContain('errcode_state_ok{backend="redis"} 1');
  });
});
