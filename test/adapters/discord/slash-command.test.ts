import { Locale } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { component, customIds, embedText, type Harness, interact, messageFrom, startHarness, stopHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

describe('/errcode on Discord', () => {
  it('answers 100014 with an ephemeral card: meaning, checklist select, Share, 中文 and vote buttons', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '100014' } }));

    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.allowed_mentions?.parse).toEqual([]);
    const [embed] = body.data?.embeds ?? [];
    expect(embed?.title).toBe('100014 · Tencent MSDK (QQ) · QQ platform');
    expect(embed?.description).toContain('access token is expired');
    expect(embed?.fields?.[0]).toMatchObject({ name: 'Fix checklist — 0 of 1 done', value: '⬜ 1. Reauthorize' });
    expect(embed?.footer?.text).toContain('Source:');

    const labels = (body.data?.components ?? []).flatMap((row) => row.components.map((c) => c.label)).filter(Boolean);
    expect(labels).toEqual(['Still failing', '中文', 'Share in channel', '👍 Helpful', '👎 Not helpful']);
    const steps = component(body.data, 'ec1:s:');
    expect(steps).toMatchObject({ type: 3, min_values: 0, max_values: 1, options: [{ label: '1. Reauthorize', value: '0' }] });
    expect(component(body.data, 'ec1:r:')).toBeDefined(); // related codes 100013, 100015 ...
    for (const id of customIds(body.data)) expect(id.length).toBeLessThanOrEqual(100);
  });

  it('answers in Chinese for a zh-CN requester (1101 20155: code过期)', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '1101 20155' }, locale: Locale.ChineseCN }));
    const [embed] = body.data?.embeds ?? [];
    expect(embed?.title).toMatch(/^1101\/20155 · /);
    expect(embed?.description).toContain('code过期');
    expect(embed?.fields?.[0]?.name).toContain('排查清单');
    const labels = (body.data?.components ?? []).flatMap((row) => row.components.map((c) => c.label)).filter(Boolean);
    expect(labels).toContain('English');
    expect(labels).toContain('分享到频道');
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
      expect(choice.value.startsWith('1000')).toBe(true);
      expect(choice.name).toBe(`${choice.value} — ${choice.name.split(' — ')[1]}`);
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
    expect(lines[0]).toMatchObject({ platform: 'discord', kind: 'slash', outcome: 'found', catalog: 'qq-msdk', code: '100014', level: 30 });
    expect(typeof lines[0]?.latencyMs).toBe('number');
    const metrics = await h.services.metrics.registry.getSingleMetricAsString('errcode_queries_total');
    expect(metrics).toContain('errcode_queries_total{platform="discord",outcome="found"} 1');
  });

  it('no match: nearest codes and Report missing code, which logs missing_code_report', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '100099' } }));
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    const [embed] = body.data?.embeds ?? [];
    expect(embed?.title).toBe('No catalog has "100099".');
    expect(embed?.description).toContain('100016');
    expect(component(body.data, 'ec1:g:en')).toMatchObject({ type: 3 });
    const report = component(body.data, 'ec1:x:');
    expect(report).toMatchObject({ label: 'Report missing code', custom_id: 'ec1:x:en:100099' });

    const click = await interact(h, h.fake.componentInteraction({ customId: report?.custom_id ?? '', message: messageFrom(h, body.data) }));
    expect(click.type).toBe(7);
    expect(component(click.data, 'ec1:x:')).toMatchObject({ disabled: true, label: '✅ Reported' });
    const logged = h.services.logLines.find((l) => l.event === 'missing_code_report');
    expect(logged).toMatchObject({ platform: 'discord', query: '100099', user: h.fake.ids.user });
  });

  it('a long no-match query still fits the report custom_id (cut to 100 characters)', async () => {
    h = await startHarness();
    const query = `zzqx ${'nonsense words '.repeat(13)}`.slice(0, 200);
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query } }));
    const report = component(body.data, 'ec1:x:');
    expect(report?.custom_id?.length).toBe(100);
    expect(report?.custom_id).toBe(`ec1:x:en:${query.slice(0, 91)}`);
  });

  it('picking a nearest code replaces the no-match message with that card', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '100099' } }));
    const select = component(body.data, 'ec1:g:') as { custom_id: string; options: Array<{ value: string; label: string }> };
    const option = select.options.find((o) => o.label.startsWith('100014'));
    const picked = await interact(
      h,
      h.fake.componentInteraction({ customId: select.custom_id, values: [option?.value ?? ''], message: messageFrom(h, body.data) }),
    );
    expect(picked.type).toBe(7);
    expect(picked.data?.embeds?.[0]?.description).toContain('access token is expired');
  });

  it('an empty query gets the usage', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '   ' } }));
    expect(body.data?.content).toContain('/errcode 100014');
    expect(body.data?.flags).toBe(64);
  });
});
