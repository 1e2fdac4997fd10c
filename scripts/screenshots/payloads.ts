/**
 * The payloads the README pictures show, made by the code the adapters run: the product layer
 * (src/product) decides each reply and the real renderers (adapters/slack/render/blocks.ts,
 * adapters/discord/render/messages.ts) turn it into the JSON the adapters send. Clicks go the
 * adapters' way too: the wire id on the rendered payload is decoded (adapters/slack/actions.ts,
 * adapters/discord/custom-ids.ts) and handed to `Product.click`, whose reducer gives the next card.
 * Nothing here writes a block, an embed or a component of its own.
 */
import type { BlockElementAction } from '@slack/bolt';
import { parseComponent } from '../../adapters/discord/custom-ids.js';
import type { DiscordMessage } from '../../adapters/discord/render/limits.js';
import { renderReply as renderDiscord } from '../../adapters/discord/render/messages.js';
import { decodeAction } from '../../adapters/slack/actions.js';
import { renderReply as renderSlack, type SlackMessage } from '../../adapters/slack/render/blocks.js';
import type { Answer } from '../../src/engine/answer.js';
import { createEngine } from '../../src/index.js';
import type { ActionInput } from '../../src/product/actions.js';
import { Product } from '../../src/product/product.js';
import type { Reply } from '../../src/product/reply.js';
import { pick } from '../../src/text.js';
import { silentServices } from '../silent-services.js';

/** What each picture asks. */
export const SCENES = Object.freeze({
  /** A code with several meanings: the card and its "More options" menu listing them. */
  ambiguous: '11205',
  /** A long checklist, these steps ticked one click at a time. */
  checklist: { query: '6004', ticked: [0, 1, 2, 3] },
  /** A paste in a channel, answered in its thread. */
  paste: '{"ret":6004,"msg":"get player info fail"}',
});

const USER = 'U0SCREENSHOT';
const DISCORD_USER = '222222222222222222';
const CHANNEL = 'C0SCREENSHOT';
const THREAD = '1700000000.000100';

/** One platform's three pictures, as payloads, with what is needed to label them. */
export interface Payloads<M> {
  /** `/errcode 11205`: a private card. */
  readonly ambiguous: M;
  /** `/errcode 6004` after the ticks. */
  readonly checklist: M;
  /** The auto-reply to SCENES.paste, posted in the paste's thread. */
  readonly autoReply: M;
}

export interface AllPayloads {
  readonly slack: Payloads<SlackMessage>;
  readonly discord: Payloads<DiscordMessage>;
  /** The entry the checklist picture shows (for the checks: each step's text once). */
  readonly checklistAnswer: Answer;
}

/** The card after a click on a private message, as the adapters' click handlers get it. */
async function clicked(product: Product, user: string, input: ActionInput | undefined): Promise<Reply> {
  if (!input) throw new Error('screenshots: a rendered control did not decode');
  const result = await product.click({ user, channelId: CHANNEL, onPublic: false, lang: 'en', input });
  if (result.kind !== 'update') throw new Error(`screenshots: a tick gave "${result.kind}", not an update`);
  return result.reply;
}

/** The checkbox of step `step` on a Slack card, clicked (Bolt's block_actions element). */
function slackTick(message: SlackMessage, step: number): BlockElementAction {
  const block = message.blocks.find(
    (b) => b.type === 'section' && typeof b.block_id === 'string' && b.block_id.startsWith(`errcode_step:${step}:`),
  ) as { block_id: string; accessory?: { action_id: string; options: Array<{ text: unknown; value: string }> } } | undefined;
  const checkbox = block?.accessory;
  const option = checkbox?.options[0];
  if (!block || !checkbox || !option) throw new Error(`screenshots: no checkbox for step ${step}`);
  return {
    type: 'checkboxes',
    action_id: checkbox.action_id,
    block_id: block.block_id,
    selected_options: [option],
    action_ts: '1700000000.000200',
  } as unknown as BlockElementAction;
}

/** The custom_id of step `step`'s toggle on a Discord card. */
function discordTick(message: DiscordMessage, step: number): string {
  const ids = message.components.flatMap((row) => row.components.flatMap((c) => ('custom_id' in c ? [c.custom_id] : [])));
  const id = ids.find((i) => i.startsWith('ec2:t:') && i.endsWith(`:${step}`));
  if (!id) throw new Error(`screenshots: no toggle for step ${step}`);
  return id;
}

async function autoReplyOf(product: Product): Promise<Reply> {
  const plan = await product.planAutoReply({ channelId: CHANNEL, threadId: THREAD, text: SCENES.paste });
  const answered = product.autoReply(plan, 'en', { canWhisper: product.platform === 'slack', where: { channel: CHANNEL, user: USER } });
  await plan.settle(true);
  if (!answered || answered.answers.length === 0) throw new Error('screenshots: the paste got no auto-reply');
  return answered.reply;
}

export async function realPayloads(): Promise<AllPayloads> {
  const engine = createEngine();
  const slack = new Product(silentServices(engine), 'slack');
  const discord = new Product(silentServices(engine), 'discord');
  const { query, ticked } = SCENES.checklist;

  let slackChecklist = renderSlack((await slack.answerCommand(query, 'en')).reply);
  for (const step of ticked) slackChecklist = renderSlack(await clicked(slack, USER, decodeAction(slackTick(slackChecklist, step))));
  let discordChecklist = renderDiscord((await discord.answerCommand(query, 'en')).reply);
  for (const step of ticked)
    discordChecklist = renderDiscord(await clicked(discord, DISCORD_USER, parseComponent(discordTick(discordChecklist, step))));

  const checklistAnswer = engine.lookup(query).answers[0];
  if (!checklistAnswer) throw new Error(`screenshots: ${query} has no answer`);
  if (checklistAnswer.checklist.length <= Math.max(...ticked) + 1) throw new Error(`screenshots: ${query} has too few steps`);

  return {
    slack: {
      ambiguous: renderSlack((await slack.answerCommand(SCENES.ambiguous, 'en')).reply),
      checklist: slackChecklist,
      autoReply: renderSlack(await autoReplyOf(slack)),
    },
    discord: {
      ambiguous: renderDiscord((await discord.answerCommand(SCENES.ambiguous, 'en')).reply),
      checklist: discordChecklist,
      autoReply: renderDiscord(await autoReplyOf(discord)),
    },
    checklistAnswer,
  };
}

/** The checklist's step texts as the card shows them (English). */
export function stepTexts(answer: Answer): string[] {
  return answer.checklist.map((step) => pick(step, 'en'));
}
