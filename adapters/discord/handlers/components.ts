/**
 * Buttons and selects on answer cards. Everything needed is in the custom_id (see ../custom-ids.ts):
 * the card is rebuilt from the engine and the message updated in place (type 7). A custom_id this
 * version did not write gets STALE_BUTTON; an entry the catalogs no longer have, UNKNOWN_ENTRY.
 */
import type { ButtonInteraction, StringSelectMenuInteraction } from 'discord.js';
import type { Answer } from '../../../src/engine/answer.js';
import { codeLabel, linkOf } from '../../../src/interaction/card.js';
import { type CardState, MAX_TRACKED_STEPS } from '../../../src/interaction/state.js';
import { type FaultCode, faultMessage, languageOf, ui } from '../../../src/messages.js';
import type { Services } from '../../../src/services.js';
import type { Language } from '../../../src/text.js';
import { freshState, fullView, nextDepth } from '../cards.js';
import { type CardAction, parseCustomId } from '../custom-ids.js';
import { policyChannelId } from '../places.js';
import { TICKABLE_STEPS } from '../render/components.js';
import { cardMessage, noMatchMessage, sharedMessage, textMessage } from '../render/messages.js';
import { ephemeralPayload, publicPayload, updatePayload } from '../reply.js';
import { recordComponent } from '../telemetry.js';

export type ComponentInteraction = ButtonInteraction | StringSelectMenuInteraction;

const ENTRY_KEY = /^[0-9a-z]{1,16}$/;

async function fault(interaction: ComponentInteraction, code: FaultCode, lang: Language): Promise<void> {
  await interaction.reply(ephemeralPayload(textMessage(faultMessage(code, lang))));
}

/** The one entry key a select sent, when it looks like one. */
function chosenKey(interaction: ComponentInteraction): string | undefined {
  if (!interaction.isStringSelectMenu()) return undefined;
  const [value] = interaction.values;
  return value !== undefined && ENTRY_KEY.test(value) ? value : undefined;
}

/** The ticked steps a checklist select sent, over the steps it did not show. */
function tickedMask(interaction: StringSelectMenuInteraction, state: CardState, steps: number): number {
  const shown = Math.min(steps, TICKABLE_STEPS);
  let mask = state.done;
  for (let i = 0; i < shown; i += 1) mask &= ~(1 << i);
  for (const value of interaction.values) {
    const step = Number(value);
    if (Number.isInteger(step) && step >= 0 && step < shown && step < MAX_TRACKED_STEPS) mask |= 1 << step;
  }
  return mask >>> 0;
}

export async function handleComponent(interaction: ComponentInteraction, services: Services): Promise<void> {
  const started = performance.now();
  const parsed = parseCustomId(interaction.customId);
  if (!parsed) {
    await fault(interaction, 'STALE_BUTTON', languageOf(interaction.locale));
    return;
  }
  const engine = services.engines.current;
  const where = { user: interaction.user.id, ...(interaction.channelId ? { channel: interaction.channelId } : {}) };

  if (parsed.kind === 'missing') {
    if (!interaction.isButton()) return fault(interaction, 'STALE_BUTTON', parsed.lang);
    services.feedback.missingCode('discord', parsed.query, where);
    const result = engine.lookup(parsed.query);
    const nearest = result.suggestions.map((ref) => linkOf(ref, parsed.lang));
    await interaction.update(updatePayload(noMatchMessage(parsed.query, nearest, parsed.lang, { reported: true })));
    recordComponent(services, 'report-missing', started);
    return;
  }

  if (parsed.kind === 'nearest') {
    const key = chosenKey(interaction);
    if (!key) return fault(interaction, 'STALE_BUTTON', parsed.lang);
    const answer = engine.explain(key);
    if (!answer) return fault(interaction, 'UNKNOWN_ENTRY', parsed.lang);
    await interaction.update(updatePayload(cardMessage(fullView(engine, answer, freshState(answer, parsed.lang)))));
    recordComponent(services, 'nearest', started);
    return;
  }

  const { action, state } = parsed;
  const answer = engine.explain(state.entryKey);
  if (!answer) return fault(interaction, 'UNKNOWN_ENTRY', state.lang);
  const done = await cardAction(interaction, services, action, state, answer, where);
  if (done) recordComponent(services, action, started);
}

/** One card action; false when the component did not fit the action (answered STALE_BUTTON). */
async function cardAction(
  interaction: ComponentInteraction,
  services: Services,
  action: CardAction,
  state: CardState,
  answer: Answer,
  where: { user: string; channel?: string },
): Promise<boolean> {
  const engine = services.engines.current;
  const update = (next: CardState) => interaction.update(updatePayload(cardMessage(fullView(engine, answer, next))));
  switch (action) {
    case 'steps': {
      if (!interaction.isStringSelectMenu()) break;
      await update({ ...state, done: tickedMask(interaction, state, answer.checklist.length) });
      return true;
    }
    case 'fail':
      await update({ ...state, depth: nextDepth(answer, state.depth) });
      return true;
    case 'lang':
      await update({ ...state, lang: state.lang === 'en' ? 'zh' : 'en' });
      return true;
    case 'other':
    case 'related': {
      const key = chosenKey(interaction);
      if (!key) break;
      const chosen = engine.explain(key);
      if (!chosen) {
        await fault(interaction, 'UNKNOWN_ENTRY', state.lang);
        return true;
      }
      await interaction.update(updatePayload(cardMessage(fullView(engine, chosen, freshState(chosen, state.lang)))));
      return true;
    }
    case 'share': {
      await share(interaction, services, answer, state);
      return true;
    }
    case 'helpful':
    case 'unhelpful':
      services.feedback.vote('discord', answer.entryId, action === 'helpful', where);
      await interaction.reply(ephemeralPayload(textMessage(ui('thanksVote', state.lang))));
      return true;
    case 'open': {
      // Opened by whoever clicked: their language, a fresh checklist.
      const lang = languageOf(interaction.locale);
      await interaction.reply(ephemeralPayload(cardMessage(fullView(engine, answer, freshState(answer, lang)))));
      return true;
    }
    case 'mute': {
      services.policy.mute(policyChannelId(interaction.channel, interaction.channelId), answer.entryKey);
      const lang = languageOf(interaction.locale);
      await interaction.reply(ephemeralPayload(textMessage(ui('mutedCode', lang, { code: codeLabel(answer) }))));
      return true;
    }
  }
  await fault(interaction, 'STALE_BUTTON', state.lang);
  return false;
}

/**
 * "Share in channel": acknowledge at once (type 6), then post the public copy to the channel; when
 * the bot may not post there, a non-ephemeral follow-up carries it instead.
 */
async function share(interaction: ComponentInteraction, services: Services, answer: Answer, state: CardState): Promise<void> {
  await interaction.deferUpdate();
  const engine = services.engines.current;
  const copy = publicPayload(sharedMessage(fullView(engine, answer, { ...state, done: 0 }), interaction.user.id));
  const channel = interaction.channel;
  if (channel?.isSendable()) {
    try {
      await channel.send(copy);
      return;
    } catch (error) {
      services.logger.debug({ event: 'share_via_channel_failed', platform: 'discord', status: (error as { status?: number }).status });
    }
  }
  await interaction.followUp(copy);
}
