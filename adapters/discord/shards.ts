/**
 * Sharding: which shards this process runs (DISCORD_SHARDS, DISCORD_SHARD_IDS), and what /healthz
 * and /metrics say about each.
 *
 * One process runs its shard ids in one discord.js Client (its `shards` / `shardCount` options,
 * @discordjs/ws's SimpleShardingStrategy underneath); several processes split the ids between them
 * and share the state store (Redis). Not discord.js's ShardingManager: it forks its own children,
 * each a separate process with its own port, and the parent has no adapter of its own, so /healthz,
 * /metrics, the catalog reload and the SIGTERM drain would each need a relay. Running the shard set
 * in-process keeps one health server per process, and the orchestrator (compose, Kubernetes) places
 * the processes.
 */
import { type Client, REST, Routes, Status } from 'discord.js';
import { type Config, checkShardIds } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import { restApiBase } from './commands.js';
import type { GatewaySessions } from './session.js';

export interface ShardPlan {
  /** The bot's shard count across every process. */
  readonly count: number;
  /** The shards this process runs, ascending. */
  readonly ids: readonly number[];
}

/** Resolves `auto` with GET /gateway/bot (what discord.js would ask) and checks the ids against it. */
export async function resolveShards(config: NonNullable<Config['discord']>, logger: Logger): Promise<ShardPlan> {
  const wanted = config.shards ?? { count: 1 };
  let count: number;
  if (wanted.count === 'auto') {
    const rest = new REST(config.apiUrl ? { api: restApiBase(config.apiUrl) } : {}).setToken(config.token);
    const gateway = (await rest.get(Routes.gatewayBot())) as { shards: number };
    count = gateway.shards;
    checkShardIds(wanted.ids, count, `auto: Discord recommends ${count}`);
  } else count = wanted.count;
  const ids = wanted.ids ?? Array.from({ length: count }, (_, i) => i);
  logger.info({ event: 'discord_shards', platform: 'discord', shardCount: count, shardIds: ids, auto: wanted.count === 'auto' });
  return { count, ids };
}

export interface ShardReport {
  readonly id: number;
  readonly connected: boolean;
  /** discord.js's status name (READY, RESUMING, ...). */
  readonly status: string;
  /** Heartbeat round trip in ms; -1 before the first. */
  readonly pingMs: number;
  /** RESUMEs since start (after a dropped connection, or of the previous process's session). */
  readonly resumes: number;
  /** The stored session's sequence (session.ts), when there is one. */
  readonly storedSequence?: number;
}

/** Per-shard counters, and the gauges /metrics shows (set when /healthz or /metrics is read). */
export class ShardStates {
  private readonly resumeCounts = new Map<number, number>();

  constructor(
    readonly ids: readonly number[],
    private readonly metrics: Metrics,
  ) {}

  resumed(shardId: number): void {
    this.resumeCounts.set(shardId, (this.resumeCounts.get(shardId) ?? 0) + 1);
    this.metrics.discordShardResumes.inc({ shard: String(shardId) });
  }

  report(client: Client, sessions: GatewaySessions): ShardReport[] {
    return this.ids.map((id) => {
      const shard = client.ws.shards.get(id);
      const connected = shard?.status === Status.Ready;
      const pingMs = shard?.ping ?? -1;
      this.metrics.discordShardConnected.set({ shard: String(id) }, connected ? 1 : 0);
      if (pingMs >= 0) this.metrics.discordShardPing.set({ shard: String(id) }, pingMs / 1000);
      const stored = sessions.snapshot(id)?.stored;
      return {
        id,
        connected,
        status: shard ? (Status[shard.status] ?? String(shard.status)) : 'NOT_STARTED',
        pingMs,
        resumes: this.resumeCounts.get(id) ?? 0,
        ...(stored !== undefined ? { storedSequence: stored } : {}),
      };
    });
  }
}
