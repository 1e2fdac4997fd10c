/**
 * SIGTERM / SIGINT: stop taking events, let in-flight replies finish (bounded), close the
 * platform connections, exit 0. A second signal exits at once.
 */
import type { Logger } from '../logger.js';

export interface ShutdownStep {
  readonly name: string;
  run(): Promise<void>;
}

export const SHUTDOWN_TIMEOUT_MS = 10_000;

export function installShutdown(
  steps: () => readonly ShutdownStep[],
  logger: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
  timeoutMs = SHUTDOWN_TIMEOUT_MS,
): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ event: 'shutdown_forced', signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ event: 'shutdown', signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.warn({ event: 'shutdown_timeout', timeoutMs }, 'shutdown took too long: exiting');
      exit(1);
    }, timeoutMs);
    timer.unref();
    void (async () => {
      for (const step of steps()) {
        try {
          await step.run();
        } catch (error) {
          logger.error({ event: 'shutdown_step_failed', step: step.name, reason: (error as Error).message }, 'shutdown step failed');
        }
      }
      clearTimeout(timer);
      logger.info({ event: 'shutdown_done' }, 'stopped');
      exit(0);
    })();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
}
