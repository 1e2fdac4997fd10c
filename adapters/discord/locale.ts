/**
 * The reader's locale as Discord gives it. An interaction carries its user's client language. A
 * channel message carries none: the server's preferred locale stands in, but only a Community
 * server can set it; every other server reports Discord's default `en-US`, which is no choice, so
 * then the product's rule goes on to ERRCODE_DEFAULT_LANGUAGE (Product.languageFor).
 */
import { GuildFeature, type Message } from 'discord.js';

export function localeOfMessage(message: Pick<Message, 'guild'>): string | undefined {
  const guild = message.guild;
  return guild?.features.includes(GuildFeature.Community) ? guild.preferredLocale : undefined;
}
