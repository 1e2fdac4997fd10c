/**
 * "@errcode ..." — someone asked. The mentioning message (minus the mention) is read, with its
 * attachments, and so is the message it replies to. The product layer's public reply comes
 * whatever the auto-reply policy says (it was asked for): compact cards with "Show fix checklist".
 */
import type { Message } from 'discord.js';
import type { Product } from '../../../src/product/product.js';
import { recordAsk } from '../../../src/product/telemetry.js';
import { attachmentTexts } from '../attachments.js';
import { describeError } from '../faults.js';
import { localeOfMessage } from '../locale.js';
import { renderReply } from '../render/messages.js';
import { createdPayload } from '../reply.js';

export async function handleMention(message: Message, product: Product): Promise<void> {
  const started = performance.now();
  const { services } = product;
  const botId = message.client.user.id;
  const own = message.content.replace(new RegExp(`<@!?${botId}>`, 'g'), ' ').trim();
  const ownTexts = [own, ...(await attachmentTexts(message.attachments.values(), services))];
  const texts = [...ownTexts];
  // Only the poster's own words are theirs to rotate; a quoted message may be someone else's.
  const warnAbout = [...ownTexts];
  if (message.reference?.messageId) {
    try {
      const referenced = await message.fetchReference();
      const quoted = [referenced.content, ...(await attachmentTexts(referenced.attachments.values(), services))];
      texts.push(...quoted);
      if (referenced.author.id === message.author.id) warnAbout.push(...quoted);
    } catch (error) {
      services.logger.debug({ event: 'reference_unavailable', platform: 'discord', err: describeError(error) });
    }
  }
  const where = { channel: message.channelId, user: message.author.id };
  // Discord cannot whisper beside a channel message: the note rides on the reply.
  const { reply, answers } = product.answerMessage({
    locale: localeOfMessage(message),
    question: own,
    texts,
    ownTexts: warnAbout,
    visibility: 'public',
    canWhisper: false,
    where,
  });
  await message.reply(createdPayload(renderReply(reply), message.id));
  recordAsk(services, { platform: 'discord', kind: 'mention', reply, answers, started, where });
}
