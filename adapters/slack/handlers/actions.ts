/**
 * Every button, checkbox and menu on errcode's messages: the click is decoded (actions.ts), the
 * product layer decides what follows, and the result is delivered the Slack way — the private
 * card replaced in place, a new ephemeral message, or a public copy in the channel. A public
 * message is never rewritten: whoever clicks it gets their own private card.
 */
import type { App, BlockAction } from '@slack/bolt';
import { faultMessage } from '../../../src/messages.js';
import type { ClickResult } from '../../../src/product/product.js';
import { recordClick } from '../../../src/product/telemetry.js';
import { ACTION_PATTERN, decodeAction, languageOfAction } from '../actions.js';
import { renderForm, renderNotice, renderReply, type SlackMessage } from '../render/blocks.js';
import { callApi, guard, respond, type SlackDeps, type WebClient } from '../runtime.js';
import { notifyAll } from './views.js';

/** Where the click happened, as Slack's payload says it. */
interface Place {
  readonly user: string;
  readonly channel: string | undefined;
  readonly responseUrl: string;
  /** The clicked message is visible to the clicker only. */
  readonly ephemeral: boolean;
  readonly messageTs: string | undefined;
  readonly threadTs: string | undefined;
  /** For views.open (a modal); valid for 3 s after the click. */
  readonly triggerId: string | undefined;
}

export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction>({ type: 'block_actions', action_id: ACTION_PATTERN }, async ({ ack, body, action, client }) => {
    const started = performance.now();
    await ack();
    const place = placeOf(body);
    const input = decodeAction(action);
    await guard(
      deps,
      'action',
      { action: action.action_id, channel: place.channel, user: place.user },
      async () => {
        const lang = languageOfAction(input) ?? deps.product.languageFor({ locale: await deps.locales.cached(place.user) });
        const result = await deps.product.click({
          user: place.user,
          channelId: place.channel,
          onPublic: !place.ephemeral,
          // A public copy opens for the clicker in their own language, not the poster's.
          lang: input?.action === 'showChecklist' ? deps.product.languageFor({ locale: await deps.locales.of(place.user) }) : lang,
          input,
        });
        await deliver(deps, client, place, result);
        recordClick(deps.services, {
          platform: 'slack',
          action: input?.action ?? 'stale',
          started,
          where: { channel: place.channel, user: place.user },
        });
      },
      async () =>
        notice(
          deps,
          place,
          faultMessage('INTERNAL', languageOfAction(input) ?? deps.product.languageFor({ locale: await deps.locales.cached(place.user) })),
        ),
    );
  });
}

function placeOf(body: BlockAction): Place {
  const container = body.container as { channel_id?: string; is_ephemeral?: boolean; message_ts?: string; thread_ts?: string };
  const message = body.message as { ts?: string; thread_ts?: string } | undefined;
  return {
    user: body.user.id,
    channel: container.channel_id ?? body.channel?.id,
    responseUrl: body.response_url,
    ephemeral: container.is_ephemeral === true,
    messageTs: message?.ts ?? container.message_ts,
    threadTs: message?.thread_ts ?? container.thread_ts,
    triggerId: body.trigger_id,
  };
}

async function deliver(deps: SlackDeps, client: WebClient, place: Place, result: ClickResult): Promise<void> {
  switch (result.kind) {
    case 'none':
      return;
    case 'update':
      await respond(deps, place.responseUrl, { replace_original: true, ...renderReply(result.reply) });
      return;
    case 'private':
      await privately(deps, client, place, renderReply(result.reply));
      return;
    case 'publish':
      await publish(deps, client, place, renderReply(result.reply));
      return;
    case 'form': {
      const triggerId = place.triggerId;
      if (!triggerId) return;
      await callApi(deps, 'views.open', { channel: place.channel, user: place.user }, () =>
        client.views.open({ trigger_id: triggerId, view: renderForm(result.form, place.channel) }),
      );
      return;
    }
    case 'private-and-notify':
      await respond(deps, place.responseUrl, { replace_original: place.ephemeral, ...renderReply(result.reply) });
      await notifyAll(deps, client, result.notify);
      return;
  }
}

/**
 * A message for the clicker only. Under a public message it goes into the thread as an ephemeral
 * (chat.postEphemeral); the response_url is the fallback and the way under a private one.
 */
async function privately(deps: SlackDeps, client: WebClient, place: Place, message: SlackMessage): Promise<void> {
  if (!place.ephemeral && place.channel) {
    const channel = place.channel;
    const threadTs = place.threadTs ?? place.messageTs;
    const posted = await callApi(deps, 'chat.postEphemeral', { channel, user: place.user }, () =>
      client.chat.postEphemeral({ channel, user: place.user, ...(threadTs ? { thread_ts: threadTs } : {}), ...message }),
    );
    if (posted) return;
  }
  await respond(deps, place.responseUrl, { response_type: 'ephemeral', replace_original: false, ...message });
}

/** "Share in channel": the public copy posted for everyone; the private original goes. */
async function publish(deps: SlackDeps, client: WebClient, place: Place, message: SlackMessage): Promise<void> {
  const channel = place.channel;
  const posted = channel
    ? await callApi(deps, 'chat.postMessage', { channel, user: place.user }, () =>
        client.chat.postMessage({
          channel,
          ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
          ...message,
          unfurl_links: false,
          unfurl_media: false,
        }),
      )
    : undefined;
  // Not a member of the channel (not_in_channel): the response_url can still post there.
  if (!posted) await respond(deps, place.responseUrl, { response_type: 'in_channel', replace_original: false, ...message });
  if (place.ephemeral) await respond(deps, place.responseUrl, { delete_original: true });
  deps.services.logger.info(
    { event: 'card_shared', platform: 'slack', channel, user: place.user, via: posted ? 'chat.postMessage' : 'response_url' },
    'card shared in channel',
  );
}

/** A short message to the clicker only; the card stays as it is. */
async function notice(deps: SlackDeps, place: Place, text: string): Promise<void> {
  await respond(deps, place.responseUrl, { response_type: 'ephemeral', replace_original: false, ...renderNotice(text) });
}
