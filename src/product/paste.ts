/**
 * A query that is a paste rather than a question: a log of several lines, or more than a lookup
 * reads (QUERY_LIMIT; a lookup reads only its two ends). Read as a question, such a paste had one
 * code answered and the rest silently dropped (ux-s25 #6). Chat answers it as the auto-reply reads a
 * paste (Product.answerCommand); the CLI says `errcode scan` reads it whole.
 */
import { QUERY_LIMIT } from '../engine/lookup.js';

export function isPastedLog(query: string): boolean {
  const text = query.trim();
  if (text.length > QUERY_LIMIT) return true;
  let lines = 0;
  for (const line of text.split('\n')) {
    if (line.trim().length > 0) lines += 1;
    if (lines >= 2) return true;
  }
  return false;
}
