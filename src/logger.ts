/**
 * Structured JSON logs (pino). Secrets are removed by path before a line is written, wherever a
 * caller put them; pasted text is never logged at info level. Every string that reaches a line is
 * also scrubbed of anything shaped like a credential: a query quoted in a missing-code report or a
 * tampered button value logged by a handler is caught here, whichever path it took.
 */
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { redactSecrets } from './secrets.js';

export const REDACT_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  'config.slack.botToken',
  'config.slack.appToken',
  'config.slack.signingSecret',
  'config.discord.token',
  'headers.authorization',
  'headers["x-slack-signature"]',
  'req.headers.authorization',
  'req.headers["x-slack-signature"]',
  '*.headers.authorization',
  'authorization',
] as const;

export type { Logger };

/** `instance`: on every line (ERRCODE_INSTANCE_ID), so replicas' lines can be told apart. */
export function createLogger(level: string, destination?: DestinationStream, instance?: string): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'errcode', ...(instance ? { instance } : {}) },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: (fields) => scrubFields(fields) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactSecrets(arg).text : arg)) as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A destination that prints each line readably (time, level, message, fields) for a developer's
 * terminal. pino-pretty is a development dependency: production images log JSON and do not ship it.
 */
export async function prettyDestination(): Promise<DestinationStream> {
  const pretty = await import('pino-pretty').catch(() => {
    throw new Error('LOG_FORMAT=pretty needs the development dependency pino-pretty (npm ci without --omit=dev); use LOG_FORMAT=json');
  });
  return pretty.default({ colorize: process.stdout.isTTY ?? false, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
}

/** A logger that writes nothing (CLI, tests that do not look at logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Log fields nest shallowly; deeper than this a value is dropped rather than written unchecked. */
const SCRUB_DEPTH = 6;

/** The fields with every string passed through the credential scrubber. */
export function scrubFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value).text;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return scrubFields({ type: value.name, message: value.message, stack: value.stack }, depth);
  if (depth >= SCRUB_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrubFields(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrubFields(item, depth + 1);
  return out;
}
