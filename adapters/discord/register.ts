/**
 * Registers `/errcode` and the "Explain error" message command:
 *
 *   DISCORD_TOKEN=... DISCORD_APP_ID=... [DISCORD_GUILD_ID=...] node dist/adapters/discord/register.js
 *
 * Globally (visible everywhere within about an hour), or to DISCORD_GUILD_ID at once. PUT replaces
 * the whole set, so running it again is safe. DISCORD_API_URL points it at another API (tests).
 */
import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import { ConfigError, readConfig } from '../../src/config.js';
import { loadEnvFileIfExists } from '../../src/runtime/env-file.js';
import { COMMAND_DEFINITIONS, restApiBase } from './commands.js';

export { COMMAND_DEFINITIONS, errcodeCommand, explainErrorCommand } from './commands.js';

export interface RegisterOptions {
  readonly token: string;
  readonly appId: string;
  readonly guildId?: string | undefined;
  readonly apiUrl?: string | undefined;
}

export interface RegisterResult {
  readonly scope: 'global' | 'guild';
  readonly count: number;
}

export async function registerCommands(options: RegisterOptions): Promise<RegisterResult> {
  const rest = new REST(options.apiUrl ? { api: restApiBase(options.apiUrl) } : {}).setToken(options.token);
  const route = options.guildId
    ? Routes.applicationGuildCommands(options.appId, options.guildId)
    : Routes.applicationCommands(options.appId);
  const registered = (await rest.put(route, { body: COMMAND_DEFINITIONS })) as unknown[];
  return { scope: options.guildId ? 'guild' : 'global', count: registered.length };
}

/** The options from the environment; ConfigError naming what is missing (never a token's value). */
export function registerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RegisterOptions {
  const discord = readConfig(env).discord;
  if (!discord) throw new ConfigError('DISCORD_TOKEN', 'required to register commands (the bot token)');
  if (!discord.appId) throw new ConfigError('DISCORD_APP_ID', 'required to register commands (the numeric application id)');
  return { token: discord.token, appId: discord.appId, guildId: discord.guildId, apiUrl: discord.apiUrl };
}

async function main(): Promise<void> {
  let options: RegisterOptions;
  try {
    loadEnvFileIfExists();
    options = registerOptionsFromEnv();
  } catch (error) {
    process.stderr.write(`errcode discord:register: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  try {
    const result = await registerCommands(options);
    const where = result.scope === 'guild' ? `to guild ${options.guildId}` : 'globally (may take up to an hour to show)';
    process.stdout.write(`Registered ${result.count} commands ${where}.\n`);
  } catch (error) {
    const e = error as Error & { status?: number };
    process.stderr.write(`errcode discord:register: could not register the commands: ${e.status ? `${e.status} ` : ''}${e.message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
