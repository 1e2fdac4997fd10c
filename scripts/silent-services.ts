/** Real services as the adapters get them in production, with a logger that writes nothing: for the benches and the screenshots. */
import type { Engine } from '../src/engine/engine.js';
import { Feedback } from '../src/feedback.js';
import { createLogger } from '../src/logger.js';
import { Metrics } from '../src/metrics.js';
import { AutoReplyPolicy, type AutoReplySettings } from '../src/policy/auto-reply.js';
import { type AttachmentSettings, EngineHolder, type Services } from '../src/services.js';
import { EventDeduper } from '../src/state/dedupe.js';
import { MemoryStateStore } from '../src/state/memory.js';

export interface SilentServicesOptions {
  readonly policy?: Partial<AutoReplySettings>;
  readonly attachments?: AttachmentSettings;
}

export function silentServices(engine: Engine, options: SilentServicesOptions = {}): Services {
  const logger = createLogger('silent');
  const metrics = new Metrics();
  const state = new MemoryStateStore();
  return {
    engines: new EngineHolder(engine),
    policy: new AutoReplyPolicy(options.policy ?? {}),
    deduper: new EventDeduper(state, metrics, logger),
    state,
    logger,
    metrics,
    feedback: new Feedback(logger, metrics),
    attachments: options.attachments ?? { maxBytes: 1024 * 1024, timeoutMs: 2000 },
  };
}
