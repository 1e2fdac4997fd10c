/**
 * GET /healthz (liveness and readiness), GET /livez (process up) and GET /metrics (Prometheus).
 * Served on its own port, or mounted on Slack's HTTP receiver through `healthRoutes`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Metrics } from '../metrics.js';
import type { AdapterHandle, EngineHolder } from '../services.js';
import type { StateStore, StoreHealth } from '../state/store.js';

export interface HealthSources {
  readonly engines: EngineHolder;
  readonly metrics: Metrics;
  /** The adapters started so far (they may still be connecting). */
  readonly adapters: () => readonly AdapterHandle[];
  /** True while the process is still starting its adapters: not ready until every one has been tried. */
  readonly starting?: () => boolean;
  /** The state store: while it cannot answer, the process is degraded (auto-replies are silent). */
  readonly state?: Pick<StateStore, 'health'>;
}

export interface HealthReport {
  readonly live: true;
  readonly ready: boolean;
  readonly catalogs: { readonly loaded: number; readonly entries: number };
  /** True when an adapter serves with something missing (its `degraded` list says what), or the state store cannot answer. */
  readonly degraded: boolean;
  /** Why, in short words, when degraded: `state-unavailable`, `<platform>:<what is missing>`. */
  readonly reasons: readonly string[];
  readonly state?: StoreHealth;
  readonly adapters: Record<
    string,
    { readonly connected: boolean; readonly degraded?: readonly string[]; readonly [detail: string]: unknown }
  >;
}

export function healthReport(sources: HealthSources): HealthReport {
  const engine = sources.engines.current;
  const reasons: string[] = [];
  const adapters = Object.fromEntries(
    sources.adapters().map((a) => {
      const missing = a.degraded?.() ?? [];
      for (const what of missing) reasons.push(`${a.platform}:${what}`);
      const details = a.details?.() ?? {};
      return [
        a.platform,
        missing.length > 0 ? { ...details, connected: a.connected(), degraded: missing } : { ...details, connected: a.connected() },
      ];
    }),
  );
  for (const adapter of sources.adapters())
    sources.metrics.adapterConnected.set({ platform: adapter.platform }, adapter.connected() ? 1 : 0);
  const state = sources.state?.health();
  if (state) {
    sources.metrics.stateHealthy.set({ backend: state.backend }, state.ok ? 1 : 0);
    if (!state.ok) reasons.push('state-unavailable');
  }
  const ready = !sources.starting?.() && engine.size > 0 && sources.adapters().every((a) => a.connected());
  // Degraded is still ready: explicit asks are answered, and the report says what is missing.
  return {
    live: true,
    ready,
    degraded: reasons.length > 0,
    reasons,
    catalogs: { loaded: engine.catalogs.length, entries: engine.size },
    adapters,
    ...(state ? { state } : {}),
  };
}

/** Handles the three routes; returns false for any other path so a host server can go on. */
export async function handleHealthRequest(sources: HealthSources, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (url === '/livez') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"live":true}');
    return true;
  }
  if (url === '/healthz') {
    const report = healthReport(sources);
    res.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
    return true;
  }
  if (url === '/metrics') {
    healthReport(sources);
    const body = await sources.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': sources.metrics.registry.contentType }).end(body);
    return true;
  }
  return false;
}

/** Routes in the shape Bolt's HTTPReceiver `customRoutes` takes, for sharing Slack's port. */
export function healthRoutes(sources: HealthSources) {
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void handleHealthRequest(sources, req, res);
  };
  return ['/healthz', '/livez', '/metrics'].map((path) => ({ path, method: ['GET'], handler }));
}

export async function startHealthServer(sources: HealthSources, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    handleHealthRequest(sources, req, res)
      .then((handled) => {
        if (!handled) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
