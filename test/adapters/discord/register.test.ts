import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_DEFINITIONS, registerCommands, registerOptionsFromEnv } from '../../../adapters/discord/register.js';
import { type FakeDiscord, startFakeDiscord } from '../../fakes/discord-platform.js';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('registering the commands', () => {
  it('defines /errcode with an autocompleted query and the "Explain error" message command', () => {
    const [slash, menu] = COMMAND_DEFINITIONS;
    expect(slash).toMatchObject({
      name: 'errcode',
      description_localizations: { 'zh-CN': expect.any(String), 'zh-TW': expect.any(String) },
      options: [
        {
          name: 'query',
          type: ApplicationCommandOptionType.String,
          required: true,
          autocomplete: true,
          max_length: 200,
          description_localizations: { 'zh-CN': expect.any(String), 'zh-TW': expect.any(String) },
        },
      ],
    });
    expect(menu).toMatchObject({ name: 'Explain error', type: ApplicationCommandType.Message });
  });

  it('PUTs both commands globally', async () => {
    fake = await startFakeDiscord();
    const result = await registerCommands({ token: 'fake-token', appId: fake.ids.application, apiUrl: fake.apiUrl });
    expect(result).toEqual({ scope: 'global', count: 2 });
    const put = await fake.waitForRequest({ method: 'PUT', path: `/applications/${fake.ids.application}/commands` });
    expect(put.authorization).toBe('Bot fake-token');
    expect((fake.commands.get('global') ?? []).map((c) => (c as { name: string }).name)).toEqual(['errcode', 'Explain error']);
  });

  it('PUTs to the guild when DISCORD_GUILD_ID is given (read from the environment)', async () => {
    fake = await startFakeDiscord();
    const options = registerOptionsFromEnv({
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APP_ID: fake.ids.application,
      DISCORD_GUILD_ID: fake.ids.guild,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(await registerCommands(options)).toEqual({ scope: 'guild', count: 2 });
    await fake.waitForRequest({ method: 'PUT', path: `/applications/:app/guilds/${fake.ids.guild}/commands` });
    expect(fake.commands.get(fake.ids.guild)).toHaveLength(2);
    expect(fake.commands.has('global')).toBe(false);
  });

  it('names what is missing: DISCORD_TOKEN, then DISCORD_APP_ID', () => {
    expect(() => registerOptionsFromEnv({})).toThrow(/^DISCORD_TOKEN: required/);
    expect(() => registerOptionsFromEnv({ DISCORD_TOKEN: 'secret-token-value' })).toThrow(/^DISCORD_APP_ID: required/);
    try {
      registerOptionsFromEnv({ DISCORD_TOKEN: 'secret-token-value' });
    } catch (error) {
      expect(String(error)).not.toContain('secret-token-value');
    }
  });
});
