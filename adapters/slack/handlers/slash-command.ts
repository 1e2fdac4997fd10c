/** `/errcode <query>`: ack at once, then the product layer's reply, ephemeral, to whoever asked. */
import type { App } from '@slack/bolt';
import { faultMessage } from '../../../src/messages.js';
import { recordAsk } from '../../../src/product/telemetry.js';
import type { Language } from '../../../src/text.js';
import { COMMAND } from '../actions.js';
import { renderNotice, renderReply } from '../render/blocks.js';
import { slackTextToPlain } from '../render/escape.js';
import { guard, respond, type SlackDeps } from '../runtime.js';

export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack }) => {
    const started = performance.now();
    await ack();
    const where = { channel: command.channel_id, user: command.user_id };
    const query = slackTextToPlain(command.text ?? '');
    // Until the locale is known, a fault is said in the language of the question (or the default).
    let lang: Language = deps.product.languageFor({ question: query });
    await guard(
      deps,
      'command',
      where,
      async () => {
        const locale = await deps.locales.of(command.user_id, (command as { locale?: string }).locale);
        lang = deps.product.languageFor({ question: query, locale });
        const { reply, answers } = await deps.product.answerCommand(query, locale, where);
        await respond(deps, command.response_url, { response_type: 'ephemeral', ...renderReply(reply) });
        recordAsk(deps.services, { platform: 'slack', kind: 'command', reply, answers, started, where });
      },
      () => respond(deps, command.response_url, { response_type: 'ephemeral', ...renderNotice(faultMessage('INTERNAL', lang)) }),
    );
  });
}
