import { Locale } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  component,
  customIds,
  embedText,
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
  await stopHarness(h);
  h = undefined;
});

describe('/errcode on Discord', () => {
  it('answers 100014 with an ephemeral card: headline, context line, one-step fix, two controls, the rest in a menu', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '100014' } }));

    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.allowed_mentions?.parse).toEqual([]);
    const [embed] = body.data?.embeds ?? [];
    expect(embed?.title).toBe('`100014` — access token is expired');
    expect(embed?.author?.name).toBe('Tencent MSDK (QQ) › QQ platform');
    expect(embed?.description).toBe('**Fix:** Reauthorize');
    expect(embed?.fields ?? []).toEqual([]);
    expect(embed?.footer?.text).toBe('Source: MSDK return codes · Why this matched: exact code');

    const controls = visibleControls(body.data);
    expect(controls.map((c) => c.label)).toEqual(['Still failing? Ask support', 'Share in channel']);
    expect(controls.map((c) => c.style)).toEqual([1, 2]);
    expect(stepToggles(body.data)).toHaveLength(0);
    const more = moreOptions(body.data);
    expect(more.slice(0, 5)).toEqual([
      { label: '中文', value: 'a:l', description: 'Switch to Chinese' },
      { label: 'Mark as helpful', value: 'a:y' },
      { label: 'Mark as not helpful', value: 'a:n' },
      // A one-step fix has nothing to tick: the menu promises no credit for ticked steps.
      { label: 'Fixed it', value: 'a:k', description: 'Mark this answer as what fixed it' },
      { label: 'Suggest a fix', value: 'a:s' },
    ]);
    expect(more.slice(5).map((o) => o.label.split(' ')[0])).toEqual(['100013', '100015', '100012', '100016']);
    // No red buttons anywhere: feedback is not destructive.
    const styles = (body.data?.components ?? []).flatMap((row) => row.components.map((c) => c.style));
    expect(styles).not.toContain(4);
    for (const id of customIds(body.data)) expect(id.length).toBeLessThanOrEqual(100);
  });

  it('11205: the author line is vendor and section, the endpoint sits below the meaning; related codes have no repeated subtitle', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '11205' } }));
    const [embed] = body.data?.embeds ?? [];
    expect(embed?.author?.name).not.toContain('https://');
    expect(embed?.author?.name?.length).toBeLessThanOrEqual(120);
    expect(embed?.description).toContain('Endpoint: https://oauth-login.cloud.huawei.com/oauth2/v3/token');
    const related = moreOptions(body.data).filter((o) => /^\d/.test(o.label));
    expect(related.length).toBeGreaterThan(1);
    // Which list each belongs to, and no section repeated under every one.
    expect(new Set(related.map((o) => o.label)).size).toBe(related.length);
    expect(related.filter((o) => o.description === 'Related codes').length).toBeGreaterThan(1);
    expect(related.filter((o) => o.description?.startsWith('Related codes · '))).toEqual([]);
  });

  it('answers in Chinese for a zh-CN requester (1101 20155: code过期)', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '1101 20155' }, locale: Locale.ChineseCN }));
    const [embed] = body.data?.embeds ?? [];
    expect(embed?.title).toMatch(/^`1101\/20155` — /);
    expect(embedText(body.data?.embeds)).toContain('code过期');
    expect(visibleControls(body.data).map((c) => c.label)).toContain('分享到频道');
    expect(moreOptions(body.data)[0]).toMatchObject({ label: 'English', description: '切换为英文' });
  });

  it('zh-TW is Chinese too; en-GB is English', async () => {
    h = await startHarness();
    const tw = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '1101 20155' }, locale: Locale.ChineseTW }));
    expect(embedText(tw.data?.embeds)).toContain('code过期');
    const gb = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '1101 20155' }, locale: Locale.EnglishGB }));
    expect(embedText(gb.data?.embeds)).toContain('The code has expired');
  });

  it('autocomplete 1000 answers type 8 with at most 25 choices, names within 100 characters', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.autocomplete({ name: 'errcode', focused: { name: 'query', value: '1000' } }));
    expect(body.type).toBe(8);
    const choices = body.data?.choices ?? [];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const choice of choices) {
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
      expect(choice.value).toMatch(/^1000\S* #[0-9a-z]+$/);
      expect(choice.name.startsWith(choice.value.split(' #')[0] ?? '')).toBe(true);
    }
    expect(choices[0]?.name).toMatch(/^10000 — \S/);
  });

  it('autocomplete on empty input answers with no choices', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.autocomplete({ name: 'errcode', focused: { name: 'query', value: '' } }));
    expect(body).toEqual({ type: 8, data: { choices: [] } });
  });

  it('logs one info line per answered query (platform, catalog, code, latency, outcome) and counts it', async () => {
    h = await startHarness();
    await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '100014' } }));
    const lines = h.services.logLines.filter((l) => l.event === 'query');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      platform: 'discord',
      kind: 'command',
      outcome: 'found',
      catalog: 'qq-msdk',
      code: '100014',
      level: 30,
    });
    expect(typeof lines[0]?.latencyMs).toBe('number');
    const metrics = await h.services.metrics.registry.getSingleMetricAsString('errcode_queries_total');
    expect(metrics).toContain('errcode_queries_total{platform="discord",outcome="found"} 1');
  });

  it('no match: nearest codes and Ask maintainers to add it, which logs missing_code_report', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '100099' } }));
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    const [embed] = body.data?.embeds ?? [];
    expect(embed?.title).toBe('No catalog has "100099".');
    expect(embed?.description).toContain('100016');
    expect(component(body.data, 'ec2:g:en')).toMatchObject({ type: 3 });
    const report = component(body.data, 'ec2:x:');
    expect(report).toMatchObject({ label: 'Ask maintainers to add it', custom_id: 'ec2:x:en:100099' });

    const click = await interact(h, h.fake.componentInteraction({ customId: report?.custom_id ?? '', message: messageFrom(h, body.data) }));
    expect(click.type).toBe(7);
    expect(component(click.data, 'ec2:x:')).toMatchObject({ disabled: true, label: '✅ Reported' });
    const logged = h.services.logLines.find((l) => l.event === 'missing_code_report');
    expect(logged).toMatchObject({ platform: 'discord', query: '100099', user: h.fake.ids.user });
  });

  it('a long no-match query still fits the report custom_id (cut to 100 characters)', async () => {
    h = await startHarness();
    const query = `zzqx ${'nonsense words '.repeat(13)}`.slice(0, 200);
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query } }));
    const report = component(body.data, 'ec2:x:');
    expect(report?.custom_id?.length).toBe(100);
    expect(report?.custom_id).toBe(`ec2:x:en:${query.slice(0, 91)}`);
  });

  it('picking a nearest code replaces the no-match message with that card', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '100099' } }));
    const select = component(body.data, 'ec2:g:') as { custom_id: string; options: Array<{ value: string; label: string }> };
    const option = select.options.find((o) => o.label.startsWith('100014'));
    const picked = await interact(
      h,
      h.fake.componentInteraction({ customId: select.custom_id, values: [option?.value ?? ''], message: messageFrom(h, body.data) }),
    );
    expect(picked.type).toBe(7);
    expect(picked.data?.embeds?.[0]?.title).toContain('access token is expired');
  });

  it('an empty query gets the usage', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '   ' } }));
    expect(body.data?.content).toContain('/errcode 100014');
    expect(body.data?.flags).toBe(64);
  });
});
