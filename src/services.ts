/** What every adapter is handed: the engine and the shared, platform-neutral machinery. */
import type { Engine } from './engine/engine.js';
import type { Feedback } from './feedback.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { AutoReplyPolicy } from './policy/auto-reply.js';
import type { ReloadOutcome } from './runtime/reload.js';
import type { EventDeduper } from './state/dedupe.js';
import type { StateStore } from './state/store.js';
import type { Language } from './text.js';

/**
 * Holds the current engine. A catalog reload swaps it in one assignment, so a request sees either
 * the old catalogs or the new ones, never a mix.
 */
export class EngineHolder {
  constructor(private engine: Engine) {}

  get current(): Engine {
    return this.engine;
  }

  swap(next: Engine): void {
    this.engine = next;
  }
}

export interface AttachmentSettings {
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

export interface Services {
  readonly engines: EngineHolder;
  readonly policy: AutoReplyPolicy;
  /** Redelivered events handled once, across processes (claims in `state`). */
  readonly deduper: EventDeduper;
  /** What the bot remembers across events, restarts and replicas (ERRCODE_STATE). */
  readonly state: StateStore;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly feedback: Feedback;
  readonly attachments: AttachmentSettings;
  /** ERRCODE_DEFAULT_LANGUAGE: a reply's language when nothing tells the reader's (absent: English). */
  readonly defaultLanguage?: Language;
  /** Teaching from chat (issue 14): maintainers, the team catalog, the reload. Absent: nobody reviews. */
  readonly teaching?: TeachingServices;
}

/** What the teaching flow needs beside the store (src/product/teaching.ts). */
export interface TeachingServices {
  /** User ids allowed to review, per platform (`slack`, `discord`). */
  readonly maintainers: Readonly<Record<string, readonly string[]>>;
  /** ERRCODE_TEAM_CATALOGS; approving refuses without it. */
  readonly teamCatalogDir?: string | undefined;
  /** Loads the catalogs again after an approval (the runtime's CatalogReloader). */
  reload(trigger: string): Promise<ReloadOutcome>;
}

/** A running platform adapter, as the process sees it (health checks, shutdown). */
export interface AdapterHandle {
  readonly platform: 'slack' | 'discord';
  /** True while connected and serving events. */
  connected(): boolean;
  /**
   * What the adapter runs without, e.g. `message-content-intent` when Discord refused that intent:
   * still serving, but not everything. Empty or absent when nothing is missing.
   */
  degraded?(): readonly string[];
  /** More of the adapter's state for /healthz, e.g. Discord's shards (their connection, ping, resumes). */
  details?(): Record<string, unknown>;
  /** Stop taking new events, let in-flight replies finish (bounded), disconnect. */
  stop(): Promise<void>;
  /**
   * Resolves (with the platform's reason, e.g. `invalid_auth`) if the adapter stopped for good
   * because the platform refused its credentials; never resolves otherwise.
   */
  readonly failed?: Promise<string>;
}
