/**
 * Every button, checkbox and menu on errcode's messages. The card's state comes back in the
 * action's value (or, for checkboxes, the block_id); the card is re-rendered from it and replaces
 * the message it came from. An undecodable value is an old button: STALE_BUTTON; an entry that
 * left the catalogs: UNKNOWN_ENTRY.
 */
import type { App, BlockAction, BlockElementAction } from '@slack/bolt';
import type { Answer } from '../../../src/engine/answer.js';
import { codeLabel, nextDepth } from '../../../src/interaction/card.js';
import { type CardState, decodeState, MAX_TRACKED_STEPS } from '../../../src/interaction/state.js';
import { faultMessage, ui } from '../../../src/messages.js';
import type { Language } from '../../../src/text.js';
import { ACTION_PATTERN, type ActionKind, actionKind, decodeReport, parseStepsBlockId } from '../actions.js';
import { cardMessage } from '../cards.js';
import { renderNoMatch, renderNotice, type SlackMessage } from '../render/blocks.js';
import { SLACK_LIMITS } from '../render/limits.js';
import { callApi, elapsedSeconds, guard, respond, type SlackDeps, type WebClient } from '../runtime.js';

/** One click, with what every handler needs from Slack's payload. */
interface Click {
  readonly action: BlockElementAction;
  readonly user: string;
  readonly channel: string | undefined;
  readonly responseUrl: string;
  /** The clicked message is visible to the clicker only. */
  readonly ephemeral: boolean;
  readonly messageTs: string | undefined;
  readonly threadTs: string | undefined;
  /** A button's value or a menu's selected value. */
  readonly value: string | undefined;
  /** The reader's language as the payload says it, for fault messages. */
  readonly lang: Language | undefined;
}

type Handler = (deps: SlackDeps, click: Click, client: WebClient) => Promise<void>;

export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction>({ type: 'block_actions', action_id: ACTION_PATTERN }, async ({ ack, body, action, client }) => {
    const received = performance.now();
    await ack();
    const click = clickOf(body, action);
    const kind = actionKind(action.action_id);
    await guard(
      deps,
      'action',
      { action: action.action_id, channel: click.channel, user: click.user },
      async () => {
        await (kind ? HANDLERS[kind] : stale)(deps, click, client);
        deps.services.metrics.endToEndSeconds.observe({ platform: 'slack', kind: 'action' }, elapsedSeconds(received));
      },
      async () => notice(deps, click, faultMessage('INTERNAL', click.lang ?? (await deps.languages.cached(click.user)))),
    );
  });
}

const HANDLERS: Readonly<Record<ActionKind, Handler>> = {
  step: toggleSteps,
  stillFailing: withCard(async (deps, click, state, answer) => {
    await replace(deps, click, card(deps, { ...state, depth: nextDepth(answer, state.depth) }, click, answer));
  }),
  language: withCard(async (deps, click, state, answer) => {
    await replace(deps, click, card(deps, { ...state, lang: state.lang === 'en' ? 'zh' : 'en' }, click, answer));
  }),
  open: withCard(async (deps, click, state, answer) => {
    await replace(deps, click, card(deps, state, click, answer));
  }),
  share: withCard(share),
  helpful: withCard(vote(true)),
  notHelpful: withCard(vote(false)),
  reportMissing,
  showChecklist: withCard(showChecklist),
  notRelevant,
};

function clickOf(body: BlockAction, action: BlockElementAction): Click {
  const container = body.container as { channel_id?: string; is_ephemeral?: boolean; message_ts?: string; thread_ts?: string };
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  const value = chosenValue(action);
  const lang =
    (value !== undefined ? (decodeState(value)?.lang ?? decodeReport(value)?.lang) : undefined) ??
    parseStepsBlockId(action.block_id)?.state.lang;
  return {
    action,
    user: body.user.id,
    channel: container.channel_id ?? body.channel?.id,
    responseUrl: body.response_url,
    ephemeral: container.is_ephemeral === true,
    messageTs: message?.ts ?? container.message_ts,
    threadTs: message?.thread_ts ?? container.thread_ts,
    value,
    lang,
  };
}

function chosenValue(action: BlockElementAction): string | undefined {
  if ('value' in action && typeof action.value === 'string') return action.value;
  if ('selected_option' in action && action.selected_option && typeof action.selected_option.value === 'string') {
    return action.selected_option.value;
  }
  return undefined;
}

/** Decodes the card state and finds its entry, or answers STALE_BUTTON / UNKNOWN_ENTRY. */
function withCard(run: (deps: SlackDeps, click: Click, state: CardState, answer: Answer, client: WebClient) => Promise<void>): Handler {
  return async (deps, click, client) => {
    const state = click.value === undefined ? undefined : decodeState(click.value);
    if (!state) return stale(deps, click);
    const answer = deps.services.engines.current.explain(state.entryKey);
    if (!answer) return unknownEntry(deps, click, state);
    await run(deps, click, state, answer, client);
  };
}

function card(deps: SlackDeps, state: CardState, click: Click, answer?: Answer): SlackMessage | undefined {
  return cardMessage(
    deps.services.engines.current,
    state,
    { shareable: click.ephemeral },
    answer?.entryKey === state.entryKey ? answer : undefined,
  );
}

/** A checklist tick: the chunk's boxes as Slack reports them replace that chunk's bits. */
async function toggleSteps(deps: SlackDeps, click: Click): Promise<void> {
  const parsed = parseStepsBlockId(click.action.block_id);
  if (!parsed || click.action.type !== 'checkboxes') return stale(deps, click);
  const { chunk, state } = parsed;
  const answer = deps.services.engines.current.explain(state.entryKey);
  if (!answer) return unknownEntry(deps, click, state);
  const ticked = new Set(click.action.selected_options.map((o) => Number(o.value)));
  const start = chunk * SLACK_LIMITS.checkboxOptions;
  const end = Math.min(start + SLACK_LIMITS.checkboxOptions, answer.checklist.length, MAX_TRACKED_STEPS);
  let done = state.done;
  for (let step = start; step < end; step += 1) done = ticked.has(step) ? done | (1 << step) : done & ~(1 << step);
  await replace(deps, click, card(deps, { ...state, done: done >>> 0 }, click, answer));
}

/** "Share in channel": the card (without the Share button) posted for everyone; the private copy goes. */
async function share(deps: SlackDeps, click: Click, state: CardState, answer: Answer, client: WebClient): Promise<void> {
  const message = cardMessage(deps.services.engines.current, state, { shareable: false, sharedBy: click.user }, answer);
  if (!message || !click.channel) return stale(deps, click);
  const channel = click.channel;
  const posted = await callApi(deps, 'chat.postMessage', { channel, user: click.user }, () =>
    client.chat.postMessage({
      channel,
      ...(click.threadTs ? { thread_ts: click.threadTs } : {}),
      ...message,
      unfurl_links: false,
      unfurl_media: false,
    }),
  );
  // Not a member of the channel (not_in_channel): the response_url can still post there.
  if (!posted) await respond(deps, click.responseUrl, { response_type: 'in_channel', replace_original: false, ...message });
  if (click.ephemeral) await respond(deps, click.responseUrl, { delete_original: true });
  deps.services.logger.info(
    {
      event: 'card_shared',
      platform: 'slack',
      channel,
      user: click.user,
      entryId: answer.entryId,
      via: posted ? 'chat.postMessage' : 'response_url',
    },
    'card shared in channel',
  );
}

function vote(helpful: boolean) {
  return async (deps: SlackDeps, click: Click, state: CardState, answer: Answer): Promise<void> => {
    deps.services.feedback.vote('slack', answer.entryId, helpful, {
      user: click.user,
      ...(click.channel ? { channel: click.channel } : {}),
    });
    await notice(deps, click, ui('thanksVote', state.lang));
  };
}

/** The compact auto-reply's "Show fix checklist": the full card, to the clicker only, in the thread. */
async function showChecklist(deps: SlackDeps, click: Click, state: CardState, answer: Answer, client: WebClient): Promise<void> {
  const message = cardMessage(deps.services.engines.current, state, { shareable: true }, answer);
  if (!message || !click.channel) return stale(deps, click);
  const channel = click.channel;
  const threadTs = click.threadTs ?? click.messageTs;
  const posted = await callApi(deps, 'chat.postEphemeral', { channel, user: click.user }, () =>
    client.chat.postEphemeral({ channel, user: click.user, ...(threadTs ? { thread_ts: threadTs } : {}), ...message }),
  );
  if (!posted) await respond(deps, click.responseUrl, { response_type: 'ephemeral', replace_original: false, ...message });
}

/** "Not relevant": no auto-replies about this code in this channel for a day. */
async function notRelevant(deps: SlackDeps, click: Click): Promise<void> {
  const state = click.value === undefined ? undefined : decodeState(click.value);
  if (!state || !click.channel) return stale(deps, click);
  deps.services.policy.mute(click.channel, state.entryKey);
  const answer = deps.services.engines.current.explain(state.entryKey);
  deps.services.logger.info(
    {
      event: 'auto_reply_muted',
      platform: 'slack',
      channel: click.channel,
      user: click.user,
      entryKey: state.entryKey,
      ...(answer ? { entryId: answer.entryId } : {}),
    },
    'code muted in channel',
  );
  await notice(deps, click, ui('mutedCode', state.lang, { code: answer ? codeLabel(answer) : state.entryKey }));
}

/** "Report missing code": one missing_code_report; the button gives way to a thank-you. */
async function reportMissing(deps: SlackDeps, click: Click): Promise<void> {
  const report = click.value === undefined ? undefined : decodeReport(click.value);
  if (!report) return stale(deps, click);
  deps.services.feedback.missingCode('slack', report.query, { user: click.user, ...(click.channel ? { channel: click.channel } : {}) });
  const result = deps.services.engines.current.lookup(report.query);
  await replace(deps, click, renderNoMatch({ query: report.query, suggestions: result.suggestions, lang: report.lang, reported: true }));
}

async function stale(deps: SlackDeps, click: Click): Promise<void> {
  deps.services.logger.info(
    { event: 'stale_action', platform: 'slack', action: click.action.action_id, user: click.user },
    'button from an older errcode',
  );
  await notice(deps, click, faultMessage('STALE_BUTTON', click.lang ?? (await deps.languages.cached(click.user))));
}

async function unknownEntry(deps: SlackDeps, click: Click, state: CardState): Promise<void> {
  deps.services.logger.info(
    { event: 'unknown_entry', platform: 'slack', entryKey: state.entryKey, user: click.user },
    'entry no longer in the catalogs',
  );
  await notice(deps, click, faultMessage('UNKNOWN_ENTRY', state.lang));
}

async function replace(deps: SlackDeps, click: Click, message: SlackMessage | undefined): Promise<void> {
  if (!message) return stale(deps, click);
  await respond(deps, click.responseUrl, { replace_original: true, ...message });
}

/** A short message to the clicker only; the card stays as it is. */
async function notice(deps: SlackDeps, click: Click, text: string): Promise<void> {
  await respond(deps, click.responseUrl, { response_type: 'ephemeral', replace_original: false, ...renderNotice(text) });
}
