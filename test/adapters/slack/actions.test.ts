/** The answer card's checkboxes, buttons and menu, clicked through the real Bolt App. */
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
  moreChoice,
  moreGroups,
  SECRET,
  type SentMessage,
  startHarness,
  stepSections,
  stopHarness,
  tickInput,
  visibleControls,
  visibleText,
} from './harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

function press(
  harness: Harness,
  card: SentMessage | undefined,
  actionId: string,
  options: { ephemeral?: boolean; user?: string; expectPost?: boolean } = {},
) {
  const button = element(card, actionId);
  if (!button) throw new Error(`no ${actionId} on the card`);
  return click(harness, { action_id: button.action_id ?? actionId, value: button.value ?? '' }, options);
}

const ticks = (card: SentMessage | undefined) => stepSections(card).map((s) => s.ticked);

describe('the fix checklist', () => {
  it('each step is one section with its own checkbox; ticking updates the same card in place', async () => {
    h = await startHarness();
    const { body } = await command(h, '6004');
    expect(visibleText(body)).toContain('0 of 9 done');
    const steps = stepSections(body);
    expect(steps).toHaveLength(9);
    expect(steps[0]?.text).toBe('1. Check that you have applied for account service and game service.');
    expect(checkboxesOf(body)).toHaveLength(0); // the boxes are accessories, not a second copy of the list

    const ticked = await click(h, tickInput(body, 0, true));
    expect(ticked?.replace_original).toBe(true);
    expectWithinLimits(ticked);
    expect(visibleText(ticked)).toContain('1 of 9 done');
    expect(ticks(ticked)).toEqual([true, false, false, false, false, false, false, false, false]);
    expect(ticked?.text).toContain('6004');
    expect(buttonLabels(ticked)).toContain('Share in channel');

    const two = await click(h, tickInput(ticked, 2, true));
    expect(visibleText(two)).toContain('2 of 9 done');
    const one = await click(h, tickInput(two, 0, false));
    expect(visibleText(one)).toContain('1 of 9 done');
    expect(ticks(one).slice(0, 3)).toEqual([false, false, true]);
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
    expect(buttonLabels(body)).toContain('Still failing? Show causes');
    expect(buttonLabels(deeper)).toContain('Still failing? Ask support');

    const last = await press(h, deeper, ACTIONS.stillFailing);
    expect(visibleText(last)).toContain(ui('lastResort', 'en'));
    expect(buttonLabels(last).some((l) => l.startsWith('Still failing'))).toBe(false);
  });

  it('6004: the note telling its variants apart is on the card before the fix; the button says it reveals the last resort', async () => {
    h = await startHarness();
    const { body } = await command(h, '6004');
    const text = visibleText(body);
    const note = text.indexOf('*Note:* Two variants are told apart by the data message');
    expect(note).toBeGreaterThan(0);
    expect(note).toBeLessThan(text.indexOf('*Fix:*'));
    expect(buttonLabels(body)).toContain('Still failing? Ask support');
    expect(buttonLabels(body)).not.toContain('Still failing? Show causes');

    const last = await press(h, body, ACTIONS.stillFailing);
    expect(visibleText(last)).toContain(ui('lastResort', 'en'));
    // The note is said once: on the card, not again behind the click.
    expect(visibleText(last).split('Two variants are told apart').length).toBe(2);
  });

  it('goes straight to the last resort when the entry has no further diagnostics', async () => {
    h = await startHarness();
    const { body } = await command(h, '100014');
    const last = await press(h, body, ACTIONS.stillFailing);
    expect(visibleText(last)).toContain(ui('lastResort', 'en'));
  });
});

describe('中文 / English', () => {
  it('switches a card to Chinese and back from the menu, keeping the ticks', async () => {
    h = await startHarness();
    const { body } = await command(h, '6004');
    const ticked = await click(h, tickInput(body, 0, true));

    const zh = await click(h, moreChoice(ticked, /^中文/));
    expect(visibleText(zh)).toContain('已完成 1/9');
    expect(moreGroups(zh)['操作']?.[0]?.text).toBe('English — 切换为英文');
    expect(buttonLabels(zh)).toContain('分享到频道');

    const en = await click(h, moreChoice(zh, /^English/));
    expect(visibleText(en)).toContain('1 of 9 done');
    expect(ticks(en)[0]).toBe(true);
  });
});

describe('other meanings and related codes', () => {
  it('choosing another meaning swaps the card to that entry; ticks start over', async () => {
    h = await startHarness();
    const { body } = await command(h, '6');
    const others = moreGroups(body)['Other meanings (4)'] ?? [];
    const swapped = await click(h, moreChoice(body, others[1]?.text ?? ''));
    expect(swapped?.replace_original).toBe(true);
    expect(swapped?.text).not.toBe(body.text);
    expect(swapped?.text).toMatch(/^6 — /);
    expectWithinLimits(swapped);
  });

  it('a related code from the menu opens its card', async () => {
    h = await startHarness();
    const { body } = await command(h, '100014');
    const opened = await click(h, moreChoice(body, /^100013 — /));
    expect(opened?.text).toContain('100013');
    expect(visibleText(opened)).toContain('access token is illegal');
  });
});

describe('Share in channel', () => {
  it('posts a read-only copy for everyone and removes the private one', async () => {
    h = await startHarness();
    const { body } = await command(h, '6004');
    const ticked = await click(h, tickInput(body, 0, true));
    const removed = await press(h, ticked, ACTIONS.share);
    expect(removed).toEqual({ delete_original: true });
    const posted = await h.fake.waitForCall('chat.postMessage');
    expect(posted.args.channel).toBe(h.fake.ids.channelId);
    const shared = posted.args as SentMessage;
    expectWithinLimits(shared);
    expect(shared.text).toBe(body.text);
    // The steps as text, nobody's ticks, one button: "Show fix checklist".
    expect(stepSections(shared)).toHaveLength(0);
    expect(checkboxesOf(shared)).toHaveLength(0);
    expect(visibleText(shared)).toContain('1. Check that you have applied for account service and game service.');
    expect(visibleText(shared)).not.toContain('done');
    expect(buttonLabels(shared)).toEqual(['Show fix checklist']);
    expect(element(shared, ACTIONS.more)).toBeUndefined();
    expect(visibleText(shared)).toContain(`Shared by <@${h.fake.ids.userId}>`);
    expect(h.services.logLines.some((l) => l.event === 'card_shared')).toBe(true);
  });

  it('a second person clicking the shared copy gets their own private card; the public copy is not touched', async () => {
    h = await startHarness();
    const { body } = await command(h, '6004');
    await press(h, body, ACTIONS.share);
    const shared = (await h.fake.waitForCall('chat.postMessage')).args as SentMessage;
    const before = h.fake.responsePosts.length;

    await press(h, shared, ACTIONS.showChecklist, { ephemeral: false, user: 'U0SECOND', expectPost: false });
    const opened = await h.fake.waitForCall('chat.postEphemeral', { where: (c) => c.args.user === 'U0SECOND' });
    const own = opened.args as SentMessage;
    expect(stepSections(own)).toHaveLength(9);
    expect(visibleText(own)).toContain('0 of 9 done');
    // Nothing replaced the public message: no response_url post, no chat.update.
    expect(h.fake.responsePosts.slice(before)).toHaveLength(0);
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);
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
  it('a vote updates the card in place and counts once per person per entry; a second click changes it', async () => {
    h = await startHarness();
    const { body } = await command(h, '100014');
    const voted = await click(h, moreChoice(body, 'Mark as helpful'));
    expect(voted?.replace_original).toBe(true);
    expect(visibleText(voted)).toContain('You found this helpful');
    expect(moreGroups(voted).Actions?.map((o) => o.text)).toEqual([
      '中文 — Switch to Chinese',
      'Fixed it — Mark this answer as what fixed it',
      'Suggest a fix',
    ]);
    // The same person again (an older copy of the card): the card says so, the vote changes, the count stays.
    const again = await click(h, moreChoice(body, 'Mark as not helpful'));
    expect(visibleText(again)).toContain('You found this not helpful');
    await click(h, moreChoice(body, 'Mark as not helpful'));
    const votes = h.services.logLines.filter((l) => l.event === 'answer_vote');
    expect(votes.map((v) => [v.vote, v.previous])).toEqual([
      ['helpful', undefined],
      ['not_helpful', 'helpful'],
    ]);
    expect(votes[0]).toMatchObject({ platform: 'slack', entryId: expect.stringContaining('100014'), user: h.fake.ids.userId });
    const tallies = await h.services.state.voteTallies();
    expect(tallies).toEqual([{ entryId: expect.stringContaining('100014'), helpful: 0, notHelpful: 1 }]);
    // Nobody was sent a separate "thanks" message.
    expect(h.fake.responsePosts.some((p) => (p.body as SentMessage).text === ui('thanksVote', 'en'))).toBe(false);
  });
});

describe('controls', () => {
  it('the documentation link is a visible button only when the catalog has one', async () => {
    h = await startHarness();
    const { body } = await command(h, '100014');
    expect(visibleControls(body).some((c) => c.url)).toBe(false);
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
      action_id: ACTIONS.tick,
      block_id: 'errcode_step:0:garbage',
      selected_options: [],
    });
    expect(badBlock?.text).toBe(faultMessage('STALE_BUTTON', 'en'));
  });

  it('a button written by the previous state version still works', async () => {
    h = await startHarness();
    const { body } = await command(h, '80200003');
    const v1 = (element(body, ACTIONS.stillFailing)?.value ?? '').replace(/^2\.(.*)\.0$/, '1.$1');
    expect(v1).toMatch(/^1\./);
    const deeper = await click(h, { action_id: ACTIONS.stillFailing, value: v1 });
    expect(visibleText(deeper)).toContain('Possible causes');
  });

  it('an entry that left the catalogs gets UNKNOWN_ENTRY, in the card’s language', async () => {
    h = await startHarness();
    const value = encodeState({ entryKey: 'zzzzzzzzzzz', lang: 'zh', done: 0, depth: 0 });
    const answer = await click(h, { action_id: ACTIONS.language, value });
    expect(answer?.text).toBe(faultMessage('UNKNOWN_ENTRY', 'zh'));
  });
});
