/**
 * The platforms misbehaving, through the real adapters: Slack's Web API answering 429 (Retry-After)
 * and 500, Discord's REST answering 429 and 500, the Discord gateway dropping mid-stream, a Slack
 * response_url that never answers. Each time: the reply arrives after the client's retries, or the
 * failure is logged and counted as a fault, and the next event is served as usual.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Harness as DiscordHarness,
  post,
  replies,
  startHarness as startDiscord,
  stopHarness as stopDiscord,
} from '../adapters/discord/harness.js';
import {
  command,
  postEvent,
  SECRET,
  type Harness as SlackHarness,
  startHarness as startSlack,
  stopHarness as stopSlack,
} from '../adapters/slack/harness.js';
import { rateLimited, serverError } from '../fakes/discord-platform.js';
import { eventCallback, messageEvent, reply, signedRequest, slashCommand } from '../fakes/slack-platform.js';
import { testServices } from '../helpers/services.js';
import { counterTotal, trapUnhandled } from './support.js';

const SLACK_PASTE = '{"error":1101,"sub_error":20155}';
const DISCORD_PASTE = '{"code":6004,"data":"get player info fail"}';
/** Every paste answered: only the platform's behaviour decides what arrives. */
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
  // No fault may escape a handler, whatever the platform did.
  expect(trap?.errors ?? []).toEqual([]);
  trap = undefined;
});

async function slackPaste(h: SlackHarness, ts: string): Promise<void> {
  await postEvent(h, { text: SLACK_PASTE, ts });
  expect(await h.slack.settled(20_000)).toBe(true);
}

function slackRepliesTo(h: SlackHarness, ts: string) {
  return h.fake.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts);
}

describe('Slack Web API faults on chat.postMessage', () => {
  it('429 with Retry-After: 1 — the client waits the second, retries, and the reply arrives; the next event is served', async () => {
    trap = trapUnhandled();
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    slack.fake.queueApiResponse('chat.postMessage', reply.rateLimited(1));
    await slackPaste(slack, '1700010000.000001');
    const [limited, retried] = slackRepliesTo(slack, '1700010000.000001');
    expect(retried).toBeDefined();
    expect(retried!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(slack.services.logLines.filter((l) => l.event === 'auto_reply')).toHaveLength(1);
    expect(await counterTotal(slack.services, 'errcode_faults_total')).toBe(0);

    await slackPaste(slack, '1700010000.000002');
    expect(slackRepliesTo(slack, '1700010000.000002')).toHaveLength(1);
  });

  it('two 500s — the client retries and the third attempt delivers the reply', async () => {
    trap = trapUnhandled();
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    slack.fake.queueApiResponse('chat.postMessage', reply.httpError(500), reply.httpError(500));
    await slackPaste(slack, '1700010100.000001');
    expect(slackRepliesTo(slack, '1700010100.000001')).toHaveLength(3);
    expect(slack.services.logLines.filter((l) => l.event === 'auto_reply')).toHaveLength(1);
    expect(await counterTotal(slack.services, 'errcode_faults_total')).toBe(0);
  });

  it('500 on every attempt — the failure is logged and counted, and the next event gets its reply', async () => {
    trap = trapUnhandled();
    slack = await startSlack({ services: testServices({ policy: EVERY_PASTE }) });
    slack.fake.setApiResponse('chat.postMessage', reply.httpError(500));
    // The event is not acked with a 200: Slack sees a failure and retries it later.
    const failed = await signedRequest(slack.url, SECRET, eventCallback(messageEvent({ text: SLACK_PASTE, ts: '1700010200.000001' })));
    expect(failed.status).toBe(503);
    expect(await slack.slack.settled(20_000)).toBe(true);
    // TEST_RETRY: the first attempt and three retries.
    expect(slackRepliesTo(slack, '1700010200.000001')).toHaveLength(4);
    // A reply lost for good is an error, not a warning (the event is left for Slack's redelivery).
    expect(slack.services.logLines.find((l) => l.event === 'slack_reply_failed')).toMatchObject({
      platform: 'slack',
      handler: 'auto-reply',
      httpStatus: 500,
      level: 50,
    });
    expect(await counterTotal(slack.services, 'errcode_faults_total', { platform: 'slack', kind: 'web-api' })).toBe(1);
    expect(await counterTotal(slack.services, 'errcode_replies_failed_total', { platform: 'slack', kind: 'auto-reply' })).toBe(1);
    expect(await counterTotal(slack.services, 'errcode_auto_replies_total')).toBe(0);

    slack.fake.resetApiResponses();
    await slackPaste(slack, '1700010200.000002');
    expect(slackRepliesTo(slack, '1700010200.000002')).toHaveLength(1);
    expect(await counterTotal(slack.services, 'errcode_auto_replies_total')).toBe(1);
  });
});

describe('a Slack response_url that never answers', () => {
  it('the slash command gives up after its timeout, logs it, counts it, and the next command is answered', async () => {
    trap = trapUnhandled();
    const timeoutMs = 300;
    slack = await startSlack({ slack: { responseTimeoutMs: timeoutMs } });
    slack.fake.setResponseUrlBehavior('hung', { hang: true });
    const started = performance.now();
    const res = await signedRequest(slack.url, SECRET, slashCommand({ text: '100014', response_url: slack.fake.responseUrl('hung') }));
    expect(res.status).toBe(200);
    await slack.fake.waitForResponsePost('hung');
    expect(await slack.slack.settled(20_000)).toBe(true);
    const gaveUpAfter = performance.now() - started;
    expect(gaveUpAfter).toBeGreaterThanOrEqual(timeoutMs - 20);
    expect(gaveUpAfter).toBeLessThan(timeoutMs + 1500);
    expect(slack.services.logLines.find((l) => l.event === 'slack_response_url_failed')).toMatchObject({
      platform: 'slack',
      handler: 'command',
      errorName: 'TimeoutError',
      level: 40,
    });
    expect(await counterTotal(slack.services, 'errcode_faults_total', { platform: 'slack', kind: 'web-api' })).toBe(1);

    const { body } = await command(slack, '100014');
    expect(JSON.stringify(body)).toContain('100014');
    expect(await counterTotal(slack.services, 'errcode_queries_total', { outcome: 'found' })).toBe(1);
  });
});

const REPLY_POST = { method: 'POST', path: '/channels/:id/messages' } as const;

describe('Discord REST faults on the reply', () => {
  it('429 (retry_after 0.2 s) — discord.js waits, retries, and the reply arrives; the next message is served', async () => {
    trap = trapUnhandled();
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    discord.fake.override(REPLY_POST, rateLimited(0.2), { times: 1 });
    await post(discord, discord.fake.guildMessage({ content: DISCORD_PASTE }));
    await expect.poll(() => replies(discord!).length).toBe(2);
    await discord.handle.idle(20_000);
    const [limited, retried] = replies(discord);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(150);
    expect(discord.services.logLines.filter((l) => l.event === 'auto_reply')).toHaveLength(1);
    expect(await counterTotal(discord.services, 'errcode_faults_total')).toBe(0);

    await post(discord, discord.fake.guildMessage({ content: DISCORD_PASTE }));
    expect(replies(discord)).toHaveLength(3);
  });

  it('two 500s — discord.js retries and the reply arrives', async () => {
    trap = trapUnhandled();
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    discord.fake.override(REPLY_POST, serverError(500), { times: 2 });
    await post(discord, discord.fake.guildMessage({ content: DISCORD_PASTE }));
    expect(replies(discord)).toHaveLength(3);
    expect(discord.services.logLines.filter((l) => l.event === 'auto_reply')).toHaveLength(1);
    expect(await counterTotal(discord.services, 'errcode_faults_total')).toBe(0);
  });

  it('500 on every attempt — the fault is logged and counted, and the next message gets its reply', async () => {
    trap = trapUnhandled();
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    const remove = discord.fake.override(REPLY_POST, serverError(500));
    await post(discord, discord.fake.guildMessage({ content: DISCORD_PASTE }));
    // discord.js: the first attempt and three retries.
    expect(replies(discord)).toHaveLength(4);
    expect(discord.services.logLines.find((l) => l.event === 'handler_fault')).toMatchObject({
      platform: 'discord',
      handler: 'message',
      err: { status: 500 },
      level: 50,
    });
    expect(await counterTotal(discord.services, 'errcode_faults_total', { platform: 'discord', kind: 'handler' })).toBe(1);
    // The fault is not announced in the channel (nobody asked), and the log holds no paste.
    expect(discord.services.rawLog()).not.toContain('get player info fail');

    remove();
    await post(discord, discord.fake.guildMessage({ content: DISCORD_PASTE }));
    expect(replies(discord)).toHaveLength(5);
    expect(await counterTotal(discord.services, 'errcode_auto_replies_total')).toBe(1);
  });
});

describe('the Discord gateway dropping mid-stream', () => {
  it('the client resumes; every paste of the stream is answered exactly once, and a later one too', async () => {
    trap = trapUnhandled();
    discord = await startDiscord({ services: { policy: EVERY_PASTE } });
    const d = discord;
    const stream = Array.from({ length: 20 }, () => d.fake.guildMessage({ content: DISCORD_PASTE }));
    for (const message of stream.slice(0, 10)) d.fake.dispatch('MESSAGE_CREATE', message);
    d.fake.dropConnection();
    // Sent while the connection is down: Discord keeps them for the resumed session.
    for (const message of stream.slice(10)) d.fake.dispatch('MESSAGE_CREATE', message);
    await d.fake.waitForResume({ timeoutMs: 20_000 });
    await expect.poll(() => d.handle.connected()).toBe(true);
    await expect.poll(() => replies(d).length).toBe(stream.length);
    await d.handle.idle(20_000);
    const answered = replies(d).map((r) => (r.body as { message_reference?: { message_id?: string } }).message_reference?.message_id);
    expect(new Set(answered)).toEqual(new Set(stream.map((m) => m.id)));
    expect(d.fake.gatewayConnections).toBe(2);

    const later = d.fake.guildMessage({ content: DISCORD_PASTE });
    await post(d, later);
    expect(replies(d)).toHaveLength(stream.length + 1);
    const last = replies(d).at(-1)?.body as { message_reference?: { message_id?: string } } | undefined;
    expect(last?.message_reference?.message_id).toBe(later.id);
    expect(d.services.logLines.find((l) => l.event === 'discord_resumed')).toBeDefined();
    expect(await counterTotal(d.services, 'errcode_faults_total')).toBe(0);
  });
});
