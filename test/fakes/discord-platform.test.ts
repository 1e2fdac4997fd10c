/**
 * Proves the fake Discord in ./discord-platform.ts works with the REAL discord.js Client.
 * Also serves as usage examples for adapter tests.
 */
import { once } from 'node:events';
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  type ClientEvents,
  Events,
  GatewayIntentBits,
  type Message,
  type MessageContextMenuCommandInteraction,
  Partials,
  RESTEvents,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discordError, type FakeDiscord, rateLimited, serverError, startFakeDiscord } from './discord-platform.js';

let fake: FakeDiscord;
let client: Client;
const clients: Client[] = [];

/** The next `event` from the client, bounded. */
async function next<E extends keyof ClientEvents>(event: E, timeoutMs = 2000): Promise<ClientEvents[E]> {
  return (await once(client, event, { signal: AbortSignal.timeout(timeoutMs) })) as ClientEvents[E];
}

async function startClient(intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent]) {
  client = new Client({ intents, partials: [Partials.Channel], rest: { api: fake.apiUrl } });
  clients.push(client);
  const ready = next(Events.ClientReady);
  await client.login('fake-token');
  await ready;
}

/** Dispatch an interaction and return what discord.js emitted for it. */
async function interact<T>(payload: { id: string }): Promise<T> {
  const created = next(Events.InteractionCreate);
  fake.dispatch('INTERACTION_CREATE', payload);
  const [interaction] = await created;
  expect(interaction.id).toBe(payload.id);
  return interaction as T;
}

beforeEach(async () => {
  fake = await startFakeDiscord();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await fake.close();
});

describe('fake Discord with the real discord.js Client', () => {
  it('logs in, becomes ready and caches the guild channel', async () => {
    await startClient();

    expect(client.user?.id).toBe(fake.ids.bot);
    expect(client.application?.id).toBe(fake.ids.application);
    const channel = client.channels.cache.get(fake.ids.channel);
    expect(channel?.isTextBased()).toBe(true);
    expect(client.guilds.cache.get(fake.ids.guild)?.members.me?.id).toBe(fake.ids.bot);

    const identify = await fake.waitForIdentify();
    expect(identify.d).toMatchObject({ token: '[redacted]', compress: false, shard: [0, 1] });
    expect(fake.requestsMatching({ method: 'GET', path: '/gateway/bot' })).toHaveLength(1);
    const gatewayBot = fake.requests[0];
    expect(gatewayBot?.headers.authorization).toBe('[redacted]');
    expect(gatewayBot?.authorization).toBe('Bot fake-token');
    expect(JSON.stringify(gatewayBot)).not.toContain('fake-token');
  });

  it('MESSAGE_CREATE fires messageCreate; message.reply posts with message_reference and allowed_mentions', async () => {
    await startClient();
    const created = next(Events.MessageCreate);
    const payload = fake.guildMessage({ content: 'what is E1002?' });
    fake.dispatch('MESSAGE_CREATE', payload);
    const [message] = (await created) as [Message];
    expect(message.content).toBe('what is E1002?');
    expect(message.author.bot).toBe(false);
    expect(message.guildId).toBe(fake.ids.guild);

    const sent = await message.reply({ content: 'E1002 means…', allowedMentions: { parse: [] } });
    const req = await fake.waitForRequest({ method: 'POST', path: `/channels/${fake.ids.channel}/messages` });
    expect(req.body).toMatchObject({
      content: 'E1002 means…',
      message_reference: { message_id: payload.id },
      allowed_mentions: { parse: [] },
    });
    expect(req.authorization).toBe('Bot fake-token');
    expect(sent.author.id).toBe(fake.ids.bot);
    expect(sent.reference?.messageId).toBe(payload.id);
  });

  it('delivers bot, webhook and attachment messages; attachments are fetchable from the fake CDN', async () => {
    await startClient();
    const created = next(Events.MessageCreate);
    fake.dispatch('MESSAGE_CREATE', fake.guildMessage({ content: 'beep', bot: true }));
    expect(((await created)[0] as Message).author.bot).toBe(true);

    const fromWebhook = next(Events.MessageCreate);
    fake.dispatch('MESSAGE_CREATE', fake.guildMessage({ content: 'ci failed', webhookId: '1500000000000000001' }));
    expect(((await fromWebhook)[0] as Message).webhookId).toBe('1500000000000000001');

    const withFile = next(Events.MessageCreate);
    const big = Buffer.alloc(3 * 1024 * 1024, 0xab);
    fake.dispatch(
      'MESSAGE_CREATE',
      fake.guildMessage({
        content: 'log attached',
        attachments: [
          { filename: 'message.txt', content: 'E1002 at login', contentType: 'text/plain; charset=utf-8' },
          { filename: 'dump.bin', content: big, contentType: 'application/octet-stream', delayMs: 50 },
        ],
      }),
    );
    const [message] = (await withFile) as [Message];
    const [text, binary] = [...message.attachments.values()];
    expect(text).toMatchObject({ name: 'message.txt', size: 14, contentType: 'text/plain; charset=utf-8' });
    expect(await (await fetch(text?.url ?? '')).text()).toBe('E1002 at login');
    const started = Date.now();
    const bytes = Buffer.from(await (await fetch(binary?.url ?? '')).arrayBuffer());
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(bytes.equals(big)).toBe(true);
    expect((await fake.waitForAttachmentFetch('dump.bin')).path).toContain('/attachments/');
  });

  it('blanks content without the MessageContent intent, as Discord does', async () => {
    await startClient([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const plain = next(Events.MessageCreate);
    fake.dispatch('MESSAGE_CREATE', fake.guildMessage({ content: 'E1002?' }));
    expect(((await plain)[0] as Message).content).toBe('');

    const mention = next(Events.MessageCreate);
    fake.dispatch('MESSAGE_CREATE', fake.guildMessage({ content: `<@${fake.ids.bot}> E1002?`, mentions: [fake.botUser] }));
    expect(((await mention)[0] as Message).content).toBe(`<@${fake.ids.bot}> E1002?`);
  });

  it('DMs need Partials.Channel and the DirectMessages intent', async () => {
    await startClient([GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent]);
    const created = next(Events.MessageCreate);
    const payload = fake.directMessage({ content: 'E1002?' });
    fake.dispatch('MESSAGE_CREATE', payload);
    const [message] = (await created) as [Message];
    expect(message.channel.isDMBased()).toBe(true);
    expect(message.content).toBe('E1002?');
    await message.reply({ content: 'E1002 means…', allowedMentions: { parse: [] } });
    await fake.waitForRequest({ method: 'POST', path: `/channels/${payload.channel_id}/messages` });
  });

  it('slash command: interaction.reply answers the callback with type 4, without auth', async () => {
    await startClient();
    const payload = fake.slashCommand({ name: 'errcode', options: { code: '1002', verbose: true } });
    const interaction = await interact<ChatInputCommandInteraction>(payload);
    expect(interaction.isChatInputCommand()).toBe(true);
    expect(interaction.options.getString('code')).toBe('1002');
    expect(interaction.options.getBoolean('verbose')).toBe(true);
    expect(interaction.channelId).toBe(fake.ids.channel);
    expect(interaction.locale).toBe('en-US');

    await interaction.reply({ content: 'E1002: login failed' });
    const req = await fake.waitForRequest({ method: 'POST', path: `/interactions/${payload.id}/:token/callback` });
    expect(req.body).toMatchObject({ type: 4, data: { content: 'E1002: login failed' } });
    expect(req.authorization).toBeUndefined();
    expect(req.query.with_response).toBe('false');

    // With withResponse the fake answers 200 with the created message.
    const second = fake.slashCommand({ name: 'errcode', options: { code: '7' } });
    const response = await (await interact<ChatInputCommandInteraction>(second)).reply({
      content: 'seven',
      withResponse: true,
    });
    expect(response.resource?.message?.content).toBe('seven');
  });

  it('button: interaction.update answers with type 7; string select exposes values', async () => {
    await startClient();
    const payload = fake.componentInteraction({ customId: 'errcode:more:1002' });
    const button = await interact<ButtonInteraction>(payload);
    expect(button.isButton()).toBe(true);
    expect(button.customId).toBe('errcode:more:1002');
    await button.update({ content: 'more details', components: [] });
    const req = await fake.waitForRequest({ method: 'POST', path: '/interactions/:id/:token/callback' });
    expect(req.body).toMatchObject({ type: 7, data: { content: 'more details', components: [] } });
    expect(fake.messages.get(payload.message.id)?.content).toBe('more details');

    const select = await interact<StringSelectMenuInteraction>(fake.componentInteraction({ customId: 'errcode:pick', values: ['huawei'] }));
    expect(select.isStringSelectMenu() && select.values).toEqual(['huawei']);
  });

  it('autocomplete: respond answers with type 8 and choices', async () => {
    await startClient();
    const interaction = await interact<AutocompleteInteraction>(
      fake.autocomplete({ name: 'errcode', focused: { name: 'code', value: '100' } }),
    );
    expect(interaction.isAutocomplete()).toBe(true);
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'code', value: '100' });
    await interaction.respond([{ name: '1002 login failed', value: '1002' }]);
    const req = await fake.waitForRequest({ method: 'POST', path: '/interactions/:id/:token/callback' });
    expect(req.body).toEqual({ type: 8, data: { choices: [{ name: '1002 login failed', value: '1002' }] } });
  });

  it('deferReply + editReply: type 5 then PATCH /webhooks/:app/:token/messages/@original', async () => {
    await startClient();
    const payload = fake.slashCommand({ name: 'errcode', options: { code: '1002' } });
    const interaction = await interact<ChatInputCommandInteraction>(payload);
    await interaction.deferReply();
    const edited = await interaction.editReply({ content: 'done' });

    const callback = await fake.waitForRequest({ method: 'POST', path: '/interactions/:id/:token/callback' });
    expect(callback.body).toMatchObject({ type: 5 });
    const patch = await fake.waitForRequest({
      method: 'PATCH',
      path: `/webhooks/${fake.ids.application}/${payload.token}/messages/@original`,
    });
    expect(patch.body).toMatchObject({ content: 'done' });
    expect(edited.content).toBe('done');
    expect(callback.at).toBeLessThanOrEqual(patch.at);

    await interaction.followUp({ content: 'also this' });
    await fake.waitForRequest({ method: 'POST', path: `/webhooks/:app/${payload.token}` });
  });

  it('message context-menu command resolves the target message', async () => {
    await startClient();
    const target = fake.guildMessage({ content: 'ERR 1002 in logs' });
    const interaction = await interact<MessageContextMenuCommandInteraction>(fake.messageCommand({ name: 'Explain error', target }));
    expect(interaction.isMessageContextMenuCommand()).toBe(true);
    expect(interaction.targetMessage.content).toBe('ERR 1002 in logs');
  });

  it('enforces the 3 s interaction deadline (shortened here) with 404 Unknown interaction', async () => {
    await fake.close();
    fake = await startFakeDiscord({ interactionResponseDeadlineMs: 20 });
    await startClient();
    const interaction = await interact<ChatInputCommandInteraction>(fake.slashCommand({ name: 'errcode' }));
    await new Promise((resolve) => setTimeout(resolve, 40));
    await expect(interaction.reply('too late')).rejects.toMatchObject({ code: 10062, status: 404 });
  });

  it('op 7 makes the client RESUME, and events keep flowing', async () => {
    await startClient();
    const { sessionId, sequence } = fake;
    const resumed = next(Events.ShardResume, 3000);
    fake.requestReconnect();
    const resume = await fake.waitForResume({ timeoutMs: 3000 });
    expect(resume.d).toMatchObject({ session_id: sessionId, seq: sequence, token: '[redacted]' });
    await resumed;
    expect(fake.gatewayConnections).toBe(2);
    expect(fake.requestsMatching({ path: '/gateway/bot' })).toHaveLength(1);

    const created = next(Events.MessageCreate);
    fake.dispatch('MESSAGE_CREATE', fake.guildMessage({ content: 'after resume' }));
    expect(((await created)[0] as Message).content).toBe('after resume');
  });

  it('a dropped connection resumes and replays events dispatched while disconnected', async () => {
    await startClient();
    fake.dropConnection();
    const created = next(Events.MessageCreate, 3000);
    fake.dispatch('MESSAGE_CREATE', fake.guildMessage({ content: 'sent while down' }));
    await fake.waitForResume({ timeoutMs: 3000 });
    expect(((await created)[0] as Message).content).toBe('sent while down');
  });

  it('answers heartbeats with op 11', async () => {
    await fake.close();
    fake = await startFakeDiscord({ heartbeatIntervalMs: 50 });
    await startClient();
    await fake.waitForGatewayFrame(1, { timeoutMs: 1000 });
    await expect.poll(() => client.ws.ping, { timeout: 1000 }).toBeGreaterThanOrEqual(0);
  });

  it('a 429 on one POST is retried by the client', async () => {
    await startClient();
    const rateLimitedEvents: unknown[] = [];
    client.rest.on(RESTEvents.RateLimited, (info) => rateLimitedEvents.push(info));
    fake.override({ method: 'POST', path: '/channels/:id/messages' }, rateLimited(0.1), { times: 1 });

    const channel = client.channels.cache.get(fake.ids.channel);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const started = Date.now();
    const sent = await channel.send('retry me');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(sent.content).toBe('retry me');
    expect(fake.requestsMatching({ method: 'POST', path: '/channels/:id/messages' })).toHaveLength(2);
    expect(rateLimitedEvents).toHaveLength(1);
  });

  it('500 is retried; JSON errors surface as DiscordAPIError', async () => {
    await startClient();
    const channel = client.channels.cache.get(fake.ids.channel);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    fake.override({ method: 'POST', path: '/channels/:id/messages' }, serverError(), { times: 1 });
    await channel.send('after a 500');
    expect(fake.requestsMatching({ method: 'POST' })).toHaveLength(2);

    fake.override({ method: 'POST', path: '/channels/:id/messages' }, discordError(403, 50013, 'Missing Permissions'));
    await expect(channel.send('nope')).rejects.toMatchObject({ code: 50013, status: 403 });
  });

  it('records command registration and multipart uploads', async () => {
    await startClient();
    await client.application?.commands.set([{ name: 'errcode', description: 'Explain an error code' }]);
    const put = await fake.waitForRequest({ method: 'PUT', path: `/applications/${fake.ids.application}/commands` });
    expect(put.body).toEqual([expect.objectContaining({ name: 'errcode' })]);
    await client.application?.commands.set([{ name: 'g', description: 'guild' }], fake.ids.guild);
    await fake.waitForRequest({ method: 'PUT', path: '/applications/:app/guilds/:guild/commands' });

    const channel = client.channels.cache.get(fake.ids.channel);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const sent = await channel.send({ content: 'file', files: [{ attachment: Buffer.from('hello'), name: 'a.txt' }] });
    const upload = await fake.waitForRequest({ method: 'POST', path: '/channels/:id/messages' });
    expect(upload.body).toMatchObject({ content: 'file' });
    expect(upload.files[0]).toMatchObject({ filename: 'a.txt' });
    expect(upload.files[0]?.data.toString()).toBe('hello');
    expect(sent.attachments.first()?.name).toBe('a.txt');
  });
});
