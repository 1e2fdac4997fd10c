/**
 * Autocomplete for `/errcode query`: the product layer's suggestions. Each value names its entry
 * (`6 #k…`), so picking "6 — The Access Token is invalid" answers exactly that entry.
 */
import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import type { Product } from '../../../src/product/product.js';
import type { Language } from '../../../src/text.js';
import { QUERY_OPTION } from '../commands.js';
import { LIMITS, truncate } from '../render/limits.js';

/** `100014 — access token is expired` (≤ 100), the section added where two would read the same. */
export function autocompleteChoices(product: Product, typed: string, lang: Language): ApplicationCommandOptionChoiceData<string>[] {
  const seen = new Set<string>();
  const choices: ApplicationCommandOptionChoiceData<string>[] = [];
  for (const suggestion of product.suggest(typed, lang, LIMITS.autocompleteChoices)) {
    let name = truncate(suggestion.label, LIMITS.choiceName);
    if (seen.has(name) && suggestion.section) {
      const tail = ` · ${suggestion.section}`;
      name = `${truncate(suggestion.label, LIMITS.choiceName - tail.length)}${tail}`.slice(0, LIMITS.choiceName);
    }
    if (seen.has(name) || suggestion.value.length > LIMITS.choiceValue) continue;
    seen.add(name);
    choices.push({ name, value: suggestion.value });
  }
  return choices.slice(0, LIMITS.autocompleteChoices);
}

export async function handleAutocomplete(interaction: AutocompleteInteraction, product: Product): Promise<void> {
  const focused = interaction.options.getFocused(true);
  if (focused.name !== QUERY_OPTION) {
    await interaction.respond([]);
    return;
  }
  const typed = String(focused.value);
  await interaction.respond(autocompleteChoices(product, typed, product.languageFor({ question: typed, locale: interaction.locale })));
}
