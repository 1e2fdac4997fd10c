/**
 * The suggestion modal sent back (MODAL_SUBMIT, issue 14): the values go to the product layer,
 * which stores the suggestion (or a maintainer's edit); the submitter is answered privately.
 */
import type { Client, ModalSubmitInteraction } from 'discord.js';
import type { Product } from '../../../src/product/product.js';
import type { Notification } from '../../../src/product/reply.js';
import type { FormValues } from '../../../src/product/teaching.js';
import { parseFormId } from '../custom-ids.js';
import { policyChannelId } from '../places.js';
import { renderReply, textMessage } from '../render/messages.js';
import { createdPayload, ephemeralPayload } from '../reply.js';

const FIELDS = ['code', 'scope', 'meaning', 'steps', 'link'] as const;

export async function handleModalSubmit(interaction: ModalSubmitInteraction, product: Product): Promise<void> {
  const form = parseFormId(interaction.customId);
  if (!form) {
    await interaction.reply(ephemeralPayload(textMessage('This form is from an older version of errcode. Try again.')));
    return;
  }
  const read = (name: string) => {
    try {
      return interaction.fields.getTextInputValue(name);
    } catch {
      return '';
    }
  };
  const values = Object.fromEntries(FIELDS.map((name) => [name, read(name)])) as unknown as FormValues;
  const submitted = await product.submitForm({
    purpose: form.purpose,
    lang: form.lang,
    user: interaction.user.id,
    channelId: interaction.channelId ? policyChannelId(interaction.channel, interaction.channelId) : undefined,
    values,
  });
  await interaction.reply(ephemeralPayload(renderReply(submitted.reply)));
}

/** Tells others of a decision (the proposer) by DM; only Discord users can be reached from here. */
export async function notifyAll(client: Client, product: Product, notifications: readonly Notification[]): Promise<void> {
  for (const n of notifications) {
    if (n.platform !== 'discord') continue;
    try {
      const user = await client.users.fetch(n.user);
      await user.send(createdPayload(textMessage(n.text)));
    } catch (error) {
      product.services.logger.warn(
        { event: 'notify_failed', platform: 'discord', user: n.user, status: (error as { status?: number }).status },
        'could not tell the proposer',
      );
    }
  }
}
