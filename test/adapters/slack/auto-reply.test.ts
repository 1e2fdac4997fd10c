/** Pastes in channels (Events API, HTTP mode): when errcode answers in the thread, and when it keeps quiet. */
import { afterEach, describe, expect, it } from 'vitest';
import { ui } from '../../../src/messages.js';
import { type ApiCall, FAKE_IDS } from '../../fakes/slack-platform.js';
import { testServices } from '../../helpers/services.js';
import {
  ACTIONS,
  buttonLabels,
  click,
  element,
  expectWithinLimits,
  type Harness,
  moreGroups,
  postEvent,
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

const PASTE = '{"error":1101,"sub_error":20155}';
const TOKEN = 'CgB6e3x9AbCdEf0123456789';

/** Posts `fields` and waits until the adapter has finished with it. */
async function paste(harness: Harness, fields: Parameters<typeof postEvent>[1], options: Parameters<typeof postEvent>[2] = {}) {
  await postEvent(harness, fields, options);
  await harness.slack.settled(20_000);
}

/**
 * Proves silence: after the messages under test, a control paste in its own thread gets the only
 * reply. (Waiting for "nothing" would be a sleep; waiting for the control is exact.)
 */
async function expectOnlyControlReply(harness: Harness): Promise<void> {
  await paste(harness, { text: 'NSP_STATUS: 102', ts: '1799999999.000001' });
  const replies = harness.fake.callsTo('chat.postMessage');
  expect(replies.map((r) => r.args.thread_ts)).toEqual(['1799999999.000001']);
}

function replyOf(call: ApiCall): SentMessage {
  return call.args as SentMessage;
}

describe('a paste with a known error code', () => {
  it('gets one compact card in the thread: headline, one-line fix, why in words, two buttons', async () => {
    h = await startHarness();
    await paste(h, { text: `login fails with ${PASTE}`, ts: '1700000100.000100' });
    const call = await h.fake.waitForCall('chat.postMessage');
    const sent = replyOf(call);
    expect(sent.channel).toBe(FAKE_IDS.channelId);
    expect(sent.thread_ts).toBe('1700000100.000100');
    expectWithinLimits(sent);
    const text = visibleText(sent);
    expect(sent.text).toMatch(/^1101\/20155 — The code has expired/);
    expect(text).toContain('`1101/20155` — *The code has expired');
    expect(text).toContain('The code has expired');
    expect(text).toContain('*Fix:*');
    expect(text).toContain('*Why this matched:* exact code; from the field `sub_error`');
    expect(text).not.toMatch(/confidence|\d\.\d\d/);
    // A one-step fix is the Fix line itself: no "Show fix checklist" opening that same line.
    expect(buttonLabels(sent)).toEqual(['Not relevant']);

    const logged = h.services.logLines.find((l) => l.event === 'auto_reply');
    expect(logged).toMatchObject({ platform: 'slack', catalog: 'huawei-account', code: '20155', main: '1101' });
    expect(h.services.rawLog()).not.toContain('login fails with');
    const metrics = await h.services.metrics.registry.getSingleMetricAsString('errcode_auto_replies_total');
    expect(metrics).toContain('errcode_auto_replies_total{platform="slack"} 1');
  });

  it('a 6004 paste: the size of the checklist in words, and why it matched without saying a word twice', async () => {
    h = await startHarness();
    await paste(h, { text: '{"code":6004,"data":"get player info fail"}', ts: '1700000100.000200' });
    const sent = replyOf(await h.fake.waitForCall('chat.postMessage'));
    expectWithinLimits(sent);
    const text = visibleText(sent);
    expect(text).toContain('_Fix checklist: 4 steps, under Show fix checklist_');
    expect(text).toContain('*Why this matched:* exact code; from the field `code`; the message text "get player info fail"');
    expect(text).not.toContain('the message text "player"');
  });

  it('a 6004 paste gets its whole fix, not one cut mid-sentence', async () => {
    h = await startHarness();
    await paste(h, { text: '6004 get player info fail', ts: '1700000100.000250' });
    const text = visibleText(replyOf(await h.fake.waitForCall('chat.postMessage')));
    expect(text).toContain(
      '*Fix:* The source reads this as a permission, certificate or kit problem. Check that account and game services are enabled in AGC and the certificate fingerprint matches, and make sure Huawei Game Center is installed on the phone.',
    );
    expect(text).not.toContain('…');
  });

  it('a fix longer than an auto-reply shows ends on a whole sentence and points at the rest', async () => {
    h = await startHarness();
    await paste(h, { text: 'quick login fails: {"errCode":60180007}', ts: '1700000100.000260' });
    const sent = replyOf(await h.fake.waitForCall('chat.postMessage'));
    const text = visibleText(sent);
    expect(text).toContain('(申请账号权限). _More under Show fix checklist_');
    expect(text).not.toContain('QuickLoginButtonComponent');
    expect(text).not.toContain('…');
    expect(buttonLabels(sent)).toContain('Show fix checklist');
  });

  it('answers in the existing thread when the paste is a thread reply', async () => {
    h = await startHarness();
    await paste(h, { text: PASTE, ts: '1700000200.000300', thread_ts: '1700000200.000100' });
    expect(replyOf(await h.fake.waitForCall('chat.postMessage')).thread_ts).toBe('1700000200.000100');
  });

  it('a message calling the bot by name as typed text (no mention picked) is answered as asked', async () => {
    h = await startHarness();
    // A bare 6004 with no platform named is below the unprompted reply's bar; here someone asked.
    await paste(h, { text: '@errcode what is 6004', ts: '1700000200.000400' });
    const sent = replyOf(await h.fake.waitForCall('chat.postMessage'));
    expect(sent.thread_ts).toBe('1700000200.000400');
    expect(sent.text).toMatch(/^6004 — /);
  });

  it('a shared text file (file_share) is downloaded with the bot token and read', async () => {
    h = await startHarness();
    const file = h.fake.addFile({ name: 'response.log', content: 'HTTP/1.1 200 OK\nNSP_STATUS: 102\n' });
    await paste(h, { subtype: 'file_share', text: 'see log', files: [file] });
    const sent = replyOf(await h.fake.waitForCall('chat.postMessage'));
    expect(visibleText(sent)).toContain('Invalid access_token');
    expect(h.fake.fileDownloads).toEqual([expect.objectContaining({ fileId: file.id, served: true, authorization: 'Bearer xoxb-test' })]);
  });

  it('a binary or non-text file is not downloaded', async () => {
    h = await startHarness();
    const image = h.fake.addFile({ name: 'shot.png', content: 'NSP_STATUS: 102', mimetype: 'image/png', filetype: 'png' });
    await paste(h, { subtype: 'file_share', text: 'screenshot', files: [image] });
    expect(h.fake.fileDownloads).toHaveLength(0);
    await expectOnlyControlReply(h);
  });

  it('a pasted credential is never repeated; the poster alone is told to rotate it', async () => {
    h = await startHarness();
    await paste(h, { text: `{"ret":100014,"msg":"access token expired","access_token":"${TOKEN}"}` });
    const sent = replyOf(await h.fake.waitForCall('chat.postMessage'));
    expect(visibleText(sent)).toContain('100014');
    expect(JSON.stringify(sent)).not.toContain(TOKEN);
    const note = await h.fake.waitForCall('chat.postEphemeral');
    expect(note.args).toMatchObject({ channel: FAKE_IDS.channelId, user: FAKE_IDS.userId });
    expect(note.args.text).toBe(ui('rotateSecret', 'en', { kinds: 'access-token' }));
    expect(note.rawBody).not.toContain(TOKEN);
    expect(h.services.rawLog()).not.toContain(TOKEN);
    expect(h.services.rawLog()).not.toContain('xoxb-test');
  });

  it('a paste with <!channel> and user mentions is never echoed: nothing in the reply can ping', async () => {
    h = await startHarness();
    await paste(h, { text: `<!channel> <@U0SOMEONE> <!here> help: ${PASTE} &lt;!everyone&gt;` });
    const raw = JSON.stringify(replyOf(await h.fake.waitForCall('chat.postMessage')));
    expect(raw).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U0SOMEONE>|@channel|@here|@everyone/);
  });
});

describe('redelivered events', () => {
  it('the same event_id delivered twice (X-Slack-Retry-Num) gets one reply; a new event gets its own', async () => {
    // Cooldown and thread memory off: only event dedupe can stop the second reply.
    h = await startHarness({ services: testServices({ policy: { cooldownMs: 0, muteMs: 0 } }) });
    const fields = { text: PASTE, ts: '1700000300.000100' };
    await paste(h, fields, { eventId: 'Ev0SAMEEVENT' });
    await paste(h, fields, { eventId: 'Ev0SAMEEVENT', retryNum: 1 });
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    await paste(h, fields, { eventId: 'Ev0OTHEREVENT' });
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });
});

describe('messages errcode keeps quiet about', () => {
  it('bot messages, its own messages, edits and deletions', async () => {
    h = await startHarness();
    await paste(h, { text: PASTE, subtype: 'bot_message', bot_id: 'B0OTHERBOT', user: undefined, username: 'ci-bot' });
    await paste(h, { text: PASTE, bot_id: 'B0OTHERBOT', user: 'U0APPUSER' });
    await paste(h, { text: PASTE, user: FAKE_IDS.botUserId, bot_id: FAKE_IDS.botId });
    await paste(h, { subtype: 'message_changed', message: { text: PASTE, user: FAKE_IDS.userId, ts: '1.1' }, user: undefined });
    await paste(h, { subtype: 'message_deleted', previous_message: { text: PASTE }, user: undefined });
    await paste(h, { subtype: 'channel_join', text: `<@${FAKE_IDS.userId}> has joined`, user: FAKE_IDS.userId });
    await expectOnlyControlReply(h);
  });

  it.each(['PR #6004 is up', 'we have 500 users in the closed beta now', 'Meeting ID 845 6004 1101', 'took 1500ms, exit code 0'])(
    'ordinary chat with numbers: "%s"',
    async (text) => {
      h = await startHarness();
      await paste(h, { text });
      await expectOnlyControlReply(h);
    },
  );

  it('a bare code with no platform named, not addressed to the bot', async () => {
    h = await startHarness();
    await paste(h, { text: 'what is 6004' });
    await expectOnlyControlReply(h);
  });

  it('a message that mentions errcode (the app_mention listener answers that one)', async () => {
    h = await startHarness();
    await paste(h, { text: `<@${FAKE_IDS.botUserId}> ${PASTE}` });
    await expectOnlyControlReply(h);
  });

  it('a flood of 500 identical pastes in one channel gets exactly one reply', async () => {
    h = await startHarness();
    const batch = 50;
    for (let start = 0; start < 500; start += batch) {
      await Promise.all(
        Array.from({ length: batch }, (_, i) =>
          postEvent(h as Harness, { text: PASTE, ts: `1700001000.${String(start + i).padStart(6, '0')}` }),
        ),
      );
    }
    expect(await h.slack.settled(20_000)).toBe(true);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    const suppressed = await h.services.metrics.registry.getSingleMetricAsString('errcode_auto_replies_suppressed_total');
    expect(suppressed).toContain('reason="cooldown"} 499');
  });
});

describe('the compact card’s buttons', () => {
  it('Show fix checklist sends the full card to the clicker only, in the thread', async () => {
    h = await startHarness();
    // A checklist to open: 6004's (a one-step fix has no such button).
    await paste(h, { text: '{"code":6004,"data":"get player info fail"}', ts: '1700000400.000100' });
    const compact = replyOf(await h.fake.waitForCall('chat.postMessage'));
    const show = element(compact, ACTIONS.showChecklist);
    await click(
      h,
      { action_id: show?.action_id ?? '', value: show?.value ?? '' },
      { ephemeral: false, expectPost: false, message: { thread_ts: '1700000400.000100', text: 'x', user: FAKE_IDS.botUserId } },
    );
    const full = await h.fake.waitForCall('chat.postEphemeral');
    expect(full.args).toMatchObject({ channel: FAKE_IDS.channelId, user: FAKE_IDS.userId, thread_ts: '1700000400.000100' });
    const card = full.args as SentMessage;
    expectWithinLimits(card);
    expect(visibleText(card)).toContain('*Fix:*');
    expect(buttonLabels(card)).toEqual(expect.arrayContaining(['Share in channel']));
    expect(moreGroups(card).Actions?.[0]?.text).toBe('中文 — Switch to Chinese');
  });

  it('Not relevant mutes the code in the channel for a day and says so privately', async () => {
    h = await startHarness();
    await paste(h, { text: PASTE, ts: '1700000500.000100' });
    const compact = replyOf(await h.fake.waitForCall('chat.postMessage'));
    const mute = element(compact, ACTIONS.mute);
    await click(h, { action_id: mute?.action_id ?? '', value: mute?.value ?? '' }, { ephemeral: false, expectPost: false });
    const said = await h.fake.waitForCall('chat.postEphemeral');
    expect(said.args).toMatchObject({ user: FAKE_IDS.userId, text: ui('mutedCode', 'en', { code: '1101/20155' }) });
    // Even in another thread, the code stays muted here.
    await paste(h, { text: PASTE, ts: '1700000600.000100' });
    const replies = h.fake.callsTo('chat.postMessage');
    expect(replies).toHaveLength(1);
    const suppressed = await h.services.metrics.registry.getSingleMetricAsString('errcode_auto_replies_suppressed_total');
    expect(suppressed).toContain('reason="muted"} 1');
  });
});
