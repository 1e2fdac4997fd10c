/** `/errcode query:<text>`: the product layer's reply, ephemeral, in the requester's language. */
import type { ChatInputCommandInteraction } from 'discord.js';
import { languageOf } from '../../../src/messages.js';
import type { Product } from '../../../src/product/product.js';
import { recordAsk } from '../../../src/product/telemetry.js';
import { QUERY_OPTION } from '../commands.js';
import { renderReply } from '../render/messages.js';
import { ephemeralPayload } from '../reply.js';

export async function handleSlashCommand(interaction: ChatInputCommandInteraction, product: Product): Promise<void> {
  const started = performance.now();
  const lang = languageOf(interaction.locale);
  const where = { channel: interaction.channelId, user: interaction.user.id };
  const { reply, answers } = await product.answerCommand(interaction.options.getString(QUERY_OPTION) ?? '', lang, where);
  await interaction.reply(ephemeralPayload(renderReply(reply)));
  recordAsk(product.services, { platform: 'discord', kind: 'command', reply, answers, started, where });
}
