/** startSlack() in Socket Mode (SLACK_APP_TOKEN set) against the fake's WebSocket. */
import { afterEach, describe, expect, it } from 'vitest';
import { ui } from '../../../src/messages.js';
import { blockActions, eventCallback, FAKE_IDS, messageEvent, slashCommand } from '../../fakes/slack-platform.js';
import {
  APP_TOKEN,
  BOT_TOKEN,
  buttonLabels,
  element,
  expectWithinLimits,
  type Harness,
  type SentMessage,
  startHarness,
  stopHarness,
  visibleText,
} from './harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

describe('Socket Mode', () => {
  it('connects with the app token, acks a slash command envelope at once and answers through respond()', async () => {
    h = await startHarness({ socket: true });
    expect(h.slack.connected()).toBe(true);
    expect(h.slack.address).toBeUndefined();
    expect(h.fake.callsTo('apps.connections.open')[0]?.token).toBe(APP_TOKEN);
    expect(h.fake.callsTo('auth.test')[0]?.token).toBe(BOT_TOKEN);

    const cmd = slashCommand({ text: '100014', response_url: h.fake.responseUrl('sock-cmd') });
    const ack = await h.fake.pushEnvelope('slash_commands', cmd.payload);
    expect(ack.elapsedMs).toBeLessThan(500);
    expect(ack.payload ?? {}).toEqual({});
    const card = (await h.fake.waitForResponsePost('sock-cmd')).body as SentMessage;
    expect(card.response_type).toBe('ephemeral');
    expectWithinLimits(card);
    expect(visibleText(card)).toContain('access token is expired');
    expect(buttonLabels(card)).toContain('Share in channel');

    // An interaction on that card arrives on the socket too.
    const deeper = element(card, 'errcode_still_failing');
    await h.fake.pushEnvelope(
      'interactive',
      blockActions({
        actions: [{ action_id: 'errcode_still_failing', value: deeper?.value ?? '' }],
        response_url: h.fake.responseUrl('sock-act'),
        container: { type: 'message', message_ts: '1.2', channel_id: h.fake.ids.channelId, is_ephemeral: true },
      }).payload,
    );
    const toggled = (await h.fake.waitForResponsePost('sock-act')).body as SentMessage;
    expect(toggled.replace_original).toBe(true);
    expect(visibleText(toggled)).toContain(ui('lastResort', 'en'));
  });

  it('auto-replies to an events_api paste and ignores the redelivered envelope', async () => {
    h = await startHarness({ socket: true });
    const event = eventCallback(messageEvent({ text: '{"error":1101,"sub_error":20155}', ts: '1700000900.000100' }), {
      event_id: 'Ev0SOCKET',
    });
    await h.fake.pushEnvelope('events_api', event.payload);
    await h.fake.pushEnvelope('events_api', event.payload, { retryAttempt: 1, retryReason: 'timeout' });
    await h.slack.settled(20_000);
    const replies = h.fake.callsTo('chat.postMessage');
    expect(replies).toHaveLength(1);
    expect(replies[0]?.args).toMatchObject({ channel: FAKE_IDS.channelId, thread_ts: '1700000900.000100' });
  });

  it('stop() returns once the socket is closed; no token ever reaches the log', async () => {
    h = await startHarness({ socket: true });
    await h.fake.pushEnvelope('slash_commands', slashCommand({ text: 'help', response_url: h.fake.responseUrl('sock-help') }).payload);
    await h.fake.waitForResponsePost('sock-help');
    await h.slack.stop();
    expect(h.fake.openSocketCount).toBe(0);
    expect(h.slack.connected()).toBe(false);
    const log = h.services.rawLog();
    expect(log).toContain('slack_stopped');
    expect(log).not.toContain(APP_TOKEN);
    expect(log).not.toContain(BOT_TOKEN);
    // A second stop() is harmless.
    await h.slack.stop();
  });

  it('reconnects after the connection drops and keeps answering', async () => {
    h = await startHarness({ socket: true });
    h.fake.dropSocket('terminate');
    await h.fake.waitForSocketConnections(2, { timeoutMs: 20_000 });
    await h.fake.pushEnvelope('slash_commands', slashCommand({ text: '100014', response_url: h.fake.responseUrl('after-drop') }).payload);
    expect(visibleText((await h.fake.waitForResponsePost('after-drop')).body as SentMessage)).toContain('access token is expired');
  });
});

describe('malformed Socket Mode envelopes are acked and refused before Bolt, as HTTP gets a 400', () => {
  const interaction = (edit: (payload: Record<string, unknown>) => void) => {
    const payload = structuredClone(
      blockActions({ response_url: 'http://127.0.0.1:1/never', actions: [{ action_id: 'errcode_more', value: 'x' }] }).payload,
    );
    edit(payload);
    return payload;
  };

  it.each([
    ['an interactive envelope without a body', 'interactive' as const, () => null],
    ['a block action without user', 'interactive' as const, () => interaction((p) => delete p.user)],
    [
      'checkboxes without selected_options',
      'interactive' as const,
      () =>
        interaction((p) => {
          const [first] = p.actions as Array<Record<string, unknown>>;
          if (first) first.type = 'checkboxes';
        }),
    ],
    ['an event_callback without event', 'events_api' as const, () => ({ type: 'event_callback', event_id: 'Ev0BROKEN' })],
    [
      'a slash command without user_id',
      'slash_commands' as const,
      () => {
        const { user_id: _user, ...rest } = slashCommand({ text: '100014', response_url: 'http://127.0.0.1:1/never' }).payload;
        return rest;
      },
    ],
  ])('%s', async (_name, type, body) => {
    h = await startHarness({ socket: true });
    const ack = await h.fake.pushEnvelope(type, body() as unknown as Record<string, unknown>);
    expect(ack.payload ?? {}).toEqual({});
    const log = h.services.rawLog();
    expect(log).toContain('slack_envelope_refused');
    expect(log).not.toContain('slack_process_event_failed');
    expect(h.fake.callsTo('chat.postEphemeral')).toHaveLength(0);
    // Still answering on the same connection.
    await h.fake.pushEnvelope('slash_commands', slashCommand({ text: '100014', response_url: h.fake.responseUrl('after-bad') }).payload);
    expect(visibleText((await h.fake.waitForResponsePost('after-bad')).body as SentMessage)).toContain('access token is expired');
  });
});
