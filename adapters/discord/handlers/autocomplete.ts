/** Autocomplete for `/errcode query`: up to 25 codes starting with what was typed, then text matches. */
import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import type { Engine } from '../../../src/engine/engine.js';
import { languageOf } from '../../../src/messages.js';
import type { Services } from '../../../src/services.js';
import { type Language, pick } from '../../../src/text.js';
import { QUERY_OPTION } from '../commands.js';
import { LIMITS, truncate } from '../render/limits.js';

/** `100014 — access token is expired` (≤ 100), value = the query to run (≤ 100). */
export function autocompleteChoices(engine: Engine, typed: string, lang: Language): ApplicationCommandOptionChoiceData<string>[] {
  const seen = new Set<string>();
  const choices: ApplicationCommandOptionChoiceData<string>[] = [];
  for (const suggestion of engine.suggest(typed, LIMITS.autocompleteChoices)) {
    const name = truncate(`${suggestion.query} — ${pick(suggestion.label, lang)}`, LIMITS.choiceName);
    const value = suggestion.query.slice(0, LIMITS.choiceValue);
    if (seen.has(name) || value.length === 0) continue;
    seen.add(name);
    choices.push({ name, value });
  }
  return choices.slice(0, LIMITS.autocompleteChoices);
}

export async function handleAutocomplete(interaction: AutocompleteInteraction, services: Services): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== QUERY_OPTION) {
    await interaction.respond([]);
    return;
  }
  const lang = languageOf(interaction.locale);
  await interaction.respond(autocompleteChoices(services.engines.current, String(focused.value), lang));
}
