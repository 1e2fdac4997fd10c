/**
 * Message shortcut "Explain this error" (callback_id explain_error): the codes in the chosen
 * message (its text and text files), privately to the person who asked.
 */
import type { App, MessageShortcut } from '@slack/bolt';
import { faultMessage } from '../../../src/messages.js';
import { recordAsk } from '../../../src/product/telemetry.js';
import type { Language } from '../../../src/text.js';
import { SHORTCUT_CALLBACK_ID } from '../actions.js';
import { readTextFiles, type SlackFileRef } from '../files.js';
import { renderNotice, renderReply } from '../render/blocks.js';
import { slackTextToPlain } from '../render/escape.js';
import { guard, respond, type SlackDeps } from '../runtime.js';

export function registerShortcut(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: SHORTCUT_CALLBACK_ID, type: 'message_action' }, async ({ ack, shortcut, client }) => {
    const started = performance.now();
    await ack();
    const where = { channel: shortcut.channel.id, user: shortcut.user.id };
    // Until the locale is known, a fault is said in the configured default.
    let lang: Language = deps.product.languageFor({});
    await guard(
      deps,
      'shortcut',
      where,
      async () => {
        const locale = await deps.locales.of(shortcut.user.id);
        lang = deps.product.languageFor({ locale });
        const message = shortcut.message as { text?: string; user?: string; files?: readonly SlackFileRef[] };
        const own = slackTextToPlain(message.text ?? '');
        const files = message.files?.length ? await readTextFiles(deps, client, message.files) : [];
        const texts = [own, ...files];
        const { reply, answers } = deps.product.answerMessage({
          locale,
          texts,
          // A credential in the message: its poster is told, and only when they are the one asking.
          ownTexts: message.user === shortcut.user.id ? texts : [],
          visibility: 'private',
          canWhisper: true,
          where,
        });
        await respond(deps, shortcut.response_url, { response_type: 'ephemeral', ...renderReply(reply) });
        recordAsk(deps.services, { platform: 'slack', kind: 'message-action', reply, answers, started, where });
      },
      () => respond(deps, shortcut.response_url, { response_type: 'ephemeral', ...renderNotice(faultMessage('INTERNAL', lang)) }),
    );
  });
}
