/** `/errcode` through the real Bolt App in HTTP mode against the fake Slack. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/engine.js';
import { faultMessage, ui } from '../../../src/messages.js';
import { healthRoutes } from '../../../src/runtime/health-server.js';
import type { AdapterHandle } from '../../../src/services.js';
import { reply, signedRequest, slashCommand } from '../../fakes/slack-platform.js';
import { testServices } from '../../helpers/services.js';
import {
  ACTIONS,
  buttonLabels,
  checkboxesOf,
  click,
  command,
  element,
  expectWithinLimits,
  type Harness,
  moreGroups,
  moreMenu,
  SECRET,
  type SentMessage,
  startHarness,
  stopHarness,
  visibleControls,
  visibleText,
} from './harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

describe('/errcode <code>', () => {
  it('acks at once and answers 100014 with an ephemeral card: headline, one-step fix, three controls, the rest in a menu', async () => {
    h = await startHarness();
    const { res, body } = await command(h, '100014');
    expect(res.text).toBe('');
    expect(res.elapsedMs).toBeLessThan(500);

    expect(body.response_type).toBe('ephemeral');
    expectWithinLimits(body);
    expect(body.text).toBe('100014 — access token is expired');
    expect(body.blocks?.[0]?.text?.text).toBe('`100014` — *access token is expired*');
    expect(body.blocks?.[1]?.type).toBe('context');
    expect(visibleText(body)).toContain('Tencent MSDK (QQ) › QQ platform');
    // A one-step fix is "Fix: …", with no checklist.
    expect(visibleText(body)).toContain('*Fix:* Reauthorize');
    expect(checkboxesOf(body)).toHaveLength(0);
    expect(visibleText(body)).not.toContain('0 of 1 done');
    const controls = visibleControls(body);
    expect(controls.length).toBeLessThanOrEqual(3);
    expect(buttonLabels({ blocks: [{ type: 'actions', elements: controls }] })).toEqual(['Still failing? Ask support', 'Share in channel']);
    expect(controls[0]?.style).toBe('primary');
    expect(controls.every((c) => (c.accessibility_label ?? '').length > 0)).toBe(true);
    expect(element(body, ACTIONS.share)?.value).toMatch(/^2\./);
    // Language and votes in the menu; 100014's neighbours as related codes, not its own code again.
    const groups = moreGroups(body);
    expect(groups.Actions?.map((o) => o.text)).toEqual([
      '中文 — Switch to Chinese',
      'Mark as helpful',
      'Mark as not helpful',
      // A one-step fix has nothing to tick: the menu promises no credit for ticked steps.
      'Fixed it — Mark this answer as what fixed it',
      'Suggest a fix',
    ]);
    expect(groups['Related codes (4)']?.map((o) => o.text.split(' ')[0])).toEqual(['100013', '100015', '100012', '100016']);
    expect(Object.keys(groups).some((k) => k.startsWith('Other meanings'))).toBe(false);
    // The source by its title, why it matched in words: no file name, no confidence number.
    expect(visibleText(body)).toContain('*Source:* MSDK return codes');
    expect(visibleText(body)).toContain('*Why this matched:* exact code');
    expect(visibleText(body)).not.toMatch(/confidence|0\.\d\d|\.txt/);

    const log = h.services.logLines.find((l) => l.event === 'query');
    expect(log).toMatchObject({ platform: 'slack', kind: 'command', outcome: 'found', catalog: 'qq-msdk', code: '100014' });
    expect(log?.latencyMs).toEqual(expect.any(Number));
    expect(await counter(h, 'errcode_queries_total', { outcome: 'found' })).toBe(1);
  });

  it('an ambiguous code (6) offers its other meanings in the menu: code and meaning, the section below', async () => {
    h = await startHarness();
    const { body } = await command(h, '6');
    expectWithinLimits(body);
    const others = moreGroups(body)['Other meanings (4)'] ?? [];
    expect(others).toHaveLength(4);
    expect(others.every((o) => /^6 — \S/.test(o.text))).toBe(true);
    expect(new Set(others.map((o) => `${o.text}|${o.description}`)).size).toBe(4);
    expect(others.every((o) => (o.description ?? '').length > 0)).toBe(true);
  });

  it('an ambiguous code (11205) says so outside the closed menu: a line naming the other meaning, and the menu counts it', async () => {
    h = await startHarness();
    const { body } = await command(h, '11205');
    expectWithinLimits(body);
    const outsideMenu = (body?.blocks ?? [])
      .filter((b) => b.type === 'context' || b.type === 'section')
      .map((b) => visibleText({ blocks: [b] } as SentMessage))
      .join('\n');
    expect(outsideMenu).toContain(
      'Other meanings (1): 1203/11205 — The token has expired (Revoke the authorization of a user-level credential) — _see More options_',
    );
    const placeholder = moreMenu(body)?.placeholder?.text;
    expect(placeholder).toBe('More options · Other meanings (1) · Related codes (4)');
    // A code of one meaning says nothing of the kind.
    const single = await command(h, '100014');
    expect(visibleText(single.body)).not.toContain('Other meanings');
  });

  it('a paste of several lines with no code in it is answered as a question, and says others may be missed', async () => {
    h = await startHarness();
    const { body } = await command(h, 'qq login keeps failing\naccess token expired');
    expectWithinLimits(body);
    expect(body?.text).toBe('100014 — access token is expired');
    expect(visibleText(body)).toContain('answered as one question instead, so other codes in it may be missed');
  });

  it('two codes asked about: the second is listed as another code asked about, not as another meaning', async () => {
    h = await startHarness();
    const { body } = await command(h, '100014 100015');
    expectWithinLimits(body);
    const groups = moreGroups(body);
    expect(groups['Other codes asked about (1)']?.map((o) => o.text)).toEqual(['100015 — access token is revoked']);
    expect(Object.keys(groups).some((k) => k.startsWith('Other meanings'))).toBe(false);
  });

  it('answers in Chinese when the Slack user locale is zh-CN', async () => {
    h = await startHarness();
    h.fake.setApiResponse('users.info', reply.ok({ user: { id: h.fake.ids.userId, locale: 'zh-CN' } }));
    const { body } = await command(h, '1101 20155');
    expect(visibleText(body)).toContain('code过期');
    expect(moreGroups(body)['操作']?.[0]?.text).toBe('English — 切换为英文');
    expect(h.fake.callsTo('users.info')[0]?.args).toMatchObject({ user: h.fake.ids.userId, include_locale: 'true' });
    // Cached per user: a second command asks Slack no more.
    await command(h, '100014');
    expect(h.fake.callsTo('users.info')).toHaveLength(1);
  });

  it('the fake Slack answers users.info with the locale it is given, so a local run can show Chinese', async () => {
    h = await startHarness();
    h.fake.userLocale = 'zh-CN';
    const { body } = await command(h, '1101 20155');
    expect(visibleText(body)).toContain('code过期');
    expect(h.fake.callsTo('users.info')[0]?.args).toMatchObject({ include_locale: 'true' });
  });

  it('falls back to English when users.info fails', async () => {
    h = await startHarness();
    h.fake.setApiResponse('users.info', reply.error('missing_scope'));
    const { body } = await command(h, '1101 20155');
    expect(visibleText(body)).toContain('The code has expired');
  });

  it.each(['', 'help', '  HELP  '])('"/errcode %s" shows the usage with examples', async (text) => {
    h = await startHarness();
    const { body } = await command(h, text);
    expect(body.response_type).toBe('ephemeral');
    expect(visibleText(body)).toContain('/errcode 1101 20155');
    expect(await counter(h, 'errcode_queries_total', { outcome: 'empty' })).toBe(1);
  });
});

describe('/errcode 11205', () => {
  it('its related codes in the menu are told apart by their meanings, not one long section repeated under each', async () => {
    h = await startHarness();
    const { body } = await command(h, '11205');
    const related = Object.entries(moreGroups(body)).find(([title]) => title.startsWith('Related codes'))?.[1] ?? [];
    expect(related.length).toBeGreaterThan(1);
    expect(new Set(related.map((o) => o.text)).size).toBe(related.length);
    // Same section as the card: the card already says where; no subtitle repeats it.
    expect(related.filter((o) => o.description !== undefined)).toEqual([]);
  });
});

describe('/errcode with no match', () => {
  it('says so, lists the nearest codes, and "Ask maintainers to add it" logs a missing_code_report', async () => {
    h = await startHarness();
    const { body } = await command(h, '80300099');
    expectWithinLimits(body);
    expect(visibleText(body)).toContain(ui('noMatch', 'en', { query: '80300099' }));
    expect(visibleText(body)).toContain('Nearest codes');
    expect(buttonLabels(body)).toContain('Ask maintainers to add it');
    expect(buttonLabels(body)).toContain('80300010');

    const report = element(body, ACTIONS.reportMissing);
    const replaced = await click(h, { action_id: ACTIONS.reportMissing, value: report?.value ?? '' });
    expect(replaced?.replace_original).toBe(true);
    expect(visibleText(replaced)).toContain(ui('reportThanks', 'en'));
    expect(buttonLabels(replaced)).not.toContain('Ask maintainers to add it');
    const logged = h.services.logLines.filter((l) => l.event === 'missing_code_report');
    expect(logged).toEqual([expect.objectContaining({ platform: 'slack', query: '80300099', user: h.fake.ids.userId })]);
    expect(await counter(h, 'errcode_queries_total', { outcome: 'not-found' })).toBe(1);
  });

  it('an unknown code gets one short row of buttons: three nearest codes, Add it for my team, Ask maintainers to add it', async () => {
    h = await startHarness();
    const { body } = await command(h, '80300099');
    expectWithinLimits(body);
    const labels = buttonLabels(body);
    expect(labels).toHaveLength(5);
    expect(labels.slice(-2)).toEqual(['Add it for my team', 'Ask maintainers to add it']);
  });

  it('a suggestion button opens that code’s card in place', async () => {
    h = await startHarness();
    const { body } = await command(h, '80300099');
    const suggestion = element(body, ACTIONS.open);
    const opened = await click(h, { action_id: suggestion?.action_id ?? '', value: suggestion?.value ?? '' });
    expect(opened?.replace_original).toBe(true);
    expect(opened?.text).toContain('80300010');
  });

  it('quotes the query back escaped, so it never pings, and never echoes a pasted credential', async () => {
    h = await startHarness();
    // As Slack sends it: markup for mentions, & < > as entities.
    const typed = '<!channel> <@U0OTHER> @here &lt;!everyone&gt; zz_no_such_code_qq "access_token":"CgB6e3x9AbCdEf0123456789" &amp; more';
    const { body } = await command(h, typed);
    const text = visibleText(body);
    expect(text).not.toMatch(/<!channel>|<@U0OTHER>|<!everyone>|<!here>|@here/);
    expect(text).toContain('&lt;!everyone&gt;');
    expect(text).toContain('@\u2060here');
    expect(text).toContain('&amp; more');
    expect(text).not.toContain('CgB6e3x9AbCdEf0123456789');
    expect(text).toContain(ui('rotateSecret', 'en', { kinds: 'access-token' }));
    expect(h.services.rawLog()).not.toContain('CgB6e3x9AbCdEf0123456789');
  });

  it('a card answering a question with a credential in it opens with the warning to rotate it, as Discord does', async () => {
    h = await startHarness();
    const { body } = await command(h, '100014 "access_token":"CgB6e3x9AbCdEf0123456789"');
    const blocks = (body as { blocks: Array<{ type: string; elements?: Array<{ text?: string }> }> }).blocks;
    expect(JSON.stringify(blocks[0])).toContain(':warning:');
    expect(JSON.stringify(blocks[0])).toContain(ui('rotateSecret', 'en', { kinds: 'access-token' }));
    expect(JSON.stringify(blocks[1])).toContain('100014');
    expect(JSON.stringify(blocks.slice(1))).not.toContain(':warning:');
  });
});

describe('/errcode: requests Slack did not sign', () => {
  it('answers 401 to a bad signature and to a stale timestamp, and runs nothing', async () => {
    h = await startHarness();
    const cmd = slashCommand({ text: '100014', response_url: h.fake.responseUrl('unsigned') });
    expect((await signedRequest(h.url, SECRET, cmd, { signature: 'v0=deadbeef' })).status).toBe(401);
    expect((await signedRequest(h.url, 'another-secret', cmd)).status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await signedRequest(h.url, SECRET, cmd, { timestamp: sixMinutesAgo })).status).toBe(401);
    await h.slack.settled(20_000);
    expect(h.fake.responsePosts).toHaveLength(0);
  });
});

describe('/errcode: faults', () => {
  it('an engine exception is logged and counted; the user sees the fixed INTERNAL message; the next command works', async () => {
    h = await startHarness();
    const real = h.services.engines.current;
    const broken = Object.create(real) as Engine;
    broken.lookup = () => {
      throw new Error('index exploded');
    };
    h.services.engines.swap(broken);
    const { body } = await command(h, '100014');
    expect(visibleText(body)).toContain(faultMessage('INTERNAL', 'en'));
    expect(visibleText(body)).not.toContain('index exploded');
    expect(h.services.logLines.find((l) => l.event === 'slack_handler_fault')).toMatchObject({
      handler: 'command',
      error: 'index exploded',
    });
    expect(await counter(h, 'errcode_faults_total', { kind: 'handler' })).toBe(1);

    h.services.engines.swap(real);
    const { body: next } = await command(h, '100014');
    expect(visibleText(next)).toContain('access token is expired');
  });

  it('an expired response_url is logged as a warning, not thrown', async () => {
    h = await startHarness();
    h.fake.setResponseUrlBehavior('*', { status: 404 });
    await command(h, '100014');
    await h.slack.settled(20_000);
    expect(h.services.logLines.find((l) => l.event === 'slack_response_url_failed')).toMatchObject({
      level: 40,
      httpStatus: 404,
      handler: 'command',
    });
    expect(h.services.logLines.some((l) => l.event === 'slack_handler_fault')).toBe(false);
    expect(await counter(h, 'errcode_faults_total', { kind: 'web-api' })).toBe(1);
  });
});

describe('/errcode: a response_url that never answers', () => {
  it('gives up after the response timeout, logs it, and frees the handler', async () => {
    h = await startHarness({ slack: { responseTimeoutMs: 200 } });
    h.fake.setResponseUrlBehavior('*', { hang: true });
    await command(h, '100014');
    expect(await h.slack.settled(20_000)).toBe(true);
    expect(h.services.logLines.find((l) => l.event === 'slack_response_url_failed')).toMatchObject({ errorName: 'TimeoutError' });
  });
});

async function counter(harness: Harness, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await harness.services.metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = (metric?.values ?? []).find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return Number(value?.value ?? 0);
}

describe('HTTP mode routes', () => {
  it('serves /healthz and /metrics beside /slack/events when given the health routes', async () => {
    const services = testServices();
    const started: AdapterHandle[] = [];
    h = await startHarness({
      services,
      slack: { customRoutes: healthRoutes({ engines: services.engines, metrics: services.metrics, adapters: () => started }) },
    });
    started.push(h.slack);
    const base = h.url.replace('/slack/events', '');
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ready: true, adapters: { slack: { connected: true } } });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('errcode_adapter_connected{platform="slack"} 1');
  });
});
