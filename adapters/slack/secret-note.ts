/**
 * A pasted credential: the poster, and only the poster, is told to rotate it (chat.postEphemeral).
 * The paste itself is never repeated. At most one note per person per channel a minute, whatever
 * they paste.
 */
import { ui } from '../../src/messages.js';
import { ExpiringMap } from '../../src/policy/auto-reply.js';
import type { SecretKind } from '../../src/secrets.js';
import { renderNotice } from './render/blocks.js';
import { callApi, type SlackDeps, type WebClient } from './runtime.js';

const NOTE_INTERVAL_MS = 60_000;

/** Who was told lately (channel + user); one per adapter. */
export function secretNoteMemory(): ExpiringMap<true> {
  return new ExpiringMap<true>(10_000);
}

export async function warnAboutSecrets(
  deps: SlackDeps,
  client: WebClient,
  where: { channel: string; user: string; threadTs?: string | undefined },
  kinds: readonly SecretKind[],
): Promise<void> {
  if (kinds.length === 0) return;
  const recent = deps.secretNotes;
  const key = `${where.channel}\u0000${where.user}`;
  const now = Date.now();
  if (recent.get(key, now)) return;
  recent.set(key, true, now + NOTE_INTERVAL_MS);
  const lang = await deps.languages.of(where.user);
  const note = renderNotice(ui('rotateSecret', lang, { kinds: kinds.join(', ') }));
  await callApi(deps, 'chat.postEphemeral', { channel: where.channel, user: where.user }, () =>
    client.chat.postEphemeral({
      channel: where.channel,
      user: where.user,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      ...note,
    }),
  );
  deps.services.logger.info(
    { event: 'secret_pasted', platform: 'slack', channel: where.channel, user: where.user, kinds },
    'told the poster to rotate a pasted credential',
  );
}
