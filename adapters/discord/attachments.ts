/**
 * Pasted files: Discord turns a long paste into `message.txt`. Only text attachments no larger
 * than services.attachments.maxBytes (by their declared size) are downloaded, a few at most, each
 * bounded in time; binary content is refused by src/attachments.ts.
 */
import type { Attachment } from 'discord.js';
import { fetchTextAttachment, isTextContentType } from '../../src/attachments.js';
import type { Services } from '../../src/services.js';

/** Attachments read per message, at most. */
export const MAX_ATTACHMENTS = 3;

export function readableAttachments(attachments: Iterable<Attachment>, maxBytes: number): Attachment[] {
  return [...attachments].filter((a) => isTextContentType(a.contentType, a.name) && a.size <= maxBytes).slice(0, MAX_ATTACHMENTS);
}

/** The texts of the readable attachments, in order; unreadable ones are skipped (logged at debug, no content). */
export async function attachmentTexts(attachments: Iterable<Attachment>, services: Services): Promise<string[]> {
  const all = [...attachments];
  const { maxBytes, timeoutMs } = services.attachments;
  const readable = readableAttachments(all, maxBytes);
  for (const skipped of all.filter((a) => !readable.includes(a))) {
    services.logger.debug({ event: 'attachment_skipped', platform: 'discord', size: skipped.size, contentType: skipped.contentType ?? '' });
  }
  const results = await Promise.all(readable.map((a) => fetchTextAttachment(a.url, { maxBytes, timeoutMs })));
  const texts: string[] = [];
  for (const [i, result] of results.entries()) {
    if (result.ok) texts.push(result.text);
    else services.logger.debug({ event: 'attachment_unreadable', platform: 'discord', size: readable[i]?.size, reason: result.reason });
  }
  return texts;
}
