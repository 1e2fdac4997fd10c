/**
 * Whole message payloads: embeds plus the rows that go with them, always cut to Discord's limits
 * by fitMessage. Handlers send these and nothing they assembled themselves.
 */
import type { CardLink, CardView } from '../../../src/interaction/card.js';
import { ui } from '../../../src/messages.js';
import type { SecretKind } from '../../../src/secrets.js';
import type { Language } from '../../../src/text.js';
import { answerRows, cardRows, noMatchRows, sharedRows } from './components.js';
import { cardEmbed, compactEmbed, noMatchEmbed } from './embeds.js';
import { type DiscordMessage, fitMessage, LIMITS } from './limits.js';
import { say } from './texts.js';

/** Engine notes (a query cut short) as small print above the card; no content key without notes. */
function notesContent(notes: readonly string[]): { content?: string } {
  return notes.length > 0 ? { content: notes.map((note) => `-# ${note}`).join('\n') } : {};
}

/** The interactive card, shown ephemerally to whoever asked. */
export function cardMessage(view: CardView, notes: readonly string[] = []): DiscordMessage {
  return fitMessage({ ...notesContent(notes), embeds: [cardEmbed(view, 'interactive')], components: cardRows(view) });
}

/** The public copy "Share in channel" posts: no ticks, a button to open one's own card. */
export function sharedMessage(view: CardView, sharedBy: string): DiscordMessage {
  return fitMessage({
    content: say('sharedBy', view.lang, { user: `<@${sharedBy}>` }),
    embeds: [cardEmbed(view, 'shared')],
    components: sharedRows(view),
  });
}

/** The warning for a poster whose message carried credentials; names kinds, never values. */
export function secretWarning(secrets: readonly SecretKind[], lang: Language): string | undefined {
  return secrets.length > 0 ? `⚠️ ${ui('rotateSecret', lang, { kinds: secrets.join(', ') })}` : undefined;
}

/** Compact answers (an auto-reply, a mention, a context menu on a message with several codes). */
export function answersMessage(
  views: readonly CardView[],
  options: { readonly mute: boolean; readonly warning?: string | undefined },
): DiscordMessage {
  const shown = views.slice(0, Math.min(LIMITS.embedsPerMessage, LIMITS.actionRows));
  return fitMessage({
    ...(options.warning ? { content: options.warning } : {}),
    embeds: shown.map(compactEmbed),
    components: answerRows(shown, { mute: options.mute }),
  });
}

/** Nothing matched the query: nearest codes, and the report button (disabled once reported). */
export function noMatchMessage(
  query: string,
  nearest: readonly CardLink[],
  lang: Language,
  options: { readonly reported?: boolean; readonly notes?: readonly string[] } = {},
): DiscordMessage {
  return fitMessage({
    ...notesContent(options.notes ?? []),
    embeds: [noMatchEmbed(query, nearest, lang)],
    components: noMatchRows(lang, query, nearest, options.reported ?? false),
  });
}

/** Plain words (usage, faults, thanks), no embeds or components. */
export function textMessage(content: string): DiscordMessage {
  return fitMessage({ content, embeds: [], components: [] });
}

/** The message with a warning line first (content stays within its limit). */
export function withWarning(message: DiscordMessage, warning: string | undefined): DiscordMessage {
  if (!warning) return message;
  return fitMessage({ ...message, content: [warning, message.content].filter((c) => c).join('\n\n') });
}
