/**
 * Hostile and strange input through the real adapters: huge pastes and attachments, binary files
 * named .txt, invisible and bidi characters inside codes, deep nesting, mention storms, credentials,
 * forged and replayed Slack requests. Every case is bounded in time, nothing crashes, and the next
 * message is still served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE_DEFAULTS } from '../../src/engine/engine.js';
import {
  type Harness as DiscordHarness,
  post,
  replies,
  startHarness as startDiscord,
  stopHarness as stopDiscord,
} from '../adapters/discord/harness.js';
import {
  postEvent,
  SECRET,
  type Harness as SlackHarness,
  startHarness as startSlack,
  stopHarness as stopSlack,
} from '../adapters/slack/harness.js';
import type { RecordedRequest } from '../fakes/discord-platform.js';
import { eventCallback, messageEvent, signedRequest, signSlackRequest } from '../fakes/slack-platform.js';
import { testServices } from '../helpers/services.js';
import { counterTotal, MB, recordScans, trapUnhandled } from './support.js';

const ACCOUNT = '{"error":1101,"sub_error":20155}';
const QUICKAPP = '{"code":6004,"data":"get player info fail"}';
const CONTROL = 'NSP_STATUS: 102';
const EVERY_PASTE = { cooldownMs: 0, muteMs: 0, maxPerChannelPerMinute: 1000 };

let slack: SlackHarness | undefined;
let discord: DiscordHarness | undefined;
let trap: ReturnType<typeof trapUnhandled> | undefined;

afterEach(async () => {
  await stopSlack(slack);
  await stopDiscord(discord);
  slack = undefined;
  discord = undefined;
  trap?.release();
  expect(trap?.errors ?? []).toEqual([]);
  trap = undefined;
});

let tsCounter = 0;
const nextTs = () => {
  tsCounter += 1;
  return `1700020000.${String(tsCounter).padStart(6, '0')}`;
};

/** Slack: posts a message event, waits until handled; returns the replies in its thread. */
async function slackSays(h: SlackHarness, text: string, fields: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
  const ts = nextTs();
  await postEvent(h, { text, ts, ...fields });
  expect(await h.slack.settled(20_000)).toBe(true);
  return h.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.thread_ts === ts)
    .map((c) => c.args);
}

/** Discord: dispatches a message, waits until handled; returns the replies to it. */
async function discordSays(h: DiscordHarness, input: Parameters<DiscordHarness['fake']['guildMessage']>[0]): Promise<RecordedRequest[]> {
  const message = h.fake.guildMessage(input);
  await post(h, message);
  return replies(h).filter((r) => (r.body as { message_reference?: { message_id?: string } }).message_reference?.message_id === message.id);
}

async function expectStillServing(h: { slack?: SlackHarness; discord?: DiscordHarness }): Promise<void> {
  if (h.slack) expect(await slackSays(h.slack, CONTROL)).toHaveLength(1);
  if (h.discord) expect(await discordSays(h.discord, { content: CONTROL })).toHaveLength(1);
}

async function expectNoFaults(services: SlackHarness['services']): Promise<void> {
  expect(await counterTotal(services, 'errcode_faults_total')).toBe(0);
  expect(services.logLines.filter((l) => (l.level as number) >= 50)).toEqual([]);
}

const SCAN_LIMIT = ENGINE_DEFAULTS.scanLimit;
/** A 10 MB paste: `head` first, filler to 10 MB, `tail` last. */
const tenMb = (head: string, tail = '') =>
  `${head}\n${'log line without any code in it\n'.repeat(Math.ceil((10 * MB) / 32))}`.slice(0, 10 * MB - tail.length) + tail;

describe('a 10 MB paste', () => {
  it('Slack HTTP: Bolt refuses the body (413) before any handler runs; the next event is served', async () => {
    trap = trapUnhandled();
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    const scans = recordScans(slack.services);
    const body = eventCallback(messageEvent({ text: tenMb(ACCOUNT), ts: nextTs() }));
    const res = await signedRequest(slack.url, SECRET, body, { timeoutMs: 20_000 });
    expect(res.status).toBe(413);
    expect(scans).toHaveLength(0);
    await expectStillServing({ slack });
    await expectNoFaults(slack.services);
  });

  it('Slack Socket Mode: handled in bounded time; the engine reads only its first scanLimit characters', async () => {
    trap = trapUnhandled();
    slack = await startSlack({ socket: true, services: testServices({ policy: EVERY_PASTE }) });
    const s = slack;
    const scans = recordScans(s.services);
    const send = async (text: string) => {
      const ts = nextTs();
      const started = performance.now();
      await s.fake.pushEnvelope('events_api', eventCallback(messageEvent({ text, ts })).payload, { timeoutMs: 20_000 });
      expect(await s.slack.settled(20_000)).toBe(true);
      return { ms: performance.now() - started, replies: s.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts) };
    };
    // The code at the head is read and answered...
    const head = await send(tenMb(ACCOUNT));
    expect(head.replies).toHaveLength(1);
    expect(head.ms).toBeLessThan(8000);
    // ...a code only past the scan limit is never read.
    const tail = await send(tenMb('', ` ${ACCOUNT}`));
    expect(tail.replies).toHaveLength(0);
    expect(tail.ms).toBeLessThan(8000);
    expect(scans.map((s) => s.codes)).toEqual([['1101/20155'], []]);
    for (const scan of scans) expect(scan.notes).toContain(`only the first ${SCAN_LIMIT} characters were read`);
    await expectNoFaults(s.services);
    const after = await send(CONTROL);
    expect(after.replies).toHaveLength(1);
  });

  it('Discord content: handled in bounded time; the engine reads only its first scanLimit characters', async () => {
    trap = trapUnhandled();
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    const scans = recordScans(discord.services);
    let started = performance.now();
    expect(await discordSays(discord, { content: tenMb(QUICKAPP) })).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(8000);
    started = performance.now();
    expect(await discordSays(discord, { content: tenMb('', ` ${QUICKAPP}`) })).toHaveLength(0);
    expect(performance.now() - started).toBeLessThan(8000);
    expect(scans.map((s) => s.codes)).toEqual([['6004'], []]);
    for (const scan of scans) expect(scan.notes).toContain(`only the first ${SCAN_LIMIT} characters were read`);
    await expectNoFaults(discord.services);
    await expectStillServing({ discord });
  });
});

describe('attachments', () => {
  const FIVE_MB = 5 * MB;
  const bigLog = (code: string) => `${code}\n${'x'.repeat(FIVE_MB - code.length - 1)}`;

  it('Discord: a 5 MB attachment declared as such is skipped by its size, never downloaded', async () => {
    trap = trapUnhandled();
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    const maxBytes = discord.services.attachments.maxBytes;
    expect(maxBytes).toBeLessThan(FIVE_MB);
    const sent = await discordSays(discord, {
      attachments: [{ filename: 'message.txt', content: bigLog(QUICKAPP), contentType: 'text/plain; charset=utf-8' }],
    });
    expect(sent).toHaveLength(0);
    expect(discord.fake.attachmentFetches).toHaveLength(0);
    expect(discord.services.logLines.find((l) => l.event === 'attachment_skipped')).toMatchObject({ size: FIVE_MB });
    await expectNoFaults(discord.services);
    await expectStillServing({ discord });
  });

  it('Discord: a 5 MB attachment that lies about its size is read only up to maxBytes', async () => {
    trap = trapUnhandled();
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    const scans = recordScans(discord.services);
    const { maxBytes } = discord.services.attachments;
    const lying = (content: string) => ({ filename: 'message.txt', content, size: 1000, contentType: 'text/plain' });
    // The code at the head is within what is read; one at the tail is not.
    expect(await discordSays(discord, { attachments: [lying(bigLog(QUICKAPP))] })).toHaveLength(1);
    expect(await discordSays(discord, { attachments: [lying(`${'x'.repeat(FIVE_MB - QUICKAPP.length - 1)}\n${QUICKAPP}`)] })).toHaveLength(
      0,
    );
    expect(discord.fake.attachmentFetches).toHaveLength(2);
    expect(scans).toHaveLength(2);
    // The engine was handed the message text (empty here) and at most maxBytes of the file.
    for (const scan of scans) expect(scan.inputLength).toBeLessThanOrEqual(maxBytes);
    await expectNoFaults(discord.services);
  });

  it('a binary file named .txt gets no reply and no crash (Discord attachment and Slack file)', async () => {
    trap = trapUnhandled();
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    // Random-looking bytes with NULs, and an error paste hidden inside: binary is refused whole.
    const binary = Buffer.concat([Buffer.from(new Uint8Array(4096).map((_, i) => (i * 7919) % 256)), Buffer.from(QUICKAPP)]);
    expect(
      await discordSays(discord, { attachments: [{ filename: 'crash.txt', content: binary, contentType: 'text/plain' }] }),
    ).toHaveLength(0);
    expect(await discordSays(discord, { attachments: [{ filename: 'crash.txt', content: binary }] })).toHaveLength(0);
    expect(discord.fake.attachmentFetches).toHaveLength(2);
    expect(discord.services.logLines.filter((l) => l.event === 'attachment_unreadable').map((l) => l.reason)).toEqual(['binary', 'binary']);

    const file = slack.fake.addFile({ name: 'dump.txt', content: binary.toString('latin1'), mimetype: 'text/plain' });
    expect(await slackSays(slack, 'here is the dump', { subtype: 'file_share', files: [file] })).toHaveLength(0);
    expect(slack.fake.fileDownloads).toEqual([expect.objectContaining({ fileId: file.id, served: true })]);
    expect(slack.services.logLines.find((l) => l.event === 'slack_file_unreadable')).toMatchObject({ reason: 'binary' });

    await expectNoFaults(discord.services);
    await expectNoFaults(slack.services);
    await expectStillServing({ slack, discord });
  });
});

describe('invisible and bidi characters around codes', () => {
  // A zero-width space inside a digit run: the code is neither the joined digits (80300007, which a
  // reader cannot see is split) nor a fragment (8030, 6004): no answer at all.
  const SPLIT = [
    'push failed {"code":"8030\u200b0007"}',
    '{"code":"6004\u200b1","data":"get player info fail"}',
    '6004\u200d1 get player info fail',
  ];
  // Bidi controls and invisible characters around an intact payload change nothing about it.
  const AROUND: Array<[string, string]> = [
    ['\u202e{"error":1101,"sub_error":20155}', '1101/20155'],
    ['\u2067{"code":6004,"data":"get player info fail"}\u2069', '6004'],
    ['\ufeff{"error":1101,"sub_error":20155}\u200b', '1101/20155'],
  ];

  it.each(SPLIT)('a code split by an invisible character is not answered: %j', async (text) => {
    trap = trapUnhandled();
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    const slackScans = recordScans(slack.services);
    const discordScans = recordScans(discord.services);
    expect(await slackSays(slack, text)).toHaveLength(0);
    expect(await discordSays(discord, { content: text })).toHaveLength(0);
    expect(slackScans.map((s) => s.codes)).toEqual([[]]);
    expect(discordScans.map((s) => s.codes)).toEqual([[]]);
    await expectStillServing({ slack, discord });
  });

  it.each(AROUND)('bidi and invisible characters around an intact payload: %j is answered as %s', async (text, code) => {
    trap = trapUnhandled();
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    const slackScans = recordScans(slack.services);
    const discordScans = recordScans(discord.services);
    expect(await slackSays(slack, text)).toHaveLength(1);
    expect(await discordSays(discord, { content: text })).toHaveLength(1);
    expect(slackScans.map((s) => s.codes)).toEqual([[code]]);
    expect(discordScans.map((s) => s.codes)).toEqual([[code]]);
  });
});

describe('deep nesting', () => {
  it('10,000 nested JSON arrays around an error: answered in bounded time, no stack overflow', async () => {
    trap = trapUnhandled();
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    const nested = `${'['.repeat(10_000)}${QUICKAPP}${']'.repeat(10_000)}`;
    const started = performance.now();
    expect(await slackSays(slack, nested)).toHaveLength(1);
    expect(await discordSays(discord, { content: nested })).toHaveLength(1);
    const empty = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(await slackSays(slack, empty)).toHaveLength(0);
    expect(await discordSays(discord, { content: empty })).toHaveLength(0);
    expect(performance.now() - started).toBeLessThan(5000);
    await expectNoFaults(slack.services);
    await expectNoFaults(discord.services);
  });
});

describe('mention storms in a paste', () => {
  it('Slack: the reply can ping nobody — no <!channel>, <!here>, <!everyone>, <!subteam>, <@…> or bare @here in it', async () => {
    trap = trapUnhandled();
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    const storm = `<!channel> <!here> <!everyone> <@U123> <@U0SOMEONE|bob> <!subteam^S0TEAM|@oncall> @channel @here @everyone &lt;!channel&gt; ${ACCOUNT} <@U123>`;
    const [sent] = await slackSays(slack, storm);
    const raw = JSON.stringify(sent);
    expect(raw).toContain('20155');
    expect(raw).not.toMatch(/<!|<@|@(?:channel|here|everyone)\b/);
  });

  it('Discord: the reply carries allowed_mentions.parse = [] and replied_user false, and echoes no mention', async () => {
    trap = trapUnhandled();
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    const storm = `@everyone @here <@1400000000000000009> <@!1400000000000000008> <@&1200000000000000007> ${QUICKAPP} @everyone`;
    const [sent] = await discordSays(discord, { content: storm });
    const body = sent?.body as { allowed_mentions?: unknown; content?: string };
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(JSON.stringify(body)).not.toMatch(/<@|@everyone|@here/);
  });
});

describe('credentials in a paste', () => {
  const SECRETS = ['CgB6e3x9AbCdEf0123456789', 'ya29.a0AfH6SMBx9q8w7e6r5t4y3u2i1o0p', 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp'];
  const paste = (code: string) => `${code}\n"access_token":"${SECRETS[0]}"\nAuthorization: Bearer ${SECRETS[1]}\nslack_token=${SECRETS[2]}`;

  it('are never echoed in a reply nor written to the log (Slack and Discord)', async () => {
    trap = trapUnhandled();
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    expect(await slackSays(slack, paste(ACCOUNT))).toHaveLength(1);
    expect(await discordSays(discord, { content: paste(QUICKAPP) })).toHaveLength(1);
    // The poster is told, privately on Slack, in the reply on Discord.
    expect(slack.fake.callsTo('chat.postEphemeral')).toHaveLength(1);
    const slackSent = slack.fake.calls.map((c) => c.rawBody).join('\n');
    const discordSent = discord.fake.requests.map((r) => JSON.stringify(r.body ?? '')).join('\n');
    for (const secret of SECRETS) {
      expect(slackSent).not.toContain(secret);
      expect(discordSent).not.toContain(secret);
      expect(slack.services.rawLog()).not.toContain(secret);
      expect(discord.services.rawLog()).not.toContain(secret);
    }
  });
});

describe('forged and replayed Slack requests', () => {
  it('bad signature, wrong secret, tampered body, missing headers, stale timestamp: 401 and no reply', async () => {
    trap = trapUnhandled();
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    const event = () => eventCallback(messageEvent({ text: ACCOUNT, ts: nextTs() }));
    const now = Math.floor(Date.now() / 1000);
    const statuses: number[] = [];
    statuses.push((await signedRequest(slack.url, SECRET, event(), { signature: `v0=${'0'.repeat(64)}` })).status);
    statuses.push((await signedRequest(slack.url, 'not-the-secret', event())).status);
    statuses.push((await signedRequest(slack.url, SECRET, event(), { unsigned: true })).status);
    // A captured request replayed six minutes later: its signature is genuine, its timestamp stale.
    statuses.push((await signedRequest(slack.url, SECRET, event(), { timestamp: now - 6 * 60 })).status);
    // A genuine signature over a different body.
    const original = event();
    const tampered = original.body.replace('20155', '20156');
    statuses.push(
      (
        await signedRequest(slack.url, SECRET, tampered, {
          signature: signSlackRequest(SECRET, original.body, now)['x-slack-signature'],
          timestamp: now,
        })
      ).status,
    );
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect(await slack.slack.settled(20_000)).toBe(true);
    expect(slack.fake.callsTo('chat.postMessage')).toHaveLength(0);
    await expectStillServing({ slack });
  });

  it('a valid signed event replayed byte for byte (same signature, within five minutes) is refused and gets one reply', async () => {
    trap = trapUnhandled();
    // No cooldown, no thread memory: only the event_id can stop the second reply.
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    const event = eventCallback(messageEvent({ text: ACCOUNT, ts: nextTs() }), { event_id: 'Ev0REPLAYED' });
    const timestamp = Math.floor(Date.now() / 1000);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await signedRequest(slack.url, SECRET, event, { timestamp })).status);
    expect(statuses).toEqual([200, 401, 401]);
    expect(await slack.slack.settled(20_000)).toBe(true);
    expect(slack.fake.callsTo('chat.postMessage')).toHaveLength(1);
    // The same paste as a new event is answered: it was the replay that was refused, not the text.
    expect(await slackSays(slack, ACCOUNT)).toHaveLength(1);
  });
});
