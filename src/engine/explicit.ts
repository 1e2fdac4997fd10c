/**
 * Answers for someone who pointed the bot at a message (a mention, "Explain this error"): what a
 * scan finds, else a short code lookup. A bare `100014` is below the scan's bar for unprompted
 * replies, but here someone asked. Free text is the explicit command's, and the asker's own typed
 * question's (askedAnswers): a message pointed at says nothing in words to search.
 */
import type { Answer } from './answer.js';
import type { Engine } from './engine.js';
import { searchableWords } from './scope.js';

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

/**
 * Answers for a question someone typed to the bot (a mention's words, `@errcode which code means the
 * pay token expired on 0x73a`): what explicitAnswers finds in the texts, else the question read as
 * the explicit command reads it, words and all.
 */
export function askedAnswers(engine: Engine, question: string, texts: readonly string[] = [question], limit = 3): Answer[] {
  const answers = explicitAnswers(engine, texts, limit);
  if (answers.length > 0) return answers;
  const query = question.trim();
  if (query.length === 0 || query.length > EXPLICIT_CODE_LIMIT) return answers;
  const result = engine.lookup(query, { limit: 1 });
  const first = result.answers[0];
  if (result.status !== 'found' || !first) return [];
  // Words alone must say something: `thanks errcode!`, `@errcode nice` describe no error.
  return result.mode === 'code' || searchableWords(query) >= MIN_QUESTION_WORDS ? [first] : [];
}

/** Words a question in words needs (scope.ts searchableWords) to be searched for the asker. */
const MIN_QUESTION_WORDS = 2;
