/**
 * `npm run demo`: the README's "try the bot locally" path, run as it runs there — the BUILT bot
 * (dist/adapters/start.js) as a child process against the fake Slack and fake Discord — reading
 * back what the bot replied on each platform. Skipped when the bot is not built (npm run build).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_COMMAND, demoInputs, NO_REPLY, runDemo } from '../../scripts/demo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILT = existsSync(path.join(ROOT, 'dist', 'adapters', 'start.js'));

describe('what the demo is asked to send', () => {
  it('the words of a query are one /errcode, --paste a pasted message, - the lines of stdin', () => {
    expect(demoInputs(['--locale', 'zh-CN', '6004', 'get', 'player', 'info', 'fail'])).toEqual([
      { kind: 'command', text: '6004 get player info fail' },
    ]);
    expect(demoInputs(['--paste', '{"code":6004}', '--verbose'])).toEqual([{ kind: 'paste', text: '{"code":6004}' }]);
    expect(demoInputs(['-'], ['/errcode 100014', '', 'login fails with {"ret":100014}'])).toEqual([
      { kind: 'command', text: '100014' },
      { kind: 'paste', text: 'login fails with {"ret":100014}' },
    ]);
    expect(demoInputs([])).toEqual([]);
    expect(() => demoInputs(['--paste'])).toThrow(/--paste needs the text/);
  });
});

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

  it('sends what it is given: a question, a paste, and a paste the bot stays quiet about', async () => {
    const replies = await runDemo({
      inputs: [
        { kind: 'command', text: '6004 get player info fail' },
        { kind: 'paste', text: '登录一直失败 {"code":6004,"data":"get player info fail"}' },
        { kind: 'paste', text: 'lunch at 12?' },
      ],
    });
    expect(replies.map((r) => `${r.platform} ${r.sent}`)).toEqual([
      'slack /errcode 6004 get player info fail',
      'slack paste',
      'slack paste',
      'discord /errcode 6004 get player info fail',
      'discord paste',
      'discord paste',
    ]);
    const [slackCard, slackPaste, slackQuiet, discordCard, discordPaste, discordQuiet] = replies.map((r) => r.text);
    expect(slackCard).toContain('get player info fail');
    expect(discordCard).toContain('get player info fail');
    for (const paste of [slackPaste, discordPaste]) expect(paste).toContain('查看排查清单');
    expect([slackQuiet, discordQuiet]).toEqual([NO_REPLY, NO_REPLY]);
  }, 90_000);

  it('--locale zh-CN: the fake Slack gives the user a Chinese locale, and the Slack card is in Chinese', async () => {
    const [slackCard] = await runDemo({ locale: 'zh-CN' });
    expect(slackCard?.text).toContain('其他含义 (2)');
  }, 90_000);
});
