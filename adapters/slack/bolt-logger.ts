/**
 * Bolt, its Web API client and its Socket Mode client log through this into errcode's JSON log.
 * The level stays at INFO: at DEBUG those libraries print whole payloads (pastes) and request
 * bodies. Every line is scrubbed of the configured tokens and of anything shaped like a credential.
 */
import { type Logger, LogLevel } from '@slack/bolt';
import type { Logger as Pino } from '../../src/logger.js';
import { REDACTED, redactSecrets } from '../../src/secrets.js';

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

export function boltLogger(pino: Pino, secrets: readonly (string | undefined)[]): Logger {
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  const log = pino.child({ component: 'slack-bolt' });
  let level = LogLevel.INFO;
  let name = 'bolt';
  const scrub = (args: unknown[]): string => {
    let text = args.map(format).join(' ');
    for (const secret of known) text = text.split(secret).join(REDACTED);
    return redactSecrets(text).text;
  };
  const at =
    (lineLevel: LogLevel, write: (msg: string) => void) =>
    (...args: unknown[]): void => {
      if (ORDER.indexOf(lineLevel) < ORDER.indexOf(level)) return;
      write(scrub(args));
    };
  return {
    debug: at(LogLevel.DEBUG, (msg) => log.debug({ source: name }, msg)),
    info: at(LogLevel.INFO, (msg) => log.info({ source: name }, msg)),
    warn: at(LogLevel.WARN, (msg) => log.warn({ source: name }, msg)),
    error: at(LogLevel.ERROR, (msg) => log.error({ source: name }, msg)),
    // DEBUG is refused on purpose (see above); anything else is honoured.
    setLevel: (next: LogLevel) => {
      level = next === LogLevel.DEBUG ? LogLevel.INFO : next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}

function format(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg instanceof Error) return `${arg.name}: ${arg.message}`;
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}
