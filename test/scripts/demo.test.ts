/**
 * `npm run demo`: the README's "try the bot locally" path, run as it runs there — the BUILT bot
 * (dist/adapters/start.js) as a child process against the fake Slack and fake Discord — reading
 * back what the bot replied on each platform. Skipped when the bot is not built (npm run build).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_COMMAND, runDemo } from '../../scripts/demo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILT = existsSync(path.join(ROOT, 'dist', 'adapters', 'start.js'));

describe.skipIf(!BUILT)('npm run demo (skipped when dist/adapters/start.js is missing: run npm run build)', () => {
  it('sends /errcode 6004 and a pasted log on Slack and Discord and shows each reply as text', async () => {
    const replies = await runDemo();
    expect(replies.map((r) => `${r.platform} ${r.sent}`)).toEqual([
      `slack /errcode ${DEMO_COMMAND}`,
      'slack paste',
      `discord /errcode ${DEMO_COMMAND}`,
      'discord paste',
    ]);
    const [slackCard, slackPaste, discordCard, discordPaste] = replies.map((r) => r.text);
    expect(slackCard).toContain('`6004` — *Catch-all login failure: the data message tells the cause*');
    expect(slackCard).toContain('[Share in channel]');
    expect(slackCard).toContain('0 of 9 done');
    expect(discordCard).toContain('`6004` — Catch-all login failure: the data message tells the cause');
    expect(discordCard).toContain('0 of 9 done');
    for (const paste of [slackPaste, discordPaste]) {
      expect(paste).toContain('1203/11205');
      expect(paste).toContain('80300007');
      expect(paste).toContain('Show fix checklist');
    }
  }, 90_000);

  it('--locale zh-CN: the fake Slack gives the user a Chinese locale, and the Slack card is in Chinese', async () => {
    const [slackCard] = await runDemo({ locale: 'zh-CN' });
    expect(slackCard?.text).toContain('其他含义 (2)');
  }, 90_000);
});
