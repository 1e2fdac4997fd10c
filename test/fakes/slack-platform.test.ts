/**
 * Proves the fake Slack platform against the real @slack/bolt App (HTTP and Socket Mode).
 */
import { App, type AppOptions, SocketModeReceiver, webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  blockActions,
  type CapturingLogger,
  captureLogger,
  eventCallback,
  FAKE_IDS,
  type FakeSlack,
  messageEvent,
  messageShortcut,
  reply,
  serverUrl,
  signedRequest,
  slashCommand,
  startFakeSlack,
  urlVerification,
} from './slack-platform.js';

const SECRET = 'test-signing-secret';
const BOT_TOKEN = 'xoxb-test';

let fake: FakeSlack;
let apps: Array<{ app: App; socket: boolean }> = [];

beforeEach(async () => {
  fake = await startFakeSlack();
});

afterEach(async () => {
  for (const { app } of apps) await app.stop().catch(() => undefined);
  // app.stop() resolves before a Socket Mode connection has closed: wait for it.
  if (apps.some((a) => a.socket)) await fake.waitForSocketsClosed({ timeoutMs: 3000 });
  apps = [];
  await fake.close();
});

/** A Bolt App in HTTP mode on 127.0.0.1:<random>, talking to the fake. */
async function startHttpApp(
  setup: (app: App) => void,
  options: Partial<AppOptions> = {},
): Promise<{ app: App; url: string; logger: CapturingLogger }> {
  const logger = captureLogger();
  const app = new App({
    token: BOT_TOKEN,
    signingSecret: SECRET,
    logger,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    ...options,
  });
  setup(app);
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  apps.push({ app, socket: false });
  return { app, url: serverUrl(server), logger };
}

/** Resolves with the first value passed to `hit`, or rejects after `ms`. */
function deferred<T>(ms = 2000): { promise: Promise<T>; hit: (value: T) => void } {
  let hit!: (value: T) => void;
  const promise = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`listener not called within ${ms} ms`)), ms);
    hit = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
  });
  return { promise, hit };
}

describe('fake Slack + Bolt HTTP mode', () => {
  it('runs a signed slash command: ack 200, respond() and chat.postMessage reach the fake', async () => {
    const { url, logger } = await startHttpApp((app) => {
      app.command('/errcode', async ({ command, ack, respond, client }) => {
        await ack({ response_type: 'ephemeral', text: `Looking up ${command.text}…` });
        await respond({ response_type: 'in_channel', text: `Code ${command.text}: login failed` });
        await client.chat.postMessage({
          channel: command.channel_id,
          text: `Code ${command.text}`,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${command.text}*` } }],
        });
      });
    });

    const res = await signedRequest(url, SECRET, slashCommand({ text: '1002', response_url: fake.responseUrl('cmd-1') }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response_type: 'ephemeral', text: 'Looking up 1002…' });

    const post = await fake.waitForResponsePost('cmd-1');
    expect(post.body).toEqual({ response_type: 'in_channel', text: 'Code 1002: login failed' });
    expect(post.headers['content-type']).toBe('application/json');

    const call = await fake.waitForCall('chat.postMessage');
    expect(call.token).toBe(BOT_TOKEN);
    expect(call.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(call.contentType).toBe('application/x-www-form-urlencoded');
    expect(call.args).toMatchObject({ channel: FAKE_IDS.channelId, text: 'Code 1002' });
    expect(call.args.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*1002*' } }]);

    // The App called auth.test (at construction) with the bot token.
    expect(fake.callsTo('auth.test')[0]?.token).toBe(BOT_TOKEN);
    expect(logger.problems()).toEqual([]);
  });

  it('answers 401 to a bad signature, a wrong secret, missing headers and a stale timestamp', async () => {
    let calls = 0;
    const { url } = await startHttpApp((app) => {
      app.command('/errcode', async ({ ack }) => {
        calls += 1;
        await ack();
      });
    });
    const cmd = slashCommand({ text: '1002', response_url: fake.responseUrl() });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;

    expect((await signedRequest(url, SECRET, cmd, { signature: 'v0=deadbeef' })).status).toBe(401);
    expect((await signedRequest(url, 'wrong-secret', cmd)).status).toBe(401);
    expect((await signedRequest(url, SECRET, cmd, { unsigned: true })).status).toBe(401);
    expect((await signedRequest(url, SECRET, cmd, { timestamp: sixMinutesAgo })).status).toBe(401);
    expect(calls).toBe(0);
    // Control: the same request, correctly signed, is accepted.
    expect((await signedRequest(url, SECRET, cmd)).status).toBe(200);
    expect(calls).toBe(1);
  });

  it('delivers block_actions to app.action and a message shortcut to app.shortcut', async () => {
    const action = deferred<{ value: string | undefined; user: string }>();
    const shortcut = deferred<string>();
    const { url } = await startHttpApp((app) => {
      app.action('explain_more', async ({ ack, body, action: a, respond }) => {
        await ack();
        action.hit({ value: 'value' in a ? a.value : undefined, user: body.user.id });
        await respond({ replace_original: true, text: 'expanded' });
      });
      app.shortcut('explain_message', async ({ ack, shortcut: s }) => {
        await ack();
        shortcut.hit(s.type === 'message_action' ? (s.message.text ?? '') : '');
      });
    });

    const clicked = await signedRequest(
      url,
      SECRET,
      blockActions({
        actions: [{ action_id: 'explain_more', value: '1002' }],
        response_url: fake.responseUrl('act-1'),
      }),
    );
    expect(clicked.status).toBe(200);
    expect(await action.promise).toEqual({ value: '1002', user: FAKE_IDS.userId });
    expect((await fake.waitForResponsePost('act-1')).body).toEqual({ replace_original: true, text: 'expanded' });

    const sc = messageShortcut({ callback_id: 'explain_message', response_url: fake.responseUrl() });
    expect((await signedRequest(url, SECRET, sc)).status).toBe(200);
    expect(await shortcut.promise).toBe('error 1002 when logging in');
  });

  it('delivers Events API messages to app.message; answers url_verification; passes retry headers', async () => {
    const seen: Array<{ text: string | undefined; subtype: string | undefined; retryNum: number | undefined }> = [];
    const second = deferred<void>();
    const { url } = await startHttpApp((app) => {
      app.message(async ({ message, context }) => {
        seen.push({
          text: 'text' in message ? message.text : undefined,
          subtype: message.subtype,
          retryNum: context.retryNum,
        });
        if (seen.length === 2) second.hit();
      });
    });

    const challenge = await signedRequest(url, SECRET, urlVerification('abc123'));
    expect(challenge.status).toBe(200);
    expect(challenge.json).toEqual({ challenge: 'abc123' });

    // Our own bot's message (user = bot user id) is dropped by Bolt's ignoreSelf.
    const own = eventCallback(messageEvent({ text: 'from me', user: FAKE_IDS.botUserId, bot_id: FAKE_IDS.botId }));
    expect((await signedRequest(url, SECRET, own)).status).toBe(200);

    const human = eventCallback(messageEvent({ text: 'what is E1002?', thread_ts: '1700000000.000001' }));
    expect((await signedRequest(url, SECRET, human, { retryNum: 1 })).status).toBe(200);
    // Another bot's message is NOT filtered by Bolt: adapters must check bot_id themselves.
    const otherBot = eventCallback(messageEvent({ text: 'beep', subtype: 'bot_message', bot_id: 'B0OTHERBOT', user: undefined }));
    expect((await signedRequest(url, SECRET, otherBot)).status).toBe(200);
    await second.promise;

    // Each request is acked before its listener runs, so do not rely on the order.
    expect(seen).toHaveLength(2);
    expect(seen).toEqual(
      expect.arrayContaining([
        { text: 'what is E1002?', subtype: undefined, retryNum: 1 },
        { text: 'beep', subtype: 'bot_message', retryNum: undefined },
      ]),
    );
  });

  it('serves file_share downloads only with the bot token', async () => {
    const file = fake.addFile({ name: 'log.txt', content: 'E1002 at login\n' });
    const downloaded = deferred<string>();
    const { url } = await startHttpApp((app) => {
      app.message(async ({ message }) => {
        if (message.subtype !== 'file_share') return;
        const target = message.files?.[0]?.url_private_download ?? '';
        const res = await fetch(target, { headers: { Authorization: `Bearer ${BOT_TOKEN}` } });
        downloaded.hit(await res.text());
      });
    });

    const share = eventCallback(messageEvent({ subtype: 'file_share', text: 'see log', files: [file] }));
    expect((await signedRequest(url, SECRET, share)).status).toBe(200);
    expect(await downloaded.promise).toBe('E1002 at login\n');
    expect(fake.fileDownloads[0]).toMatchObject({ fileId: file.id, served: true, authorization: `Bearer ${BOT_TOKEN}` });

    // Without the token Slack redirects to an HTML sign-in page (status 200!), as the fake does.
    const anonymous = await fetch(file.url_private_download);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('content-type')).toContain('text/html');
    expect(fake.fileDownloads[1]).toMatchObject({ served: false, authorization: undefined });
  });
});

describe('fake Slack Web API and response_url behaviours (through Bolt clients)', () => {
  function client(options: webApi.WebClientOptions = {}): webApi.WebClient {
    return new webApi.WebClient(BOT_TOKEN, {
      slackApiUrl: fake.apiUrl,
      logger: captureLogger(),
      retryConfig: { retries: 0 },
      ...options,
    });
  }

  it('has sensible defaults for the methods adapters use', async () => {
    const web = client();
    const auth = await web.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: FAKE_IDS.botUserId, bot_id: FAKE_IDS.botId, team_id: FAKE_IDS.teamId });
    const posted = await web.chat.postMessage({ channel: 'C1', text: 'hi', thread_ts: '1.2' });
    expect(posted).toMatchObject({ ok: true, channel: 'C1', message: { thread_ts: '1.2' } });
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
    await expect(web.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'x' })).resolves.toMatchObject({ ok: true });
    await expect(web.chat.update({ channel: 'C1', ts: posted.ts ?? '', text: 'y' })).resolves.toMatchObject({ ts: posted.ts });
    const view = await web.views.open({ trigger_id: 't', view: { type: 'modal', title: { type: 'plain_text', text: 'T' }, blocks: [] } });
    expect(view.view).toMatchObject({ type: 'modal' });
    await expect(web.conversations.replies({ channel: 'C1', ts: '1.2' })).resolves.toMatchObject({ messages: [] });
    await expect(web.conversations.history({ channel: 'C1' })).resolves.toMatchObject({ messages: [] });
    const file = fake.addFile({ content: 'x' });
    await expect(web.files.info({ file: file.id })).resolves.toMatchObject({ file: { id: file.id } });
    await expect(web.apps.connections.open({ token: 'xapp-test' })).resolves.toMatchObject({
      url: expect.stringContaining('ws://127.0.0.1'),
    });
    await expect(web.apps.connections.open()).rejects.toMatchObject({ data: { error: 'not_allowed_token_type' } });
  });

  it('overrides responses: ok:false, HTTP 500, HTTP 429 with Retry-After, delays', async () => {
    const web = client();
    fake.queueApiResponse('chat.postMessage', reply.error('channel_not_found'), reply.httpError(500));
    await expect(web.chat.postMessage({ channel: 'C1', text: 'a' })).rejects.toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { error: 'channel_not_found' },
    });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'a' })).rejects.toMatchObject({
      code: 'slack_webapi_http_error',
      statusCode: 500,
    });
    // Queue drained: back to the default.
    await expect(web.chat.postMessage({ channel: 'C1', text: 'a' })).resolves.toMatchObject({ ok: true });

    fake.setApiResponse('chat.postMessage', reply.rateLimited(7));
    const strict = client({ rejectRateLimitedCalls: true });
    await expect(strict.chat.postMessage({ channel: 'C1', text: 'a' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
    fake.resetApiResponses();

    // Without rejectRateLimitedCalls the client sleeps Retry-After seconds and retries (retryConfig permitting).
    fake.queueApiResponse('chat.postMessage', reply.rateLimited(0));
    const patient = client({ retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 } });
    await expect(patient.chat.postMessage({ channel: 'C1', text: 'a' })).resolves.toMatchObject({ ok: true });

    fake.queueApiResponse('chat.update', (call) => ({ delayMs: 150, body: { ok: true, ts: call.args.ts } }));
    const started = Date.now();
    await expect(web.chat.update({ channel: 'C1', ts: '9.9', text: 'z' })).resolves.toMatchObject({ ts: '9.9' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    await expect(fake.waitForCall('chat.delete', { timeoutMs: 50 })).rejects.toThrow(
      /timed out after 50 ms waiting for Web API call chat.delete/,
    );
  });

  it('lets response_url fail, delay or hang', async () => {
    const { url } = await startHttpApp((app) => {
      app.command('/errcode', async ({ ack, respond, command }) => {
        await ack();
        try {
          await respond(command.text);
        } catch (error) {
          await respond(`failed: ${(error as Error).message}`).catch(() => undefined);
        }
      });
    });
    fake.setResponseUrlBehavior('expired', { status: 404 });
    await signedRequest(url, SECRET, slashCommand({ text: 'first', response_url: fake.responseUrl('expired') }));
    expect((await fake.waitForResponsePost('expired')).body).toEqual({ text: 'first' });
    // respond() throws RespondError on a non-2xx answer.
    expect((await fake.waitForResponsePost('expired')).body).toEqual({
      text: 'failed: Failed to respond to the response_url: 404 Not Found',
    });

    fake.setResponseUrlBehavior('slow', { delayMs: 200 });
    const started = Date.now();
    const res = await fetch(fake.responseUrl('slow'), { method: 'POST', body: '{"text":"x"}' });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);

    fake.setResponseUrlBehavior('dead', { hang: true });
    await expect(
      fetch(fake.responseUrl('dead'), { method: 'POST', body: '{"text":"x"}', signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    expect(fake.responsePosts.filter((p) => p.id === 'dead')).toHaveLength(1);
  });
});

describe('fake Slack + Bolt Socket Mode', () => {
  async function startSocketApp(
    setup: (app: App) => void,
    receiverOptions: { clientPingTimeout?: number } = {},
  ): Promise<{ app: App; logger: CapturingLogger }> {
    const logger = captureLogger();
    const clientOptions = { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } };
    const app =
      receiverOptions.clientPingTimeout === undefined
        ? new App({ token: BOT_TOKEN, appToken: 'xapp-test', socketMode: true, logger, clientOptions })
        : new App({
            token: BOT_TOKEN,
            logger,
            clientOptions,
            receiver: new SocketModeReceiver({
              appToken: 'xapp-test',
              logger,
              clientPingTimeout: receiverOptions.clientPingTimeout,
              installerOptions: { clientOptions },
            }),
          });
    setup(app);
    apps.push({ app, socket: true });
    await app.start();
    return { app, logger };
  }

  it('receives a slash_commands envelope, acks it with the response payload, and runs the listener', async () => {
    const { logger } = await startSocketApp((app) => {
      app.command('/errcode', async ({ command, ack, respond }) => {
        await ack({ text: `Looking up ${command.text}` });
        await respond(`Code ${command.text}`);
      });
    });
    const open = fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe('xapp-test');

    const cmd = slashCommand({ text: '1002', response_url: fake.responseUrl('sock-1') });
    const ack = await fake.pushEnvelope('slash_commands', cmd.payload);
    expect(ack.payload).toEqual({ text: 'Looking up 1002' });
    expect(ack.elapsedMs).toBeLessThan(1000);
    expect((await fake.waitForResponsePost('sock-1')).body).toEqual({ text: 'Code 1002' });
    expect(logger.problems()).toEqual([]);
  });

  it('delivers events_api and interactive envelopes', async () => {
    const message = deferred<string>();
    const action = deferred<string>();
    await startSocketApp((app) => {
      app.message(async ({ message: m }) => message.hit('text' in m ? (m.text ?? '') : ''));
      app.action('explain_more', async ({ ack, body }) => {
        await ack();
        action.hit(body.user.id);
      });
    });

    const eventAck = await fake.pushEnvelope('events_api', eventCallback(messageEvent({ text: 'E1002?' })).payload);
    expect(eventAck.payload).toEqual({});
    expect(await message.promise).toBe('E1002?');

    const click = blockActions({ actions: [{ action_id: 'explain_more' }], response_url: fake.responseUrl() });
    await fake.pushEnvelope('interactive', click.payload);
    expect(await action.promise).toBe(FAKE_IDS.userId);
  });

  it('reconnects after the connection is dropped or a disconnect message is sent', async () => {
    const seen: string[] = [];
    await startSocketApp(
      (app) => {
        app.command('/errcode', async ({ command, ack }) => {
          seen.push(command.text);
          await ack();
        });
      },
      { clientPingTimeout: 300 }, // the reconnect delay is clientPingTimeout x consecutive failures
    );
    fake.dropSocket('terminate');
    await fake.waitForSocketConnections(2);
    await fake.pushEnvelope('slash_commands', slashCommand({ text: 'after-drop', response_url: fake.responseUrl() }).payload);

    fake.dropSocket('disconnect');
    await fake.waitForSocketConnections(3);
    await fake.pushEnvelope('slash_commands', slashCommand({ text: 'after-refresh', response_url: fake.responseUrl() }).payload);

    expect(seen).toEqual(['after-drop', 'after-refresh']);
    expect(fake.callsTo('apps.connections.open')).toHaveLength(3);
  });
});
