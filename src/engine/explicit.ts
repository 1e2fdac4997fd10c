/**
 * Answers for someone who pointed the bot at a message (a mention, "Explain this error"): what a
 * scan finds, else a short code lookup. A bare `100014` is below the scan's bar for unprompted
 * replies, but here someone asked. Free text is left to the explicit command.
 */
import type { Answer } from './answer.js';
import type { Engine } from './engine.js';

/** Longest text still treated as a typed code rather than a paste. */
export const EXPLICIT_CODE_LIMIT = 200;

export function explicitAnswers(engine: Engine, texts: readonly string[], limit = 3): Answer[] {
  const joined = texts.filter((t) => t.trim().length > 0).join('\n\n');
  if (joined.trim().length === 0) return [];
  const answers: Answer[] = [...engine.scan(joined).answers];
  if (answers.length === 0) {
    for (const text of texts) {
      const query = text.trim();
      if (query.length === 0 || query.length > EXPLICIT_CODE_LIMIT) continue;
      const result = engine.lookup(query, { limit: 1 });
      const first = result.answers[0];
      if (result.mode === 'code' && first) answers.push(first);
    }
  }
  const seen = new Set<string>();
  return answers.filter((a) => !seen.has(a.entryKey) && seen.add(a.entryKey)).slice(0, limit);
}
