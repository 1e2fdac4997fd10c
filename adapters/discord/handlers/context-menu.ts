/**
 * "Explain error" on any message: works without the MessageContent intent (the interaction
 * carries the resolved message). The product layer's private reply: one code gets the
 * interactive card, several get compact cards, none gets "no known error code" and the usage.
 * Attachments take time to fetch: the reply is deferred first (Discord wants an answer within 3 s).
 */
import { type MessageContextMenuCommandInteraction, MessageFlags } from 'discord.js';
import type { Product } from '../../../src/product/product.js';
import { recordAsk } from '../../../src/product/telemetry.js';
import { attachmentTexts, readableAttachments } from '../attachments.js';
import { renderReply } from '../render/messages.js';
import { ephemeralPayload, publicPayload } from '../reply.js';

export async function handleContextMenu(interaction: MessageContextMenuCommandInteraction, product: Product): Promise<void> {
  const started = performance.now();
  const { services } = product;
  const target = interaction.targetMessage;
  const deferred = readableAttachments(target.attachments.values(), services.attachments.maxBytes).length > 0;
  if (deferred) await interaction.deferReply({ flags: MessageFlags.Ephemeral });

  const texts = [target.content, ...(deferred ? await attachmentTexts(target.attachments.values(), services) : [])];
  const where = { channel: interaction.channelId, user: interaction.user.id };
  const { reply, answers } = product.answerMessage({
    locale: interaction.locale,
    texts,
    // The warning is for the poster: only when they are the one asking.
    ownTexts: target.author.id === interaction.user.id ? texts : [],
    visibility: 'private',
    canWhisper: false,
    where,
  });
  const message = renderReply(reply);
  if (deferred) await interaction.editReply(publicPayload(message));
  else await interaction.reply(ephemeralPayload(message));
  recordAsk(services, { platform: 'discord', kind: 'message-action', reply, answers, started, where });
}
