/** Real services for adapter tests: the bundled catalogs, a real policy, logs captured in memory. */
import { Writable } from 'node:stream';
import { Feedback } from '../../src/feedback.js';
import { createEngine } from '../../src/index.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { AutoReplyPolicy, type AutoReplySettings } from '../../src/policy/auto-reply.js';
import { EngineHolder, type Services, type TeachingServices } from '../../src/services.js';
import { EventDeduper } from '../../src/state/dedupe.js';
import { MemoryStateStore } from '../../src/state/memory.js';
import type { StateStore } from '../../src/state/store.js';
import type { Language } from '../../src/text.js';

const sharedEngine = createEngine();

export interface TestServices extends Services {
  /** Every log line written, parsed. */
  readonly logLines: Array<Record<string, unknown>>;
  /** Raw log output, to assert that secrets never appear in it. */
  rawLog(): string;
}

export function testServices(
  options: {
    policy?: Partial<AutoReplySettings>;
    attachments?: { maxBytes?: number; timeoutMs?: number };
    /** Teaching (issue 14): maintainers, team catalog, and the engine holder a reload swaps. */
    teaching?: TeachingServices;
    engines?: EngineHolder;
    /** The store to share (replica tests); a fresh memory store by default. */
    state?: StateStore;
    /** ERRCODE_DEFAULT_LANGUAGE; unset, as in production without it: English. */
    defaultLanguage?: Language;
  } = {},
): TestServices {
  const logLines: Array<Record<string, unknown>> = [];
  let raw = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      const text = String(chunk);
      raw += text;
      for (const line of text.split('\n')) if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const metrics = new Metrics();
  const state = options.state ?? new MemoryStateStore();
  return {
    engines: options.engines ?? new EngineHolder(sharedEngine),
    policy: new AutoReplyPolicy(options.policy ?? {}),
    deduper: new EventDeduper(state, metrics, logger),
    state,
    logger,
    metrics,
    feedback: new Feedback(logger, metrics),
    attachments: { maxBytes: options.attachments?.maxBytes ?? 1024 * 1024, timeoutMs: options.attachments?.timeoutMs ?? 2000 },
    ...(options.teaching ? { teaching: options.teaching } : {}),
    ...(options.defaultLanguage ? { defaultLanguage: options.defaultLanguage } : {}),
    logLines,
    rawLog: () => raw,
  };
}
