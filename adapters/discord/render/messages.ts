/**
 * Whole message payloads from the product layer's replies: embeds plus the rows that go with
 * them, always cut to Discord's limits by fitMessage. Handlers send these and nothing they
 * assembled themselves.
 */
import { type APIEmbed, escapeMarkdown } from 'discord.js';
import type { Notice, Reply, ReviewReply } from '../../../src/product/reply.js';
import { answerRows, cardRows, noMatchRows, reviewRows } from './components.js';
import { cardEmbed, compactEmbed, noMatchEmbed } from './embeds.js';
import { type ActionRow, type DiscordMessage, fitMessage, LIMITS, truncate } from './limits.js';
import { say } from './texts.js';

/** Notices as small print above the reply; a credential warning stands out. */
function noticeLines(notices: readonly Notice[]): string[] {
  // A team suggestion is people's text, not catalog text: escaped, so it cannot format or link.
  return notices.map((n) =>
    n.kind === 'secret' ? `⚠️ ${n.text}` : n.kind === 'unreviewed' ? `❔ *${escapeMarkdown(n.text)}*` : `-# ${n.text}`,
  );
}

function withContent(lines: readonly string[]): { content?: string } {
  return lines.length > 0 ? { content: lines.join('\n') } : {};
}

/** Any reply of the product layer as one Discord message. */
export function renderReply(reply: Reply): DiscordMessage {
  switch (reply.kind) {
    case 'card': {
      const lines = noticeLines(reply.notices);
      if (reply.sharedBy) lines.push(say('sharedBy', reply.card.lang, { user: `<@${reply.sharedBy}>` }));
      const message: { content?: string; embeds: APIEmbed[]; components: ActionRow[] } = {
        embeds: [cardEmbed(reply.card)],
        components: cardRows(reply),
      };
      if (lines.length > 0) message.content = lines.join('\n');
      return fitMessage(message);
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
        components: noMatchRows(reply.lang, reply.query, reply.nearest, reply.reported, reply.addCode),
      });
    case 'review':
      return fitMessage({
        ...withContent(noticeLines(reply.notices)),
        embeds: reviewEmbeds(reply),
        components: reviewRows(reply),
      });
    case 'usage':
      return textMessage([...noticeLines(reply.notices), ...(reply.lead ? [reply.lead, ''] : []), reply.text].join('\n'));
    case 'notice':
      return textMessage(reply.text);
  }
}

/** One embed per suggestion: its summary, steps and link, all escaped (people's text). */
function reviewEmbeds(reply: ReviewReply) {
  const shown = reply.items.slice(0, Math.min(LIMITS.embedsPerMessage, LIMITS.actionRows));
  return shown.map((item, i) => ({
    ...(i === 0 ? { author: { name: truncate(reply.title, LIMITS.authorName) } } : {}),
    title: truncate(escapeMarkdown(item.summary), LIMITS.embedTitle),
    description: truncate(
      [
        ...item.steps.map((step, n) => `${n + 1}. ${escapeMarkdown(step)}`),
        ...(item.link ? [escapeMarkdown(item.link)] : []),
        ...(i === shown.length - 1 && reply.more ? [reply.more] : []),
      ].join('\n') || '—',
      LIMITS.embedDescription,
    ),
  }));
}

/** Plain words (usage, faults, thanks), no embeds or components. */
export function textMessage(content: string): DiscordMessage {
  return fitMessage({ content, embeds: [], components: [] });
}
