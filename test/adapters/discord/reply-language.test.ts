/**
 * The language of a Discord reply, through the real discord.js client against the fake Discord:
 * the script of the question first, then the user's locale (an interaction's; for a channel
 * message, a Community server's preferred locale), then ERRCODE_DEFAULT_LANGUAGE.
 */
import { Locale } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CallbackBody,
  embedText,
  type Harness,
  interact,
  post,
  replies,
  startHarness,
  stopHarness,
  visibleControls,
} from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

const PASTE = '{"code":6004,"data":"get player info fail"}';
const CHINESE_SHARE = '分享到频道';
const ENGLISH_SHARE = 'Share in channel';

async function slash(harness: Harness, query: string, locale: Locale): Promise<CallbackBody> {
  return interact(harness, harness.fake.slashCommand({ name: 'errcode', options: { query }, locale }));
}

/** The auto-reply to `content` pasted in the fake's channel, as text. */
async function autoReplyText(harness: Harness, content: string): Promise<string> {
  await post(harness, harness.fake.guildMessage({ content }));
  const [reply] = replies(harness);
  return embedText((reply?.body as CallbackBody['data'])?.embeds);
}

describe('a question decides its reply language before the Discord locale', () => {
  it('/errcode 华为推送token无效 from an en-US client gets a 中文 card', async () => {
    h = await startHarness();
    const body = await slash(h, '华为推送token无效', Locale.EnglishUS);
    expect(embedText(body.data?.embeds)).toContain('Token 无效错误');
    expect(visibleControls(body.data).map((c) => c.label)).toContain(CHINESE_SHARE);
  });

  it('/errcode access token expired from a zh-CN client gets an English card', async () => {
    h = await startHarness();
    const body = await slash(h, 'access token expired', Locale.ChineseCN);
    expect(visibleControls(body.data).map((c) => c.label)).toContain(ENGLISH_SHARE);
  });

  it('a bare code follows the client locale', async () => {
    h = await startHarness();
    expect(visibleControls((await slash(h, '100014', Locale.ChineseTW)).data).map((c) => c.label)).toContain(CHINESE_SHARE);
  });
});

describe('ERRCODE_DEFAULT_LANGUAGE on Discord', () => {
  it('a bare code from a client in neither language (fr) is answered in the configured default', async () => {
    h = await startHarness({ services: { defaultLanguage: 'zh' } });
    expect(visibleControls((await slash(h, '100014', Locale.French)).data).map((c) => c.label)).toContain(CHINESE_SHARE);
  });

  it('a paste in a server that cannot choose a locale (not Community: Discord says en-US) gets the default', async () => {
    h = await startHarness({ services: { defaultLanguage: 'zh' } });
    expect(await autoReplyText(h, PASTE)).toContain('排查清单');
  });

  it('without a default, the same paste is answered in English', async () => {
    h = await startHarness();
    expect(await autoReplyText(h, PASTE)).toContain('Fix checklist');
  });

  it('a Community server that chose en-US keeps it over the default; Chinese in the paste still wins', async () => {
    const guild = { id: '1200000000000000001', features: ['COMMUNITY'], preferredLocale: 'en-US' };
    h = await startHarness({ services: { defaultLanguage: 'zh' }, fake: { guilds: [guild] } });
    expect(await autoReplyText(h, PASTE)).toContain('Fix checklist');
    await post(h, h.fake.guildMessage({ content: '登录一直失败 {"ret":100014}' }));
    const second = replies(h)[1];
    expect(embedText((second?.body as CallbackBody['data'])?.embeds)).toContain('access token 已过期');
  });
});
