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
    });
    expect(config.port).toBe(3000);
    expect(config.state).toEqual({ kind: 'sqlite', file: DEFAULT_STATE_FILE });
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
