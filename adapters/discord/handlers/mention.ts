/**
 * "@errcode ..." — someone asked. The mentioning message (minus the mention) is read, with its
 * attachments, and so is the message it replies to. The answer comes whatever the auto-reply
 * policy says (it was asked for), as compact cards with "Show fix checklist".
 */
import type { Message } from 'discord.js';
import { ui } from '../../../src/messages.js';
import { redactSecrets } from '../../../src/secrets.js';
import type { Services } from '../../../src/services.js';
import { attachmentTexts } from '../attachments.js';
import { compactView, explicitAnswers } from '../cards.js';
import { describeError } from '../faults.js';
import { languageOfMessage } from '../locale.js';
import { answersMessage, secretWarning, textMessage } from '../render/messages.js';
import { say } from '../render/texts.js';
import { publicPayload } from '../reply.js';
import { recordQuery } from '../telemetry.js';

export async function handleMention(message: Message, services: Services): Promise<void> {
  const started = performance.now();
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

  const lang = languageOfMessage(message);
  const answers = explicitAnswers(services.engines.current, texts);
  const warning = secretWarning(redactSecrets(warnAbout.join('\n')).found, lang);
  const reply =
    answers.length > 0
      ? answersMessage(
          answers.map((answer) => compactView(answer, lang)),
          { mute: false, warning },
        )
      : textMessage([warning, say('noCodeFound', lang), ui('usage', lang)].filter((line) => line !== undefined).join('\n\n'));
  await message.reply(publicPayload(reply));
  recordQuery(services, 'mention', answers.length > 0 ? 'found' : 'not-found', answers[0], started);
}
