import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config.js';

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
