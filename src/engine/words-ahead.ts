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

/** How many hits a tie's text search reads (Engine.preferDescribed): the tied meanings are among the best of them or unordered. */
export const TIE_SEARCH_LIMIT = 64;

/** What words beside a code give a tie among its meanings. */
export interface WordsReading {
  /** The entries the text index may find by the words (TextIndex.mayFind). */
  readonly findable: ReadonlySet<CatalogEntry>;
  /**
   * A scope phrase's text search (TIE_SEARCH_LIMIT hits), each entry's similarity, when it finds
   * some entry: the order a tie asked with the phrase gets. Undefined for a key's words, which the
   * search reads as written (`NSP_STATUS=`), and for a phrase that finds nothing.
   */
  readonly similarity: ReadonlyMap<CatalogEntry, number> | undefined;
}

const NONE: WordsReading = { findable: new Set(), similarity: undefined };

export class WordsAhead {
  private readonly read = new Map<string, WordsReading>();

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
    for (const phrase of phrases) {
      n += 1;
      if (n % PHRASES_PER_STEP === 0) yield;
      const findable = findableBy(text, phrase);
      const similarity =
        findable.size > 0 ? new Map(text.search(phrase, TIE_SEARCH_LIMIT).map((hit) => [hit.entry, hit.similarity])) : undefined;
      ahead.read.set(phrase, findable.size > 0 ? { findable, similarity } : NONE);
    }
    for (const key of Object.keys(FIELD_ALIASES)) {
      const findable = findableBy(text, keyWords(key));
      ahead.read.set(keyWords(key), findable.size > 0 ? { findable, similarity: undefined } : NONE);
    }
    return ahead;
  }

  /** What a scope phrase (as ScopedCodeReader holds it) gives a tie; undefined when it was not read ahead. */
  ofPhrase(phrase: string): WordsReading | undefined {
    return this.read.get(phrase);
  }

  /** What the words of `key=code` (the key, as written) give a tie; undefined when they were not read ahead. */
  ofKey(key: string): WordsReading | undefined {
    return this.read.get(keyWords(key));
  }
}

/** Words with nothing to search for find nothing: preferDescribed asks hasSearchableWords first. */
function findableBy(text: TextIndex, words: string): ReadonlySet<CatalogEntry> {
  return hasSearchableWords(words) ? text.findable(words) : NONE.findable;
}

/**
 * What the engine reads beside the code of `key=code`: the question with its code taken out,
 * `key=`. The text search reads words in lower case, so the key is read so too.
 */
function keyWords(key: string): string {
  return `${key.toLowerCase()}=`;
}
