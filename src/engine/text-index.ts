/**
 * Free-text search over descriptions, solutions, causes and keywords in both languages.
 *
 * fuse.js ranks, but fuse scanning every entry grows with the catalog (100k entries: tens of
 * milliseconds a query). So, all built once:
 * - an inverted gram index shortlists the entries sharing the most grams with the query;
 * - a vocabulary index finds, once per query, the catalog words each query word may be a typo of;
 * - an evidence check keeps only entries that really contain most of the query's words;
 * - fuse ranks the few that are left.
 */
import Fuse, { type IFuseOptions } from 'fuse.js';
import type { CatalogEntry } from '../catalog/model.js';
import { cjkVariants } from './cjk-synonyms.js';
import { type LatinSynonym, type LatinSynonymMatch, latinSynonymAt } from './latin-synonyms.js';
import { runSteps, type Steps, stepDue } from './steps.js';
import { cjkWords, editDistance, holdsWhole, isCjk, STOPWORDS, stemsOf, tokenize, typoAllowance } from './tokens.js';

interface SearchDoc {
  readonly index: number;
  readonly description: string[];
  readonly keywords: string[];
  /** The entry's own keywords of three latin words or more, lower case: phrases a question may hold whole. */
  readonly phrases: readonly string[];
  /** Word ids of every word of the entry, and of its description alone. */
  readonly words: ReadonlySet<number>;
  readonly descriptionWords: ReadonlySet<number>;
  readonly latinDescriptionWords: readonly number[];
  /** All of the entry's text, lower case, for CJK containment; and the description's. */
  readonly all: string;
  readonly descriptionText: string;
}

/** fuse.js options, tuned once here. */
export const FUSE_OPTIONS = Object.freeze({
  includeScore: true,
  ignoreLocation: true,
  threshold: 0.45,
  minMatchCharLength: 2,
  keys: [
    { name: 'description', weight: 3 },
    { name: 'keywords', weight: 2 },
  ],
} satisfies IFuseOptions<SearchDoc>);

/** How many entries the gram index shortlists, and how many of those fuse ranks. */
export const SHORTLIST_SIZE = 48;
export const RANKED_SIZE = 12;
/**
 * A gram in more entries than this says almost nothing (its weight is tiny) and costs the most to
 * add up: "the", " is". Skipped when shortlisting; the evidence check still reads every word.
 */
export const MAX_USEFUL_POSTINGS = 20_000;
/**
 * What a word read in another of its spellings (cjk-synonyms.ts) counts, against 1 for the
 * spelling asked: enough to find a row that says it otherwise, not to outrank one that says it so.
 */
const SYNONYM_WEIGHT = 0.9;
/** Share of the query's words an entry must contain (typos allowed) to be an answer at all. */
export const MIN_EVIDENCE = 0.6;
/** Catalog words (a CJK character counts one) a question needs before its other words may be left out. */
export const KNOWN_WORDS_MIN = 3;

export interface TextHit {
  readonly entry: CatalogEntry;
  /** 0 (weak) .. 1 (the query is the description). */
  readonly similarity: number;
}

/** Each distinct word once, with a trigram index for typo look-ups. */
class Vocabulary {
  readonly words: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly byGram = new Map<string, number[]>();
  /** Per word id, grams shared with the word being looked up; all zero between look-ups. */
  private shared = new Int32Array(0);
  /**
   * `near` of the catalogs' own words, by id, filled on first use: a fixed property of the catalog
   * set, like the gram index. Words beside a code (`token`, `nsp_status`, `oauth2`) are catalog
   * words, and working their typo neighbours out again was most of a tied lookup's time.
   */
  private nearOfWord: Array<ReadonlySet<number> | undefined> = [];

  /**
   * `near` of the words the catalogs name scopes by (table and catalog keywords, endpoint paths:
   * `oauth2`, `openrealname`, `getphonenumber`) that no entry's text has, worked out once the
   * vocabulary is complete: they are written beside codes (`oauth2/v3/token 403`), and a tie
   * between the endpoint's meanings asks the text search about them.
   */
  private readonly nearOfScopeWord = new Map<string, ReadonlySet<number>>();

  /**
   * Works `near` out for these scope words, after every entry's words are in (readEntries): those
   * some entry's text has too (`token`, `user`, `huawei`) as well, so the first question naming one
   * does not pay for it (tens of µs, the slowest part of a first tied lookup).
   */
  *addScopeWords(words: Iterable<string>): Steps<void> {
    let i = 0;
    for (const word of words) {
      if (stepDue(i++)) yield;
      const id = this.ids.get(word);
      if (id !== undefined) this.nearOfWord[id] ??= this.nearOf(word);
      else if (!this.nearOfScopeWord.has(word)) this.nearOfScopeWord.set(word, this.nearOf(word));
    }
  }

  /** The id of a word some catalog has, without adding it. */
  known(word: string): number | undefined {
    return this.ids.get(word);
  }

  id(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      // A new word can be a typo neighbour of any word already worked out.
      if (this.nearOfWord.length > 0) this.nearOfWord = [];
      id = this.words.length;
      this.words.push(word);
      this.ids.set(word, id);
      if (!isCjk(word)) {
        for (const gram of new Set(wordGrams(word))) {
          const list = this.byGram.get(gram) ?? [];
          list.push(id);
          this.byGram.set(gram, list);
        }
      }
    }
    return id;
  }

  /** Ids of the words `word` may be a typo of (itself included). */
  near(word: string): ReadonlySet<number> {
    const known = this.ids.get(word);
    if (known === undefined) return this.nearOfScopeWord.get(word) ?? this.nearOf(word);
    let near = this.nearOfWord[known];
    if (near === undefined) {
      near = this.nearOf(word);
      this.nearOfWord[known] = near;
    }
    return near;
  }

  /**
   * A four-letter word no catalog has, typed with a letter left out of a five-letter one (`tokn`,
   * `eror`, `fial`): one edit within four letters finds too many words (scan/can, code/node), but a
   * letter put back, the first kept, finds the word meant. Letters only; 130 look-ups.
   */
  private addDroppedLetter(word: string, out: Set<number>): void {
    if (word.length !== 4 || !/^[a-z]{4}$/.test(word)) return;
    for (let at = 1; at <= word.length; at += 1) {
      for (let c = 97; c <= 122; c += 1) {
        const id = this.ids.get(word.slice(0, at) + String.fromCharCode(c) + word.slice(at));
        if (id !== undefined) out.add(id);
      }
    }
  }

  private nearOf(word: string): Set<number> {
    const out = new Set<number>();
    const exact = this.ids.get(word);
    if (exact !== undefined) out.add(exact);
    // The same word in another form: `refreshing` finds `refresh`, `expires` finds `expire`.
    for (const stem of stemsOf(word)) {
      const id = this.ids.get(stem);
      if (id !== undefined) out.add(id);
    }
    // Swapped neighbours are the commonest typo and keep the letters: gmae/game at any length.
    for (let i = 0; i + 1 < word.length; i += 1) {
      const swapped = `${word.slice(0, i)}${word[i + 1]}${word[i]}${word.slice(i + 2)}`;
      const id = this.ids.get(swapped);
      if (id !== undefined) out.add(id);
    }
    const allowance = typoAllowance(word);
    if (allowance === 0) {
      if (exact === undefined) this.addDroppedLetter(word, out);
      return out;
    }
    // One edit changes at most four padded trigrams (a transposition: macth/match): a real typo
    // keeps the rest.
    const wanted = wordGrams(word);
    const needed = Math.max(1, wanted.length - 4 * allowance);
    // Shared grams counted in a reused array, not a map: a common gram (`en `) lists hundreds of words.
    if (this.shared.length < this.words.length) this.shared = new Int32Array(this.words.length * 2);
    const { shared } = this;
    const touched: number[] = [];
    for (const gram of new Set(wanted)) {
      for (const id of this.byGram.get(gram) ?? []) {
        if (shared[id] === 0) touched.push(id);
        shared[id] = (shared[id] as number) + 1;
      }
    }
    const bare = word.replaceAll('_', '');
    const underscored = bare.length !== word.length;
    for (const id of touched) {
      const count = shared[id] as number;
      shared[id] = 0;
      if (count < needed) continue;
      const candidate = this.words[id] as string;
      if (editDistance(word, candidate, allowance) <= allowance) out.add(id);
      // Without an underscore on either side, equal without underscores is equal, found above.
      else if ((underscored || candidate.includes('_')) && candidate.replaceAll('_', '') === bare) out.add(id);
    }
    return out;
  }
}

function wordGrams(word: string): string[] {
  const padded = ` ${word} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i += 1) out.push(padded.slice(i, i + 3));
  return out;
}

interface QueryWords {
  /** Per significant latin query word (or phrase of latin-synonyms.ts), how a text may have it. */
  readonly latin: readonly LatinWord[];
  /** Those words' synonyms: the shortlist reads their grams too. */
  readonly latinSynonyms: readonly Synonym[];
  /** CJK words of the query (filler cut out); the text is read by their bigrams. */
  readonly cjkWords: readonly string[];
  /** Per CJK word, its other spellings (cjk-synonyms.ts): the text may have any of them. */
  readonly cjkVariants: ReadonlyArray<readonly string[]>;
  /** How many CJK characters the query has in those words. */
  readonly cjkChars: number;
}

/**
 * Vocabulary ids a text must have to have a word: one set per word of it (a phrase has several;
 * each set holds any id, a typo or another form, that counts as that word).
 */
type IdsOfWords = readonly ReadonlySet<number>[];

/**
 * A synonym as a text has it: each of its words, and a phrase (`does not match`, `too many`) whole,
 * as written: its stopwords say what it means, and `match` alone is not `does not match`.
 */
interface Synonym {
  readonly ids: IdsOfWords;
  readonly phrase: string | undefined;
  /** Its gram keys (gramKeys), for the shortlist. */
  readonly grams: readonly number[];
}

/** A latin query word: found as itself (`own`, counting 1), or as any of its synonyms (SYNONYM_WEIGHT). */
interface LatinWord {
  readonly own: ReadonlySet<number>;
  readonly synonyms: readonly Synonym[];
}

const NO_SYNONYMS: readonly Synonym[] = [];

/** Whether a text of these word ids has each word of `ids`. */
function hasAll(ids: IdsOfWords, words: ReadonlySet<number>): boolean {
  for (const near of ids) if (!hasAny(near, words)) return false;
  return true;
}

function hasAny(near: ReadonlySet<number>, words: ReadonlySet<number>): boolean {
  const [small, large] = near.size < words.size ? [near, words] : [words, near];
  for (const id of small) if (large.has(id)) return true;
  return false;
}

/** What a text (its word ids, its lower-case text) having `word` of a query counts: 1 as itself, SYNONYM_WEIGHT as a synonym, else 0. */
function latinFound(word: LatinWord, words: ReadonlySet<number>, text: string): number {
  if (hasAny(word.own, words)) return 1;
  for (const synonym of word.synonyms) {
    if (hasAll(synonym.ids, words) && (synonym.phrase === undefined || holdsWhole(text, synonym.phrase))) return SYNONYM_WEIGHT;
  }
  return 0;
}

/** What the index is built from each entry, once per catalog set. */
interface TextData {
  readonly docs: readonly SearchDoc[];
  readonly postings: ReadonlyMap<number, number[]>;
  readonly vocabulary: Vocabulary;
  readonly docByEntry: ReadonlyMap<CatalogEntry, SearchDoc>;
}

export class TextIndex {
  private readonly docs: readonly SearchDoc[];
  private readonly postings: ReadonlyMap<number, number[]>;
  private readonly scores: Float64Array;
  /** Entries touched by the current query; reused so a query allocates nothing per entry. */
  private readonly touched: Int32Array;
  private readonly vocabulary: Vocabulary;
  /** Each entry's document: a tie asked with words reads those of the tied meanings (mayFind). */
  private readonly docByEntry: ReadonlyMap<CatalogEntry, SearchDoc>;

  constructor(
    private readonly entries: readonly CatalogEntry[],
    data: TextData = runSteps(readEntries(entries)),
  ) {
    this.docs = data.docs;
    this.postings = data.postings;
    this.vocabulary = data.vocabulary;
    this.docByEntry = data.docByEntry;
    this.scores = new Float64Array(entries.length);
    this.touched = new Int32Array(entries.length);
  }

  /** Per synonym member (latin-synonyms.ts), the ids of its words in the catalogs, worked out on first use. */
  private readonly synonymIds = new Map<LatinSynonym, IdsOfWords>();
  /** Per synonym found in a question, its group's other members as ids: the same objects every time it is asked. */
  private readonly synonymsOfMatch = new Map<LatinSynonymMatch, readonly Synonym[]>();

  /**
   * The ids of a synonym's words: each word as written and in its other forms (`lack`: lacks,
   * lacked, lacking), but no typo neighbour: a synonym is the catalogs' word, not the asker's typing,
   * and a neighbour of it (`charge`/`change`) would be a third word. Empty sets for a word no catalog has.
   */
  private idsOfSynonym(synonym: LatinSynonym): IdsOfWords {
    let ids = this.synonymIds.get(synonym);
    if (ids === undefined) {
      ids = synonym.significant.map((w) => {
        const set = new Set<number>();
        for (const form of [w, ...stemsOf(w), `${w}s`, `${w}es`, `${w}d`, `${w}ed`, `${w}ing`]) {
          const id = this.vocabulary.known(form);
          if (id !== undefined) set.add(id);
        }
        return set;
      });
      this.synonymIds.set(synonym, ids);
    }
    return ids;
  }

  /** Per token, the synonym group member (latin-synonyms.ts) it is of, if any: a phrase's for each of its words. */
  private synonymMatches(tokens: readonly string[]): Array<LatinSynonymMatch | undefined> {
    const out = new Array<LatinSynonymMatch | undefined>(tokens.length);
    for (let i = 0; i < tokens.length; ) {
      const match = latinSynonymAt(tokens, i);
      if (match === undefined) {
        i += 1;
        continue;
      }
      for (let k = 0; k < match.length; k += 1) out[i + k] = match;
      i += match.length;
    }
    return out;
  }

  /** The synonyms of a question's word that some catalog has, each as the ids of its words. */
  private synonymsOf(match: LatinSynonymMatch): readonly Synonym[] {
    let synonyms = this.synonymsOfMatch.get(match);
    if (synonyms === undefined) {
      synonyms = match.others
        .map((m) => ({ ids: this.idsOfSynonym(m), phrase: m.words.length > 1 ? m.text : undefined, grams: gramKeys(m.significant) }))
        .filter(({ ids }) => ids.length > 0 && ids.every((set) => set.size > 0));
      this.synonymsOfMatch.set(match, synonyms);
    }
    return synonyms;
  }

  /** The same index, its entries read in steps (src/engine/steps.ts). */
  static *build(entries: readonly CatalogEntry[]): Steps<TextIndex> {
    return new TextIndex(entries, yield* readEntries(entries));
  }

  search(query: string, limit: number): TextHit[] {
    const text = query.slice(0, 256);
    const words = this.queryWords(text);
    const total = words.latin.length + words.cjkChars;
    if (total === 0) return [];
    const candidates: Array<{ doc: SearchDoc; evidence: number }> = [];
    for (const doc of this.shortlist(text, words.cjkVariants, words.latinSynonyms)) {
      const evidence = evidenceFor(words, doc.words, doc.all, total);
      if (evidence >= MIN_EVIDENCE) candidates.push({ doc, evidence });
    }
    if (candidates.length === 0) return [];
    candidates.sort((a, b) => b.evidence - a.evidence);
    const hits = this.similarities(text, words, total, candidates.slice(0, RANKED_SIZE));
    hits.sort((a, b) => b.similarity - a.similarity);
    return hits.slice(0, limit);
  }

  /**
   * How well the query describes each of `entries`, as `search` would rate it were it among its
   * hits (0 for one the query's words do not reach, MIN_EVIDENCE): the meanings of one code compared
   * by the words beside it, however many other entries those words find better.
   */
  similarityOf(query: string, entries: readonly CatalogEntry[]): Map<CatalogEntry, number> {
    const text = query.slice(0, 256);
    const words = this.queryWords(text);
    const total = words.latin.length + words.cjkChars;
    const out = new Map<CatalogEntry, number>(entries.map((entry) => [entry, 0]));
    if (total === 0) return out;
    const candidates: Array<{ doc: SearchDoc; evidence: number }> = [];
    for (const entry of entries) {
      const doc = this.docOf(entry);
      if (doc === undefined) continue;
      const evidence = evidenceFor(words, doc.words, doc.all, total);
      if (evidence >= MIN_EVIDENCE) candidates.push({ doc, evidence });
    }
    for (const hit of this.similarities(text, words, total, candidates)) out.set(hit.entry, hit.similarity);
    return out;
  }

  private similarities(
    text: string,
    words: QueryWords,
    total: number,
    ranked: ReadonlyArray<{ doc: SearchDoc; evidence: number }>,
  ): TextHit[] {
    if (ranked.length === 0) return [];
    const evidenceOf = new Map(ranked.map((c) => [c.doc.index, c.evidence]));
    // At most RANKED_SIZE documents: a fuse over them costs microseconds, unlike one over the catalog.
    const fuse = new Fuse(
      ranked.map((c) => c.doc),
      FUSE_OPTIONS,
    );
    const fuseScore = new Map(fuse.search(text).map((r) => [r.item.index, 1 - (r.score ?? 1)]));
    const lowerText = text.toLowerCase();
    return ranked.map(({ doc }) => {
      const evidence = evidenceOf.get(doc.index) ?? 0;
      const inDescription = evidenceFor(words, doc.descriptionWords, doc.descriptionText, total);
      // How much of the description the query accounts for: "access token is expired" is all of
      // QQ's 100014 but only part of "Oauth Token expired".
      const coverage = coverageOf(doc.latinDescriptionWords, words);
      // One of the entry's own phrases (a keyword of three words or more, `too many tokens`, that few entries give) in the question.
      const phrase = doc.phrases.some((p) => holdsWhole(lowerText, p)) ? KEYWORD_PHRASE_BONUS : 0;
      const similarity = 0.3 * (fuseScore.get(doc.index) ?? 0) + 0.25 * evidence + 0.25 * inDescription + 0.2 * coverage + phrase;
      return { entry: this.entries[doc.index] as CatalogEntry, similarity: Math.min(1, similarity) };
    });
  }

  /**
   * Whether `search(query)` could return any of `entries`: a hit needs MIN_EVIDENCE of the query's
   * words in the entry's text, and that is checked here on these entries alone, without the
   * shortlist and fuse. False means none of them is among the hits, whatever the rest of the catalog.
   */
  mayFind(query: string, entries: readonly CatalogEntry[]): boolean {
    const words = this.queryWords(query.slice(0, 256));
    const total = words.latin.length + words.cjkChars;
    if (total === 0) return false;
    return entries.some((entry) => {
      const doc = this.docOf(entry);
      return doc !== undefined && evidenceFor(words, doc.words, doc.all, total) >= MIN_EVIDENCE;
    });
  }

  /**
   * Every entry `mayFind(query, [entry])` holds for, the query's words read once: what the engine
   * reads ahead for words it knows before any question (WordsAhead), so a tie asked with them
   * costs a set look-up per tied meaning.
   */
  findable(query: string): Set<CatalogEntry> {
    const found = new Set<CatalogEntry>();
    const words = this.queryWords(query.slice(0, 256));
    const total = words.latin.length + words.cjkChars;
    if (total === 0) return found;
    for (const doc of this.docs) {
      if (evidenceFor(words, doc.words, doc.all, total) >= MIN_EVIDENCE) found.add(this.entries[doc.index] as CatalogEntry);
    }
    return found;
  }

  private docOf(entry: CatalogEntry): SearchDoc | undefined {
    return this.docByEntry.get(entry);
  }

  /**
   * The query's words that can tell entries apart. A word no catalog uses, in any spelling within
   * its typo allowance (`says`, `turns`, 说), is the asker's own framing ("oidb says the player's
   * uin got frozen"): it is in no entry, so it would count against every one alike and sink a
   * question whose other words all match. Such words are left out when what remains still says
   * something (KNOWN_WORDS_MIN words, at least half of the question); otherwise they count, as
   * before: one catalog word in a question about something else (打印机卡纸) is no evidence.
   */
  private queryWords(query: string): QueryWords {
    const latin: LatinWord[] = [];
    const knownLatin: LatinWord[] = [];
    const synonymsRead: Synonym[] = [];
    const knownSynonymsRead: Synonym[] = [];
    const cjk: string[] = [];
    const knownCjk: string[] = [];
    const tokens = tokenize(query).slice(0, 32);
    const matches = this.synonymMatches(tokens);
    for (let i = 0; i < tokens.length; i += 1) {
      const token = tokens[i] as string;
      if (framesQuestion(token, tokens[i - 1], tokens[i + 1])) continue;
      if (isCjk(token)) {
        for (const word of cjkWords(token)) {
          cjk.push(word);
          knownCjk.push(...this.knownCjkOfSpellings(word));
        }
        continue;
      }
      if (STOPWORDS.has(token) || token.length < 2) continue;
      // A word of latin-synonyms.ts, or of a phrase there (`too many`): read as itself, or, a
      // little less, as any other member of its group (`exceeds`), each word of the phrase alike.
      const match = matches[i];
      const near = this.vocabulary.near(token);
      const synonyms = match === undefined ? NO_SYNONYMS : this.synonymsOf(match);
      const word: LatinWord = { own: near, synonyms };
      latin.push(word);
      // The synonyms' own grams, once for a phrase, for the shortlist.
      const first = match !== undefined && match !== matches[i - 1];
      if (first) synonymsRead.push(...synonyms);
      // A word no catalog has (`paid`) is known when a synonym of it is (`fee-charge`).
      if (near.size > 0 || synonyms.length > 0) {
        knownLatin.push(word);
        if (first) knownSynonymsRead.push(...synonyms);
      }
    }
    const chars = (words: readonly string[]) => words.reduce((n, w) => n + w.length, 0);
    const all = latin.length + chars(cjk);
    const known = knownLatin.length + chars(knownCjk);
    const read =
      known >= KNOWN_WORDS_MIN && known * 2 >= all
        ? { latin: knownLatin, latinSynonyms: knownSynonymsRead, cjkWords: knownCjk }
        : { latin, latinSynonyms: synonymsRead, cjkWords: cjk };
    return { ...read, cjkVariants: read.cjkWords.map(cjkVariants), cjkChars: chars(read.cjkWords) };
  }

  /**
   * The known parts (knownCjk) of a CJK word in whichever of its spellings the catalogs know best:
   * `签名核验失败` is written 签名校验失败 in the catalogs, and 核验 is no catalog word. Spellings of
   * the word's own length only (核验 for 校验, not 不通过 for 失败), so its characters count as its own.
   */
  private knownCjkOfSpellings(word: string): string[] {
    let best = this.knownCjk(word);
    let bestChars = best.reduce((n, w) => n + w.length, 0);
    for (const variant of cjkVariants(word)) {
      if (bestChars === word.length) break;
      // Only as long as the word: its known characters count toward the question's (queryWords).
      if (variant.length !== word.length) continue;
      const parts = this.knownCjk(variant);
      const partChars = parts.reduce((n, w) => n + w.length, 0);
      if (partChars > bestChars) [best, bestChars] = [parts, partChars];
    }
    return best;
  }

  /** The parts of a CJK word the catalogs have: runs of characters each in some catalog bigram (or alone, a catalog character). */
  private knownCjk(word: string): string[] {
    if (word.length === 1) return this.postings.has(cjkUnigramKey(word.charCodeAt(0))) ? [word] : [];
    const known = new Uint8Array(word.length);
    for (let i = 0; i + 2 <= word.length; i += 1) {
      if (this.postings.has(cjkBigramKey(word.charCodeAt(i), word.charCodeAt(i + 1)))) {
        known[i] = 1;
        known[i + 1] = 1;
      }
    }
    const parts: string[] = [];
    let start = -1;
    for (let i = 0; i <= word.length; i += 1) {
      if (i < word.length && known[i] === 1) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        parts.push(word.slice(start, i));
        start = -1;
      }
    }
    return parts;
  }

  /** Entries sharing the most (rarity-weighted) grams with the query. */
  private shortlist(query: string, variants: ReadonlyArray<readonly string[]>, latinSynonyms: readonly Synonym[]): SearchDoc[] {
    const own = new Set(gramKeys(tokenize(query)));
    const queryGrams = [...own].slice(0, 200);
    // The grams only another spelling of a word has count as much as SYNONYM_WEIGHT says.
    const other = new Set(gramKeys(variants.flat()));
    for (const synonym of latinSynonyms) for (const gram of synonym.grams) other.add(gram);
    for (const gram of other) if (!own.has(gram) && queryGrams.length < 200) queryGrams.push(-1 - gram);
    const { scores, touched } = this;
    let count = 0;
    for (const key of queryGrams) {
      const gram = key < 0 ? -1 - key : key;
      const list = this.postings.get(gram);
      if (!list || list.length > MAX_USEFUL_POSTINGS) continue;
      const weight = (key < 0 ? SYNONYM_WEIGHT : 1) / Math.log2(2 + list.length);
      for (const index of list) {
        if (scores[index] === 0) touched[count++] = index;
        scores[index] = (scores[index] as number) + weight;
      }
    }
    const hit = touched.subarray(0, count);
    const best = topIndices(hit, scores, SHORTLIST_SIZE).map((i) => this.docs[i] as SearchDoc);
    for (const index of hit) scores[index] = 0;
    return best;
  }
}

function* readEntries(entries: readonly CatalogEntry[]): Steps<TextData> {
  const vocabulary = new Vocabulary();
  const docs: SearchDoc[] = [];
  const postings = new Map<number, number[]>();
  for (let index = 0; index < entries.length; index += 1) {
    if (stepDue(index)) yield;
    const { doc, tokens } = toDoc(entries[index] as CatalogEntry, index, vocabulary);
    docs.push(doc);
    for (const gram of gramKeys(tokens)) {
      let list = postings.get(gram);
      if (!list) {
        list = [];
        postings.set(gram, list);
      }
      // Entries are read in order: the entry is already listed if it is the list's last.
      if (list[list.length - 1] !== index) list.push(index);
    }
  }
  yield* vocabulary.addScopeWords(yield* scopeWords(entries));
  // A phrase many entries give (`access token expired`: seven endpoints) picks none of them out.
  const phraseCounts = new Map<string, number>();
  for (let i = 0; i < docs.length; i += 1) {
    if (stepDue(i)) yield;
    for (const phrase of (docs[i] as SearchDoc).phrases) phraseCounts.set(phrase, (phraseCounts.get(phrase) ?? 0) + 1);
  }
  // Each entry's document, built with the index, not on the first tie: that question would wait for it.
  const docByEntry = new Map<CatalogEntry, SearchDoc>();
  for (let i = 0; i < docs.length; i += 1) {
    if (stepDue(i)) yield;
    let doc = docs[i] as SearchDoc;
    if (doc.phrases.some((p) => (phraseCounts.get(p) ?? 0) > MAX_PHRASE_ENTRIES)) {
      doc = { ...doc, phrases: doc.phrases.filter((p) => (phraseCounts.get(p) ?? 0) <= MAX_PHRASE_ENTRIES) };
      docs[i] = doc;
    }
    docByEntry.set(entries[i] as CatalogEntry, doc);
  }
  return { docs, postings, vocabulary, docByEntry };
}

/** Most entries a keyword phrase may belong to and still add to their match (KEYWORD_PHRASE_BONUS). */
const MAX_PHRASE_ENTRIES = 2;

/** The latin words of every table's and catalog's keywords and endpoint URL, as queryWords reads them. */
function* scopeWords(entries: readonly CatalogEntry[]): Steps<Set<string>> {
  const words = new Set<string>();
  let previous: CatalogEntry | undefined;
  for (let i = 0; i < entries.length; i += 1) {
    if (stepDue(i)) yield;
    const entry = entries[i] as CatalogEntry;
    if (entry.table === previous?.table && entry.catalog === previous.catalog) continue;
    previous = entry;
    const texts = [...entry.table.keywords, ...entry.catalog.keywords, entry.table.url ?? ''];
    for (const token of tokenize(texts.join(' '))) if (!isCjk(token) && !STOPWORDS.has(token) && token.length >= 2) words.add(token);
  }
  return words;
}

/** The entry as searched, and the tokens of all its text (its description's first). */
function toDoc(entry: CatalogEntry, index: number, vocabulary: Vocabulary): { doc: SearchDoc; tokens: string[] } {
  const texts = (list: ({ en: string; zh?: string } | undefined)[]) =>
    list.flatMap((t) => (t ? [t.en, t.zh].filter((s): s is string => !!s) : []));
  const description = texts([entry.description]);
  const keywords = [...entry.keywords, ...entry.signals];
  const rest = texts([entry.solution, ...entry.causes]);
  const descriptionText = description.join(' \n ').toLowerCase();
  const restText = [...keywords, ...rest].join(' \n ').toLowerCase();
  // All the parts joined, as one lower-case text (the separator keeps toLowerCase() per part).
  const all =
    description.length === 0 ? restText : keywords.length + rest.length === 0 ? descriptionText : `${descriptionText} \n ${restText}`;
  // The joins put a separator between the parts, so all's tokens are the description's then the rest's.
  const descriptionTokens = tokenize(descriptionText);
  const tokens = [...descriptionTokens, ...tokenize(restText)];
  // `refresh_token` is also `refresh` and `token`: people write the words without the underscore.
  const addIds = (into: Set<number>, words: readonly string[]) => {
    for (const w of words) {
      if (w.includes('_')) {
        into.add(vocabulary.id(w));
        for (const p of w.split('_')) if (p.length >= 2) into.add(vocabulary.id(p));
      } else into.add(vocabulary.id(w));
    }
    return into;
  };
  const descriptionWords = addIds(new Set(), descriptionTokens);
  const words = addIds(new Set(descriptionWords), tokens.slice(descriptionTokens.length));
  const latinDescriptionWords = [...descriptionWords].filter((id) => {
    const w = vocabulary.words[id] as string;
    return !isCjk(w) && !STOPWORDS.has(w) && w.length >= 2 && !/^\d+$/.test(w);
  });
  // Three words and more: two (`token expired`) are said of too many entries to pick one.
  const phrases = entry.keywords.map((k) => k.toLowerCase()).filter((k) => !isCjk(k) && /^[a-z0-9_]+(?: [a-z0-9_]+){2,}$/.test(k));
  return { doc: { index, description, keywords, phrases, words, descriptionWords, latinDescriptionWords, all, descriptionText }, tokens };
}

/**
 * The grams of tokens (tokens.ts `grams`: padded latin trigrams, CJK unigrams and bigrams), each as
 * a small integer instead of a string: one key per distinct gram and no two grams sharing one, so
 * the index is the same, but building it makes no string per gram (8 million of them at 100,000
 * entries, most of the build's time and garbage).
 */
export function gramKeys(tokens: readonly string[]): number[] {
  const out: number[] = [];
  for (const token of tokens) {
    if (isCjk(token)) {
      for (let i = 0; i < token.length; i += 1) {
        out.push(cjkUnigramKey(token.charCodeAt(i)));
        if (i + 1 < token.length) out.push(cjkBigramKey(token.charCodeAt(i), token.charCodeAt(i + 1)));
      }
    } else if (!STOPWORDS.has(token)) {
      // ` token `: trigrams over the token padded with a space at each end.
      let a = 0;
      let b = latinUnit(token.charCodeAt(0));
      for (let i = 1; i <= token.length; i += 1) {
        const c = i < token.length ? latinUnit(token.charCodeAt(i)) : 0;
        out.push((a * LATIN_UNITS + b) * LATIN_UNITS + c);
        a = b;
        b = c;
      }
    }
  }
  return out;
}

/** Latin tokens are [a-z0-9_]; with the padding space that is 38 characters. */
const LATIN_UNITS = 38;
const latinUnit = (code: number) => (code === 32 ? 0 : code === 95 ? 1 : code <= 57 ? code - 46 : code - 85);
/** CJK tokens are U+3400..U+9FFF and U+F900..U+FAFF. */
const CJK_UNITS = 0x9fff - 0x3400 + 1 + (0xfaff - 0xf900 + 1);
const cjkUnit = (code: number) => (code <= 0x9fff ? code - 0x3400 : code - 0xf900 + (0x9fff - 0x3400 + 1));
/** Key ranges: latin trigrams first, then CJK unigrams, then CJK bigrams (all small integers). */
const CJK_UNIGRAMS = LATIN_UNITS ** 3;
const CJK_BIGRAMS = CJK_UNIGRAMS + CJK_UNITS;
const cjkUnigramKey = (code: number) => CJK_UNIGRAMS + cjkUnit(code);
const cjkBigramKey = (first: number, second: number) => CJK_BIGRAMS + cjkUnit(first) * CJK_UNITS + cjkUnit(second);

/** The `count` indices with the highest scores, without sorting every touched entry. */
function topIndices(touched: Int32Array, scores: Float64Array, count: number): number[] {
  const byScore = (a: number, b: number) => (scores[b] as number) - (scores[a] as number);
  if (touched.length <= count) return Array.from(touched).sort(byScore);
  // Keep a buffer of up to 2*count candidates above a rising floor; sort only the buffer.
  const best: number[] = [];
  let floor = -1;
  for (const index of touched) {
    if ((scores[index] as number) <= floor) continue;
    best.push(index);
    if (best.length >= count * 2) {
      best.sort(byScore);
      best.length = count;
      floor = scores[best[count - 1] as number] as number;
    }
  }
  return best.sort(byScore).slice(0, count);
}

/**
 * Words that frame an English question about a code rather than describe the error ("which sub
 * error code", "what does it return"), as 错误码 and 返回 are left out of a Chinese one (tokens.ts
 * CJK_FILLER): counted, they sink every entry whose description does not happen to hold them.
 * `error` alone stays ("Token Invalid error", "PARAM ERROR"), and so does `code` alone (an authorization code).
 */
const FRAMING_WORDS: ReadonlySet<string> = new Set([
  ...['errcode', 'errorcode', 'subcode', 'suberror', 'sub_error', 'whats', 'mean', 'means', 'meaning'],
  ...['return', 'returns', 'returned', 'gives', 'gave', 'throws', 'threw'],
]);
const ERROR_WORDS: ReadonlySet<string> = new Set(['error', 'errors', 'err']);
const CODE_WORDS: ReadonlySet<string> = new Set(['code', 'codes']);
/** `code` after these is the question's framing (`error code`, `sub error code`, `status code`). */
const FRAMING_BEFORE_CODE: ReadonlySet<string> = new Set(['error', 'err', 'sub', 'return', 'result', 'status', 'ret']);

function framesQuestion(token: string, previous: string | undefined, next: string | undefined): boolean {
  if (FRAMING_WORDS.has(token)) return true;
  if (ERROR_WORDS.has(token)) return (next !== undefined && CODE_WORDS.has(next)) || previous === 'sub';
  if (token === 'sub') return next !== undefined && (ERROR_WORDS.has(next) || CODE_WORDS.has(next));
  if (CODE_WORDS.has(token)) return previous !== undefined && FRAMING_BEFORE_CODE.has(previous);
  return false;
}

/** Similarity added for an entry's own phrase found whole in the question. */
const KEYWORD_PHRASE_BONUS = 0.15;

/** Share of the query's words (latin, typos allowed) and CJK bigrams that the text really has. */
function evidenceFor(query: QueryWords, words: ReadonlySet<number>, text: string, total: number): number {
  let found = 0;
  for (const word of query.latin) found += latinFound(word, words, text);
  // CJK is counted by characters: each one the text has as part of a shared bigram (or a one-character
  // word the text has). Counting bigrams instead, those spanning two words (`户没` in 用户没有手机号)
  // would count against a query that says everything the description says.
  for (let w = 0; w < query.cjkWords.length; w += 1) {
    const word = query.cjkWords[w] as string;
    if (word.length === 1) {
      if (text.includes(word)) found += 1;
      continue;
    }
    // `找不到` (cannot find) is what a description writes as `无法…找到`: the verb and its result
    // without the 不 between them count too.
    const without = word.length > 2 ? word.indexOf('不', 1) : -1;
    let covered = cjkCovered(word, text);
    if (without > 0 && without < word.length - 1)
      covered = Math.max(covered, cjkCovered(word.slice(0, without) + word.slice(without + 1), text));
    // Another spelling of it (验证 for 校验), counted at the word's own length (不通过 is 失败) and a
    // little less than the spelling asked: of two rows saying it, the one in the asker's words leads.
    const variants = query.cjkVariants[w] as readonly string[];
    for (let v = 0; v < variants.length && covered < word.length; v += 1) {
      const variant = variants[v] as string;
      const read = (cjkCovered(variant, text) * word.length * SYNONYM_WEIGHT) / variant.length;
      covered = Math.max(covered, Math.min(word.length, read));
    }
    found += covered;
  }
  return found / total;
}

/** Characters of a CJK word that the text has as part of a shared bigram. */
function cjkCovered(word: string, text: string): number {
  let found = 0;
  let coveredUpTo = 0;
  for (let i = 0; i + 2 <= word.length; i += 1) {
    if (!text.includes(word.slice(i, i + 2))) continue;
    found += i + 2 - Math.max(i, coveredUpTo);
    coveredUpTo = i + 2;
  }
  return found;
}

/** Share of the description's significant latin words that some query word matches. */
function coverageOf(descriptionWords: readonly number[], query: QueryWords): number {
  if (descriptionWords.length === 0 || query.latin.length === 0) return 0;
  let covered = 0;
  for (const id of descriptionWords) {
    let best = 0;
    for (const word of query.latin) {
      if (word.own.has(id)) {
        best = 1;
        break;
      }
      if (best === 0 && word.synonyms.some((synonym) => synonym.ids.some((ids) => ids.has(id)))) best = SYNONYM_WEIGHT;
    }
    covered += best;
  }
  return covered / descriptionWords.length;
}
