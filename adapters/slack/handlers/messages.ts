/**
 * Auto-reply: a person pastes an error into a channel (as text or as a text file); the shared
 * policy decides whether errcode answers, and the answer goes into the message's thread as a
 * compact card. Bots (ourselves included), edits, deletions and redelivered events get nothing.
 */
import type { App } from '@slack/bolt';
import { planAutoReply } from '../../../src/policy/plan.js';
import { readTextFiles, type SlackFileRef } from '../files.js';
import { renderCompactReply } from '../render/blocks.js';
import { mentions, slackTextToPlain } from '../render/escape.js';
import { callApi, elapsedSeconds, guard, type SlackDeps } from '../runtime.js';
import { warnAboutSecrets } from '../secret-note.js';

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
    const received = performance.now();
    const m = message as unknown as MessageFields;
    if (!PERSON_SUBTYPES.has(m.subtype) || m.bot_id || !m.user || m.user === context.botUserId) return;
    if (!WATCHED_CHANNELS.has(m.channel_type)) return;
    // Mentioning errcode is asking it: the app_mention listener answers that one.
    if (mentions(m.text ?? '', context.botUserId)) return;
    const eventId = (body as { event_id?: string }).event_id;
    const { services } = deps;
    if (eventId && !services.deduper.firstTime(eventId)) {
      services.logger.debug({ event: 'slack_event_duplicate', platform: 'slack', eventId, retry: context.retryNum });
      return;
    }
    const user = m.user;
    const where = { channel: m.channel, user, eventId };
    await guard(deps, 'auto-reply', where, async () => {
      let text = slackTextToPlain(m.text ?? '');
      if (m.files && m.files.length > 0) text = [text, ...(await readTextFiles(deps, client, m.files))].join('\n');
      const threadTs = m.thread_ts ?? m.ts;
      const plan = planAutoReply(services, { platform: 'slack', channelId: m.channel, threadId: threadTs, text });
      if (plan.secrets.length > 0) await warnAboutSecrets(deps, client, { channel: m.channel, user, threadTs: m.thread_ts }, plan.secrets);
      if (plan.answers.length === 0) return;

      const lang = await deps.languages.of(user);
      const reply = renderCompactReply(plan.answers, lang);
      const posted = await callApi(deps, 'chat.postMessage', where, () =>
        client.chat.postMessage({ channel: m.channel, thread_ts: threadTs, ...reply, unfurl_links: false, unfurl_media: false }),
      );
      if (!posted) return;
      services.metrics.autoReplies.inc({ platform: 'slack' });
      services.metrics.endToEndSeconds.observe({ platform: 'slack', kind: 'auto-reply' }, elapsedSeconds(received));
      const latencyMs = Math.round(elapsedSeconds(received) * 1000);
      for (const answer of plan.answers) {
        services.logger.info(
          {
            event: 'auto_reply',
            platform: 'slack',
            outcome: 'replied',
            channel: m.channel,
            catalog: answer.catalog.id,
            code: answer.code,
            ...(answer.main ? { main: answer.main } : {}),
            entryId: answer.entryId,
            confidence: answer.confidence,
            latencyMs,
          },
          'auto-replied to a paste',
        );
      }
    });
  });
}
