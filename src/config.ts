/**
 * errcode's settings: one typed object read once from the environment at start-up. A missing or
 * malformed value stops start-up with one line naming the variable and what it expects.
 * Every variable is documented in .env.example.
 */

import { hostname } from 'node:os';
import { z } from 'zod';
import { DEFAULT_BOT_NAMES } from './engine/addressed.js';
import { catalogDirsFromEnv } from './load-engine.js';
import { localeLanguage } from './messages.js';
import { parseStateSetting, type StateSetting } from './state/setting.js';
import type { Language } from './text.js';

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );
const bool = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      if (/^(1|true|yes|on)$/i.test(v.trim())) return true;
      if (/^(0|false|no|off)$/i.test(v.trim())) return false;
      ctx.addIssue({ code: 'custom', message: 'expected true or false' });
      return z.NEVER;
    });
const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });
const num = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const n = Number(v);
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
const optionalUrl = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (!v || v.trim() === '') return undefined;
    try {
      return new URL(v.trim()).toString();
    } catch {
      ctx.addIssue({ code: 'custom', message: 'expected a URL such as https://slack.com/api/' });
      return z.NEVER;
    }
  });
const token = (prefix: RegExp, example: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v || v.trim() === '') return undefined;
      if (!prefix.test(v.trim())) {
        ctx.addIssue({ code: 'custom', message: `expected a token starting with ${example}` });
        return z.NEVER;
      }
      return v.trim();
    });

const envSchema = z.object({
  SLACK_BOT_TOKEN: token(/^xoxb-/, 'xoxb-'),
  SLACK_APP_TOKEN: token(/^xapp-/, 'xapp-'),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: optionalUrl,
  PORT: int(3000, 0, 65535),
  DISCORD_TOKEN: optionalString,
  DISCORD_APP_ID: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v || v.trim() === '') return undefined;
      if (!/^\d{5,25}$/.test(v.trim())) {
        ctx.addIssue({ code: 'custom', message: 'expected the numeric application id' });
        return z.NEVER;
      }
      return v.trim();
    }),
  DISCORD_GUILD_ID: optionalString,
  DISCORD_SHARDS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      if (v.trim().toLowerCase() === 'auto') return 'auto' as const;
      const n = Number(v.trim());
      if (!Number.isInteger(n) || n < 1 || n > MAX_SHARDS) {
        ctx.addIssue({
          code: 'custom',
          message: `expected auto (Discord's recommended count) or a whole number of shards from 1 to ${MAX_SHARDS}`,
        });
        return z.NEVER;
      }
      return n;
    }),
  DISCORD_SHARD_IDS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      try {
        return parseShardIds(v);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  DISCORD_API_URL: optionalUrl,
  ERRCODE_CATALOGS: z.string().optional().transform(catalogDirsFromEnv),
  ERRCODE_WATCH: bool(false),
  ERRCODE_STATE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseStateSetting(v);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^ERRCODE_STATE: /, '') });
        return z.NEVER;
      }
    }),
  ERRCODE_TEAM_CATALOGS: optionalString,
  ERRCODE_DEFAULT_LANGUAGE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return 'en' as const;
      const lang = localeLanguage(v.trim());
      if (lang) return lang;
      ctx.addIssue({ code: 'custom', message: 'expected en or zh (or a locale such as zh-CN)' });
      return z.NEVER;
    }),
  ERRCODE_MAINTAINERS_SLACK: list,
  ERRCODE_MAINTAINERS_DISCORD: list,
  // Printed on every log line, so lines from several replicas can be told apart.
  ERRCODE_INSTANCE_ID: z
    .string()
    .trim()
    .max(100, 'at most 100 characters')
    .regex(/^[\w.:@-]*$/, 'letters, digits and . _ : @ - only')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional().default('json'),
  METRICS_PORT: int(0, 0, 65535),
  AUTO_REPLY_ENABLED: bool(true),
  AUTO_REPLY_ALLOW_CHANNELS: list,
  AUTO_REPLY_DENY_CHANNELS: list,
  AUTO_REPLY_COOLDOWN_SECONDS: int(600, 0, 7 * 24 * 3600),
  AUTO_REPLY_MAX_PER_CHANNEL_PER_MINUTE: int(6, 1, 1000),
  AUTO_REPLY_MIN_CONFIDENCE: num(0.72, 0, 1),
  BOT_NAMES: list,
  ATTACHMENT_MAX_BYTES: int(1024 * 1024, 1024, 50 * 1024 * 1024),
  ATTACHMENT_TIMEOUT_MS: int(5000, 100, 60_000),
  SHUTDOWN_GRACE_SECONDS: int(8, 0, 600),
});

export interface Config {
  readonly slack?: {
    readonly botToken: string;
    /** Socket Mode when set; otherwise HTTP mode with the signing secret. */
    readonly appToken?: string;
    readonly signingSecret?: string;
    readonly apiUrl?: string;
    readonly port: number;
  };
  readonly discord?: {
    readonly token: string;
    readonly appId?: string;
    readonly guildId?: string;
    readonly apiUrl?: string;
    /**
     * DISCORD_SHARDS and DISCORD_SHARD_IDS: how many shards the bot has in all (`auto`: the count
     * Discord recommends, read at start-up) and which of them this process runs (all when unset).
     * Absent: one shard, as before sharding was configurable.
     */
    readonly shards?: DiscordShards;
  };
  readonly catalogDirs: readonly string[];
  readonly watchCatalogs: boolean;
  /** Where state lives (ERRCODE_STATE): memory, a SQLite file (the default), or Redis. */
  readonly state: StateSetting;
  /** Teaching from chat (issue 14): who reviews suggestions, and where approved ones are written. */
  readonly teaching: TeachingConfig;
  /**
   * ERRCODE_DEFAULT_LANGUAGE (default en): the reply language when nothing tells the reader's, on
   * every platform: no words in the question to read it from, and no Chinese or English locale.
   */
  readonly defaultLanguage: Language;
  /** On every log line (ERRCODE_INSTANCE_ID; default hostname-pid): which replica wrote it. */
  readonly instanceId: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** json (production, one object per line) or pretty (coloured, for a developer's terminal). */
  readonly logFormat: 'json' | 'pretty';
  /** 0: serve /healthz and /metrics on Slack's HTTP port when there is one, else on PORT. */
  readonly metricsPort: number;
  readonly port: number;
  readonly autoReply: {
    readonly enabled: boolean;
    readonly allowChannels: readonly string[];
    readonly denyChannels: readonly string[];
    readonly cooldownMs: number;
    readonly maxPerChannelPerMinute: number;
    readonly minConfidence: number;
    /**
     * Names a message may open with to call the bot as typed text (`@errcode what is 6004`): then it
     * is answered as asked. BOT_NAMES, comma-separated; default `errcode`.
     */
    readonly botNames: readonly string[];
  };
  readonly attachments: { readonly maxBytes: number; readonly timeoutMs: number };
  /**
   * On SIGTERM, how long replies in progress may take before the connections close (what is left
   * unacked is redelivered by Slack). Default 8 s: inside Docker's 10 s before SIGKILL.
   */
  readonly shutdownGraceMs: number;
}

export interface TeachingConfig {
  /** ERRCODE_TEAM_CATALOGS: the directory of the team catalog (loaded like any catalog directory). */
  readonly teamCatalogDir?: string;
  /** User ids per platform allowed to approve, edit and reject suggestions. */
  readonly maintainers: { readonly slack: readonly string[]; readonly discord: readonly string[] };
}

export interface DiscordShards {
  readonly count: number | 'auto';
  /** Ascending, no repeats; undefined: every shard of `count`. */
  readonly ids?: readonly number[];
}

/** Far above any real bot (Discord asks for one shard per 1000-2500 guilds); it bounds a typo. */
const MAX_SHARDS = 65_535;

/** "0,2" or "0-3" or "0-3,8": shard ids in ascending order without repeats. */
export function parseShardIds(value: string): number[] {
  const ids = new Set<number>();
  for (const part of value.split(',').map((p) => p.trim())) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    const single = /^\d+$/.test(part);
    if (!range && !single) throw new Error(`expected shard ids such as 0,2 or 0-3, got "${part}"`);
    const from = Number(range ? range[1] : part);
    const to = Number(range ? range[2] : part);
    if (from > to) throw new Error(`the range ${part} runs backwards`);
    if (to >= MAX_SHARDS) throw new Error(`shard id ${to} is too large`);
    for (let id = from; id <= to; id += 1) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** Checks DISCORD_SHARD_IDS against a known shard count (at start-up too, once `auto` is resolved). */
export function checkShardIds(ids: readonly number[] | undefined, count: number, countSource = 'DISCORD_SHARDS'): void {
  const outside = ids?.find((id) => id >= count);
  if (outside !== undefined)
    throw new ConfigError(
      'DISCORD_SHARD_IDS',
      `shard ${outside} does not exist: with ${count} shard${count === 1 ? '' : 's'} (${countSource}) the ids run from 0 to ${count - 1}`,
    );
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(`${variable}: ${expected}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration; throws ConfigError naming the first bad variable. Secrets are never in the message. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const e = parsed.data;
  let slack: Config['slack'];
  if (e.SLACK_BOT_TOKEN) {
    if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
      throw new ConfigError(
        'SLACK_APP_TOKEN',
        'set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) with SLACK_BOT_TOKEN',
      );
    }
    slack = {
      botToken: e.SLACK_BOT_TOKEN,
      ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
      ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
      port: e.PORT,
    };
  } else if (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET) {
    throw new ConfigError('SLACK_BOT_TOKEN', 'required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set (xoxb-...)');
  }
  let discord: Config['discord'];
  if (e.DISCORD_SHARD_IDS && e.DISCORD_SHARDS === undefined)
    throw new ConfigError('DISCORD_SHARD_IDS', 'needs DISCORD_SHARDS, the total shard count of the bot (a number, or auto)');
  if (typeof e.DISCORD_SHARDS === 'number') checkShardIds(e.DISCORD_SHARD_IDS, e.DISCORD_SHARDS);
  if (e.DISCORD_TOKEN) {
    discord = {
      shards: { count: e.DISCORD_SHARDS ?? 1, ...(e.DISCORD_SHARD_IDS ? { ids: e.DISCORD_SHARD_IDS } : {}) },
      token: e.DISCORD_TOKEN,
      ...(e.DISCORD_APP_ID ? { appId: e.DISCORD_APP_ID } : {}),
      ...(e.DISCORD_GUILD_ID ? { guildId: e.DISCORD_GUILD_ID } : {}),
      ...(e.DISCORD_API_URL ? { apiUrl: e.DISCORD_API_URL } : {}),
    };
  }
  return {
    ...(slack ? { slack } : {}),
    ...(discord ? { discord } : {}),
    catalogDirs: e.ERRCODE_CATALOGS,
    watchCatalogs: e.ERRCODE_WATCH,
    state: e.ERRCODE_STATE,
    teaching: {
      ...(e.ERRCODE_TEAM_CATALOGS ? { teamCatalogDir: e.ERRCODE_TEAM_CATALOGS } : {}),
      maintainers: { slack: e.ERRCODE_MAINTAINERS_SLACK, discord: e.ERRCODE_MAINTAINERS_DISCORD },
    },
    defaultLanguage: e.ERRCODE_DEFAULT_LANGUAGE,
    instanceId: e.ERRCODE_INSTANCE_ID || defaultInstanceId(),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metricsPort: e.METRICS_PORT,
    port: e.PORT,
    autoReply: {
      enabled: e.AUTO_REPLY_ENABLED,
      allowChannels: e.AUTO_REPLY_ALLOW_CHANNELS,
      denyChannels: e.AUTO_REPLY_DENY_CHANNELS,
      cooldownMs: e.AUTO_REPLY_COOLDOWN_SECONDS * 1000,
      maxPerChannelPerMinute: e.AUTO_REPLY_MAX_PER_CHANNEL_PER_MINUTE,
      minConfidence: e.AUTO_REPLY_MIN_CONFIDENCE,
      botNames: e.BOT_NAMES.length > 0 ? e.BOT_NAMES : DEFAULT_BOT_NAMES,
    },
    attachments: { maxBytes: e.ATTACHMENT_MAX_BYTES, timeoutMs: e.ATTACHMENT_TIMEOUT_MS },
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
  };
}

/** The host (a container's is its id) and the process: unique among replicas, readable in a log. */
export function defaultInstanceId(): string {
  return `${hostname()}-${process.pid}`;
}
