/**
 * An application that was not granted the privileged Message Content intent: Discord closes the
 * gateway with 4014 when IDENTIFY asks for it. The adapter warns once, comes back without it, and
 * keeps serving everything that does not need to read other people's messages.
 */
import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGE_CONTENT_MISSING, startDiscord } from '../../../adapters/discord/index.js';
import { healthReport } from '../../../src/runtime/health-server.js';
import { MemoryStateStore } from '../../../src/state/memory.js';
import { testServices } from '../../helpers/services.js';
import { embedText, type Harness, interact, post, replies, startHarness, stopHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

const identifies = (harness: Harness) => harness.fake.gatewayFrames.filter((frame) => frame.op === 2);
const intentsOf = (frame: { d: unknown }) => (frame.d as { intents: number }).intents;

describe('Discord without the Message Content intent (gateway close 4014)', () => {
  it('warns once with what is missing and where to switch it on, then reconnects without it', async () => {
    h = await startHarness({ fake: { messageContentGranted: false } });
    expect(h.handle.connected()).toBe(true);
    const [first, second, ...more] = identifies(h);
    expect(more).toHaveLength(0);
    expect(intentsOf(first!) & GatewayIntentBits.MessageContent).toBe(GatewayIntentBits.MessageContent);
    expect(intentsOf(second!)).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);

    const warnings = h.services.logLines.filter((line) => line.event === 'discord_intent_missing');
    expect(warnings).toHaveLength(1);
    const message = String(warnings[0]?.msg);
    expect(message).toContain('Message Content Intent');
    expect(message).toContain('discord.com/developers/applications');
    expect(message).toContain('/errcode');
    expect(h.services.logLines.some((line) => line.event === 'discord_login_failed')).toBe(false);
    expect(h.handle.degraded?.()).toEqual([MESSAGE_CONTENT_MISSING]);
  });

  it('/healthz stays ready and says what is missing', async () => {
    h = await startHarness({ fake: { messageContentGranted: false } });
    const handle = h.handle;
    const report = healthReport({ engines: h.services.engines, metrics: h.services.metrics, adapters: () => [handle] });
    expect(report.ready).toBe(true);
    expect(report.degraded).toBe(true);
    expect(report.adapters.discord).toEqual({
      connected: true,
      degraded: [MESSAGE_CONTENT_MISSING],
      shards: [expect.objectContaining({ id: 0, connected: true, status: 'Ready' })],
    });
  });

  it('keeps serving /errcode, autocomplete, buttons, the Explain error command and @mentions', async () => {
    h = await startHarness({ fake: { messageContentGranted: false } });

    const answer = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '100014' } }));
    expect(answer.type).toBe(4);
    expect(embedText(answer.data?.embeds)).toContain('access token is expired');

    const suggestions = await interact(
      h,
      h.fake.autocomplete({ name: 'errcode', focused: { name: 'query', value: '10001' }, options: { query: '10001' } }),
    );
    expect(suggestions.type).toBe(8);
    expect(suggestions.data?.choices?.length).toBeGreaterThan(0);

    const button = (answer.data?.components ?? []).flatMap((row) => row.components).find((c) => typeof c.custom_id === 'string');
    const clicked = await interact(h, h.fake.componentInteraction({ customId: String(button?.custom_id) }));
    expect([4, 6, 7]).toContain(clicked.type);

    const target = h.fake.guildMessage({ content: '{"code":6004,"data":"get player info fail"}' });
    const explained = await interact(h, h.fake.messageCommand({ name: 'Explain error', target }));
    expect(embedText(explained.data?.embeds)).toContain('6004');

    await post(h, h.fake.guildMessage({ content: `<@${h.fake.ids.bot}> 100014`, mentions: [h.fake.botUser] }));
    expect(replies(h)).toHaveLength(1);
    expect(JSON.stringify(replies(h)[0]?.body)).toContain('access token is expired');
  });

  it('a paste in a channel goes unanswered (Discord blanks its content), without errors', async () => {
    h = await startHarness({ fake: { messageContentGranted: false } });
    await post(h, h.fake.guildMessage({ content: '{"code":6004,"data":"get player info fail"}' }));
    expect(replies(h)).toHaveLength(0);
    expect(h.services.logLines.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });

  it('an intent revoked while running (4014 on a later connection) also falls back, once', async () => {
    h = await startHarness();
    expect(h.handle.degraded?.()).toEqual([]);
    h.fake.dropConnection(4014);
    await expect.poll(() => h!.handle.degraded?.()).toEqual([MESSAGE_CONTENT_MISSING]);
    await expect.poll(() => h!.handle.connected()).toBe(true);
    expect(intentsOf(identifies(h).at(-1)!)).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    expect(h.services.logLines.filter((line) => line.event === 'discord_intent_missing')).toHaveLength(1);
    const answer = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '100014' } }));
    expect(embedText(answer.data?.embeds)).toContain('access token is expired');
  });

  it('a stored session from a run that had the intent: RESUME refused, 4014 on IDENTIFY, the fallback stays connected', async () => {
    // What CI on Node 24 met through a shared SQLite file: the session an earlier run stored is
    // not resumable, the re-IDENTIFY asks for Message Content and is closed with 4014, and the
    // first login's failure path once destroyed the fallback's new client (/healthz 503 for good).
    const store = new MemoryStateStore();
    h = await startHarness({ services: { state: store } });
    await h.handle.stop(); // a stop keeps the session resumable, as a restarted process finds it
    h.fake.faults.failResumes(true);
    h.fake.faults.grantMessageContent(false);
    const framesBefore = h.fake.gatewayFrames.length;

    const services = testServices({ state: store });
    const handle = await startDiscord({ token: 'fake-token', apiUrl: h.fake.apiUrl }, services, {
      readyTimeoutMs: 5000,
      stopGraceMs: 1000,
    });
    h = { fake: h.fake, services, handle };
    // The restored session lets start-up return before the gateway settles: poll for the fallback.
    await expect.poll(() => handle.degraded?.(), { timeout: 10_000 }).toEqual([MESSAGE_CONTENT_MISSING]);
    await expect.poll(() => handle.connected(), { timeout: 10_000 }).toBe(true);
    const frames = h.fake.gatewayFrames.slice(framesBefore).map((frame) => frame.op);
    expect(frames.filter((op) => op === 6)).toHaveLength(1); // the stored session was tried
    const [withIntent, withoutIntent] = identifies(h).slice(-2);
    expect(intentsOf(withIntent!) & GatewayIntentBits.MessageContent).toBe(GatewayIntentBits.MessageContent);
    expect(intentsOf(withoutIntent!)).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    expect(healthReport({ engines: services.engines, metrics: services.metrics, adapters: () => [handle] }).ready).toBe(true);
    const answer = await interact(h, h.fake.slashCommand({ name: 'errcode', options: { query: '100014' } }));
    expect(embedText(answer.data?.embeds)).toContain('access token is expired');
  });

  it('with the intent granted, identifies once with it and reports nothing missing', async () => {
    h = await startHarness();
    expect(identifies(h)).toHaveLength(1);
    expect(h.handle.degraded?.()).toEqual([]);
    expect(h.services.logLines.some((line) => line.event === 'discord_intent_missing')).toBe(false);
  });
});
