/**
 * Plain-text tables whose text columns are run together with single spaces (`-5 Signature
 * verification fails Retry again. If the retry also fails, ...`): where does the description end
 * and the solution begin? A column boundary is a word that starts a sentence without the previous
 * word ending one (cells carry no final full stop); a word that starts instructions (`Please`,
 * `Check`, `Contact`) makes it likelier, and so does a tail the table repeats on other rows (a
 * solution shared by many codes). Ties go to the earliest boundary: the longest solution.
 */

const INSTRUCTION_WORDS = new Set(
  (
    'please check confirm contact retry reauthorize reauthorise change replace reduce decrease increase refer bind use ' +
    'see feed apply ensure make try update upgrade install reinstall verify wait call set modify restart log login register ' +
    'enable disable add remove delete configure provide submit upload obtain fill pass adjust switch select consult ask ' +
    'report re-login relogin reconnect resend request fix correct do dont no ignore none view go open turn grant renew ' +
    'refresh reset send clear avoid'
  ).split(' '),
);

function isInstruction(word: string): boolean {
  return INSTRUCTION_WORDS.has(word.toLowerCase().replace(/[^a-z-]/g, ''));
}

const ENDS_SENTENCE_OR_CLAUSE = /[.,;:!?，；：、(（“]$/;
const ENDS_CJK_SENTENCE = /[。！？；]$/;
const CJK = /[\u3400-\u9fff]/;

function startsSentence(word: string, previous: string): boolean {
  if (ENDS_CJK_SENTENCE.test(previous) && CJK.test(word.charAt(0))) return true;
  if (ENDS_SENTENCE_OR_CLAUSE.test(previous)) return false;
  if (!/^[A-Z]/.test(word)) return false;
  // "MSDK Assistant", "QQ Developer Center": a capital after a capital continues a name, unless the
  // word is an instruction ("Not install QQ Please install QQ first").
  if (/^[A-Z]/.test(previous) && !isInstruction(word)) return false;
  const letters = word.replace(/[^A-Za-z]/g, '');
  // QQ, API, MSDK: acronyms run inside sentences; AccessToken, GameAccessHelper: names.
  if (letters.length >= 2 && letters === letters.toUpperCase()) return false;
  if (/[A-Z]/.test(letters.slice(1))) return false;
  return true;
}

/** Tails of every row starting at each candidate boundary, counted over the table. */
export function sharedTails(rows: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const words = row.split(/\s+/).filter(Boolean);
    const seen = new Set<string>();
    for (let j = 1; j < words.length; j += 1) {
      if (!startsSentence(words[j] ?? '', words[j - 1] ?? '')) continue;
      const tail = words.slice(j).join(' ');
      if (seen.has(tail)) continue;
      seen.add(tail);
      counts.set(tail, (counts.get(tail) ?? 0) + 1);
    }
  }
  return counts;
}

/** Splits a row's text into its first column and the rest; the rest is empty when nothing fits. */
export function splitRunTogether(text: string, tails: ReadonlyMap<string, number>): [string, string] {
  const words = text.split(/\s+/).filter(Boolean);
  const last = words.at(-1);
  // A lone dash at the end is the source's "no solution" mark.
  if (words.length >= 2 && (last === '-' || last === '—' || last === '/')) return [words.slice(0, -1).join(' '), ''];
  let best = -1;
  let bestScore = 0;
  for (let j = 1; j < words.length; j += 1) {
    const word = words[j] ?? '';
    if (!startsSentence(word, words[j - 1] ?? '')) continue;
    let score = 1;
    if (isInstruction(word)) score += 2;
    if ((tails.get(words.slice(j).join(' ')) ?? 0) > 1) score += 3;
    if (score > bestScore) {
      best = j;
      bestScore = score;
    }
  }
  if (best < 0) return [words.join(' '), ''];
  return [words.slice(0, best).join(' '), words.slice(best).join(' ')];
}
