/** `/errcode query:<text>`: the answer card, ephemeral, in the requester's language. */
import type { ChatInputCommandInteraction } from 'discord.js';
import { linkOf } from '../../../src/interaction/card.js';
import { languageOf, ui } from '../../../src/messages.js';
import { redactSecrets } from '../../../src/secrets.js';
import type { Services } from '../../../src/services.js';
import { freshState, fullView } from '../cards.js';
import { QUERY_OPTION } from '../commands.js';
import { cardMessage, noMatchMessage, textMessage } from '../render/messages.js';
import { ephemeralPayload } from '../reply.js';
import { recordQuery } from '../telemetry.js';

export async function handleSlashCommand(interaction: ChatInputCommandInteraction, services: Services): Promise<void> {
  const started = performance.now();
  const lang = languageOf(interaction.locale);
  const query = interaction.options.getString(QUERY_OPTION) ?? '';
  const engine = services.engines.current;
  const result = engine.lookup(query);
  const first = result.answers[0];
  let message: ReturnType<typeof cardMessage>;
  if (first) {
    message = cardMessage(fullView(engine, first, freshState(first, lang)), result.notes);
  } else if (result.status === 'empty-query') {
    message = textMessage(ui('usage', lang));
  } else {
    // The query is shown back and rides in the report button: never with a credential in it.
    const shown = redactSecrets(query).text;
    message = noMatchMessage(
      shown,
      result.suggestions.map((ref) => linkOf(ref, lang)),
      lang,
      { notes: result.notes },
    );
  }
  await interaction.reply(ephemeralPayload(message));
  recordQuery(services, 'slash', result.status, first, started);
}
