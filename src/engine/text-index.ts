/**
 * Free-text search over descriptions, solutions, causes and keywords in both languages.
 *
 * fuse.js ranks, but scanning every entry with fuse on every query grows with the catalog (100k
 * entries: tens of milliseconds). So an inverted gram index, built once, shortlists the entries that
 * share the most grams with the query, and fuse ranks only that shortlist. A final evidence check
 * keeps fuzzy matching honest: most of the query's words must really be in the entry.
 */
import Fuse, { type IFuseOptions } from 'fuse.js';
import type { CatalogEntry } from '../catalog/model.js';
import { editDistance, grams, isCjk, STOPWORDS, tokenize, typoAllowance } from './tokens.js';

interface SearchDoc {
  readonly index: number;
  readonly description: string[];
  readonly keywords: string[];
  readonly solution: string[];
  /** Every word of the entry, for the evidence check. */
  readonly words: ReadonlySet<string>;
  /** The description's words: a query matching the description beats one matching a keyword. */
  readonly descriptionWords: ReadonlySet<string>;
  readonly descriptionText: string;
  /** All of the entry's text, lower case, for CJK containment. */
  readonly all: string;
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
    { name: 'solution', weight: 1 },
  ],
} satisfies IFuseOptions<SearchDoc>);

/** How many shortlisted entries fuse ranks. */
export const SHORTLIST_SIZE = 64;

export interface TextHit {
  readonly entry: CatalogEntry;
  /** 0 (weak) .. 1 (the query is the description). */
  readonly similarity: number;
}

export class TextIndex {
  private readonly docs: SearchDoc[];
  private readonly postings = new Map<string, number[]>();
  private readonly scores: Float64Array;

  constructor(private readonly entries: readonly CatalogEntry[]) {
    this.docs = entries.map((entry, index) => toDoc(entry, index));
    this.scores = new Float64Array(entries.length);
    this.docs.forEach((doc, index) => {
      for (const gram of new Set(grams(doc.all))) {
        let list = this.postings.get(gram);
        if (!list) {
          list = [];
          this.postings.set(gram, list);
        }
        list.push(index);
      }
    });
  }

  search(query: string, limit: number): TextHit[] {
    const shortlist = this.shortlist(query);
    if (shortlist.length === 0) return [];
    // The shortlist is at most SHORTLIST_SIZE documents: building a fuse over it costs a few
    // microseconds, far less than fuse scanning the whole catalog.
    const fuse = new Fuse(shortlist, FUSE_OPTIONS);
    const queryWords = significantWords(query);
    const hits: TextHit[] = [];
    for (const result of fuse.search(query.slice(0, 256), { limit: limit * 3 })) {
      const doc = result.item;
      const evidence = evidenceFor(queryWords, doc.words, doc.all);
      if (evidence < 0.6) continue;
      const fuseSimilarity = 1 - (result.score ?? 1);
      const inDescription = evidenceFor(queryWords, doc.descriptionWords, doc.descriptionText);
      // How much of the description the query accounts for: "access token is expired" is all of
      // QQ's 100014 but only part of "Oauth Token expired".
      const coverage = coverageOf(doc.descriptionWords, queryWords);
      const similarity = 0.3 * fuseSimilarity + 0.25 * evidence + 0.25 * inDescription + 0.2 * coverage;
      hits.push({ entry: this.entries[doc.index] as CatalogEntry, similarity: Math.min(1, similarity) });
    }
    hits.sort((a, b) => b.similarity - a.similarity);
    return hits.slice(0, limit);
  }

  /** Entries sharing the most (rarity-weighted) grams with the query. */
  private shortlist(query: string): SearchDoc[] {
    const queryGrams = [...new Set(grams(query))].slice(0, 200);
    const touched: number[] = [];
    const scores = this.scores;
    for (const gram of queryGrams) {
      const list = this.postings.get(gram);
      if (!list) continue;
      const weight = 1 / Math.log2(2 + list.length);
      for (const index of list) {
        if (scores[index] === 0) touched.push(index);
        scores[index] = (scores[index] as number) + weight;
      }
    }
    touched.sort((a, b) => (scores[b] as number) - (scores[a] as number));
    const best = touched.slice(0, SHORTLIST_SIZE).map((i) => this.docs[i] as SearchDoc);
    for (const index of touched) scores[index] = 0;
    return best;
  }
}

function toDoc(entry: CatalogEntry, index: number): SearchDoc {
  const texts = (list: ({ en: string; zh?: string } | undefined)[]) =>
    list.flatMap((t) => (t ? [t.en, t.zh].filter((s): s is string => !!s) : []));
  const description = texts([entry.description]);
  const keywords = [...entry.keywords, ...entry.signals];
  const solution = texts([entry.solution, ...entry.causes]);
  const all = [...description, ...keywords, ...solution].join(' \n ').toLowerCase();
  const descriptionText = description.join(' \n ').toLowerCase();
  return {
    index,
    description,
    keywords,
    solution,
    words: new Set(tokenize(all)),
    all,
    descriptionWords: new Set(tokenize(descriptionText)),
    descriptionText,
  };
}

interface QueryWords {
  readonly latin: string[];
  readonly cjkBigrams: string[];
}

function significantWords(query: string): QueryWords {
  const latin: string[] = [];
  const cjkBigrams: string[] = [];
  for (const token of tokenize(query)) {
    if (isCjk(token)) {
      if (token.length === 1) cjkBigrams.push(token);
      for (let i = 0; i + 2 <= token.length; i += 1) cjkBigrams.push(token.slice(i, i + 2));
    } else if (!STOPWORDS.has(token) && token.length >= 2) {
      latin.push(token);
    }
  }
  return { latin, cjkBigrams };
}

/** Share of the query's words (latin, with typos allowed) and CJK bigrams that the text really has. */
function evidenceFor(query: QueryWords, words: ReadonlySet<string>, text: string): number {
  let found = 0;
  for (const word of query.latin) {
    if (words.has(word)) {
      found += 1;
      continue;
    }
    const allowance = typoAllowance(word);
    if (allowance === 0) continue;
    for (const candidate of words) {
      if (editDistance(word, candidate, allowance) <= allowance) {
        found += 1;
        break;
      }
      // `refresh_token` typed as `refresh token`, or `accesstoken`: compare without separators.
      if (candidate.replaceAll('_', '') === word.replaceAll('_', '')) {
        found += 1;
        break;
      }
    }
  }
  for (const bigram of query.cjkBigrams) if (text.includes(bigram)) found += 1;
  const total = query.latin.length + query.cjkBigrams.length;
  return total === 0 ? 0 : found / total;
}

/** Share of the description's significant latin words that some query word matches (typos allowed). */
function coverageOf(descriptionWords: ReadonlySet<string>, query: QueryWords): number {
  const wanted = [...descriptionWords].filter((w) => !isCjk(w) && !STOPWORDS.has(w) && w.length >= 2 && !/^\d+$/.test(w));
  if (wanted.length === 0 || query.latin.length === 0) return 0;
  let covered = 0;
  for (const word of wanted) {
    const allowance = typoAllowance(word);
    if (query.latin.some((q) => q === word || (allowance > 0 && editDistance(q, word, allowance) <= allowance))) covered += 1;
  }
  return covered / wanted.length;
}
