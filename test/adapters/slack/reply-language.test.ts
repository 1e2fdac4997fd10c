/**
 * The language of a Slack reply, through the real Bolt App: the script of the question first, then
 * the user's Slack locale (users.info), then ERRCODE_DEFAULT_LANGUAGE.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventCallback, FAKE_IDS, reply, signedRequest } from '../../fakes/slack-platform.js';
import { testServices } from '../../helpers/services.js';
import {
  buttonLabels,
  command,
  type Harness,
  postEvent,
  SECRET,
  type SentMessage,
  startHarness,
  stopHarness,
  visibleText,
} from './harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

function mention(harness: Harness, text: string) {
  const ts = '1700000000.000700';
  return signedRequest(
    harness.url,
    SECRET,
    eventCallback({ type: 'app_mention', user: FAKE_IDS.userId, channel: FAKE_IDS.channelId, ts, event_ts: ts, text }),
  );
}

async function threadReply(harness: Harness): Promise<string> {
  return visibleText((await harness.fake.waitForCall('chat.postMessage')).args as SentMessage);
}

const PASTE = '{"code":6004,"data":"get player info fail"}';
const CHINESE_SHARE = '分享到频道';
const ENGLISH_SHARE = 'Share in channel';

describe('a question decides its reply language before the Slack locale', () => {
  it('/errcode 华为推送token无效 from an en-US user gets a 中文 card', async () => {
    h = await startHarness();
    h.fake.userLocale = 'en-US';
    const { body } = await command(h, '华为推送token无效');
    expect(visibleText(body)).toContain('Token 无效错误');
    expect(buttonLabels(body)).toContain(CHINESE_SHARE);
  });

  it('/errcode access token expired from a zh-CN user gets an English card', async () => {
    h = await startHarness();
    h.fake.userLocale = 'zh-CN';
    const { body } = await command(h, 'access token expired');
    expect(buttonLabels(body)).toContain(ENGLISH_SHARE);
    expect(visibleText(body)).not.toMatch(/[\u4e00-\u9fff]{4}/);
  });

  it('a bare code follows the locale: zh-CN gets 中文, en-US gets English', async () => {
    h = await startHarness();
    h.fake.userLocale = 'zh-CN';
    expect(buttonLabels((await command(h, '100014')).body)).toContain(CHINESE_SHARE);
  });

  it('@errcode with a question in Chinese from an en-US user answers in the thread in 中文', async () => {
    h = await startHarness();
    h.fake.userLocale = 'en-US';
    expect((await mention(h, `<@${FAKE_IDS.botUserId}> 这个报错是什么意思 {"ret":100014}`)).status).toBe(200);
    expect(await threadReply(h)).toContain('access token 已过期');
  });
});

describe('an auto-reply: Chinese in the paste decides, its English is a program talking', () => {
  it('a paste explained in Chinese by an en-US poster gets a 中文 thread reply', async () => {
    h = await startHarness();
    h.fake.userLocale = 'en-US';
    await postEvent(h, { text: `登录一直失败 ${PASTE}` });
    expect(await threadReply(h)).toContain('排查清单');
  });

  it('an English log from a zh-CN poster is answered in the poster’s 中文', async () => {
    h = await startHarness();
    h.fake.userLocale = 'zh-CN';
    await postEvent(h, { text: `login fails with ${PASTE}` });
    expect(await threadReply(h)).toContain('排查清单');
  });
});

describe('ERRCODE_DEFAULT_LANGUAGE on Slack', () => {
  it('a bare code from a user whose locale Slack does not give is answered in the configured default', async () => {
    h = await startHarness({ services: testServices({ defaultLanguage: 'zh' }) });
    h.fake.setApiResponse('users.info', reply.error('missing_scope'));
    expect(buttonLabels((await command(h, '100014')).body)).toContain(CHINESE_SHARE);
  });

  it('the question still comes first: English words get English under a zh default', async () => {
    h = await startHarness({ services: testServices({ defaultLanguage: 'zh' }) });
    h.fake.setApiResponse('users.info', reply.error('missing_scope'));
    expect(buttonLabels((await command(h, 'access token expired')).body)).toContain(ENGLISH_SHARE);
  });
});
