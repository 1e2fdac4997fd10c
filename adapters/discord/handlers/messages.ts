/**
 * messageCreate: pastes nobody addressed to the bot get the product layer's auto-reply when the
 * shared policy allows it; a message mentioning the bot is an explicit ask (./mention.ts).
 * Ignored: the bot itself, other bots, webhooks, system messages, and any message seen before.
 */
import { DiscordAPIError, type Message } from 'discord.js';
import type { Product } from '../../../src/product/product.js';
import { recordAutoReply } from '../../../src/product/telemetry.js';
import { attachmentTexts } from '../attachments.js';
import { localeOfMessage } from '../locale.js';
import { policyPlace } from '../places.js';
import { renderReply } from '../render/messages.js';
import { createdPayload } from '../reply.js';
import { handleMention } from './mention.js';

export async function handleMessage(message: Message, product: Product): Promise<void> {
  const botId = message.client.user?.id;
  if (message.author.id === botId || message.author.bot || message.webhookId !== null || message.system) return;
  // A gateway resume may replay events, and every process on one bot token sees each message:
  // each is handled once, by whichever process claims it first; a failed reply gives it back.
  const deduper = product.services.deduper;
  const work = async () => {
    // Written out in the text, not merely pinged: a reply to the bot's own message "mentions" it too.
    if (botId && new RegExp(`<@!?${botId}>`).test(message.content)) {
      await handleMention(message, product);
      return true;
    }
    return autoReply(message, product);
  };
  const eventId = `discord:message:${message.id}`;
  // Discord never delivers a message again, so one another process holds is waited for: it is
  // answered there (done), or its holder died (a kill -9 before a restart's replay) and the claim
  // expires within holdMs, and this process answers it.
  const deadline = performance.now() + 2 * deduper.holdMs;
  let outcome = await deduper.once(eventId, work);
  while (outcome === 'in-flight' && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, IN_FLIGHT_RECHECK_MS));
    outcome = await deduper.once(eventId, work);
  }
}

/** How often a message held by another process is looked at again. */
const IN_FLIGHT_RECHECK_MS = 1000;

/** False only when a reply was due and could not be posted. */
async function autoReply(message: Message, product: Product): Promise<boolean> {
  const started = performance.now();
  const place = policyPlace(message.channel, message.channelId, message.id);
  const texts = [message.content];
  // No downloads for a channel that gets no auto-replies anyway (the plan still counts it).
  if (product.readsPastesIn(place.channelId)) texts.push(...(await attachmentTexts(message.attachments.values(), product.services)));
  const text = texts.filter((t) => t.trim().length > 0).join('\n\n');
  if (text.length === 0) return true;

  const plan = await product.planAutoReply({ ...place, text });
  const where = { channel: message.channelId, user: message.author.id };
  // Discord cannot whisper to the poster: a credential is mentioned only on a reply that is sent anyway.
  const answered = product.autoReply(plan, localeOfMessage(message), { canWhisper: false, where });
  if (!answered || answered.answers.length === 0) return true;
  let mayHavePosted = false;
  try {
    await message.reply(createdPayload(renderReply(answered.reply), message.id));
    mayHavePosted = true;
  } catch (error) {
    // Discord refusing the reply (a 4xx) posted nothing; a server error, a reset connection or a
    // timeout may have posted it. Then its rate slot and cooldown stay taken: a busy channel never
    // gets one reply more than its cap, at the price of a lost reply not being retried sooner.
    mayHavePosted = !refused(error);
    throw error;
  } finally {
    // A reply that surely failed gives its cooldown, thread mark and rate slot back (src/policy/plan.ts).
    await plan.settle(mayHavePosted);
  }
  recordAutoReply(product.services, { platform: 'discord', answers: answered.answers, secrets: plan.secrets.length, started, where });
  return true;
}

/** Discord answered the request with a refusal (4xx): nothing was created. */
function refused(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.status >= 400 && error.status < 500;
}
