/**
 * Message shortcut "Explain this error" (callback_id explain_error): the codes in the chosen
 * message (its text and text files), each as an ephemeral card to the person who asked, or a short
 * "no known error code" with the usage. Works on thread replies like on any message.
 */
import type { App, MessageShortcut } from '@slack/bolt';
import { faultMessage, ui } from '../../../src/messages.js';
import { redactSecrets } from '../../../src/secrets.js';
import type { Language } from '../../../src/text.js';
import { SHORTCUT_CALLBACK_ID } from '../actions.js';
import { answersIn, cardMessage, firstState } from '../cards.js';
import { readTextFiles, type SlackFileRef } from '../files.js';
import { renderNotice, renderUsage, type SlackMessage, withNote } from '../render/blocks.js';
import { slackTextToPlain } from '../render/escape.js';
import { elapsedSeconds, guard, respond, type SlackDeps } from '../runtime.js';

export function registerShortcut(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: SHORTCUT_CALLBACK_ID, type: 'message_action' }, async ({ ack, shortcut, client }) => {
    const received = performance.now();
    await ack();
    const where = { channel: shortcut.channel.id, user: shortcut.user.id };
    let lang: Language = 'en';
    await guard(
      deps,
      'shortcut',
      where,
      async () => {
        lang = await deps.languages.of(shortcut.user.id);
        const message = shortcut.message as { text?: string; user?: string; files?: readonly SlackFileRef[] };
        const own = slackTextToPlain(message.text ?? '');
        const files = message.files?.length ? await readTextFiles(deps, client, message.files) : [];
        const answers = answersIn(deps.services, [own, ...files]);
        const { metrics, logger, engines } = deps.services;
        // A credential in the message: its poster is told, and only when they are the one asking.
        const secrets = message.user === shortcut.user.id ? redactSecrets([own, ...files].join('\n')).found : [];
        const replies: SlackMessage[] = answers.length === 0 ? [renderUsage(lang, ui('noCodeFound', lang))] : [];
        for (const answer of answers) {
          const card = cardMessage(engines.current, firstState(answer, lang), { shareable: true }, answer);
          if (card) replies.push(card);
        }
        for (const [i, reply] of replies.entries()) {
          const shown = i === 0 && secrets.length > 0 ? withNote(reply, ui('rotateSecret', lang, { kinds: secrets.join(', ') })) : reply;
          await respond(deps, shortcut.response_url, { response_type: 'ephemeral', ...shown });
        }
        const outcome = answers.length > 0 ? 'found' : own.trim() === '' && files.length === 0 ? 'empty' : 'not-found';
        metrics.queries.inc({ platform: 'slack', outcome });
        metrics.endToEndSeconds.observe({ platform: 'slack', kind: 'shortcut' }, elapsedSeconds(received));
        logger.info(
          {
            event: 'query',
            platform: 'slack',
            kind: 'shortcut',
            outcome,
            ...where,
            codes: answers.map((a) => `${a.catalog.id}:${a.main ? `${a.main}/` : ''}${a.code}`),
            latencyMs: Math.round(elapsedSeconds(received) * 1000),
          },
          'shortcut answered',
        );
      },
      () => respond(deps, shortcut.response_url, { response_type: 'ephemeral', ...renderNotice(faultMessage('INTERNAL', lang)) }),
    );
  });
}
