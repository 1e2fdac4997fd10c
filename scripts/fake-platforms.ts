/**
 * `npm run -s build:tools && node dist/scripts/fake-platforms.js [--slack] [--discord]`: the test
 * suite's fake Slack Web API and fake Discord (REST and gateway) as a standalone process on
 * 127.0.0.1, to run the real bot (or its container image, with `--network host`) without a
 * workspace. Prints one JSON line with the settings that point errcode at them, then serves until
 * SIGTERM or SIGINT. A development and CI tool: not part of the production build.
 * `npm run demo` (scripts/demo.ts) starts these fakes and the bot together and sends it a command and a paste.
 */
import { startFakeDiscord } from '../test/fakes/discord-platform.js';
import { startFakeSlack } from '../test/fakes/slack-platform.js';

const SLACK_BOT_TOKEN = 'xoxb-fake-platform-token';

async function main(argv: readonly string[]): Promise<void> {
  const wantSlack = argv.includes('--slack') || !argv.includes('--discord');
  const wantDiscord = argv.includes('--discord') || !argv.includes('--slack');
  const slack = wantSlack ? await startFakeSlack({ botToken: SLACK_BOT_TOKEN }) : undefined;
  const discord = wantDiscord ? await startFakeDiscord() : undefined;
  const env: Record<string, string> = {};
  if (slack) Object.assign(env, { SLACK_API_URL: slack.apiUrl, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: 'fake-platform-signing-secret' });
  if (discord) Object.assign(env, { DISCORD_API_URL: discord.apiUrl, DISCORD_TOKEN: 'fake-platform-discord-token' });
  process.stdout.write(`${JSON.stringify(env)}\n`);

  const stop = async () => {
    await Promise.allSettled([slack?.close(), discord?.close()]);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

await main(process.argv.slice(2));
