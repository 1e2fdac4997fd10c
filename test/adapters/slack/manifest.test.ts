/** The Slack app manifest asks for what the adapter listens to, and no more. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { COMMAND, SHORTCUT_CALLBACK_ID } from '../../../adapters/slack/actions.js';

interface Manifest {
  features: {
    slash_commands: Array<{ command: string; usage_hint?: string }>;
    shortcuts: Array<{ name: string; type: string; callback_id: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync(new URL('../../../adapters/slack/manifest.yaml', import.meta.url), 'utf8')) as Manifest;

describe('adapters/slack/manifest.yaml', () => {
  it('declares /errcode and the "Explain this error" message shortcut the adapter registers', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([COMMAND]);
    expect(manifest.features.slash_commands[0]?.usage_hint).toContain('100014');
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ name: 'Explain this error', type: 'message', callback_id: SHORTCUT_CALLBACK_ID }),
    ]);
  });

  it('subscribes to channel messages and mentions, with interactivity and Socket Mode on', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_mention', 'message.channels', 'message.groups']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('asks for the minimal bot scopes', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      ['app_mentions:read', 'channels:history', 'chat:write', 'commands', 'files:read', 'groups:history', 'users:read'].sort(),
    );
  });
});
