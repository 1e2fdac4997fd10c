/**
 * Structured JSON logs (pino). Secrets are removed by path before a line is written, wherever a
 * caller put them; pasted text is never logged at info level.
 */
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

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

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'errcode' },
    redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
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
