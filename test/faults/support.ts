/**
 * Shared by the fault and abuse suites: a heap reading after a full GC, a trap for unhandled errors,
 * and a recorder of what the engine was asked to scan (to check the adapters bound their input).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Engine } from '../../src/engine/engine.js';
import type { Services } from '../../src/services.js';

/** A full GC where Node allows one (`--expose-gc` made available at run time), else nothing. */
const collect: () => void = (() => {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return gc as () => void;
  } catch {
    // No GC on demand: heap readings are noisier, which the generous bounds allow for.
  }
  return () => undefined;
})();

/** Heap in use after a full collection (twice: the first one frees what finalizers release). */
export function settledHeap(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

export const MB = 1024 * 1024;

/** Records unhandled rejections and uncaught exceptions until `release()`; a fault test asserts none. */
export function trapUnhandled(): { readonly errors: unknown[]; release(): void } {
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  process.on('unhandledRejection', onError);
  process.on('uncaughtException', onError);
  return {
    errors,
    release() {
      process.off('unhandledRejection', onError);
      process.off('uncaughtException', onError);
    },
  };
}

export interface ScanRecord {
  /** Length of the text the adapter handed to the engine. */
  readonly inputLength: number;
  readonly notes: readonly string[];
  readonly codes: readonly string[];
  readonly ms: number;
}

/**
 * Puts an engine in front of the real one that records every scan (same answers). The swap goes
 * through EngineHolder, exactly as a catalog reload does.
 */
export function recordScans(services: Services): ScanRecord[] {
  const real = services.engines.current;
  const records: ScanRecord[] = [];
  const spy = Object.create(real) as Engine;
  spy.scan = (text: string) => {
    const started = performance.now();
    const result = real.scan(text);
    records.push({
      inputLength: text.length,
      notes: result.notes,
      codes: result.answers.map((a) => (a.main ? `${a.main}/${a.code}` : a.code)),
      ms: performance.now() - started,
    });
    return result;
  };
  services.engines.swap(spy);
  return records;
}

/** Sum of a counter's samples whose labels include `labels`. */
export async function counterTotal(services: Services, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = services.metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
