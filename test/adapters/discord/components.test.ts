import { afterEach, describe, expect, it, vi } from 'vitest';
import { cardId } from '../../../adapters/discord/custom-ids.js';
import { type CallbackBody, component, type Harness, interact, messageFrom, startHarness, stopHarness } from './harness.js';

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
async function click(harness: Harness, from: CallbackBody, prefix: string, values?: string[]): Promise<CallbackBody> {
  const target = component(from.data, prefix);
  if (!target?.custom_id) throw new Error(`no component ${prefix}`);
  return interact(
    harness,
    harness.fake.componentInteraction({
      customId: target.custom_id,
      message: messageFrom(harness, from.data),
      ...(values ? { values } : {}),
    }),
  );
}

describe('interactive answer cards on Discord', () => {
  it('ticking checklist steps updates the card in place (type 7) with progress', async () => {
    h = await startHarness();
    const first = await card(h, '80100016');
    expect(first.data?.embeds?.[0]?.fields?.[0]?.name).toBe('Fix checklist — 0 of 5 done');

    const ticked = await click(h, first, 'ec1:s:', ['0', '2']);
    expect(ticked.type).toBe(7);
    const field = ticked.data?.embeds?.[0]?.fields?.[0];
    expect(field?.name).toBe('Fix checklist — 2 of 5 done');
    expect(field?.value.split('\n').map((line) => [...line][0])).toEqual(['✅', '⬜', '✅', '⬜', '⬜']);
    const select = component(ticked.data, 'ec1:s:') as { options: Array<{ value: string; default?: boolean }> };
    expect(select.options.filter((o) => o.default).map((o) => o.value)).toEqual(['0', '2']);

    // The new state is in the new custom_ids: un-ticking from the updated message works too.
    const unticked = await click(h, ticked, 'ec1:s:', ['2']);
    expect(unticked.data?.embeds?.[0]?.fields?.[0]?.name).toBe('Fix checklist — 1 of 5 done');
  });

  it('Still failing reveals causes and note, then the last resort, then is disabled', async () => {
    h = await startHarness();
    const first = await card(h, '80100016');
    const deeper = await click(h, first, 'ec1:f:');
    expect(deeper.type).toBe(7);
    const names = deeper.data?.embeds?.[0]?.fields?.map((f) => f.name) ?? [];
    expect(names).toContain('Possible causes');
    expect(names).toContain('Note');
    expect(names).not.toContain('Still failing');

    const last = await click(h, deeper, 'ec1:f:');
    const fields = last.data?.embeds?.[0]?.fields ?? [];
    expect(fields.find((f) => f.name === 'Still failing')?.value).toContain("contact the platform's support");
    expect(component(last.data, 'ec1:f:')?.disabled).toBe(true);
  });

  it('Still failing on an entry without diagnostics goes straight to the last resort', async () => {
    h = await startHarness();
    const deeper = await click(h, await card(h, '1101 20152'), 'ec1:f:');
    const names = deeper.data?.embeds?.[0]?.fields?.map((f) => f.name) ?? [];
    expect(names).toContain('Still failing');
    expect(names).not.toContain('Possible causes');
  });

  it('the language button toggles the card to Chinese and back, keeping the ticks', async () => {
    h = await startHarness();
    const ticked = await click(h, await card(h, '1101 20155'), 'ec1:s:', ['0']);
    const zh = await click(h, ticked, 'ec1:l:');
    expect(zh.type).toBe(7);
    expect(zh.data?.embeds?.[0]?.description).toContain('code过期');
    expect(zh.data?.embeds?.[0]?.fields?.[0]?.name).toBe('排查清单 — 已完成 1/1');
    const en = await click(h, zh, 'ec1:l:');
    expect(en.data?.embeds?.[0]?.description).toContain('The code has expired');
  });

  it('code 6 offers its other meanings in a select; choosing one shows it', async () => {
    h = await startHarness();
    const first = await card(h, '6');
    expect(first.data?.embeds?.[0]?.description).toContain('App is not registered');
    const other = component(first.data, 'ec1:o:') as { placeholder: string; options: Array<{ label: string; value: string }> };
    expect(other.placeholder).toBe(`Other meanings (${other.options.length})`);
    expect(other.options.length).toBeGreaterThanOrEqual(2);
    expect(other.options.map((o) => o.label)).toEqual(
      expect.arrayContaining([expect.stringContaining('The access_token has expired'), expect.stringContaining('Session invalid')]),
    );
    const chosen = other.options.find((o) => o.label.includes('The access_token has expired'));
    const shown = await click(h, first, 'ec1:o:', [chosen?.value ?? '']);
    expect(shown.type).toBe(7);
    expect(shown.data?.embeds?.[0]?.title).toContain('Huawei Account Kit');
    expect(shown.data?.embeds?.[0]?.description).toContain('The access_token has expired');
  });

  it('related codes open the chosen neighbour', async () => {
    h = await startHarness();
    const first = await card(h, '100014');
    const related = component(first.data, 'ec1:r:') as { options: Array<{ label: string; value: string }> };
    const next = related.options.find((o) => o.label.startsWith('100015'));
    const shown = await click(h, first, 'ec1:r:', [next?.value ?? '']);
    expect(shown.data?.embeds?.[0]?.title).toMatch(/^100015 · /);
  });

  it('Share in channel posts a public copy without ticks, pinging nobody', async () => {
    h = await startHarness();
    const ticked = await click(h, await card(h, '80100016'), 'ec1:s:', ['0']);
    const shared = await click(h, ticked, 'ec1:p:');
    expect(shared.type).toBe(6);
    const post = await h.fake.waitForRequest({ method: 'POST', path: `/channels/${h.fake.ids.channel}/messages` });
    const body = post.body as CallbackBody['data'];
    expect(body?.flags ?? 0).toBe(0);
    expect(body?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body?.embeds?.[0]?.title).toMatch(/^80100016 · /);
    expect(JSON.stringify(body?.embeds)).not.toContain('✅');
    expect(body?.embeds?.[0]?.fields?.[0]?.name).toBe('Fix checklist');
    expect(component(body, 'ec1:c:')?.label).toBe('Show fix checklist');
  });

  it('Share falls back to a public follow-up when the channel refuses the bot', async () => {
    h = await startHarness();
    h.fake.override(
      { method: 'POST', path: '/channels/:id/messages' },
      { status: 403, body: { code: 50013, message: 'Missing Permissions' } },
    );
    await click(h, await card(h, '100014'), 'ec1:p:');
    const followUp = await h.fake.waitForRequest({ method: 'POST', path: '/webhooks/:app/:token' });
    expect((followUp.body as CallbackBody['data'])?.flags ?? 0).toBe(0);
    expect(JSON.stringify(followUp.body)).toContain('access token is expired');
  });

  it('Helpful / Not helpful record a vote and thank the voter privately', async () => {
    h = await startHarness();
    const first = await card(h, '100014');
    const thanks = await click(h, first, 'ec1:y:');
    expect(thanks).toMatchObject({ type: 4, data: { content: 'Thanks, your vote was recorded.', flags: 64 } });
    await click(h, first, 'ec1:n:');
    const votes = h.services.logLines.filter((l) => l.event === 'answer_vote').map((l) => l.vote);
    expect(votes).toEqual(['helpful', 'not_helpful']);
  });

  it('a custom_id this version did not write answers STALE_BUTTON, privately', async () => {
    h = await startHarness();
    for (const customId of ['errcode:more:1002', 'ec1:s:2.abc.en.0.0', 'ec0:f:1.abc.en.0.0', 'ec1:q:1.abc.en.0.0']) {
      const body = await interact(h, h.fake.componentInteraction({ customId }));
      expect(body).toMatchObject({
        type: 4,
        data: { content: 'This button is from an older version of errcode. Run the command again.', flags: 64 },
      });
    }
  });

  it('an entry the catalogs no longer have answers UNKNOWN_ENTRY', async () => {
    h = await startHarness();
    const customId = cardId('fail', { entryKey: 'zzzzzzzzzzz', lang: 'zh', done: 0, depth: 0 });
    const body = await interact(h, h.fake.componentInteraction({ customId }));
    expect(body).toMatchObject({ type: 4, data: { content: '该错误码已不在目录中，请重新执行命令。', flags: 64 } });
  });

  it('buttons keep working for a card written before a restart (state lives in the custom_id)', async () => {
    h = await startHarness();
    const first = await card(h, '80100016');
    await stopHarness(h);
    h = await startHarness();
    const ticked = await click(h, first, 'ec1:s:', ['1']);
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
    expect(ok.data?.embeds?.[0]?.description).toContain('access token is expired');
  });
});
