/**
 * `@errcode` in a channel: the codes in the mentioning message (minus the mention) and, in a
 * thread, in the thread's first message; full cards in the thread, or a short usage reply.
 */
import type { App } from '@slack/bolt';
import { faultMessage, ui } from '../../../src/messages.js';
import { redactSecrets } from '../../../src/secrets.js';
import type { Language } from '../../../src/text.js';
import { answersIn, cardMessage, firstState } from '../cards.js';
import { readTextFiles, type SlackFileRef } from '../files.js';
import { renderNotice, renderUsage, type SlackMessage } from '../render/blocks.js';
import { slackTextToPlain } from '../render/escape.js';
import { callApi, elapsedSeconds, guard, type SlackDeps, type WebClient } from '../runtime.js';
import { warnAboutSecrets } from '../secret-note.js';

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
    const received = performance.now();
    const e = event as unknown as MentionFields;
    if (e.bot_id || !e.user || e.user === context.botUserId) return;
    const eventId = (body as { event_id?: string }).event_id;
    if (eventId && !deps.services.deduper.firstTime(eventId)) return;
    const user = e.user;
    const threadTs = e.thread_ts ?? e.ts;
    const where = { channel: e.channel, user, eventId };
    let lang: Language = 'en';
    const post = (message: SlackMessage) =>
      callApi(deps, 'chat.postMessage', where, () =>
        client.chat.postMessage({ channel: e.channel, thread_ts: threadTs, ...message, unfurl_links: false, unfurl_media: false }),
      );
    await guard(
      deps,
      'mention',
      where,
      async () => {
        lang = await deps.languages.of(user);
        // slackTextToPlain drops every <@...>, errcode's own mention included.
        const own = slackTextToPlain(e.text ?? '');
        const ownTexts = [own, ...(e.files?.length ? await readTextFiles(deps, client, e.files) : [])];
        const parts = [...ownTexts];
        if (e.thread_ts && e.thread_ts !== e.ts) parts.push(await threadRoot(deps, client, e.channel, e.thread_ts));
        // Only the asker's own words are theirs to rotate; the thread's first message may be someone else's.
        const secrets = redactSecrets(ownTexts.join('\n')).found;
        if (secrets.length > 0) await warnAboutSecrets(deps, client, { channel: e.channel, user, threadTs: e.thread_ts }, secrets);

        const answers = answersIn(deps.services, parts);
        const { metrics, logger, engines } = deps.services;
        if (answers.length === 0) await post(renderUsage(lang, ui('noCodeFound', lang)));
        for (const answer of answers) {
          const card = cardMessage(engines.current, firstState(answer, lang), { shareable: false }, answer);
          if (card) await post(card);
        }
        const outcome = answers.length > 0 ? 'found' : parts.join('').trim() === '' ? 'empty' : 'not-found';
        metrics.queries.inc({ platform: 'slack', outcome });
        metrics.endToEndSeconds.observe({ platform: 'slack', kind: 'mention' }, elapsedSeconds(received));
        logger.info(
          {
            event: 'query',
            platform: 'slack',
            kind: 'mention',
            outcome,
            ...where,
            codes: answers.map((a) => `${a.catalog.id}:${a.main ? `${a.main}/` : ''}${a.code}`),
            latencyMs: Math.round(elapsedSeconds(received) * 1000),
          },
          'mention answered',
        );
      },
      () => post(renderNotice(faultMessage('INTERNAL', lang))),
    );
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
