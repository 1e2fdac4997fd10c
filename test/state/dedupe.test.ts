/**
 * Event dedupe on the state store, against every backend: an event is handled once by every
 * deduper sharing the store (replicas), marked only after its work succeeded, given back after a
 * failure, and not blocked by a store that cannot answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { EventDeduper } from '../../src/state/dedupe.js';
import { MemoryStateStore } from '../../src/state/memory.js';
import type { StateStore } from '../../src/state/store.js';
import { type Backend, backends, IN_CI, TestClock } from './backends.js';

const deduper = (store: StateStore, metrics = new Metrics()) =>
  new EventDeduper(store, metrics, silentLogger(), { holdMs: 1000, seenMs: 60_000 });

const CASES: Record<string, (store: StateStore, clock: TestClock) => Promise<void>> = {
  'marked only after the work succeeds; a local repeat waits for the running attempt and runs after a failure': async (store) => {
    const dedupe = deduper(store);
    let release: (ok: boolean) => void = () => undefined;
    const runs: string[] = [];
    const first = dedupe.once('Ev1', () => {
      runs.push('first');
      return new Promise<boolean>((resolve) => {
        release = resolve;
      });
    });
    const repeat = dedupe.once('Ev1', async () => {
      runs.push('repeat');
      return true;
    });
    await until(() => runs.length > 0);
    release(false);
    expect(await first).toBe('failed');
    expect(await repeat).toBe('handled');
    expect(runs).toEqual(['first', 'repeat']);
    expect(await dedupe.once('Ev1', async () => true)).toBe('duplicate');
    await expect(dedupe.once('Ev2', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await dedupe.once('Ev2', async () => true)).toBe('handled');
  },
  'two replicas on one store: the event runs once; the other sees it taken while it runs and seen after': async (store) => {
    const [a, b] = [deduper(store), deduper(store)];
    let started = false;
    let finish: (ok: boolean) => void = () => undefined;
    const running = a.once('Ev1', () => {
      started = true;
      return new Promise<boolean>((resolve) => (finish = resolve));
    });
    await until(() => started);
    // Still running on the other replica: not known yet whether it will be answered.
    expect(await b.once('Ev1', async () => true)).toBe('in-flight');
    finish(true);
    expect(await running).toBe('handled');
    expect(await b.once('Ev1', async () => true)).toBe('duplicate');
  },
  'a failure on one replica gives the event back to the other': async (store) => {
    const [a, b] = [deduper(store), deduper(store)];
    expect(await a.once('Ev1', async () => false)).toBe('failed');
    expect(await b.once('Ev1', async () => true)).toBe('handled');
  },
  'a process that died mid-work holds the event (in flight, for redelivery) only for holdMs': async (store, clock) => {
    // The claim as a killed process leaves it: taken, never renewed or released.
    expect((await store.claim('event:Ev1', 1000)).status).toBe('claimed');
    const dedupe = deduper(store);
    expect(await dedupe.once('Ev1', async () => true)).toBe('in-flight');
    clock.advance(1000);
    expect(await dedupe.once('Ev1', async () => true)).toBe('handled');
    clock.advance(59_000);
    expect(await dedupe.once('Ev1', async () => true)).toBe('duplicate');
  },
};

for (const backend of backends()) {
  if (backend.missing !== undefined && !(IN_CI && backend.requiredInCi)) {
    describe(`event dedupe: ${backend.name}`, () => {
      it.skip(backend.missing ?? backend.name, () => {});
    });
    continue;
  }
  describe(`event dedupe: ${backend.name}`, () => {
    setUpBackend(backend);
    for (const [name, run] of Object.entries(CASES)) {
      it(name, async () => {
        const clock = new TestClock();
        await run(await backend.make(clock), clock);
      });
    }
  });
}

describe('event dedupe with a store that cannot answer', () => {
  it('runs the work anyway (explicit asks never wait on the store) and counts it', async () => {
    const store = new MemoryStateStore();
    store.claim = async () => ({ status: 'unavailable', error: 'down' });
    const metrics = new Metrics();
    expect(await deduper(store, metrics).once('Ev1', async () => true)).toBe('handled');
    expect(await metrics.registry.getSingleMetricAsString('errcode_state_unavailable_total')).toContain('operation="claim"} 1');
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function setUpBackend(backend: Backend): void {
  beforeAll(async () => {
    if (backend.missing !== undefined) throw new Error(`${backend.missing} (CI requires it: .ci/run installs redis-server)`);
    await backend.setUp();
  });
  afterAll(() => backend.tearDown());
}
