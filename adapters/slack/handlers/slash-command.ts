/**
 * `/errcode <query>`: ack at once, then an ephemeral answer card (with "Share in channel"), the
 * nearest codes and "Report missing code" when nothing matches, or the usage.
 */
import type { App } from '@slack/bolt';
import type { LookupResult } from '../../../src/engine/answer.js';
import { REPORTED_QUERY_LIMIT } from '../../../src/feedback.js';
import { faultMessage, ui } from '../../../src/messages.js';
import { redactSecrets } from '../../../src/secrets.js';
import type { Language } from '../../../src/text.js';
import { COMMAND, encodeReport } from '../actions.js';
import { cardMessage, firstState } from '../cards.js';
import { renderNoMatch, renderNotice, renderUsage, type SlackMessage, withNote } from '../render/blocks.js';
import { slackTextToPlain } from '../render/escape.js';
import { clamp } from '../render/limits.js';
import { elapsedSeconds, guard, respond, type SlackDeps } from '../runtime.js';

const HELP = /^(help|-h|--help|\?|帮助)$/i;

export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(COMMAND, async ({ command, ack }) => {
    const received = performance.now();
    await ack();
    const where = { channel: command.channel_id, user: command.user_id };
    let lang: Language = 'en';
    await guard(
      deps,
      'command',
      where,
      async () => {
        lang = await deps.languages.of(command.user_id, (command as { locale?: string }).locale);
        const query = slackTextToPlain(command.text ?? '').trim();
        const { message, outcome, result } = answerQuery(deps, query, lang);
        await respond(deps, command.response_url, { response_type: 'ephemeral', ...message });
        const { metrics, logger } = deps.services;
        metrics.queries.inc({ platform: 'slack', outcome });
        metrics.endToEndSeconds.observe({ platform: 'slack', kind: 'command' }, elapsedSeconds(received));
        const first = result?.answers[0];
        logger.info(
          {
            event: 'query',
            platform: 'slack',
            kind: 'command',
            outcome,
            ...where,
            ...(first
              ? { catalog: first.catalog.id, code: first.code, ...(first.main ? { main: first.main } : {}), entryId: first.entryId }
              : {}),
            latencyMs: Math.round(elapsedSeconds(received) * 1000),
          },
          'query answered',
        );
      },
      () => respond(deps, command.response_url, { response_type: 'ephemeral', ...renderNotice(faultMessage('INTERNAL', lang)) }),
    );
  });
}

type Outcome = 'found' | 'not-found' | 'empty';

/** The reply to a query: usage, a card, or "no match" with the nearest codes. */
export function answerQuery(
  deps: SlackDeps,
  query: string,
  lang: Language,
): { message: SlackMessage; outcome: Outcome; result?: LookupResult } {
  if (query === '' || HELP.test(query)) return { message: renderUsage(lang), outcome: 'empty' };
  const engine = deps.services.engines.current;
  const started = performance.now();
  const result = engine.lookup(query);
  deps.services.metrics.engineSeconds.observe({ operation: 'lookup' }, elapsedSeconds(started));
  const redacted = redactSecrets(query);
  let message: SlackMessage;
  const first = result.answers[0];
  const card = first ? cardMessage(engine, firstState(first, lang), { shareable: true }, first) : undefined;
  if (card) {
    message = card;
  } else {
    const reported = clamp(redacted.text, REPORTED_QUERY_LIMIT);
    message = renderNoMatch({ query: redacted.text, suggestions: result.suggestions, lang, reportValue: encodeReport(lang, reported) });
  }
  if (redacted.found.length > 0) {
    // The reply is ephemeral, so the note can ride along with it.
    message = withNote(message, ui('rotateSecret', lang, { kinds: redacted.found.join(', ') }));
  }
  return { message, outcome: card ? 'found' : result.status === 'empty-query' ? 'empty' : 'not-found', result };
}
