/** A store that could not answer: counted by operation and logged once per occurrence, no payloads. */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';

export function noteStateUnavailable(deps: { metrics: Metrics; logger: Logger }, operation: string, error: unknown): void {
  deps.metrics.stateUnavailable.inc({ operation });
  deps.logger.warn(
    { event: 'state_unavailable', operation, error: error instanceof Error ? error.message : String(error) },
    'state store unavailable',
  );
}
