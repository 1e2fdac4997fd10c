import { afterEach, describe, expect, it } from 'vitest';
import { rateLimited, serverError } from '../../fakes/discord-platform.js';
import { type CallbackBody, component, customIds, type Harness, interact, post, replies, startHarness, stopHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

const PASTE = '{"code":6004,"data":"get player info fail"}';

type Posted = CallbackBody['data'] & { message_reference?: { message_id?: string } };

describe('auto-replies to pasted errors on Discord', () => {
  it('replies to a 6004 paste with a compact card, threaded to the message, pinging nobody', async () => {
    h = await startHarness();
    const message = h.fake.guildMessage({ content: PASTE });
    await post(h, message);
    const [reply] = replies(h);
    const body = reply?.body as Posted;
    expect(reply?.path).toBe(`/channels/${h.fake.ids.channel}/messages`);
    expect(body.message_reference?.message_id).toBe(message.id);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(body.embeds).toHaveLength(1);
    expect(body.embeds?.[0]?.title).toMatch(/^`6004` — /);
    expect(body.embeds?.[0]?.title).toContain('get player info fail');
    // The checklist's size in words, and why it matched without saying a word twice.
    expect(body.embeds?.[0]?.description).toContain('_Fix checklist: 4 steps, under Show fix checklist_');
    const footer = body.embeds?.[0]?.footer?.text ?? '';
    expect(footer).toContain('the message text "get player info fail"');
    expect(footer).not.toContain('the message text "player"');
    const labels = (body.components ?? []).flatMap((row) => row.components.map((c) => c.label));
    expect(labels).toEqual(['Show fix checklist', 'Not relevant']);
    const line = h.services.logLines.find((l) => l.event === 'auto_reply');
    expect(line).toMatchObject({ platform: 'discord', catalog: 'huawei-quickapp', code: '6004', outcome: 'replied', level: 30 });
    expect(h.services.rawLog()).not.toContain('get player info fail"}');
  });

  it('a fix longer than an auto-reply shows ends on a whole sentence and points at the rest', async () => {
    h = await startHarness();
    await post(h, h.fake.guildMessage({ content: 'quick login fails: {"errCode":60180007}' }));
    const description = (replies(h)[0]?.body as Posted | undefined)?.embeds?.[0]?.description ?? '';
    expect(description).toContain('(申请账号权限). _More under Show fix checklist_');
    expect(description).not.toContain('QuickLoginButtonComponent');
    expect(description).not.toContain('…');
  });

  it('reads a message.txt attachment (Discord turns long pastes into one) and answers it', async () => {
    h = await startHarness();
    const content = `${'log line without codes\n'.repeat(200)}NSP_STATUS: 102\n`;
    await post(
      h,
      h.fake.guildMessage({ content: '', attachments: [{ filename: 'message.txt', content, contentType: 'text/plain; charset=utf-8' }] }),
    );
    expect(h.fake.attachmentFetches.map((f) => f.filename)).toEqual(['message.txt']);
    const [reply] = replies(h);
    expect((reply?.body as Posted | undefined)?.embeds?.[0]?.title).toMatch(/^`102` — /);
  });

  it('refuses a binary file named .txt: no crash, no reply', async () => {
    h = await startHarness();
    const binary = new Uint8Array(4096).map((_, i) => (i * 7) % 256);
    await post(h, h.fake.guildMessage({ attachments: [{ filename: 'crash.txt', content: binary, contentType: 'text/plain' }] }));
    expect(h.fake.attachmentFetches).toHaveLength(1);
    expect(replies(h)).toHaveLength(0);
    expect(h.services.logLines.filter((l) => l.event === 'handler_fault')).toHaveLength(0);
  });

  it('does not download an attachment declared larger than the limit', async () => {
    h = await startHarness({ services: { attachments: { maxBytes: 1024 } } });
    await post(
      h,
      h.fake.guildMessage({
        attachments: [{ filename: 'message.txt', content: 'NSP_STATUS: 102', size: 4096, contentType: 'text/plain' }],
      }),
    );
    expect(h.fake.attachmentFetches).toHaveLength(0);
    expect(replies(h)).toHaveLength(0);
  });

  it('ignores other bots, webhooks and its own messages', async () => {
    h = await startHarness();
    await post(h, h.fake.guildMessage({ content: PASTE, bot: true }));
    await post(h, h.fake.guildMessage({ content: PASTE, webhookId: '1500000000000000001' }));
    await post(h, h.fake.guildMessage({ content: PASTE, author: h.fake.botUser }));
    expect(replies(h)).toHaveLength(0);
  });

  it('stays silent on ordinary chat', async () => {
    h = await startHarness();
    await post(h, h.fake.guildMessage({ content: 'sprint 15 starts monday' }));
    await post(h, h.fake.guildMessage({ content: 'I had 6 coffees and 404 problems' }));
    expect(replies(h)).toHaveLength(0);
  });

  it('a message calling the bot by name as typed text (no mention picked) is answered as asked', async () => {
    h = await startHarness();
    // A bare 6004 with no platform named is below the unprompted reply's bar; here someone asked.
    await post(h, h.fake.guildMessage({ content: 'what is 6004' }));
    expect(replies(h)).toHaveLength(0);
    const message = h.fake.guildMessage({ content: '@errcode what is 6004' });
    await post(h, message);
    const [reply] = replies(h);
    const body = reply?.body as Posted;
    expect(body.message_reference?.message_id).toBe(message.id);
    expect(body.embeds?.[0]?.title).toMatch(/^`6004` — /);
  });

  it('a paste with @everyone and mentions never pings anyone', async () => {
    h = await startHarness();
    await post(h, h.fake.guildMessage({ content: `@everyone <@&1200000000000000005> <@1400000000000000002> look: ${PASTE}` }));
    const [reply] = replies(h);
    expect((reply?.body as Posted | undefined)?.allowed_mentions?.parse).toEqual([]);
    expect(JSON.stringify(reply?.body)).not.toContain('@everyone');
  });

  it('never echoes a credential in the paste; tells the poster to rotate it', async () => {
    h = await startHarness();
    const secret = 'ya29.A0ARrdaM-k3yV4lue9876543210';
    await post(h, h.fake.guildMessage({ content: `{"code":6004,"data":"get player info fail","access_token":"${secret}"}` }));
    const [reply] = replies(h);
    const body = reply?.body as Posted;
    expect(body.content).toContain('seems to contain a credential (access-token)');
    expect(JSON.stringify(reply?.body)).not.toContain(secret);
    expect(JSON.stringify(reply?.body)).not.toContain('ya29');
    expect(h.services.rawLog()).not.toContain(secret);
  });

  it('500 identical pastes get one reply', async () => {
    h = await startHarness();
    const payloads = Array.from({ length: 500 }, () => h!.fake.guildMessage({ content: PASTE }));
    for (const payload of payloads.slice(0, -1)) h.fake.dispatch('MESSAGE_CREATE', payload);
    await post(h, payloads.at(-1)!);
    await expect.poll(() => h!.services.logLines.filter((l) => l.event === 'auto_reply_suppressed').length).toBe(499);
    await h.handle.idle();
    expect(replies(h)).toHaveLength(1);
  });

  it('the same message delivered twice (a replay) is answered once', async () => {
    h = await startHarness({ services: { policy: { cooldownMs: 0 } } });
    const message = h.fake.guildMessage({ content: PASTE });
    await post(h, message);
    // discord.js drops a replay of a message it still caches; past its cache, the deduper does.
    const channel = h.handle.client.channels.cache.get(h.fake.ids.channel);
    if (channel?.isTextBased()) channel.messages.cache.clear();
    await post(h, message);
    expect(replies(h)).toHaveLength(1);
    expect(h.services.logLines.filter((l) => l.event === 'auto_reply_suppressed')).toHaveLength(0);
  });

  it('a 429 on the reply is retried by the client and the reply arrives', async () => {
    h = await startHarness();
    h.fake.override({ method: 'POST', path: '/channels/:id/messages' }, rateLimited(0.1), { times: 1 });
    await post(h, h.fake.guildMessage({ content: PASTE }));
    await expect.poll(() => replies(h!).length).toBe(2);
    await h.handle.idle();
    expect(h.services.logLines.filter((l) => l.event === 'auto_reply')).toHaveLength(1);
    expect(h.services.logLines.filter((l) => l.event === 'handler_fault')).toHaveLength(0);
  });

  it('a reply that lands but answers too late is retried by the client and still posted once (its nonce)', async () => {
    // The flood test found this under load: discord.js aborts a POST after its REST timeout and sends
    // it again, and the first had already created the message.
    h = await startHarness({ adapter: { restTimeoutMs: 400 } });
    const slow = { method: 'POST', path: '/channels/:id/messages' };
    h.fake.override(slow, { asUsual: true, delayMs: 1_500 }, { times: 1 });
    const message = h.fake.guildMessage({ content: PASTE });
    await post(h, message);
    const sent = h.fake.requestsMatching(slow);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const request of sent) expect(request.body).toMatchObject({ nonce: message.id, enforce_nonce: true });
    expect(replies(h)).toHaveLength(1);
    expect(sent.slice(1).map((r) => r.duplicateOf !== undefined)).toEqual(sent.slice(1).map(() => true));
    expect(h.services.logLines.filter((l) => l.event === 'auto_reply')).toHaveLength(1);
    expect(h.services.logLines.filter((l) => l.event === 'handler_fault')).toHaveLength(0);
  });
  it('a reply Discord refuses (403) is logged as a fault; the bot carries on', async () => {
    h = await startHarness({ services: { policy: { cooldownMs: 0 } } });
    const remove = h.fake.override(
      { method: 'POST', path: '/channels/:id/messages' },
      { status: 403, body: { code: 50013, message: 'Missing Permissions' } },
    );
    await post(h, h.fake.guildMessage({ content: PASTE }));
    const fault = h.services.logLines.find((l) => l.event === 'handler_fault');
    expect(fault).toMatchObject({ handler: 'message', err: { status: 403, code: 50013 } });
    remove();
    await post(h, h.fake.guildMessage({ content: PASTE }));
    expect(h.services.logLines.filter((l) => l.event === 'auto_reply')).toHaveLength(1);
  });

  it('a reply of unknown outcome (server errors after every retry) keeps its cooldown; a refused one gives it back', async () => {
    h = await startHarness();
    const failing = h.fake.override({ method: 'POST', path: '/channels/:id/messages' }, serverError(500));
    await post(h, h.fake.guildMessage({ content: PASTE }));
    await h.handle.idle();
    expect(h.services.logLines.some((l) => l.event === 'handler_fault')).toBe(true);
    failing();
    // Discord may have posted it: the same code in the same channel is on cooldown, not answered twice.
    await post(h, h.fake.guildMessage({ content: PASTE }));
    await h.handle.idle();
    expect(h.services.logLines.filter((l) => l.event === 'auto_reply')).toHaveLength(0);
    expect(h.services.logLines.some((l) => l.event === 'auto_reply_suppressed' && l.reason === 'cooldown')).toBe(true);

    // A refusal (403) created nothing: the next paste of that code is answered.
    const other = 'NSP_STATUS: 102';
    const refusing = h.fake.override(
      { method: 'POST', path: '/channels/:id/messages' },
      { status: 403, body: { code: 50013, message: 'Missing Permissions' } },
    );
    await post(h, h.fake.guildMessage({ content: other }));
    await h.handle.idle();
    refusing();
    await post(h, h.fake.guildMessage({ content: other }));
    await h.handle.idle();
    expect(h.services.logLines.filter((l) => l.event === 'auto_reply')).toHaveLength(1);
  });

  it('Show fix checklist opens the full card privately, in the clicker’s language', async () => {
    h = await startHarness();
    await post(h, h.fake.guildMessage({ content: PASTE }));
    const body = replies(h)[0]?.body as Posted;
    const open = component(body, 'ec2:c:');
    const card = await interact(h, h.fake.componentInteraction({ customId: open?.custom_id ?? '', locale: 'zh-CN' as never }));
    expect(card.type).toBe(4);
    expect(card.data?.flags).toBe(64);
    expect(card.data?.embeds?.[0]?.fields?.[0]?.name).toContain('排查清单');
    expect(customIds(card.data).some((id) => id.startsWith('ec2:t:'))).toBe(true);
  });

  it('Not relevant mutes the code in the channel for a day', async () => {
    h = await startHarness({ services: { policy: { cooldownMs: 0 } } });
    await post(h, h.fake.guildMessage({ content: PASTE }));
    const mute = component(replies(h)[0]?.body as Posted, 'ec2:m:');
    const answer = await interact(h, h.fake.componentInteraction({ customId: mute?.custom_id ?? '' }));
    expect(answer).toMatchObject({
      type: 4,
      data: { flags: 64, content: 'OK, I will not auto-reply about 6004 in this channel for a day.' },
    });
    await post(h, h.fake.guildMessage({ content: PASTE }));
    expect(replies(h)).toHaveLength(1);
    expect(h.services.logLines.some((l) => l.event === 'auto_reply_suppressed' && l.reason === 'muted')).toBe(true);
  });

  it('a thread gets one answer per code, keyed by the thread', async () => {
    const thread = '1300000000000000777';
    h = await startHarness({
      services: { policy: { cooldownMs: 0 } },
    });
    h.fake.dispatch('THREAD_CREATE', {
      id: thread,
      type: 11,
      guild_id: h.fake.ids.guild,
      parent_id: h.fake.ids.channel,
      name: 'login bug',
      owner_id: h.fake.ids.user,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date().toISOString(), locked: false },
      newly_created: true,
    });
    await expect.poll(() => h!.handle.client.channels.cache.has(thread)).toBe(true);
    await post(h, h.fake.guildMessage({ content: PASTE, channelId: thread }));
    await post(h, h.fake.guildMessage({ content: PASTE, channelId: thread }));
    expect(replies(h).map((r) => r.path)).toEqual([`/channels/${thread}/messages`]);
    expect(h.services.logLines.some((l) => l.event === 'auto_reply_suppressed' && l.reason === 'thread-duplicate')).toBe(true);
  });

  it('a denied channel gets no auto-reply and no attachment download', async () => {
    h = await startHarness({ services: { policy: { denyChannels: ['1300000000000000001'] } } });
    await post(h, h.fake.guildMessage({ content: PASTE, attachments: [{ filename: 'message.txt', content: 'NSP_STATUS: 102' }] }));
    expect(replies(h)).toHaveLength(0);
    expect(h.fake.attachmentFetches).toHaveLength(0);
  });
});
