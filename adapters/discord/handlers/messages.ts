/**
 * messageCreate: pastes nobody addressed to the bot get an auto-reply when the shared policy
 * (src/policy) allows it; a message mentioning the bot is an explicit ask (./mention.ts).
 * Ignored: the bot itself, other bots, webhooks, system messages, and any message seen before.
 */
import type { Message } from 'discord.js';
import { planAutoReply } from '../../../src/policy/plan.js';
import type { Services } from '../../../src/services.js';
import { attachmentTexts } from '../attachments.js';
import { compactView } from '../cards.js';
import { languageOfMessage } from '../locale.js';
import { policyPlace } from '../places.js';
import { answersMessage, secretWarning } from '../render/messages.js';
import { publicPayload } from '../reply.js';
import { recordAutoReply } from '../telemetry.js';
import { handleMention } from './mention.js';

export async function handleMessage(message: Message, services: Services): Promise<void> {
  const botId = message.client.user?.id;
  if (message.author.id === botId || message.author.bot || message.webhookId !== null || message.system) return;
  // A gateway resume may replay events: each message is handled once.
  if (!services.deduper.firstTime(`discord:message:${message.id}`)) return;
  // Written out in the text, not merely pinged: a reply to the bot's own message "mentions" it too.
  if (botId && new RegExp(`<@!?${botId}>`).test(message.content)) {
    await handleMention(message, services);
    return;
  }
  await autoReply(message, services);
}

async function autoReply(message: Message, services: Services): Promise<void> {
  const started = performance.now();
  const place = policyPlace(message.channel, message.channelId, message.id);
  const texts = [message.content];
  // No downloads for a channel that gets no auto-replies anyway (the plan still counts it).
  if (services.policy.channelAllowed(place.channelId).reply) texts.push(...(await attachmentTexts(message.attachments.values(), services)));
  const text = texts.filter((t) => t.trim().length > 0).join('\n\n');
  if (text.length === 0) return;

  const plan = planAutoReply(services, { platform: 'discord', ...place, text });
  // Silent without an answer, even when a credential was seen: the bot speaks up about pastes with
  // an error code it can explain, and the warning rides on that reply.
  if (plan.answers.length === 0) return;
  const lang = languageOfMessage(message);
  const reply = answersMessage(
    plan.answers.map((answer) => compactView(answer, lang)),
    { mute: true, warning: secretWarning(plan.secrets, lang) },
  );
  await message.reply(publicPayload(reply));
  recordAutoReply(services, plan.answers, plan.secrets.length, started);
}
