import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config.js';
import { DEFAULT_STATE_FILE } from '../src/state/setting.js';

describe('configuration is read once and checked', () => {
  it('defaults are complete', () => {
    const config = readConfig({});
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(config.autoReply).toEqual({
      enabled: true,
      allowChannels: [],
      denyChannels: [],
      cooldownMs: 600_000,
      maxPerChannelPerMinute: 6,
      minConfidence: 0.72,
      botNames: ['errcode'],
    });
    expect(config.port).toBe(3000);
    expect(config.state).toEqual({ kind: 'sqlite', file: DEFAULT_STATE_FILE });
    expect(config.defaultLanguage).toBe('en');
  });

  it('ERRCODE_DEFAULT_LANGUAGE: en or zh (a locale tag reads as its language), anything else stops start-up', () => {
    expect(readConfig({ ERRCODE_DEFAULT_LANGUAGE: 'zh' }).defaultLanguage).toBe('zh');
    expect(readConfig({ ERRCODE_DEFAULT_LANGUAGE: ' zh-CN ' }).defaultLanguage).toBe('zh');
    expect(readConfig({ ERRCODE_DEFAULT_LANGUAGE: 'en_GB' }).defaultLanguage).toBe('en');
    expect(readConfig({ ERRCODE_DEFAULT_LANGUAGE: '' }).defaultLanguage).toBe('en');
    expect(() => readConfig({ ERRCODE_DEFAULT_LANGUAGE: 'fr' })).toThrow(/^ERRCODE_DEFAULT_LANGUAGE: expected en or zh/);
  });

  it('ERRCODE_STATE: memory, a SQLite file or a Redis URL', () => {
    expect(readConfig({ ERRCODE_STATE: 'memory' }).state).toEqual({ kind: 'memory' });
    expect(readConfig({ ERRCODE_STATE: '/var/lib/errcode/state.sqlite' }).state).toEqual({
      kind: 'sqlite',
      file: '/var/lib/errcode/state.sqlite',
    });
    expect(readConfig({ ERRCODE_STATE: 'rediss://cache:6380' }).state).toEqual({ kind: 'redis', url: 'rediss://cache:6380' });
    expect(() => readConfig({ ERRCODE_STATE: 'http://cache' })).toThrow(
      /^ERRCODE_STATE: http: is not a supported store \(expected memory, /,
    );
  });

  it('Discord sharding: DISCORD_SHARDS (auto or a count) and DISCORD_SHARD_IDS (ids and ranges)', () => {
    expect(readConfig({ DISCORD_TOKEN: 't' }).discord?.shards).toEqual({ count: 1 });
    expect(readConfig({ DISCORD_TOKEN: 't', DISCORD_SHARDS: 'auto' }).discord?.shards).toEqual({ count: 'auto' });
    expect(readConfig({ DISCORD_TOKEN: 't', DISCORD_SHARDS: ' AUTO ', DISCORD_SHARD_IDS: '1' }).discord?.shards).toEqual({
      count: 'auto',
      ids: [1],
    });
    expect(readConfig({ DISCORD_TOKEN: 't', DISCORD_SHARDS: '8', DISCORD_SHARD_IDS: '6, 0-2,2' }).discord?.shards).toEqual({
      count: 8,
      ids: [0, 1, 2, 6],
    });
    const refused: Array<[Record<string, string>, RegExp]> = [
      [
        { DISCORD_SHARDS: '0' },
        /^DISCORD_SHARDS: expected auto \(Discord's recommended count\) or a whole number of shards from 1 to 65535$/,
      ],
      [{ DISCORD_SHARDS: 'two' }, /^DISCORD_SHARDS: expected auto/],
      [{ DISCORD_SHARDS: '1.5' }, /^DISCORD_SHARDS: expected auto/],
      [{ DISCORD_SHARD_IDS: '0' }, /^DISCORD_SHARD_IDS: needs DISCORD_SHARDS, the total shard count of the bot \(a number, or auto\)$/],
      [
        { DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '0,2' },
        /^DISCORD_SHARD_IDS: shard 2 does not exist: with 2 shards \(DISCORD_SHARDS\) the ids run from 0 to 1$/,
      ],
      [{ DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '3-1' }, /^DISCORD_SHARD_IDS: the range 3-1 runs backwards$/],
      [{ DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '0;1' }, /^DISCORD_SHARD_IDS: expected shard ids such as 0,2 or 0-3, got "0;1"$/],
      [{ DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '1,,2' }, /^DISCORD_SHARD_IDS: expected shard ids such as 0,2 or 0-3, got ""$/],
      [{ DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: '-1' }, /^DISCORD_SHARD_IDS: expected shard ids/],
    ];
    for (const [env, message] of refused) {
      expect(() => readConfig({ DISCORD_TOKEN: 't', ...env }), JSON.stringify(env)).toThrow(ConfigError);
      expect(() => readConfig({ DISCORD_TOKEN: 't', ...env }), JSON.stringify(env)).toThrow(message);
    }
  });

  it('Slack needs a bot token and one way in', () => {
    expect(readConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe('xapp-1');
    expect(() => readConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_APP_TOKEN/);
    expect(() => readConfig({ SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN/);
  });

  it('a malformed value names the variable and never echoes a secret', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ SLACK_BOT_TOKEN: 'xoxp-secret-value', SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN'],
      [{ PORT: 'eighty' }, 'PORT'],
      [{ AUTO_REPLY_MIN_CONFIDENCE: '2' }, 'AUTO_REPLY_MIN_CONFIDENCE'],
      [{ AUTO_REPLY_ENABLED: 'maybe' }, 'AUTO_REPLY_ENABLED'],
      [{ DISCORD_TOKEN: 't', DISCORD_APP_ID: 'abc' }, 'DISCORD_APP_ID'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ ERRCODE_STATE: 'postgres://u:secret-value@db/errcode' }, 'ERRCODE_STATE'],
      [{ ERRCODE_STATE: 'redis://:secret-value@cache:6379/errcode' }, 'ERRCODE_STATE'],
    ];
    for (const [env, variable] of cases) {
      let error: unknown;
      try {
        readConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error, variable).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).not.toContain('secret-value');
    }
  });

  it('lists and catalogs dirs', () => {
    const config = readConfig({ AUTO_REPLY_DENY_CHANNELS: 'C1, C2', ERRCODE_CATALOGS: '/a:/b' });
    expect(config.autoReply.denyChannels).toEqual(['C1', 'C2']);
    expect(config.catalogDirs).toEqual(['/a', '/b']);
  });
});
