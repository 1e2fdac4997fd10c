/**
 * Whole message payloads from the product layer's replies: embeds plus the rows that go with
 * them, always cut to Discord's limits by fitMessage. Handlers send these and nothing they
 * assembled themselves.
 */
import type { Notice, Reply } from '../../../src/product/reply.js';
import { answerRows, cardRows, noMatchRows } from './components.js';
import { cardEmbed, compactEmbed, noMatchEmbed } from './embeds.js';
import { type DiscordMessage, fitMessage, LIMITS } from './limits.js';
import { say } from './texts.js';

/** Notices as small print above the reply; a credential warning stands out. */
function noticeLines(notices: readonly Notice[]): string[] {
  return notices.map((n) => (n.kind === 'secret' ? `⚠️ ${n.text}` : `-# ${n.text}`));
}

function withContent(lines: readonly string[]): { content?: string } {
  return lines.length > 0 ? { content: lines.join('\n') } : {};
}

/** Any reply of the product layer as one Discord message. */
export function renderReply(reply: Reply): DiscordMessage {
  switch (reply.kind) {
    case 'card': {
      const shared = reply.sharedBy ? [say('sharedBy', reply.card.lang, { user: `<@${reply.sharedBy}>` })] : [];
      return fitMessage({
        ...withContent([...noticeLines(reply.notices), ...shared]),
        embeds: [cardEmbed(reply.card)],
        components: cardRows(reply),
      });
    }
    case 'answers': {
      const shown = reply.items.slice(0, Math.min(LIMITS.embedsPerMessage, LIMITS.actionRows));
      return fitMessage({
        ...withContent(noticeLines(reply.notices)),
        embeds: shown.map((item) => compactEmbed(item.card)),
        components: answerRows(shown),
      });
    }
    case 'no-match':
      return fitMessage({
        ...withContent(noticeLines(reply.notices)),
        embeds: [noMatchEmbed(reply.query, reply.nearest, reply.lang)],
        components: noMatchRows(reply.lang, reply.query, reply.nearest, reply.reported),
      });
    case 'usage':
      return textMessage([...noticeLines(reply.notices), ...(reply.lead ? [reply.lead, ''] : []), reply.text].join('\n'));
    case 'notice':
      return textMessage(reply.text);
  }
}

/** Plain words (usage, faults, thanks), no embeds or components. */
export function textMessage(content: string): DiscordMessage {
  return fitMessage({ content, embeds: [], components: [] });
}
