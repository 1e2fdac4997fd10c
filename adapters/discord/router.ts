/** Which handler takes an event; each runs guarded (logged, counted, the user told, never thrown). */
import type { Interaction, Message } from 'discord.js';
import type { Product } from '../../src/product/product.js';
import { COMMAND_NAME, CONTEXT_MENU_NAME } from './commands.js';
import { guarded } from './faults.js';
import { handleAutocomplete } from './handlers/autocomplete.js';
import { handleComponent } from './handlers/components.js';
import { handleContextMenu } from './handlers/context-menu.js';
import { handleMessage } from './handlers/messages.js';
import { handleModalSubmit } from './handlers/modal-submit.js';
import { handleSlashCommand } from './handlers/slash-command.js';
import { replyFault } from './reply.js';

export function routeInteraction(interaction: Interaction, product: Product): Promise<void> {
  const { services } = product;
  // Both only when a handler fails: not built for every interaction that goes well.
  const lang = () => product.languageFor({ locale: interaction.locale });
  const context = () => ({
    interactionId: interaction.id,
    interactionType: interaction.type,
    guild: interaction.guildId,
    channel: interaction.channelId,
    user: interaction.user.id,
  });
  if (interaction.isAutocomplete()) {
    return guarded(
      services,
      'autocomplete',
      context,
      () => handleAutocomplete(interaction, product),
      async () => {
        if (!interaction.responded) await interaction.respond([]);
      },
    );
  }
  if (interaction.isChatInputCommand() && interaction.commandName === COMMAND_NAME) {
    return guarded(
      services,
      'slash-command',
      context,
      () => handleSlashCommand(interaction, product),
      () => replyFault(interaction, 'INTERNAL', lang()),
    );
  }
  if (interaction.isMessageContextMenuCommand() && interaction.commandName === CONTEXT_MENU_NAME) {
    return guarded(
      services,
      'context-menu',
      context,
      () => handleContextMenu(interaction, product),
      () => replyFault(interaction, 'INTERNAL', lang()),
    );
  }
  if (interaction.isButton() || interaction.isStringSelectMenu()) {
    // The action letter only: a report button's custom_id carries the user's query.
    const action = () => interaction.customId.split(':').slice(0, 2).join(':');
    return guarded(
      services,
      'component',
      () => ({ ...context(), action: action() }),
      () => handleComponent(interaction, product),
      () => replyFault(interaction, 'INTERNAL', lang()),
    );
  }
  if (interaction.isModalSubmit()) {
    return guarded(
      services,
      'modal-submit',
      () => ({ ...context(), action: interaction.customId.split(':').slice(0, 2).join(':') }),
      () => handleModalSubmit(interaction, product),
      () => replyFault(interaction, 'INTERNAL', lang()),
    );
  }
  return Promise.resolve();
}

export function routeMessage(message: Message, product: Product): Promise<void> {
  const { services } = product;
  const context = () => ({ messageId: message.id, guild: message.guildId, channel: message.channelId, author: message.author.id });
  // A fault in an auto-reply is not announced in the channel: nobody asked.
  return guarded(services, 'message', context, () => handleMessage(message, product));
}
