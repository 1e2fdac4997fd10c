/**
 * "Explain error" on any message: works without the MessageContent intent (the interaction
 * carries the resolved message). Ephemeral: one code gets the interactive card, several get
 * compact cards, none gets "no known error code" and the usage. Attachments take time to fetch:
 * the reply is deferred first (Discord wants an answer within 3 s).
 */
import { type MessageContextMenuCommandInteraction, MessageFlags } from 'discord.js';
import { languageOf, ui } from '../../../src/messages.js';
import { redactSecrets } from '../../../src/secrets.js';
import type { Services } from '../../../src/services.js';
import { attachmentTexts, readableAttachments } from '../attachments.js';
import { compactView, explicitAnswers, freshState, fullView } from '../cards.js';
import type { DiscordMessage } from '../render/limits.js';
import { answersMessage, cardMessage, secretWarning, textMessage, withWarning } from '../render/messages.js';
import { say } from '../render/texts.js';
import { ephemeralPayload, publicPayload } from '../reply.js';
import { recordQuery } from '../telemetry.js';

export async function handleContextMenu(interaction: MessageContextMenuCommandInteraction, services: Services): Promise<void> {
  const started = performance.now();
  const lang = languageOf(interaction.locale);
  const target = interaction.targetMessage;
  const deferred = readableAttachments(target.attachments.values(), services.attachments.maxBytes).length > 0;
  if (deferred) await interaction.deferReply({ flags: MessageFlags.Ephemeral });

  const texts = [target.content, ...(deferred ? await attachmentTexts(target.attachments.values(), services) : [])];
  const engine = services.engines.current;
  const answers = explicitAnswers(engine, texts);
  const [first] = answers;
  let reply: DiscordMessage;
  if (first && answers.length === 1) reply = cardMessage(fullView(engine, first, freshState(first, lang)));
  else if (answers.length > 1)
    reply = answersMessage(
      answers.map((answer) => compactView(answer, lang)),
      { mute: false },
    );
  else reply = textMessage(`${say('noCodeFound', lang)}\n\n${ui('usage', lang)}`);
  // The warning is for the poster: only when they are the one asking.
  if (target.author.id === interaction.user.id) reply = withWarning(reply, secretWarning(redactSecrets(texts.join('\n')).found, lang));

  if (deferred) await interaction.editReply(publicPayload(reply));
  else await interaction.reply(ephemeralPayload(reply));
  recordQuery(services, 'context_menu', first ? 'found' : 'not-found', first, started);
}
