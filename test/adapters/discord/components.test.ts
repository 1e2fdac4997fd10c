import type { APIUser } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cardId } from '../../../adapters/discord/custom-ids.js';
import {
  type CallbackBody,
  component,
  type Harness,
  interact,
  messageFrom,
  moreOptions,
  startHarness,
  stepToggles,
  stopHarness,
  visibleControls,
} from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await stopHarness(h);
  h = undefined;
});

async function card(harness: Harness, query: string): Promise<CallbackBody> {
  return interact(harness, harness.fake.slashCommand({ name: 'errcode', options: { query } }));
}

/** Clicks a component of a card (a button, or a select with `values`) and returns the callback. */
async function click(
  harness: Harness,
  from: CallbackBody,
  prefix: string,
  values?: string[],
  user?: Partial<APIUser>,
): Promise<CallbackBody> {
  const target = component(from.data, prefix);
  if (!target?.custom_id) throw new Error(`no component ${prefix}`);
  return interact(
    harness,
    harness.fake.componentInteraction({
      customId: target.custom_id,
      // An update (type 7) keeps the message it replaced: only private cards are updated in place.
      message: messageFrom(harness, { ...from.data, flags: from.data?.flags ?? (from.type === 7 ? 64 : 0) }),
      ...(values ? { values } : {}),
      ...(user ? { user } : {}),
    }),
  );
}

/** Picks an entry of the "More options" menu by its label. */
function more(harness: Harness, from: CallbackBody, label: string | RegExp): Promise<CallbackBody> {
  const option = moreOptions(from.data).find((o) => (typeof label === 'string' ? o.label === label : label.test(o.label)));
  if (!option) throw new Error(`no menu entry ${String(label)}`);
  return click(harness, from, 'ec2:z:', [option.value]);
}

/** Toggles step `index` (0-based) of a card. */
function toggle(harness: Harness, from: CallbackBody, index: number): Promise<CallbackBody> {
  const target = stepToggles(from.data)[index];
  if (!target?.custom_id) throw new Error(`no step ${index}`);
  return click(harness, from, target.custom_id);
}

const marks = (body: CallbackBody) =>
  (body.data?.embeds?.[0]?.fields ?? []).flatMap((f) => f.value.split('\n')).map((line) => [...line][0]);

describe('interactive answer cards on Discord', () => {
  it('each step shows once, in the embed, with a toggle per step; ticking updates the card in place (type 7)', async () => {
    h = await startHarness();
    const first = await card(h, '80100016');
    expect(first.data?.embeds?.[0]?.fields?.[0]?.name).toBe('Fix checklist — 0 of 5 done');
    expect(stepToggles(first.data).map((b) => b.label)).toEqual(['☐ 1', '☐ 2', '☐ 3', '☐ 4', '☐ 5']);

    const one = await toggle(h, first, 0);
    expect(one.type).toBe(7);
    const ticked = await toggle(h, one, 2);
    expect(ticked.data?.embeds?.[0]?.fields?.[0]?.name).toBe('Fix checklist — 2 of 5 done');
    expect(marks(ticked)).toEqual(['✅', '⬜', '✅', '⬜', '⬜']);
    expect(stepToggles(ticked.data).map((b) => b.style)).toEqual([3, 2, 3, 2, 2]);

    // The new state is in the new custom_ids: un-ticking from the updated message works too.
    const unticked = await toggle(h, ticked, 0);
    expect(unticked.data?.embeds?.[0]?.fields?.[0]?.name).toBe('Fix checklist — 1 of 5 done');
  });

  it('Still failing reveals causes, then the last resort, then is gone; each label names what it reveals', async () => {
    h = await startHarness();
    const first = await card(h, '80100016');
    // The entry's note is on the card from the start, not behind a click.
    expect(first.data?.embeds?.[0]?.description).toContain('**Note:** Wherever the FAQ');
    expect(visibleControls(first.data)[0]?.label).toBe('Still failing? Show causes');
    const deeper = await click(h, first, 'ec2:f:');
    expect(deeper.type).toBe(7);
    const names = deeper.data?.embeds?.[0]?.fields?.map((f) => f.name) ?? [];
    expect(names).toContain('Possible causes');
    expect(names).not.toContain('Note');
    expect(names).not.toContain('Still failing');
    expect(visibleControls(deeper.data)[0]?.label).toBe('Still failing? Ask support');

    const last = await click(h, deeper, 'ec2:f:');
    const fields = last.data?.embeds?.[0]?.fields ?? [];
    expect(fields.find((f) => f.name === 'Still failing')?.value).toContain("contact the platform's support");
    expect(component(last.data, 'ec2:f:')).toBeUndefined();
  });

  it('Still failing on an entry without diagnostics goes straight to the last resort', async () => {
    h = await startHarness();
    const first = await card(h, '1101 20152');
    expect(visibleControls(first.data)[0]?.label).toBe('Still failing? Ask support');
    const deeper = await click(h, first, 'ec2:f:');
    const names = deeper.data?.embeds?.[0]?.fields?.map((f) => f.name) ?? [];
    expect(names).toContain('Still failing');
    expect(names).not.toContain('Possible causes');
  });

  it('the language entry of the menu toggles the card to Chinese and back, keeping the ticks', async () => {
    h = await startHarness();
    const ticked = await toggle(h, await card(h, '80100016'), 0);
    const zh = await more(h, ticked, '中文');
    expect(zh.type).toBe(7);
    expect(zh.data?.embeds?.[0]?.fields?.[0]?.name).toBe('排查清单 — 已完成 1/5');
    const en = await more(h, zh, 'English');
    expect(en.data?.embeds?.[0]?.fields?.[0]?.name).toBe('Fix checklist — 1 of 5 done');
  });

  it('two codes asked about: the second is offered as another code asked about, not as another meaning', async () => {
    h = await startHarness();
    const first = await card(h, '100014 100015');
    const options = moreOptions(first.data).filter((o) => o.value.startsWith('o:'));
    expect(options.map((o) => `${o.label}|${o.description}`)).toContain('100015 — access token is revoked|Other codes asked about');
    expect(options.some((o) => o.description?.startsWith('Other meanings'))).toBe(false);
  });

  it('code 6 offers its other meanings in the menu, each reading code and meaning; choosing one shows it', async () => {
    h = await startHarness();
    const first = await card(h, '6');
    expect(first.data?.embeds?.[0]?.title).toBe('`6` — App is not registered');
    const placeholder = (component(first.data, 'ec2:z:') as { placeholder?: string } | undefined)?.placeholder;
    expect(placeholder).toMatch(/Other meanings \(\d+\)/);
    const others = moreOptions(first.data).filter((o) => o.value.startsWith('o:') && o.description?.startsWith('Other meanings'));
    expect(others.length).toBeGreaterThanOrEqual(2);
    expect(others.every((o) => /^6 — \S/.test(o.label))).toBe(true);
    expect(new Set(others.map((o) => `${o.label}|${o.description}`)).size).toBe(others.length);
    const shown = await more(h, first, /The Access Token is invalid or has expired|The access_token has expired/);
    expect(shown.type).toBe(7);
    expect(shown.data?.embeds?.[0]?.title).toMatch(/^`6` — /);
    expect(shown.data?.embeds?.[0]?.title).not.toBe(first.data?.embeds?.[0]?.title);
  });

  it('related codes open the chosen neighbour', async () => {
    h = await startHarness();
    const shown = await more(h, await card(h, '100014'), /^100015 — /);
    expect(shown.data?.embeds?.[0]?.title).toMatch(/^`100015` — /);
  });

  it('Share in channel posts a read-only public copy: steps as text, one "Show fix checklist", pinging nobody', async () => {
    h = await startHarness();
    const ticked = await toggle(h, await card(h, '80100016'), 0);
    const shared = await click(h, ticked, 'ec2:p:');
    expect(shared.type).toBe(6);
    const post = await h.fake.waitForRequest({ method: 'POST', path: `/channels/${h.fake.ids.channel}/messages` });
    const body = post.body as CallbackBody['data'];
    expect(body?.flags ?? 0).toBe(0);
    expect(body?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body?.embeds?.[0]?.title).toMatch(/^`80100016` — /);
    expect(JSON.stringify(body?.embeds)).not.toMatch(/✅|⬜/);
    expect(body?.embeds?.[0]?.fields?.[0]?.name).toBe('Fix checklist');
    const buttons = (body?.components ?? []).flatMap((row) => row.components);
    expect(buttons.map((b) => b.label)).toEqual(['Show fix checklist']);
  });

  it('a second person clicking the public copy gets their own private card; the public copy is not rewritten', async () => {
    h = await startHarness();
    await click(h, await card(h, '80100016'), 'ec2:p:');
    const post = await h.fake.waitForRequest({ method: 'POST', path: `/channels/${h.fake.ids.channel}/messages` });
    const copy: CallbackBody = { type: 4, data: { ...(post.body as CallbackBody['data']), flags: 0 } };
    const opened = await click(h, copy, 'ec2:c:', undefined, { id: '333333333333333333', username: 'second' });
    expect(opened.type).toBe(4);
    expect(opened.data?.flags).toBe(64);
    expect(opened.data?.embeds?.[0]?.fields?.[0]?.name).toBe('Fix checklist — 0 of 5 done');
    expect(h.fake.requestsMatching({ method: 'PATCH', path: '/channels/:id/messages/:mid' })).toHaveLength(0);
    expect(h.fake.requestsMatching({ method: 'PATCH', path: '/webhooks/:app/:token/messages/:mid' })).toHaveLength(0);
  });

  it('Share falls back to a public follow-up when the channel refuses the bot', async () => {
    h = await startHarness();
    h.fake.override(
      { method: 'POST', path: '/channels/:id/messages' },
      { status: 403, body: { code: 50013, message: 'Missing Permissions' } },
    );
    await click(h, await card(h, '100014'), 'ec2:p:');
    const followUp = await h.fake.waitForRequest({ method: 'POST', path: '/webhooks/:app/:token' });
    expect((followUp.body as CallbackBody['data'])?.flags ?? 0).toBe(0);
    expect(JSON.stringify(followUp.body)).toContain('access token is expired');
  });

  it('a vote updates the card in place and counts once per person per entry; a second click changes it', async () => {
    h = await startHarness();
    const first = await card(h, '100014');
    const voted = await more(h, first, 'Mark as helpful');
    expect(voted.type).toBe(7);
    expect(voted.data?.embeds?.[0]?.description).toContain('You found this helpful');
    expect(moreOptions(voted.data).some((o) => o.label.startsWith('Mark as'))).toBe(false);
    const again = await more(h, first, 'Mark as not helpful');
    expect(again.type).toBe(7);
    const votes = h.services.logLines.filter((l) => l.event === 'answer_vote').map((l) => [l.vote, l.previous]);
    expect(votes).toEqual([
      ['helpful', undefined],
      ['not_helpful', 'helpful'],
    ]);
    expect(await h.services.state.voteTallies()).toEqual([{ entryId: expect.stringContaining('100014'), helpful: 0, notHelpful: 1 }]);
  });

  it('a custom_id this version did not write answers STALE_BUTTON, privately', async () => {
    h = await startHarness();
    for (const customId of [
      'errcode:more:1002',
      'ec1:s:2.abc.en.0.0',
      'ec0:f:1.abc.en.0.0',
      'ec2:q:1.abc.en.0.0',
      'ec2:t:2.abc.en.0.0.0',
    ]) {
      const body = await interact(h, h.fake.componentInteraction({ customId }));
      expect(body).toMatchObject({
        type: 4,
        data: { content: 'This button is from an older version of errcode. Run the command again.', flags: 64 },
      });
    }
  });

  it('an entry the catalogs no longer have answers UNKNOWN_ENTRY', async () => {
    h = await startHarness();
    const customId = cardId('stillFailing', { entryKey: 'zzzzzzzzzzz', lang: 'zh', done: 0, depth: 0 });
    const body = await interact(h, h.fake.componentInteraction({ customId }));
    expect(body).toMatchObject({ type: 4, data: { content: '该错误码已不在目录中，请重新执行命令。', flags: 64 } });
  });

  it('buttons keep working for a card written before a restart (state lives in the custom_id)', async () => {
    h = await startHarness();
    const first = await card(h, '80100016');
    await stopHarness(h);
    h = await startHarness();
    const ticked = await toggle(h, first, 1);
    expect(ticked.data?.embeds?.[0]?.fields?.[0]?.name).toBe('Fix checklist — 1 of 5 done');
  });

  it('a handler that throws is logged and counted; the user sees INTERNAL; later events still work', async () => {
    h = await startHarness();
    vi.spyOn(h.services.engines.current, 'lookup').mockImplementationOnce(() => {
      throw new Error('boom with a secret access_token=abcdef0123456789xyz');
    });
    const failed = await card(h, '100014');
    expect(failed).toMatchObject({
      type: 4,
      data: { content: 'Something went wrong on my side. The error was logged; please try again.', flags: 64 },
    });
    const fault = h.services.logLines.find((l) => l.event === 'handler_fault');
    expect(fault).toMatchObject({ platform: 'discord', handler: 'slash-command', level: 50 });
    expect(await h.services.metrics.registry.getSingleMetricAsString('errcode_faults_total')).toContain(
      'errcode_faults_total{platform="discord",kind="handler"} 1',
    );
    expect(JSON.stringify(failed)).not.toContain('boom');
    expect(h.services.rawLog()).toContain('boom');
    expect(h.services.rawLog()).not.toContain('abcdef0123456789xyz');

    const ok = await card(h, '100014');
    expect(ok.data?.embeds?.[0]?.title).toContain('access token is expired');
  });
});
