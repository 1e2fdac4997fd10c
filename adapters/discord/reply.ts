/**
 * How the adapter talks back. Every payload carries `allowedMentions: { parse: [] }` (and no
 * ping for the replied-to user): a quoted paste with @everyone, roles or user mentions never pings.
 */
import {
  type APIEmbed,
  type InteractionReplyOptions,
  MessageFlags,
  type MessageMentionOptions,
  type RepliableInteraction,
  SnowflakeUtil,
} from 'discord.js';
import { type FaultCode, faultMessage } from '../../src/messages.js';
import type { Language } from '../../src/text.js';
import type { ActionRow, DiscordMessage } from './render/limits.js';
import { textMessage } from './render/messages.js';

/** A fresh object each time: discord.js may keep a reference to what it is given. */
export function noMentions(): MessageMentionOptions {
  return { parse: [], repliedUser: false };
}

/**
 * Already API JSON, cut to every limit by fitMessage: handed to discord.js as JSON-encodable, so
 * it sends it as it is. A plain object would be walked key by key by its camelCase-to-snake_case
 * transformer on every reply, the largest single cost of a card reply under load (npm run bench).
 */
function asSent<T extends object>(json: T): { toJSON(): T } {
  return { toJSON: () => json };
}

interface PublicPayload {
  content?: string;
  embeds: Array<{ toJSON(): APIEmbed }>;
  components: Array<{ toJSON(): ActionRow }>;
  allowedMentions: MessageMentionOptions;
}

export function publicPayload(message: DiscordMessage): PublicPayload {
  const payload: PublicPayload = {
    embeds: message.embeds.map(asSent),
    components: message.components.map(asSent),
    allowedMentions: noMentions(),
  };
  if (message.content !== undefined) payload.content = message.content;
  return payload;
}

/**
 * A message the bot creates in a channel or a DM, with a nonce Discord enforces: discord.js retries
 * a POST that timed out, and the first may have landed; with the same nonce Discord returns that
 * message instead of creating a second. A reply to a message uses that message's id (so a second
 * process answering it after the first one's claim lapsed is deduplicated too), a shared copy the
 * click's interaction id. (Interaction responses take no nonce: they are answered once by id.)
 */
export function createdPayload(message: DiscordMessage, nonce: string = SnowflakeUtil.generate().toString()) {
  return Object.assign(publicPayload(message), { nonce, enforceNonce: true });
}

export function ephemeralPayload(message: DiscordMessage): InteractionReplyOptions & { flags: MessageFlags.Ephemeral } {
  return Object.assign(publicPayload(message), { flags: MessageFlags.Ephemeral as const });
}

/** For interaction.update: the message is replaced whole, so content is cleared when there is none. */
export function updatePayload(message: DiscordMessage) {
  return { ...publicPayload(message), content: message.content ?? '' };
}

/** Answers an interaction with a fixed fault message, whatever stage it reached. */
export async function replyFault(interaction: RepliableInteraction, code: FaultCode, lang: Language): Promise<void> {
  const payload = ephemeralPayload(textMessage(faultMessage(code, lang)));
  if (interaction.deferred && !interaction.replied) {
    const { flags: _flags, ...edit } = payload;
    await interaction.editReply(edit);
  } else if (interaction.replied || interaction.deferred) {
    await interaction.followUp(payload);
  } else {
    await interaction.reply(payload);
  }
}
