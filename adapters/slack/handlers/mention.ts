/**
 * `@errcode` in a channel: the codes in the mentioning message (minus the mention) and, in a
 * thread, in the thread's first message; the product layer's public reply goes in the thread, a
 * credential note to the asker alone.
 */
import type { App } from '@slack/bolt';
import { faultMessage } from '../../../src/messages.js';
import { recordAsk } from '../../../src/product/telemetry.js';
import type { Language } from '../../../src/text.js';
import { readTextFiles, type SlackFileRef } from '../files.js';
import { renderNotice, renderReply, type SlackMessage } from '../render/blocks.js';
import { slackTextToPlain } from '../render/escape.js';
import { callApi, guard, leaveForRedelivery, type SlackDeps, type WebClient } from '../runtime.js';
import { whisper } from '../secret-note.js';

interface MentionFields {
  readonly user?: string;
  readonly bot_id?: string;
  readonly text?: string;
  readonly ts: string;
  readonly thread_ts?: string;
  readonly channel: string;
  readonly files?: readonly SlackFileRef[];
}

export function registerMention(app: App, deps: SlackDeps): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    const started = performance.now();
    const e = event as unknown as MentionFields;
    if (e.bot_id || !e.user || e.user === context.botUserId) return;
    const eventId = (body as { event_id?: string }).event_id;
    const user = e.user;
    const threadTs = e.thread_ts ?? e.ts;
    const where = { channel: e.channel, user, eventId };
    // Until the locale is known, a fault is said in the configured default.
    let lang: Language = deps.product.languageFor({});
    // False when the answer could not be posted: the event is then left for Slack to redeliver.
    let posted = true;
    const post = async (message: SlackMessage) => {
      posted =
        (await callApi(deps, 'chat.postMessage', where, () =>
          client.chat.postMessage({ channel: e.channel, thread_ts: threadTs, ...message, unfurl_links: false, unfurl_media: false }),
        )) !== undefined;
    };
    const handle = async (): Promise<boolean> => {
      posted = true;
      await guard(
        deps,
        'mention',
        where,
        async () => {
          const locale = await deps.locales.of(user);
          // slackTextToPlain drops every <@...>, errcode's own mention included.
          const question = slackTextToPlain(e.text ?? '');
          lang = deps.product.languageFor({ locale, question });
          const ownTexts = [question, ...(e.files?.length ? await readTextFiles(deps, client, e.files) : [])];
          const texts = [...ownTexts];
          if (e.thread_ts && e.thread_ts !== e.ts) texts.push(await threadRoot(deps, client, e.channel, e.thread_ts));
          // Only the asker's own words are theirs to rotate; the thread's first message may be someone else's.
          const answered = deps.product.answerMessage({
            locale,
            question,
            texts,
            ownTexts,
            visibility: 'public',
            canWhisper: true,
            where: { channel: e.channel, user },
          });
          await whisper(deps, client, { channel: e.channel, user, threadTs: e.thread_ts }, answered.whisper);
          await post(renderReply(answered.reply));
          recordAsk(deps.services, {
            platform: 'slack',
            kind: 'mention',
            reply: answered.reply,
            answers: answered.answers,
            started,
            where,
          });
        },
        () => post(renderNotice(faultMessage('INTERNAL', lang))),
      );
      return posted;
    };
    // Marked seen once answered (not on arrival), shared by every replica: a redelivery after a
    // failed post answers, one while the answer is being posted does not answer twice.
    const outcome = eventId ? await deps.services.deduper.once(eventId, handle) : (await handle()) ? 'handled' : 'failed';
    // In flight elsewhere: not known yet whether it will be answered, so Slack is to ask again.
    if (outcome === 'failed' || outcome === 'in-flight') leaveForRedelivery(context);
  });
}

/** The thread's first message, as plain text ('' when it cannot be read). */
async function threadRoot(deps: SlackDeps, client: WebClient, channel: string, threadTs: string): Promise<string> {
  const replies = await callApi(deps, 'conversations.replies', { channel }, () =>
    client.conversations.replies({ channel, ts: threadTs, limit: 1, inclusive: true }),
  );
  const root = replies?.messages?.find((m) => m.ts === threadTs) ?? replies?.messages?.[0];
  return slackTextToPlain(root?.text ?? '');
}
