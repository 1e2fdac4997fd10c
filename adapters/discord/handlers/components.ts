/**
 * Buttons and selects on errcode's messages: the custom_id (and a select's values) decode into
 * the product layer's action (../custom-ids.ts), the product decides, and the result is delivered
 * the Discord way — the private card updated in place (type 7), a new ephemeral reply, or a public
 * copy in the channel. A public message is never rewritten: whoever clicks gets their own card.
 */
import { type ButtonInteraction, MessageFlags, type StringSelectMenuInteraction } from 'discord.js';
import type { ClickResult, Product } from '../../../src/product/product.js';
import { recordClick } from '../../../src/product/telemetry.js';
import { parseComponent } from '../custom-ids.js';
import { policyChannelId } from '../places.js';
import { renderReply } from '../render/messages.js';
import { renderForm } from '../render/modal.js';
import { createdPayload, ephemeralPayload, publicPayload, updatePayload } from '../reply.js';
import { notifyAll } from './modal-submit.js';

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;

export async function handleComponent(interaction: ComponentInteraction, product: Product): Promise<void> {
  const started = performance.now();
  const input = parseComponent(interaction.customId, interaction.isStringSelectMenu() ? interaction.values : []);
  const result = await product.click({
    user: interaction.user.id,
    channelId: interaction.channelId ? policyChannelId(interaction.channel, interaction.channelId) : undefined,
    onPublic: !interaction.message.flags.has(MessageFlags.Ephemeral),
    lang: product.languageFor({ locale: interaction.locale }),
    input,
  });
  await deliver(interaction, product, result);
  recordClick(product.services, {
    platform: 'discord',
    action: input?.action ?? 'stale',
    started,
    where: { channel: interaction.channelId, user: interaction.user.id },
  });
}

async function deliver(interaction: ComponentInteraction, product: Product, result: ClickResult): Promise<void> {
  switch (result.kind) {
    case 'none':
      await interaction.deferUpdate();
      return;
    case 'update':
      await interaction.update(updatePayload(renderReply(result.reply)));
      return;
    case 'private':
      await interaction.reply(ephemeralPayload(renderReply(result.reply)));
      return;
    case 'publish':
      await publish(interaction, product, renderReply(result.reply));
      return;
    case 'form':
      // A modal must be the interaction's first response (type 9).
      await interaction.showModal(renderForm(result.form));
      return;
    case 'private-and-notify':
      if (interaction.message.flags.has(MessageFlags.Ephemeral)) await interaction.update(updatePayload(renderReply(result.reply)));
      else await interaction.reply(ephemeralPayload(renderReply(result.reply)));
      await notifyAll(interaction.client, product, result.notify);
      return;
  }
}

/**
 * "Share in channel": acknowledge at once (type 6), then post the public copy to the channel; when
 * the bot may not post there, a non-ephemeral follow-up carries it instead.
 */
async function publish(interaction: ComponentInteraction, product: Product, message: ReturnType<typeof renderReply>): Promise<void> {
  await interaction.deferUpdate();
  const channel = interaction.channel;
  if (channel?.isSendable()) {
    try {
      await channel.send(createdPayload(message, interaction.id));
      return;
    } catch (error) {
      product.services.logger.debug({
        event: 'share_via_channel_failed',
        platform: 'discord',
        status: (error as { status?: number }).status,
      });
    }
  }
  await interaction.followUp(publicPayload(message));
}
