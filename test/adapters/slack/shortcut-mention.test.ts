/** The message shortcut "Explain this error" and @errcode mentions, through the real Bolt App. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ui } from '../../../src/messages.js';
import { eventCallback, FAKE_IDS, messageShortcut, reply, signedRequest } from '../../fakes/slack-platform.js';
import {
  buttonLabels,
  expectWithinLimits,
  type Harness,
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

async function shortcut(harness: Harness, message: Record<string, unknown>): Promise<{ id: string }> {
  const id = randomUUID();
  const res = await signedRequest(
    harness.url,
    SECRET,
    messageShortcut({
      callback_id: 'explain_error',
      response_url: harness.fake.responseUrl(id),
      message: { type: 'message', ts: '1700000000.000900', user: FAKE_IDS.userId, ...message } as never,
    }),
  );
  expect(res.status).toBe(200);
  expect(res.elapsedMs).toBeLessThan(1000);
  return { id };
}

function mention(harness: Harness, fields: Record<string, unknown>) {
  const ts = (fields.ts as string | undefined) ?? '1700000000.000700';
  return signedRequest(
    harness.url,
    SECRET,
    eventCallback({ type: 'app_mention', user: FAKE_IDS.userId, channel: FAKE_IDS.channelId, ts, event_ts: ts, ...fields }),
  );
}

describe('message shortcut "Explain this error"', () => {
  it('answers a thread reply’s paste with an ephemeral, shareable card', async () => {
    h = await startHarness();
    const { id } = await shortcut(h, { text: 'still broken: {"error":1101,"sub_error":20155}', thread_ts: '1700000000.000100' });
    const card = (await h.fake.waitForResponsePost(id)).body as SentMessage;
    expect(card.response_type).toBe('ephemeral');
    expectWithinLimits(card);
    expect(card.text).toMatch(/^1101\/20155 — /);
    expect(visibleText(card)).toContain('The code has expired');
    expect(buttonLabels(card)).toContain('Share in channel');
  });

  it('reads the message’s text files too', async () => {
    h = await startHarness();
    const file = h.fake.addFile({ name: 'resp.txt', content: 'NSP_STATUS: 102' });
    const { id } = await shortcut(h, { text: 'see attached', files: [file] });
    const card = (await h.fake.waitForResponsePost(id)).body as SentMessage;
    expect(visibleText(card)).toContain('Invalid access_token');
  });

  it('tells the poster, and only the poster, about a credential in their own message', async () => {
    h = await startHarness();
    const { id } = await shortcut(h, { text: '{"ret":100014,"access_token":"CgB6e3x9AbCdEf0123456789"}' });
    const card = (await h.fake.waitForResponsePost(id)).body as SentMessage;
    expect(visibleText(card)).toContain(ui('rotateSecret', 'en', { kinds: 'access-token' }));
    expect(JSON.stringify(card)).not.toContain('CgB6e3x9AbCdEf0123456789');
    const other = await shortcut(h, { text: '{"ret":100014,"access_token":"CgB6e3x9AbCdEf0123456789"}', user: 'U0SOMEONEELSE' });
    const theirs = (await h.fake.waitForResponsePost(other.id)).body as SentMessage;
    expect(visibleText(theirs)).toContain('access token is expired');
    expect(visibleText(theirs)).not.toContain(ui('rotateSecret', 'en', { kinds: 'access-token' }));
  });

  it('a bare code in the message is looked up', async () => {
    h = await startHarness();
    const { id } = await shortcut(h, { text: '100014' });
    const card = (await h.fake.waitForResponsePost(id)).body as SentMessage;
    expect(visibleText(card)).toContain('access token is expired');
  });

  it('a message without a known code gets "no known error code" and the usage', async () => {
    h = await startHarness();
    const { id } = await shortcut(h, { text: 'deploy went fine, thanks everyone' });
    const answer = (await h.fake.waitForResponsePost(id)).body as SentMessage;
    expect(answer.response_type).toBe('ephemeral');
    expect(visibleText(answer)).toContain(ui('noCodeFound', 'en'));
    expect(visibleText(answer)).toContain('/errcode 100014');
  });
});

describe('@errcode mentions', () => {
  it('explains the code in the mentioning message, in its thread, as a read-only public answer', async () => {
    h = await startHarness();
    expect((await mention(h, { text: `<@${FAKE_IDS.botUserId}> what is 100014?` })).status).toBe(200);
    const call = await h.fake.waitForCall('chat.postMessage');
    const card = call.args as SentMessage;
    expect(card.thread_ts).toBe('1700000000.000700');
    expectWithinLimits(card);
    expect(visibleText(card)).toContain('access token is expired');
    // Public, and 100014's fix is one step, said in the reply: no checklist to open, no button.
    expect(visibleText(card)).toContain('*Fix:* Reauthorize');
    expect(buttonLabels(card)).toEqual([]);
  });

  it('a mention of an ambiguous code (11205) names its other meaning in the thread reply', async () => {
    h = await startHarness();
    expect((await mention(h, { text: `<@${FAKE_IDS.botUserId}> what is 11205?` })).status).toBe(200);
    const card = (await h.fake.waitForCall('chat.postMessage')).args as SentMessage;
    expectWithinLimits(card);
    expect(visibleText(card)).toContain('`1203/11205` — *The refresh_token has expired*');
    expect(visibleText(card)).toContain('Other meanings (1): 1203/11205 — The token has expired (Revoke the authorization');
  });

  it('a mention of an OIDB failure whose source gives no fix: said so, and no empty actions block (Slack rejects one)', async () => {
    h = await startHarness();
    expect((await mention(h, { text: `<@${FAKE_IDS.botUserId}> oidb decode0x73a failed, ret: 17` })).status).toBe(200);
    const card = (await h.fake.waitForCall('chat.postMessage')).args as SentMessage;
    expectWithinLimits(card);
    expect(visibleText(card)).toContain('_The source gives no fix for this code._');
    expect(buttonLabels(card)).toEqual([]);
    expect((card.blocks ?? []).some((b) => b.type === 'actions')).toBe(false);
  });

  it('in a thread, also reads the thread’s first message', async () => {
    h = await startHarness();
    h.fake.setApiResponse('conversations.replies', (call) => ({
      body: {
        ok: true,
        messages: [{ type: 'message', ts: call.args.ts, user: 'U0POSTER', text: 'prod login: {"error":1101,"sub_error":20155}' }],
        has_more: true,
      },
    }));
    await mention(h, { text: `<@${FAKE_IDS.botUserId}> any idea?`, ts: '1700000000.000800', thread_ts: '1700000000.000100' });
    const call = await h.fake.waitForCall('chat.postMessage');
    expect(call.args.thread_ts).toBe('1700000000.000100');
    expect(visibleText(call.args as SentMessage)).toContain('The code has expired');
    expect(h.fake.callsTo('conversations.replies')[0]?.args).toMatchObject({
      channel: FAKE_IDS.channelId,
      ts: '1700000000.000100',
      limit: '1',
    });
  });

  it('nothing to explain: a short usage reply in the thread', async () => {
    h = await startHarness();
    await mention(h, { text: `<@${FAKE_IDS.botUserId}> hello` });
    const call = await h.fake.waitForCall('chat.postMessage');
    expect(visibleText(call.args as SentMessage)).toContain(ui('noCodeFound', 'en'));
    expect(visibleText(call.args as SentMessage)).toContain('/errcode 1101 20155');
  });

  it('answers in Chinese for a zh locale, and a thread-root fetch failure is only logged', async () => {
    h = await startHarness();
    h.fake.setApiResponse('users.info', reply.ok({ user: { id: FAKE_IDS.userId, locale: 'zh-TW' } }));
    h.fake.setApiResponse('conversations.replies', reply.error('missing_scope'));
    await mention(h, {
      text: `<@${FAKE_IDS.botUserId}> {"error":1101,"sub_error":20155}`,
      ts: '1700000000.000900',
      thread_ts: '1700000000.000100',
    });
    const call = await h.fake.waitForCall('chat.postMessage');
    expect(visibleText(call.args as SentMessage)).toContain('code过期');
    expect(h.services.logLines.find((l) => l.event === 'slack_api_error')).toMatchObject({
      method: 'conversations.replies',
      slackError: 'missing_scope',
    });
    expect(visibleText(call.args as SentMessage)).not.toContain(ui('usage', 'en'));
  });
});
