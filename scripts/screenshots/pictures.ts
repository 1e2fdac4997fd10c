/** The six README pictures: each platform's three scenes, as named HTML pages. */
import { discordHtml } from './discord-html.js';
import { type AllPayloads, SCENES } from './payloads.js';
import { slackHtml } from './slack-html.js';

export interface Picture {
  /** File name without extension: `slack-ambiguous`. */
  readonly name: string;
  /** What it shows, for the README and the script's output. */
  readonly caption: string;
  readonly html: string;
}

const PASTER = 'mei';
const CHANNEL = 'game-login';

/** `payloads`: realPayloads() (the bot's real replies) or a test's own. */
export function pictures(payloads: AllPayloads): Picture[] {
  const { slack, discord } = payloads;
  const ticks = SCENES.checklist.ticked.length;
  const paste = { author: PASTER, text: SCENES.paste };
  return [
    {
      name: 'slack-ambiguous',
      caption: `/errcode ${SCENES.ambiguous}: a code with several meanings, "More options" open`,
      html: slackHtml(slack.ambiguous, { channel: CHANNEL, ephemeral: true, openMenu: true }),
    },
    {
      name: 'slack-checklist',
      caption: `/errcode ${SCENES.checklist.query} with ${ticks} steps ticked`,
      html: slackHtml(slack.checklist, { channel: CHANNEL, ephemeral: true }),
    },
    {
      name: 'slack-auto-reply',
      caption: 'a pasted 6004 payload answered in its thread',
      html: slackHtml(slack.autoReply, { channel: CHANNEL, ephemeral: false, threadOf: paste }),
    },
    {
      name: 'discord-ambiguous',
      caption: `/errcode ${SCENES.ambiguous}: a code with several meanings, "More options" open`,
      html: discordHtml(discord.ambiguous, {
        channel: CHANNEL,
        ephemeral: true,
        command: `/errcode query:${SCENES.ambiguous}`,
        openMenu: true,
      }),
    },
    {
      name: 'discord-checklist',
      caption: `/errcode ${SCENES.checklist.query} with ${ticks} steps ticked`,
      html: discordHtml(discord.checklist, { channel: CHANNEL, ephemeral: true, command: `/errcode query:${SCENES.checklist.query}` }),
    },
    {
      name: 'discord-auto-reply',
      caption: 'a pasted 6004 payload answered with a reply',
      html: discordHtml(discord.autoReply, { channel: CHANNEL, ephemeral: false, replyTo: paste }),
    },
  ];
}
