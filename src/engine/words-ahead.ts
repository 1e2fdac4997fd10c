/**
 * The words beside a code in the commonest questions are known before any question: a scope
 * phrase (`oauth2/v3/token 403`, `huawei 200`, read ahead by ScopedCodeReader) and a field's key
 * (`NSP_STATUS=6`). When such a code has tied meanings (HTTP 403 on every endpoint), the engine
 * asks whether the text search could find one of them by those words (Engine.preferDescribed);
 * reading the words for it was most of such a lookup's time. Here each is read once per catalog
 * set, as the set of entries TextIndex.mayFind holds for (TextIndex.findable), and a tie costs a
 * set look-up per tied meaning. test/engine/lookup-shortcuts.test.ts holds the sets equal to
 * mayFind for every phrase and key, and the words a question looks up equal to those the engine
 * would read from it.
 */
import type { CatalogEntry } from '../catalog/model.js';
import { FIELD_ALIASES } from './fields.js';
import { hasSearchableWords } from './scope.js';
import type { Steps } from './steps.js';
import type { TextIndex } from './text-index.js';

/**
 * Most entries whose words are read ahead: each phrase is compared with every entry once, which
 * at the bundled catalogs' size is some milliseconds in all; a catalog set far larger asks the
 * text index per question, as before.
 */
export const WORDS_AHEAD_ENTRIES_LIMIT = 20_000;

/** Phrases read between two yields of the build. */
const PHRASES_PER_STEP = 8;

const NONE: ReadonlySet<CatalogEntry> = new Set();

export class WordsAhead {
  private readonly findable = new Map<string, ReadonlySet<CatalogEntry>>();

  private constructor() {}

  /** Nothing read ahead: every tie asks the text index (an engine answering a question or two). */
  static none(): WordsAhead {
    return new WordsAhead();
  }

  /** The scope phrases and every field key's words (`nsp_status=`), read against every entry in steps. */
  static *build(text: TextIndex, entries: number, phrases: Iterable<string>): Steps<WordsAhead> {
    const ahead = new WordsAhead();
    if (entries > WORDS_AHEAD_ENTRIES_LIMIT) return ahead;
    let n = 0;
    for (const words of [...phrases, ...Object.keys(FIELD_ALIASES).map(keyWords)]) {
      n += 1;
      if (n % PHRASES_PER_STEP === 0) yield;
      if (ahead.findable.has(words)) continue;
      // Words with nothing to search for find nothing: preferDescribed asks hasSearchableWords first.
      ahead.findable.set(words, hasSearchableWords(words) ? text.findable(words) : NONE);
    }
    return ahead;
  }

  /** The entries a scope phrase (as ScopedCodeReader holds it) may find; undefined when it was not read ahead. */
  ofPhrase(phrase: string): ReadonlySet<CatalogEntry> | undefined {
    return this.findable.get(phrase);
  }

  /** The entries the words of `key=code` may find (the key, as written); undefined when they were not read ahead. */
  ofKey(key: string): ReadonlySet<CatalogEntry> | undefined {
    return this.findable.get(keyWords(key));
  }
}

/**
 * What the engine reads beside the code of `key=code`: the question with its code taken out,
 * `key=`. The text search reads words in lower case, so the key is read so too.
 */
function keyWords(key: string): string {
  return `${key.toLowerCase()}=`;
}
