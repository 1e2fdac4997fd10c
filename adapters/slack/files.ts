/**
 * Text of the files shared with a message (snippets, pasted logs), for the engine to scan. Only
 * text types are downloaded, bounded in size and time, with the bot token, and only from Slack's
 * file hosts: the token never goes anywhere else.
 */
import { fetchTextAttachment, isTextContentType } from '../../src/attachments.js';
import { callApi, type SlackDeps, type WebClient } from './runtime.js';

/** Files read per message at most. */
export const MAX_FILES_PER_MESSAGE = 5;

export interface SlackFileRef {
  readonly id?: string;
  readonly name?: string | null;
  readonly mimetype?: string;
  readonly url_private?: string;
  readonly url_private_download?: string;
  /** Slack sends `check_file_info` when the event omits the URLs: ask files.info. */
  readonly file_access?: string;
}

export async function readTextFiles(deps: SlackDeps, client: WebClient, files: readonly SlackFileRef[] | undefined): Promise<string[]> {
  const texts: string[] = [];
  const { logger, attachments } = deps.services;
  for (const listed of (files ?? []).slice(0, MAX_FILES_PER_MESSAGE)) {
    let file = listed;
    if (!file.url_private_download && !file.url_private && file.id) {
      const info = await callApi(deps, 'files.info', { file: file.id }, () => client.files.info({ file: file.id ?? '' }));
      if (info?.file) file = info.file as SlackFileRef;
    }
    if (!isTextContentType(file.mimetype, file.name ?? '')) continue;
    const url = file.url_private_download ?? file.url_private;
    if (!url || !allowedHost(url, deps.fileHosts)) {
      logger.debug({ event: 'slack_file_skipped', platform: 'slack', file: file.id, reason: url ? 'host' : 'no-url' });
      continue;
    }
    const result = await fetchTextAttachment(url, {
      maxBytes: attachments.maxBytes,
      timeoutMs: attachments.timeoutMs,
      headers: { Authorization: `Bearer ${deps.botToken}` },
    });
    if (result.ok) texts.push(result.text);
    else logger.debug({ event: 'slack_file_unreadable', platform: 'slack', file: file.id, reason: result.reason });
  }
  return texts;
}

function allowedHost(url: string, hosts: readonly string[]): boolean {
  try {
    const parsed = new URL(url);
    // `.slack.com`: any subdomain, over https; `127.0.0.1:4000`: that host exactly (SLACK_API_URL's).
    return hosts.some((h) => (h.startsWith('.') ? parsed.protocol === 'https:' && parsed.hostname.endsWith(h) : parsed.host === h));
  } catch {
    return false;
  }
}
