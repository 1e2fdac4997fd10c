/**
 * The suggestion modal sent back (view_submission, issue 14): the values go to the product layer,
 * which stores the suggestion (or a maintainer's edit). A refused form stays open with the reason
 * under the field; an accepted one closes, and the submitter is told privately in the channel it
 * was opened from (or in a DM when the modal did not come from a channel).
 */
import type { App, SlackViewAction } from '@slack/bolt';
import type { Notification } from '../../../src/product/reply.js';
import type { FormValues } from '../../../src/product/teaching.js';
import { decodeFormMeta, FORM_CALLBACK_ID } from '../actions.js';
import { renderNotice, renderReply } from '../render/blocks.js';
import { callApi, guard, type SlackDeps, type WebClient } from '../runtime.js';

const FIELDS = ['code', 'scope', 'meaning', 'steps', 'link'] as const;

export function registerViews(app: App, deps: SlackDeps): void {
  app.view<SlackViewAction>({ callback_id: FORM_CALLBACK_ID, type: 'view_submission' }, async ({ ack, body, view, client }) => {
    const user = body.user.id;
    const meta = decodeFormMeta(view.private_metadata);
    if (!meta) {
      await ack();
      return;
    }
    const values = Object.fromEntries(
      FIELDS.map((name) => [name, view.state.values[`errcode_form_${name}`]?.[name]?.value ?? '']),
    ) as unknown as FormValues;
    let acked = false;
    await guard(
      deps,
      'action',
      { channel: meta.channel, user, action: 'form_submit' },
      async () => {
        // Decided before the ack (one store write): a refused form can then stay open, saying why.
        const submitted = await deps.product.submitForm({ purpose: meta.purpose, lang: meta.lang, user, channelId: meta.channel, values });
        if (!submitted.accepted && submitted.reply.kind === 'notice') {
          acked = true;
          await ack({ response_action: 'errors', errors: { errcode_form_code: submitted.reply.text.slice(0, 150) } });
          return;
        }
        acked = true;
        await ack();
        const message = renderReply(submitted.reply);
        const channel = meta.channel;
        const posted = channel
          ? await callApi(deps, 'chat.postEphemeral', { channel, user }, () => client.chat.postEphemeral({ channel, user, ...message }))
          : undefined;
        if (!posted) await callApi(deps, 'chat.postMessage', { user }, () => client.chat.postMessage({ channel: user, ...message }));
      },
      async () => {
        if (!acked) await ack();
      },
    );
    if (!acked) await ack();
  });
}

/** Tells others of a decision (the proposer); only Slack users can be reached from here. */
export async function notifyAll(deps: SlackDeps, client: WebClient, notifications: readonly Notification[]): Promise<void> {
  for (const n of notifications) {
    if (n.platform !== 'slack') continue;
    await callApi(deps, 'chat.postMessage', { user: n.user }, () => client.chat.postMessage({ channel: n.user, ...renderNotice(n.text) }));
  }
}
