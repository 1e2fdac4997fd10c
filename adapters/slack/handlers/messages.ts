/**
 * Auto-reply: a person pastes an error into a channel (as text or as a text file); the shared
 * policy decides whether errcode answers, and the answer goes into the message's thread as a
 * compact card. Bots (ourselves included), edits, deletions and redelivered events get nothing.
 */
import type { App } from '@slack/bolt';
import { recordAutoReply } from '../../../src/product/telemetry.js';
import { readTextFiles, type SlackFileRef } from '../files.js';
import { renderReply } from '../render/blocks.js';
import { mentions, slackTextToPlain } from '../render/escape.js';
import { guard, leaveForRedelivery, postReply, type SlackDeps } from '../runtime.js';
import { whisper } from '../secret-note.js';

/** Subtypes that are a person posting: everything else (edits, joins, bot_message...) is skipped. */
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);
/** Channel types errcode watches (the manifest subscribes to message.channels and message.groups). */
const WATCHED_CHANNELS = new Set([undefined, 'channel', 'group']);

/** The fields of a message event errcode reads; Bolt's union types are narrowed by hand here. */
interface MessageFields {
  readonly subtype?: string;
  readonly bot_id?: string;
  readonly user?: string;
  readonly text?: string;
  readonly ts: string;
  readonly thread_ts?: string;
  readonly channel: string;
  readonly channel_type?: string;
  readonly files?: readonly SlackFileRef[];
}

export function registerMessages(app: App, deps: SlackDeps): void {
  app.message(async ({ message, body, context, client }) => {
    const started = performance.now();
    const m = message as unknown as MessageFields;
    if (!PERSON_SUBTYPES.has(m.subtype) || m.bot_id || !m.user || m.user === context.botUserId) return;
    if (!WATCHED_CHANNELS.has(m.channel_type)) return;
    // Mentioning errcode is asking it: the app_mention listener answers that one.
    if (mentions(m.text ?? '', context.botUserId)) return;
    const eventId = (body as { event_id?: string }).event_id;
    const { services, product } = deps;
    const user = m.user;
    const where = { channel: m.channel, user, eventId };
    // False only when the reply could not be posted: everything else (answered, nothing to say, a
    // fault that a retry would repeat) counts as handled.
    const handle = async (): Promise<boolean> => {
      let posted = true;
      await guard(deps, 'auto-reply', where, async () => {
        const texts = [slackTextToPlain(m.text ?? '')];
        // No downloads for a channel that gets no auto-replies anyway (the plan still counts it).
        if (m.files && m.files.length > 0 && product.readsPastesIn(m.channel)) texts.push(...(await readTextFiles(deps, client, m.files)));
        const threadTs = m.thread_ts ?? m.ts;
        const plan = await product.planAutoReply({ channelId: m.channel, threadId: threadTs, text: texts.join('\n') });
        if (plan.answers.length === 0 && plan.secrets.length === 0) return;
        const locale = await deps.locales.of(user);
        const answered = product.autoReply(plan, locale, { canWhisper: true, where: { channel: m.channel, user } });
        if (!answered) return;
        await whisper(deps, client, { channel: m.channel, user, threadTs: m.thread_ts }, answered.whisper);
        if (answered.answers.length === 0) return;
        posted = false;
        try {
          posted = await postReply(deps, 'auto-reply', where, (replies) =>
            replies.chat.postMessage({
              channel: m.channel,
              thread_ts: threadTs,
              ...renderReply(answered.reply),
              unfurl_links: false,
              unfurl_media: false,
            }),
          );
        } finally {
          // A reply that could not be posted gives its cooldown and thread marks back.
          await plan.settle(posted);
        }
        if (posted)
          recordAutoReply(services, { platform: 'slack', answers: answered.answers, secrets: plan.secrets.length, started, where });
      });
      return posted;
    };
    // Seen only once answered, by every replica sharing the store: a redelivery while the reply is
    // being posted waits for it (or, on another replica, is acked as taken), and one after a failed
    // reply answers. The event is acked after this, so a failure is left for redelivery.
    const outcome = eventId ? await services.deduper.once(eventId, handle) : (await handle()) ? 'handled' : 'failed';
    if (outcome === 'duplicate')
      services.logger.debug({ event: 'slack_event_duplicate', platform: 'slack', eventId, retry: context.retryNum });
    // In flight on another replica (or on one that died): not known yet whether it will be answered.
    if (outcome === 'failed' || outcome === 'in-flight') leaveForRedelivery(context);
  });
}
