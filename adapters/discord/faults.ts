/**
 * Faults: an exception in a handler is logged with context and counted, and the user sees one of
 * the fixed messages of src/messages.ts, never the exception. Nothing escapes a listener: an
 * unhandled rejection there would take the process down (and fails vitest with "Unhandled Errors").
 */
import { redactSecrets } from '../../src/secrets.js';
import type { Services } from '../../src/services.js';

/**
 * Interaction and webhook tokens sit in REST paths, and an exception's text may quote what it
 * choked on: neither reaches the log.
 */
export function scrub(text: string): string {
  return redactSecrets(text)
    .text.replace(/(\/interactions\/\d+\/)[^/\s?]+/g, '$1[redacted]')
    .replace(/(\/webhooks\/\d+\/)[^/\s?]+/g, '$1[redacted]')
    .replace(/(Bot|Bearer)\s+[A-Za-z0-9._-]{20,}/g, '$1 [redacted]');
}

/** What is safe to log of an error: no request bodies (they hold what was sent), no tokens. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: scrub(String(error)).slice(0, 500) };
  const e = error as Error & { code?: unknown; status?: unknown; method?: unknown; url?: unknown };
  return {
    name: e.name,
    message: scrub(e.message).slice(0, 500),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
    ...(typeof e.method === 'string' ? { method: e.method } : {}),
    ...(typeof e.url === 'string' ? { url: scrub(e.url) } : {}),
    ...(e.stack ? { stack: scrub(e.stack) } : {}),
  };
}

/**
 * Runs one handler; on an exception logs it (with `context`, never pasted text), counts it, and
 * runs `onFault` (tell the user) — whose own failure is logged too. Never rejects. The context is
 * made only when there is a fault to log.
 */
export async function guarded(
  services: Services,
  handler: string,
  faultContext: () => Record<string, unknown>,
  work: () => Promise<void>,
  onFault?: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    const context = faultContext();
    services.metrics.faults.inc({ platform: 'discord', kind: 'handler' });
    services.logger.error(
      { event: 'handler_fault', platform: 'discord', handler, ...context, err: describeError(error) },
      'discord handler failed',
    );
    if (!onFault) return;
    try {
      await onFault();
    } catch (second) {
      services.logger.warn(
        { event: 'fault_reply_failed', platform: 'discord', handler, ...context, err: describeError(second) },
        'could not tell the user about a fault',
      );
    }
  }
}
