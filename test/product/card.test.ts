/**
 * The answer card as people meet it, driven from outside through the real Bolt and discord.js
 * clients, with the same expectations on both platforms: the headline, each step's text exactly
 * once, at most three visible controls, no confidence number, no seed file name, and a public copy
 * nobody else's click rewrites.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as D from '../adapters/discord/harness.js';
import * as S from '../adapters/slack/harness.js';
import type { TestServices } from '../helpers/services.js';

/** A card as the platform sent it, reduced to what these checks read. */
interface Seen {
  /** The notification / embed title text, code first. */
  readonly headline: string;
  /** Every visible text (blocks, embeds, buttons, menu options), markdown stars removed. */
  readonly text: string;
  /** Buttons shown without opening a menu (step toggles and checkboxes excepted). */
  readonly controls: number;
  /** The tickable steps as the card marks them. */
  readonly ticks: boolean[];
  /** The labels of the card's "Other matches" links (free text), in order. */
  readonly otherMatches: string[];
  /** What the message itself says, without its buttons and menus: what a reader sees unopened. */
  readonly body: string;
  /** The labels of every button, step toggles and checkboxes excepted. */
  readonly buttons: string[];
}

interface Driver {
  readonly services: TestServices;
  command(query: string): Promise<Seen>;
  /** Pastes `text` in a channel: the auto-reply. */
  paste(text: string): Promise<Seen>;
  /** Ticks step `step` on the last private card. */
  tick(step: number): Promise<Seen>;
  /** Votes "helpful" from the last private card's menu. */
  vote(): Promise<Seen>;
  /** Chooses the "More options" entry labelled `label` on the last private card. */
  choose(label: string): Promise<Seen>;
  /** Shares the last private card; a second person opens the public copy. */
  shareThenSecondUserClicks(): Promise<{ publicCopy: Seen; theirs: Seen; rewrites: number }>;
  /** Autocomplete `typed`, then submit the choice whose name matches `pick`. */
  suggestThenSubmit(typed: string, pick: RegExp): Promise<{ name: string; card: Seen }>;
  stop(): Promise<void>;
}

const clean = (text: string) => text.replace(/\*/g, '');

function slackSeen(message: S.SentMessage | undefined): Seen {
  return {
    headline: message?.text ?? '',
    text: clean(S.visibleText(message)),
    controls: S.visibleControls(message).length,
    ticks: S.stepSections(message).map((s) => s.ticked),
    otherMatches: Object.entries(S.moreGroups(message))
      .filter(([group]) => group.startsWith('Other matches'))
      .flatMap(([, options]) => options.map((o) => o.text)),
    body: clean(S.visibleText(message && { ...message, blocks: (message.blocks ?? []).filter((b) => b.type !== 'actions') })),
    buttons: S.buttonLabels(message),
  };
}

async function startSlack(): Promise<Driver> {
  const h = await S.startHarness();
  let last: S.SentMessage | undefined;
  const keep = (message: S.SentMessage | undefined) => {
    last = message;
    return slackSeen(message);
  };
  return {
    services: h.services,
    command: async (query) => keep((await S.command(h, query)).body),
    async paste(text) {
      await S.postEvent(h, { text, ts: '1700000100.000100' });
      return slackSeen((await h.fake.waitForCall('chat.postMessage')).args as S.SentMessage);
    },
    tick: async (step) => keep(await S.click(h, S.tickInput(last, step, true))),
    vote: async () => keep(await S.click(h, S.moreChoice(last, 'Mark as helpful'))),
    choose: async (label) => keep(await S.click(h, S.moreChoice(last, label))),
    async shareThenSecondUserClicks() {
      const share = S.element(last, S.ACTIONS.share);
      await S.click(h, { action_id: S.ACTIONS.share, value: share?.value ?? '' });
      const copy = (await h.fake.waitForCall('chat.postMessage')).args as S.SentMessage;
      const posts = h.fake.responsePosts.length;
      const open = S.element(copy, S.ACTIONS.showChecklist);
      await S.click(
        h,
        { action_id: open?.action_id ?? '', value: open?.value ?? '' },
        { ephemeral: false, user: 'U0SECOND', expectPost: false },
      );
      const theirs = (await h.fake.waitForCall('chat.postEphemeral', { where: (c) => c.args.user === 'U0SECOND' })).args as S.SentMessage;
      return {
        publicCopy: slackSeen(copy),
        theirs: slackSeen(theirs),
        rewrites: h.fake.responsePosts.length - posts + h.fake.callsTo('chat.update').length,
      };
    },
    async suggestThenSubmit() {
      throw new Error('Slack has no autocomplete');
    },
    stop: () => S.stopHarness(h),
  };
}

function discordSeen(data: D.CallbackBody['data']): Seen {
  const embed = data?.embeds?.[0];
  const labels = (data?.components ?? []).flatMap((row) =>
    row.components.flatMap((c) => [
      String(c.label ?? ''),
      ...((c.options as Array<{ label: string; description?: string }> | undefined) ?? []).flatMap((o) => [o.label, o.description ?? '']),
    ]),
  );
  const embedTexts = (data?.embeds ?? []).flatMap((e) => [
    e.author?.name ?? '',
    e.title ?? '',
    e.description ?? '',
    ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
    e.footer?.text ?? '',
  ]);
  const stepLines = (embed?.fields ?? []).flatMap((f) => f.value.split('\n')).filter((l) => /^(✅|⬜) /.test(l));
  const buttons = (data?.components ?? [])
    .flatMap((row) => row.components)
    .filter((c) => c.type === 2 && !String(c.custom_id ?? '').startsWith('ec2:t:'))
    .map((c) => String(c.label ?? ''));
  return {
    body: clean([data?.content ?? '', ...embedTexts].join('\n')),
    buttons,
    headline: (embed?.title ?? data?.content ?? '').replace(/`/g, ''),
    text: clean([data?.content ?? '', ...embedTexts, ...labels].join('\n')),
    controls: D.visibleControls(data).length,
    ticks: stepLines.map((l) => l.startsWith('✅')),
    otherMatches: D.moreOptions(data)
      .filter((o) => o.description?.startsWith('Other matches · '))
      .map((o) => o.label),
  };
}

async function startDiscord(): Promise<Driver> {
  const h = await D.startHarness();
  let last: D.CallbackBody | undefined;
  const keep = (body: D.CallbackBody) => {
    last = body;
    return discordSeen(body.data);
  };
  const clickOn = (from: D.CallbackBody | undefined, customId: string, values?: string[], user?: { id: string; username: string }) =>
    D.interact(
      h,
      h.fake.componentInteraction({
        customId,
        message: D.messageFrom(h, { ...from?.data, flags: from?.data?.flags ?? (from?.type === 7 ? 64 : 0) }),
        ...(values ? { values } : {}),
        ...(user ? { user } : {}),
      }),
    );
  return {
    services: h.services,
    command: async (query) => keep(await D.interact(h, h.fake.slashCommand({ name: 'errcode', options: { query } }))),
    async paste(text) {
      await D.post(h, h.fake.guildMessage({ content: text }));
      return discordSeen(D.replies(h)[0]?.body as D.CallbackBody['data']);
    },
    tick: async (step) => keep(await clickOn(last, D.stepToggles(last?.data)[step]?.custom_id ?? '')),
    async vote() {
      const option = D.moreOptions(last?.data).find((o) => o.label === 'Mark as helpful');
      return keep(await clickOn(last, String(D.component(last?.data, 'ec2:z:')?.custom_id), [option?.value ?? '']));
    },
    async choose(label) {
      const option = D.moreOptions(last?.data).find((o) => o.label === label);
      if (!option) throw new Error(`no "More options" entry ${label}`);
      return keep(await clickOn(last, String(D.component(last?.data, 'ec2:z:')?.custom_id), [option.value]));
    },
    async shareThenSecondUserClicks() {
      await clickOn(last, String(D.component(last?.data, 'ec2:p:')?.custom_id));
      const post = await h.fake.waitForRequest({ method: 'POST', path: `/channels/${h.fake.ids.channel}/messages` });
      const copy: D.CallbackBody = { type: 4, data: { ...(post.body as D.CallbackBody['data']), flags: 0 } };
      const theirs = await clickOn(copy, String(D.component(copy.data, 'ec2:c:')?.custom_id), undefined, {
        id: '333333333333333333',
        username: 'second',
      });
      const rewrites =
        h.fake.requestsMatching({ method: 'PATCH', path: '/channels/:id/messages/:mid' }).length + (theirs.type === 7 ? 1 : 0);
      return { publicCopy: discordSeen(copy.data), theirs: discordSeen(theirs.data), rewrites };
    },
    async suggestThenSubmit(typed, pick) {
      const suggested = await D.interact(h, h.fake.autocomplete({ name: 'errcode', focused: { name: 'query', value: typed } }));
      const choice = (suggested.data?.choices ?? []).find((c) => pick.test(c.name));
      if (!choice) throw new Error(`no suggestion matching ${String(pick)}`);
      const card = await D.interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: choice.value } }));
      return { name: choice.name, card: discordSeen(card.data) };
    },
    stop: () => D.stopHarness(h),
  };
}

const occurrences = (text: string, part: string) => text.split(part).length - 1;

/** What no card in chat may show: a bare confidence number, an internal seed file name. */
function expectClean(seen: Seen): void {
  expect(seen.text).not.toMatch(/confidence|置信度|\b[01]\.\d\d\b/);
  expect(seen.text).not.toMatch(/\d{3}_[0-9a-f]{16}\.txt/);
  expect(seen.controls).toBeLessThanOrEqual(3);
}

const STEPS_6004 = [
  'Check that you have applied for account service and game service.',
  'Check that the appid passed in to login is the same as the one issued by Huawei Developer Alliance (AGC).',
  'Clear the HMS Core (Huawei Mobile Services) cache again and test on several phones.',
];

describe.each([
  ['Slack', startSlack],
  ['Discord', startDiscord],
] as const)('the answer card on %s', (platform, start) => {
  let d: Driver | undefined;
  afterEach(async () => {
    await d?.stop();
    d = undefined;
  });

  it('/errcode 100014: the headline, then "Fix: Reauthorize" and no checklist', async () => {
    d = await start();
    const card = await d.command('100014');
    expect(card.headline).toBe('100014 — access token is expired');
    expect(card.text).toContain('Fix: Reauthorize');
    expect(occurrences(card.text, 'Reauthorize')).toBe(1);
    expect(card.ticks).toEqual([]);
    expect(card.text).toContain('Tencent MSDK (QQ) › QQ platform');
    expect(card.text).toContain('MSDK return codes');
    expectClean(card);
  }, 20_000);

  it('/errcode 6004: each step once, tickable where it stands, progress in place', async () => {
    d = await start();
    const card = await d.command('6004');
    expect(card.headline).toBe('6004 — Catch-all login failure: the data message tells the cause');
    for (const step of STEPS_6004) expect(occurrences(card.text, step)).toBe(1);
    expect(card.ticks).toHaveLength(9);
    expectClean(card);
    const ticked = await d.tick(1);
    expect(ticked.headline).toBe(card.headline);
    expect(ticked.ticks.slice(0, 3)).toEqual([false, true, false]);
    expect(ticked.text).toContain('1 of 9 done');
    for (const step of STEPS_6004) expect(occurrences(ticked.text, step)).toBe(1);
    expectClean(ticked);
  }, 20_000);

  it('/errcode 11205: the headline reads code and meaning; other meanings differ and name their section', async () => {
    d = await start();
    const card = await d.command('11205');
    expect(card.headline).toBe('1203/11205 — The refresh_token has expired');
    expect(card.text).toContain('1203/11205 — The token has expired');
    expect(card.text).toContain('Revoke the authorization of a user-level credential');
    expectClean(card);
  }, 20_000);

  it('/errcode acess token expried: "Other matches" stay listed after a click, and after opening one of them', async () => {
    d = await start();
    const card = await d.command('acess token expried');
    expect(card.headline).toBe('100014 — access token is expired');
    expect(card.otherMatches.length).toBeGreaterThanOrEqual(2);
    expect(card.text).not.toContain('Other meanings');
    const voted = await d.vote();
    expect(voted.text).toContain('You found this helpful');
    expect(voted.otherMatches).toEqual(card.otherMatches);
    expect(voted.text).not.toContain('Other meanings');
    const [next] = card.otherMatches;
    const opened = await d.choose(next ?? '');
    expect(opened.headline).toBe(next);
    // The first match is now one of the others; the opened one is not listed against itself.
    expect(opened.otherMatches).toContain('100014 — access token is expired');
    expect(opened.otherMatches).not.toContain(next);
    expect(opened.text).not.toContain('Other meanings');
    expectClean(opened);
  }, 20_000);

  it('a pasted 6004 payload gets a public auto-reply led by the headline', async () => {
    d = await start();
    const reply = await d.paste('{"ret":6004,"msg":"get player info fail"}');
    expect(reply.headline).toMatch(/^6004 — /);
    expect(reply.text).toContain('Show fix checklist');
    expect(reply.ticks).toEqual([]);
    expectClean(reply);
  }, 20_000);

  it('/errcode 0x11: an OIDB entry says its source gives no fix; its other meaning names the 0x711 table', async () => {
    d = await start();
    const card = await d.command('0x11');
    expect(card.headline).toBe('0x11 — pay token has expired');
    expect(card.text).toContain('The source gives no fix for this code.');
    expect(card.text).not.toContain('Fix:');
    // 0x10~0x11 of the accessToken table (0x711), not another row of this PayToken table (0x73a).
    expect(card.text).toContain('0x10~0x11 — Appid is illegal');
    expect(card.text).toContain('OIDB › 0x711');
    expectClean(card);
  }, 20_000);

  it('a pasted OIDB failure with no fix in the source: no "Show fix checklist" to open an empty card', async () => {
    d = await start();
    const reply = await d.paste('E/MSDK: oidb decode0x73a failed, ret: 17');
    expect(reply.headline).toMatch(/^0x11 — pay token has expired/);
    expect(reply.text).toContain('The source gives no fix for this code.');
    expect(reply.text).not.toContain('Show fix checklist');
    expect(reply.text).toContain('Not relevant');
    expectClean(reply);
  }, 20_000);

  it('a pasted ambiguous code (11205) gets an auto-reply that names its other meaning', async () => {
    d = await start();
    const reply = await d.paste(
      'POST /oauth2/v3/token failed: {"error":1203,"sub_error":11205,"error_description":"refresh token expired"}',
    );
    expect(reply.headline).toMatch(/^1203\/11205 — The refresh_token has expired/);
    expect(reply.text).toContain('Other meanings (1): 1203/11205 — The token has expired (Revoke the authorization');
    expectClean(reply);
  }, 20_000);

  it('/errcode 1101, a main code alone: the card says the sub_error decides and how to ask for one', async () => {
    d = await start();
    const card = await d.command('1101');
    expect(card.headline).toMatch(/^1101\/\d+ — /);
    expect(card.body).toContain('1101 is a main code (error) with several sub-codes: the sub_error beside it says which error it is.');
    // Slack's mrkdwn escapes the angle brackets it shows; Discord shows them as written.
    expect(card.body).toMatch(/ask `1101 (<|&lt;)sub_error(>|&gt;)`/);
    // Not read as one meaning among others of 1101: the list of sub-codes is still in the menu.
    expect(card.body).not.toMatch(/Other meanings \(\d+\): 1101\//);
    expect(card.text).toContain('1101/20155');
    // The sub-code given, or a main code with one sub-code (1103 is 20153): nothing to say.
    expect((await d.command('1101 20155')).body).not.toContain('is a main code');
    expect((await d.command('1103')).body).not.toContain('is a main code');
    expectClean(card);
  }, 20_000);

  it('/errcode <a pasted log>: every code worth an answer, as the auto-reply reads a paste, and it says so', async () => {
    d = await start();
    const log = [
      '2026-11-30 10:00:01 INFO gateway started',
      '2026-11-30 10:00:03 WARN push: {"code":"80300007","msg":"token invalid"}',
      '2026-11-30 10:00:04 ERROR account: {"error":1203,"sub_error":11205,"error_description":"refresh token expired"}',
      '2026-11-30 10:00:05 ERROR quickapp login: {"code": 6004, "data": "login fail"}',
    ].join('\n');
    const reply = await d.command(log);
    expect(reply.text).toContain('Read as a pasted log, as the auto-reply reads one: 3 code(s) worth an answer.');
    for (const code of ['6004 — ', '1203/11205 — ', '80300007 — ']) expect(reply.text.replace(/`/g, '')).toContain(code);
    expect(reply.text).not.toContain('long query');
    expectClean(reply);
  }, 20_000);

  it('Share, then a second person clicks the copy: they get their own card, the copy is not rewritten', async () => {
    d = await start();
    await d.command('6004');
    await d.tick(0);
    const { publicCopy, theirs, rewrites } = await d.shareThenSecondUserClicks();
    expect(publicCopy.headline).toBe('6004 — Catch-all login failure: the data message tells the cause');
    expect(publicCopy.ticks).toEqual([]);
    expect(publicCopy.controls).toBe(1);
    for (const step of STEPS_6004) expect(occurrences(publicCopy.text, step)).toBe(1);
    expect(publicCopy.text).not.toContain('done');
    expectClean(publicCopy);
    expect(theirs.ticks).toEqual(new Array(9).fill(false));
    expect(rewrites).toBe(0);
  }, 20_000);

  it('a vote twice by one person: said in place, counted once', async () => {
    d = await start();
    await d.command('100014');
    const voted = await d.vote();
    expect(voted.text).toContain('You found this helpful');
    expect(voted.headline).toBe('100014 — access token is expired');
    await d.command('100014');
    await d.vote();
    expect(d.services.logLines.filter((l) => l.event === 'answer_vote')).toHaveLength(1);
  }, 20_000);

  it('/errcode 1: the card itself names the other meaning, not only the closed menu', async () => {
    d = await start();
    const card = await d.command('1');
    expect(card.headline).toBe('1 — Not install QQ');
    expect(card.body).toContain('Other meanings (1): 0x01 — Failure (the system');
    expect(card.body).toContain('OIDB');
    // One meaning is the likelier (the other is 1 only read as hex): nothing to narrow.
    expect(card.body).not.toContain('Several meanings tie');
    expectClean(card);
  }, 20_000);

  it('/errcode 6: equally likely meanings say which words narrow them, and each word does', async () => {
    d = await start();
    const card = await d.command('6');
    const hint = /Several meanings tie: add (.+) to narrow it down\./.exec(card.body);
    expect(hint).not.toBeNull();
    const words = [...(hint?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
    expect(words.length).toBeGreaterThanOrEqual(2);
    const headlines = new Set<string>();
    for (const word of words) {
      const narrowed = await d.command(`${word} 6`);
      expect(narrowed.headline, word).toMatch(/^6 — /);
      expect(narrowed.body, word).not.toContain('Several meanings tie');
      headlines.add(`${narrowed.headline} ${narrowed.text.split('\n').find((l) => l.includes(' › ')) ?? ''}`);
    }
    // Each word picks a meaning of its own.
    expect(headlines.size).toBe(words.length);
    expectClean(card);
  }, 30_000);

  it('a pasted one-step fix is said on the reply itself: no "Show fix checklist" opening that same line', async () => {
    d = await start();
    const reply = await d.paste('E/MSDK: WGLogin failed, ret: 100014');
    expect(reply.headline).toMatch(/^100014 — access token is expired/);
    expect(reply.body).toContain('Fix: Reauthorize');
    expect(reply.buttons).not.toContain('Show fix checklist');
    expect(reply.buttons).toContain('Not relevant');
    expectClean(reply);
  }, 20_000);

  it('a pasted one-step fix longer than a brief is said whole, pointing at no button the reply lacks', async () => {
    d = await start();
    // 20181's one fix runs past the 400 a reply says before a checklist; its last sentence is the fix.
    const reply = await d.paste('token request failed: {"error":1102,"sub_error":20181}');
    expect(reply.headline).toMatch(/^1102\/20181 — The grant_type is empty/);
    expect(reply.body).toContain('grant_type accepts the following values');
    expect(reply.body).toContain('Pass the grant_type value for your case');
    expect(reply.body).not.toContain('More under Show fix checklist');
    expect(reply.buttons).not.toContain('Show fix checklist');
    expectClean(reply);
  }, 20_000);

  it('a pasted log of more errors than a reply cards names the rest, so none is dropped unsaid', async () => {
    d = await start();
    const log = [
      'E/MSDK: WGLogin ret=100014 msg=access token is expired',
      'E/Push: {"code":"80200001","msg":"Oauth authentication error"}',
      'E/Push: {"code":"80100016","msg":"message contains sensitive info"}',
      'E/HMS: {"error":1102,"sub_error":20001,"error_description":"client_id is empty"}',
      'E/Game: {"code":7005,"data":"PARAM ERROR"}',
    ].join('\n');
    const reply = await d.paste(log);
    const named = /Also in this paste: ([^.]+)\./.exec(reply.body)?.[1]?.split(', ') ?? [];
    expect(named.length).toBeGreaterThan(0);
    const all = ['100014', '80200001', '80100016', '1102/20001', '7005'];
    for (const code of named) expect(all).toContain(code);
    // Each code is either a card or named, never both, never neither.
    for (const code of all) expect(reply.body.includes(`\`${code}\` —`) !== named.includes(code), code).toBe(true);
    expectClean(reply);
  }, 20_000);

  it('a pasted fix cut short before a checklist points at the button it has', async () => {
    d = await start();
    const reply = await d.paste('quick login fails: {"errCode":60180007}');
    expect(reply.body).toContain('More under Show fix checklist');
    expect(reply.buttons).toContain('Show fix checklist');
    expectClean(reply);
  }, 20_000);

  it('/errcode 116: a meaning that says what to do gives that as the fix, not "no fix"', async () => {
    d = await start();
    const card = await d.command('116');
    expect(card.headline).toBe('0x74 — accesstoken is illegal');
    expect(card.body).toContain('Fix: Check whether the incoming accesstoken is correct');
    expect(card.body).not.toContain('The source gives no fix for this code.');
    expect(occurrences(card.body, 'Check whether the incoming accesstoken is correct')).toBe(1);
    // Not a rule for 116: any OIDB row whose meaning says what to do (0x99: "Please apply for …").
    const other = await d.command('oidb 0x99');
    expect(other.body).toContain('Fix: Please apply for frequency adjustment in the form');
    expect(other.body).not.toContain('The source gives no fix for this code.');
    expectClean(card);
  }, 20_000);

  it("a pasted 116 gets its meaning's instruction as the fix on the auto-reply", async () => {
    d = await start();
    const reply = await d.paste('E/MSDK: oidb decode0x711 failed, ret: 116');
    expect(reply.headline).toMatch(/^0x74 — accesstoken is illegal/);
    expect(reply.body).toContain('Fix: Check whether the incoming accesstoken is correct');
    expect(reply.body).not.toContain('The source gives no fix for this code.');
    expectClean(reply);
  }, 20_000);

  it.skipIf(platform === 'Slack')(
    'autocomplete then submit answers exactly the suggested entry',
    async () => {
      d = await start();
      const { name, card } = await d.suggestThenSubmit('6', /^6 — The Access Token is invalid or has expired/);
      expect(card.headline).toBe(name.split(' · ')[0]);
      expect(card.headline).not.toBe('6 — App is not registered');
      expectClean(card);
    },
    20_000,
  );
});
