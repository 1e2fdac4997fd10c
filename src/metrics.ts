/** Prometheus metrics (prom-client), one registry per process, defined in one place. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly queries = new Counter({
    name: 'errcode_queries_total',
    help: 'Explicit lookups answered, by platform and outcome',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly autoReplies = new Counter({
    name: 'errcode_auto_replies_total',
    help: 'Auto-replies sent to pasted errors, by platform',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly autoRepliesSuppressed = new Counter({
    name: 'errcode_auto_replies_suppressed_total',
    help: 'Auto-replies not sent, by platform and reason',
    labelNames: ['platform', 'reason'] as const,
    registers: [this.registry],
  });
  readonly missingCodeReports = new Counter({
    name: 'errcode_missing_code_reports_total',
    help: 'Queries users reported as missing from the catalogs',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly votes = new Counter({
    name: 'errcode_votes_total',
    help: 'Helpful / not helpful votes on answers',
    labelNames: ['platform', 'vote'] as const,
    registers: [this.registry],
  });
  readonly faults = new Counter({
    name: 'errcode_faults_total',
    help: 'Handler exceptions and unhandled rejections, caught and logged',
    labelNames: ['platform', 'kind'] as const,
    registers: [this.registry],
  });
  readonly engineSeconds = new Histogram({
    name: 'errcode_engine_seconds',
    help: 'Time the engine took to answer',
    labelNames: ['operation'] as const,
    buckets: [0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1],
    registers: [this.registry],
  });
  readonly endToEndSeconds = new Histogram({
    name: 'errcode_end_to_end_seconds',
    help: 'From receiving a platform event to the reply call finishing',
    labelNames: ['platform', 'kind'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly adapterConnected = new Gauge({
    name: 'errcode_adapter_connected',
    help: '1 when the platform adapter is connected and serving',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });

  // -- Discord shards (adapters/discord/shards.ts) --------------------------------------------
  readonly discordShardConnected = new Gauge({
    name: 'errcode_discord_shard_connected',
    help: '1 when the Discord shard is connected and serving, by shard id',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });
  readonly discordShardPing = new Gauge({
    name: 'errcode_discord_shard_ping_seconds',
    help: 'Last gateway heartbeat round trip of the Discord shard, by shard id',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });
  readonly discordShardResumes = new Counter({
    name: 'errcode_discord_shard_resumes_total',
    help: 'Gateway sessions resumed by the Discord shard (after a dropped connection or a restart), by shard id',
    labelNames: ['shard'] as const,
    registers: [this.registry],
  });

  readonly reconnects = new Counter({
    name: 'errcode_adapter_reconnects_total',
    help: 'Platform connections re-established after a loss or a refresh, by platform and reason',
    labelNames: ['platform', 'reason'] as const,
    registers: [this.registry],
  });
  readonly disconnectedSeconds = new Counter({
    name: 'errcode_adapter_disconnected_seconds_total',
    help: 'Time spent without a platform connection after having had one, by platform',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly repliesFailed = new Counter({
    name: 'errcode_replies_failed_total',
    help: 'Replies that could not be posted after every retry (the event is left for redelivery), by platform and kind',
    labelNames: ['platform', 'kind'] as const,
    registers: [this.registry],
  });

  readonly stateUnavailable = new Counter({
    name: 'errcode_state_unavailable_total',
    help: 'State store operations that could not be answered (auto-replies then stay silent), by operation',
    labelNames: ['operation'] as const,
    registers: [this.registry],
  });
  readonly stateHealthy = new Gauge({
    name: 'errcode_state_ok',
    help: '1 while the state store answers, 0 while it cannot (auto-replies are then silent)',
    labelNames: ['backend'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'errcode_' });
  }
}
