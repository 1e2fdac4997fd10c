/**
 * The drift list of issue 9, one row each, run on both platforms from one table: what the Slack
 * and Discord copies of the product used to do differently now comes from src/product once. Each
 * platform supplies a driver (the real Bolt or discord.js client against its fake); the checks are
 * the same for both.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { QUERY_LIMIT } from '../../src/engine/lookup.js';
import { ui } from '../../src/messages.js';
import { MAX_VISIBLE_CONTROLS } from '../../src/product/controls.js';
import { EVENT_KINDS } from '../../src/product/telemetry.js';
import * as D from '../adapters/discord/harness.js';
import * as S from '../adapters/slack/harness.js';
import type { TestServices } from '../helpers/services.js';
import { testServices } from '../helpers/services.js';

/** What a test needs from a platform: ask, paste with a file, and read back what was sent. */
interface Driver {
  readonly services: TestServices;
  /** `/errcode <query>`: every visible text of the reply, and the labels of its visible buttons. */
  command(query: string): Promise<{ text: string; controls: string[] }>;
  /** A paste with a text file attached, in the channel the driver was started with; how many files were downloaded. */
  pasteWithFile(): Promise<number>;
  stop(): Promise<void>;
}

type Start = (options: { denyPasteChannel?: boolean }) => Promise<Driver>;

const CREDENTIAL = '"access_token":"CgB6e3x9AbCdEf0123456789"';
const PASTE = '{"error":1101,"sub_error":20155}';

const slack: Start = async ({ denyPasteChannel }) => {
  const services = testServices(denyPasteChannel ? { policy: { denyChannels: ['C0TEST'] } } : {});
  const h = await S.startHarness({ services });
  return {
    services,
    async command(query) {
      const { body } = await S.command(h, query);
      return { text: S.visibleText(body), controls: S.buttonLabels({ blocks: [{ type: 'actions', elements: S.visibleControls(body) }] }) };
    },
    async pasteWithFile() {
      const file = h.fake.addFile({ name: 'response.log', content: `HTTP/1.1 200 OK\n${PASTE}\n` });
      await S.postEvent(h, { subtype: 'file_share', text: 'see log', files: [file], channel: 'C0TEST' });
      await h.slack.settled(2000);
      return h.fake.fileDownloads.length;
    },
    stop: () => S.stopHarness(h),
  };
};

const discord: Start = async ({ denyPasteChannel }) => {
  const h = await D.startHarness(denyPasteChannel ? { services: { policy: { denyChannels: ['1300000000000000001'] } } } : {});
  return {
    services: h.services,
    async command(query) {
      const body = await D.interact(h, h.fake.slashCommand({ name: 'errcode', options: { query } }));
      const text = [body.data?.content ?? '', JSON.stringify(body.data?.embeds ?? []), JSON.stringify(body.data?.components ?? [])].join(
        '\n',
      );
      return { text, controls: D.visibleControls(body.data).map((c) => String(c.label ?? '')) };
    },
    async pasteWithFile() {
      await D.post(h, h.fake.guildMessage({ content: 'see log', attachments: [{ filename: 'message.txt', content: PASTE }] }));
      return h.fake.attachmentFetches.length;
    },
    stop: () => D.stopHarness(h),
  };
};

const PLATFORMS = [
  ['Slack', slack],
  ['Discord', discord],
] as const;

async function counter(services: TestServices, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await services.metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
  const value = (metric?.values ?? []).find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
  return Number(value?.value ?? 0);
}

/** The drift list: each row is one way the platforms used to differ, and the check that they no longer do. */
const DRIFT: ReadonlyArray<{ readonly name: string; readonly deny?: boolean; readonly check: (driver: Driver) => Promise<void> }> = [
  {
    name: '`help` answers with the usage',
    check: async (d) => {
      const { text } = await d.command('help');
      expect(text).toContain('/errcode 1101 20155');
    },
  },
  {
    name: 'a credential in a query that matches nothing still gets the secret note',
    check: async (d) => {
      const { text } = await d.command(`zz_no_such_code_qq ${CREDENTIAL}`);
      expect(text).toContain(ui('noMatch', 'en', { query: '' }).slice(0, 14));
      expect(text).toContain(ui('rotateSecret', 'en', { kinds: 'access-token' }));
      expect(text).not.toContain('CgB6e3x9AbCdEf0123456789');
    },
  },
  {
    name: 'a pasted file is not downloaded in a channel that gets no auto-replies',
    deny: true,
    check: async (d) => {
      expect(await d.pasteWithFile()).toBe(0);
      expect(await counter(d.services, 'errcode_auto_replies_suppressed_total', { reason: 'channel-denied' })).toBe(1);
    },
  },
  {
    name: 'the engine’s notes (a query cut short) are shown',
    check: async (d) => {
      const { text } = await d.command(`100014 ${'x'.repeat(QUERY_LIMIT + 20)}`);
      expect(text).toContain(`long query: read its first and last ${Math.floor(QUERY_LIMIT / 2)} characters`);
    },
  },
  {
    name: 'metrics and logs use the same names and labels',
    check: async (d) => {
      await d.command('100014');
      await d.command('');
      expect(await counter(d.services, 'errcode_queries_total', { outcome: 'found' })).toBe(1);
      expect(await counter(d.services, 'errcode_queries_total', { outcome: 'empty' })).toBe(1);
      const kinds = (await d.services.metrics.registry.getMetricsAsJSON())
        .find((m) => m.name === 'errcode_end_to_end_seconds')
        ?.values.map((v) => String(v.labels.kind));
      expect(kinds?.length).toBeGreaterThan(0);
      for (const kind of kinds ?? []) expect(EVENT_KINDS).toContain(kind);
      const query = d.services.logLines.find((l) => l.event === 'query' && l.outcome === 'found');
      expect(query).toMatchObject({ kind: 'command', catalog: 'qq-msdk', code: '100014' });
    },
  },
  {
    name: 'the same controls carry the same names',
    check: async (d) => {
      expect((await d.command('80100016')).controls).toEqual(['Still failing? Show causes', 'Share in channel']);
      expect((await d.command('100014')).controls).toEqual(['Still failing? Ask support', 'Share in channel']);
    },
  },
  {
    name: 'no control is silently dropped: at most three visible, the rest in the menu',
    check: async (d) => {
      const { controls, text } = await d.command('6');
      expect(controls.length).toBeLessThanOrEqual(MAX_VISIBLE_CONTROLS);
      expect(controls).toEqual(['Still failing? Ask support', 'Share in channel']);
      for (const label of ['中文', 'Mark as helpful', 'Mark as not helpful']) expect(text).toContain(label);
    },
  },
];

describe.each(PLATFORMS)('no drift on %s', (_name, start) => {
  let driver: Driver | undefined;
  afterEach(async () => {
    await driver?.stop();
    driver = undefined;
  });

  it.each(DRIFT.map((row) => [row.name, row] as const))(
    '%s',
    async (_row, row) => {
      driver = await start({ denyPasteChannel: row.deny ?? false });
      await row.check(driver);
    },
    20_000,
  );
});
