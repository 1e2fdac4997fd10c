/** The reader's language: an interaction's locale says it; a channel message only hints at it. */
import type { Message } from 'discord.js';
import { languageOf } from '../../src/messages.js';
import type { Language } from '../../src/text.js';

const HAN = /[\u3400-\u9fff]/u;

/** A message written in Chinese gets a Chinese reply; otherwise the server's preferred locale decides. */
export function languageOfMessage(message: Pick<Message, 'content' | 'guild'>): Language {
  if (HAN.test(message.content)) return 'zh';
  return languageOf(message.guild?.preferredLocale);
}
