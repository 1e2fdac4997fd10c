/** `/errcode query:<text>`: the product layer's reply, ephemeral, in the requester's language. */
import type { ChatInputCommandInteraction } from 'discord.js';
import type { Product } from '../../../src/product/product.js';
import { recordAsk } from '../../../src/product/telemetry.js';
import { QUERY_OPTION } from '../commands.js';
import { renderReply } from '../render/messages.js';
import { ephemeralPayload } from '../reply.js';

export async function handleSlashCommand(interaction: ChatInputCommandInteraction, product: Product): Promise<void> {
  const started = performance.now();
  const where = { channel: interaction.channelId, user: interaction.user.id };
  const query = interaction.options.getString(QUERY_OPTION) ?? '';
  const { reply, answers } = await product.answerCommand(query, interaction.locale, where);
  await interaction.reply(ephemeralPayload(renderReply(reply)));
  recordAsk(product.services, { platform: 'discord', kind: 'command', reply, answers, started, where });
}
