import { Locale } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type CallbackBody, component, type Harness, interact, post, replies, startHarness, stopHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

const PASTE = '{"code":6004,"data":"get player info fail"}';
type Posted = CallbackBody['data'] & { message_reference?: { message_id?: string } };

describe('"Explain error" on a message', () => {
  it('answers privately with the interactive card', async () => {
    h = await startHarness();
    const target = h.fake.guildMessage({ content: `login broke: ${PASTE}` });
    const body = await interact(h, h.fake.messageCommand({ name: 'Explain error', target }));
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.embeds?.[0]?.title).toMatch(/^`6004` — /);
    expect(component(body.data, 'ec2:t:')).toBeDefined();
    expect(body.data?.allowed_mentions?.parse).toEqual([]);
    expect(h.services.logLines.find((l) => l.event === 'query')).toMatchObject({ kind: 'message-action', outcome: 'found', code: '6004' });
  });

  it('works on a bare code, and in the requester’s language', async () => {
    h = await startHarness();
    const target = h.fake.guildMessage({ content: '1101 20155' });
    const body = await interact(h, h.fake.messageCommand({ name: 'Explain error', target, locale: Locale.ChineseCN }));
    expect(JSON.stringify(body.data?.embeds)).toContain('code过期');
  });

  it('defers, reads the attachment, then edits the reply', async () => {
    h = await startHarness();
    const target = h.fake.guildMessage({
      attachments: [{ filename: 'message.txt', content: 'HTTP/1.1 200\nNSP_STATUS: 102', contentType: 'text/plain' }],
    });
    const payload = h.fake.messageCommand({ name: 'Explain error', target });
    const deferred = await interact(h, payload);
    expect(deferred).toMatchObject({ type: 5, data: { flags: 64 } });
    const edit = await h.fake.waitForRequest({ method: 'PATCH', path: `/webhooks/:app/${payload.token}/messages/@original` });
    expect(JSON.stringify((edit.body as Posted)?.embeds)).toContain('102');
  });

  it('a message with no known code gets that said, with the usage', async () => {
    h = await startHarness();
    const body = await interact(h, h.fake.messageCommand({ name: 'Explain error', target: h.fake.guildMessage({ content: 'lunch?' }) }));
    expect(body.data?.content).toContain('I found no known error code in that message.');
    expect(body.data?.content).toContain('/errcode 100014');
    expect(body.data?.flags).toBe(64);
  });

  it('several codes get compact cards, each with its own Show fix checklist', async () => {
    h = await startHarness();
    const target = h.fake.guildMessage({ content: `${PASTE}\nthen NSP_STATUS: 102 from the token endpoint` });
    const body = await interact(h, h.fake.messageCommand({ name: 'Explain error', target }));
    expect(body.data?.embeds?.length).toBeGreaterThanOrEqual(2);
    const labels = (body.data?.components ?? []).flatMap((row) => row.components.map((c) => c.label));
    expect(labels.every((label) => label?.startsWith('Show fix checklist · '))).toBe(true);
  });
});

describe('@errcode mentions', () => {
  it('answers the mentioning message, minus the mention, whatever the auto-reply policy says', async () => {
    h = await startHarness({ services: { policy: { enabled: false } } });
    const message = h.fake.guildMessage({ content: `<@${h.fake.ids.bot}> 100014`, mentions: [h.fake.botUser] });
    await post(h, message);
    const [reply] = replies(h);
    const body = reply?.body as Posted;
    expect(body.message_reference?.message_id).toBe(message.id);
    expect(body.embeds?.[0]?.title).toMatch(/^`100014` — /);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    // 100014's fix is one step, said in the reply: no "Show fix checklist" opening that same line.
    expect(body.embeds?.[0]?.description).toContain('**Fix:** Reauthorize');
    expect((body.components ?? []).flatMap((r) => r.components.map((c) => c.label))).toEqual([]);
  });

  it('a mention of an OIDB failure whose source gives no fix: said so, and no button row (Discord rejects an empty one)', async () => {
    h = await startHarness();
    await post(h, h.fake.guildMessage({ content: `<@${h.fake.ids.bot}> oidb decode0x73a failed, ret: 17`, mentions: [h.fake.botUser] }));
    const [reply] = replies(h);
    const body = reply?.body as Posted;
    expect(body.embeds?.[0]?.title).toMatch(/^`0x11` — pay token has expired/);
    expect(body.embeds?.[0]?.description).toContain('The source gives no fix for this code.');
    expect(body.components ?? []).toEqual([]);
  });

  it('reads the message the mention replies to', async () => {
    h = await startHarness();
    // A CI bot's output: not auto-replied (bots are ignored), but a human can ask about it.
    const ci = h.fake.guildMessage({ content: PASTE, author: { id: '1400000000000000099', username: 'ci', bot: true } });
    await post(h, ci);
    const channel = h.handle.client.channels.cache.get(h.fake.ids.channel);
    if (channel?.isTextBased()) channel.messages.cache.clear(); // so the bot has to fetch it
    const ask = h.fake.guildMessage({ content: `<@${h.fake.ids.bot}> what does this mean?`, mentions: [h.fake.botUser], replyTo: ci.id });
    await post(h, ask);
    expect(h.fake.requestsMatching({ method: 'GET', path: `/channels/:id/messages/${ci.id}` })).toHaveLength(1);
    const [reply] = replies(h);
    expect((reply?.body as Posted | undefined)?.embeds?.[0]?.title).toMatch(/^`6004` — /);
  });

  it('a reply to the bot (which pings it) is not taken as a question', async () => {
    h = await startHarness();
    await post(h, h.fake.guildMessage({ content: PASTE }));
    const answer = [...h.fake.messages.values()].find((m) => m.author.id === h?.fake.ids.bot);
    expect(answer).toBeDefined();
    await post(h, h.fake.guildMessage({ content: 'thanks, that was it', mentions: [h.fake.botUser], replyTo: answer?.id }));
    expect(replies(h)).toHaveLength(1);
  });

  it('a mention asking in words, with no code anywhere, is searched as the command would search it', async () => {
    h = await startHarness();
    const content = `<@${h.fake.ids.bot}> which code means the pay token expired on 0x73a`;
    await post(h, h.fake.guildMessage({ content, mentions: [h.fake.botUser] }));
    const [reply] = replies(h);
    expect((reply?.body as Posted | undefined)?.embeds?.[0]?.title).toMatch(/^`0x11` — pay token has expired/);
  });

  it('a mention without a code gets "no known error code" and the usage', async () => {
    h = await startHarness();
    await post(h, h.fake.guildMessage({ content: `<@${h.fake.ids.bot}> hello`, mentions: [h.fake.botUser] }));
    const [reply] = replies(h);
    expect((reply?.body as Posted | undefined)?.content).toContain('I found no known error code in that message.');
  });

  it('an @everyone-laden mention with a credential pings nobody and echoes nothing', async () => {
    h = await startHarness();
    const secret = 'xoxb-1234567890-abcdefghijkl';
    await post(h, h.fake.guildMessage({ content: `<@${h.fake.ids.bot}> @everyone ${PASTE} token ${secret}`, mentions: [h.fake.botUser] }));
    const [reply] = replies(h);
    expect((reply?.body as Posted | undefined)?.allowed_mentions?.parse).toEqual([]);
    expect(JSON.stringify(reply?.body)).not.toContain(secret);
    expect((reply?.body as Posted | undefined)?.content).toContain('slack-token');
  });
});
