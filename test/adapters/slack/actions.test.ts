/** The answer card's buttons, checkboxes and menus, clicked through the real Bolt App. */
import { afterEach, describe, expect, it } from 'vitest';
import { encodeState } from '../../../src/interaction/state.js';
import { faultMessage, ui } from '../../../src/messages.js';
import { blockActions, reply, signedRequest } from '../../fakes/slack-platform.js';
import {
  ACTIONS,
  buttonLabels,
  checkboxesOf,
  click,
  command,
  element,
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

/** Ticks (or unticks) to exactly `indexes` in the first checklist chunk of `card`. */
async function tick(harness: Harness, card: SentMessage | undefined, indexes: number[]): Promise<SentMessage | undefined> {
  const [boxes] = checkboxesOf(card);
  if (!boxes) throw new Error('card has no checklist');
  const selected = (boxes.options ?? []).filter((o) => indexes.includes(Number(o.value)));
  return click(harness, { type: 'checkboxes', action_id: boxes.action_id ?? '', block_id: boxes.block_id, selected_options: selected });
}

function press(harness: Harness, card: SentMessage | undefined, actionId: string, options: { ephemeral?: boolean } = {}) {
  const button = element(card, actionId);
  if (!button) throw new Error(`no ${actionId} on the card`);
  return click(harness, { action_id: button.action_id ?? actionId, value: button.value ?? '' }, options);
}

describe('the fix checklist', () => {
  it('ticking step 1 updates the same card: "1 of 9 done" and the box stays ticked; unticking undoes it', async () => {
    h = await startHarness();
    const { body } = await command(h, '6004');
    expect(visibleText(body)).toContain('0 of 9 done');

    const ticked = await tick(h, body, [0]);
    expect(ticked?.replace_original).toBe(true);
    expectWithinLimits(ticked);
    expect(visibleText(ticked)).toContain('1 of 9 done');
    const [boxes] = checkboxesOf(ticked);
    expect(boxes?.initial_options?.map((o) => o.value)).toEqual(['0']);
    // Still the same card, still shareable (it is the ephemeral one).
    expect(ticked?.blocks?.[0]?.text?.text).toContain('6004');
    expect(buttonLabels(ticked)).toContain('Share in channel');

    const two = await tick(h, ticked, [0, 2]);
    expect(visibleText(two)).toContain('2 of 9 done');
    const none = await tick(h, two, []);
    expect(visibleText(none)).toContain('0 of 9 done');
    expect(checkboxesOf(none)[0]?.initial_options).toBeUndefined();
  });
});

describe('Still failing', () => {
  it('reveals the possible causes, then the last resort', async () => {
    h = await startHarness();
    const { body } = await command(h, '80200003');
    expect(visibleText(body)).not.toContain('Possible causes');

    const deeper = await press(h, body, ACTIONS.stillFailing);
    expect(deeper?.replace_original).toBe(true);
    expect(visibleText(deeper)).toContain('Possible causes');
    expect(visibleText(deeper)).toContain('has expired');
    expect(buttonLabels(deeper)).toContain('Still failing');

    const last = await press(h, deeper, ACTIONS.stillFailing);
    expect(visibleText(last)).toContain(ui('lastResort', 'en'));
    expect(buttonLabels(last)).not.toContain('Still failing');
  });

  it('goes straight to the last resort when the entry has no further diagnostics', async () => {
    h = await startHarness();
    const { body } = await command(h, '100014');
    const last = await press(h, body, ACTIONS.stillFailing);
    expect(visibleText(last)).toContain(ui('lastResort', 'en'));
  });
});

describe('中文 / English', () => {
  it('switches a Huawei Account card to Chinese and back, keeping the ticks', async () => {
    h = await startHarness();
    const { body } = await command(h, '1101 20155');
    expect(visibleText(body)).toContain('The code has expired');
    const ticked = await tick(h, body, [0]);

    const zh = await press(h, ticked, ACTIONS.language);
    expect(visibleText(zh)).toContain('code过期');
    expect(visibleText(zh)).toContain('已完成 1/1');
    expect(buttonLabels(zh)).toContain('English');
    expect(buttonLabels(zh)).toContain('分享到频道');

    const en = await press(h, zh, ACTIONS.language);
    expect(visibleText(en)).toContain('The code has expired');
    expect(buttonLabels(en)).toContain('中文');
  });
});

describe('other meanings and related codes', () => {
  it('choosing another meaning swaps the card to that entry; ticks start over', async () => {
    h = await startHarness();
    const { body } = await command(h, '6');
    const ticked = await tick(h, body, [0]);
    const select = element(ticked, ACTIONS.open);
    expect(select?.type).toBe('static_select');
    const choice = select?.options?.[1];
    const swapped = await click(h, {
      type: 'static_select',
      action_id: select?.action_id ?? '',
      selected_option: { text: choice?.text, value: choice?.value },
    });
    expect(swapped?.replace_original).toBe(true);
    expect(swapped?.blocks?.[0]?.text?.text).not.toBe(body.blocks?.[0]?.text?.text);
    expect(swapped?.blocks?.[0]?.text?.text).toMatch(/^6 · /);
    expect(visibleText(swapped)).toMatch(/0 of \d+ done/);
    expectWithinLimits(swapped);
  });

  it('a related code from the overflow menu opens its card', async () => {
    h = await startHarness();
    const { body } = await command(h, '100014');
    const overflow = element(body, ACTIONS.open);
    const first = overflow?.options?.[0];
    const opened = await click(h, {
      type: 'overflow',
      action_id: overflow?.action_id ?? '',
      selected_option: { text: first?.text, value: first?.value },
    });
    expect(opened?.blocks?.[0]?.text?.text).toContain('100013');
    expect(visibleText(opened)).toContain('access token is illegal');
  });
});

describe('Share in channel', () => {
  it('posts the card for everyone (without the Share button) and removes the private copy', async () => {
    h = await startHarness();
    const { body } = await command(h, '100014');
    const removed = await press(h, body, ACTIONS.share);
    expect(removed).toEqual({ delete_original: true });
    const posted = await h.fake.waitForCall('chat.postMessage');
    expect(posted.args.channel).toBe(h.fake.ids.channelId);
    const shared = posted.args as SentMessage;
    expectWithinLimits(shared);
    expect(visibleText(shared)).toContain('access token is expired');
    expect(buttonLabels(shared)).not.toContain('Share in channel');
    expect(visibleText(shared)).toContain(`Shared by <@${h.fake.ids.userId}>`);
    expect(h.services.logLines.some((l) => l.event === 'card_shared')).toBe(true);
  });

  it('falls back to the response_url when the bot is not in the channel', async () => {
    h = await startHarness();
    h.fake.setApiResponse('chat.postMessage', reply.error('not_in_channel'));
    const { body } = await command(h, '100014');
    const share = element(body, ACTIONS.share);
    const id = 'share-fallback';
    await signedRequest(
      h.url,
      SECRET,
      blockActions({
        actions: [{ action_id: ACTIONS.share, value: share?.value ?? '' }],
        response_url: h.fake.responseUrl(id),
        container: { type: 'message', channel_id: h.fake.ids.channelId, is_ephemeral: true, message_ts: '1.2' },
      }),
    );
    const inChannel = (await h.fake.waitForResponsePost(id)).body as SentMessage;
    expect(inChannel.response_type).toBe('in_channel');
    expect(visibleText(inChannel)).toContain('access token is expired');
    expect((await h.fake.waitForResponsePost(id)).body).toEqual({ delete_original: true });
    expect(h.services.logLines.find((l) => l.event === 'slack_api_error')).toMatchObject({
      method: 'chat.postMessage',
      slackError: 'not_in_channel',
    });
  });

  it('rides out a 500 from the Web API: the client retries', async () => {
    h = await startHarness();
    h.fake.queueApiResponse('chat.postMessage', reply.httpError(500), reply.rateLimited(0));
    const { body } = await command(h, '100014');
    await press(h, body, ACTIONS.share);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(3);
    expect(h.services.logLines.some((l) => l.event === 'slack_api_error')).toBe(false);
  });
});

describe('votes', () => {
  it('Helpful and Not helpful are recorded and thanked privately', async () => {
    h = await startHarness();
    const { body } = await command(h, '100014');
    const thanks = await press(h, body, ACTIONS.helpful);
    expect(thanks).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: ui('thanksVote', 'en') });
    await press(h, body, ACTIONS.notHelpful);
    const votes = h.services.logLines.filter((l) => l.event === 'answer_vote');
    expect(votes.map((v) => v.vote)).toEqual(['helpful', 'not_helpful']);
    expect(votes[0]).toMatchObject({ platform: 'slack', entryId: expect.stringContaining('100014'), user: h.fake.ids.userId });
  });
});

describe('old and broken buttons', () => {
  it('an undecodable value gets the fixed STALE_BUTTON message', async () => {
    h = await startHarness();
    const answer = await click(h, { action_id: ACTIONS.stillFailing, value: 'v0:something-from-2019' });
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: faultMessage('STALE_BUTTON', 'en') });
    const unknownAction = await click(h, { action_id: 'errcode_retired_button', value: 'x' });
    expect(unknownAction?.text).toBe(faultMessage('STALE_BUTTON', 'en'));
    const badBlock = await click(h, {
      type: 'checkboxes',
      action_id: ACTIONS.step,
      block_id: 'errcode_steps:0:garbage',
      selected_options: [],
    });
    expect(badBlock?.text).toBe(faultMessage('STALE_BUTTON', 'en'));
  });

  it('an entry that left the catalogs gets UNKNOWN_ENTRY, in the card’s language', async () => {
    h = await startHarness();
    const value = encodeState({ entryKey: 'zzzzzzzzzzz', lang: 'zh', done: 0, depth: 0 });
    const answer = await click(h, { action_id: ACTIONS.language, value });
    expect(answer?.text).toBe(faultMessage('UNKNOWN_ENTRY', 'zh'));
  });
});
