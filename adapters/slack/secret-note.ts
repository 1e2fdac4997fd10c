/**
 * A note for one person only, beside a public message (chat.postEphemeral): the product layer's
 * "rotate that credential" whisper. The paste itself is never repeated.
 */
import type { Notice } from '../../src/product/reply.js';
import { renderNotice } from './render/blocks.js';
import { callApi, type SlackDeps, type WebClient } from './runtime.js';

export async function whisper(
  deps: SlackDeps,
  client: WebClient,
  where: { channel: string; user: string; threadTs?: string | undefined },
  notice: Notice | undefined,
): Promise<void> {
  if (!notice) return;
  const note = renderNotice(notice.text);
  await callApi(deps, 'chat.postEphemeral', { channel: where.channel, user: where.user }, () =>
    client.chat.postEphemeral({
      channel: where.channel,
      user: where.user,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      ...note,
    }),
  );
}
