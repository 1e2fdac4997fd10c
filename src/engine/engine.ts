/**
 * The query engine: built once from validated catalogs, then answers `lookup` (someone asked) and
 * `scan` (someone pasted). Platform-neutral: adapters render what it returns.
 */
import { type CodeSpan, codeValue, hexSpelling, normaliseSpelling } from '../catalog/codes.js';
import type { Catalog, CatalogEntry } from '../catalog/model.js';
import { AddressReader, DEFAULT_BOT_NAMES } from './addressed.js';
import {
  type Answer,
  type Clue,
  type EntryRef,
  type LookupResult,
  type NarrowingWord,
  refOf,
  type ScanResult,
  type Suggestion,
  titleOf,
} from './answer.js';
import { AnswerBuilder, meaningKey } from './answers.js';
import { CodeIndex } from './code-index.js';
import { configuredCodes, withoutConfigured } from './configured.js';
import { ContextReader, type TextContext, tableKey } from './context.js';
import { joinDigitsAcrossInvisible, TextMarks } from './detectors/detector.js';
import { DETECTORS, type Detector } from './detectors/index.js';
import { digitTypos } from './digit-typos.js';
import { indexDistinctiveWordsInSteps, indexDistinctiveWordsOnFirstUse } from './distinctive.js';
import { askedAnswers } from './explicit.js';
import { withoutFixedQuote } from './fixed-quote.js';
import { unglueKeys } from './glued.js';
import { shortKey } from './keys.js';
import {
  CODE_TOKEN,
  isPlainQuestion,
  isTwoCodes,
  type ParsedQuery,
  parseMainAndSub,
  parsePlainCode,
  parseQuery,
  parseTwoCodes,
  QUERY_LIMIT,
  questionText,
} from './lookup.js';
import { LowerText } from './lower-text.js';
import { restoreMisread } from './misread.js';
import { linkLabels, MARKUP_PLACEHOLDER, mayHoldOtherDigits, normaliseText } from './normalise.js';
import { otherVendorIn, SHARED_TABLE_WORDS, withoutOtherVendors } from './other-vendors.js';
import { describingWords } from './question-words.js';
import { recoveredCodes } from './recovered.js';
import { hasSearchableWords, ScopeWords, searchableWords } from './scope.js';
import { ScopedCodeReader } from './scoped-code.js';
import { CERTAIN_SCORE, type Scored, type Sighting, scoreByMain, scorePosting } from './score.js';
import { runSteps, runStepsSliced, type SliceOptions, type Steps, stepDue } from './steps.js';
import {
  hypotheticalCodes,
  neverMetCodes,
  pastCodes,
  supersededCodes,
  withoutHypothetical,
  withoutPast,
  withoutSuperseded,
} from './superseded.js';
import { indexTableWordsInSteps } from './table-words.js';
import { resolvedNotice, withoutTalkAbout } from './talk-about.js';
import { TextIndex } from './text-index.js';
import { cjkWords, holdsWhole, isCjk, STOPWORDS, tokenize } from './tokens.js';
import { foldTraditional, TRADITIONAL_FOLD_LIMIT } from './traditional.js';
import { TIE_SEARCH_LIMIT, WordsAhead, type WordsReading } from './words-ahead.js';

export interface EngineOptions {
  /** Scan replies only at or above this confidence (0..1). */
  readonly minConfidence?: number;
  /** Extra confidence a one- or two-digit code needs before a scan replies (they are everywhere). */
  readonly shortCodeMargin?: number;
  /** Longest text a scan reads; the rest is ignored with a note. */
  readonly scanLimit?: number;
  /** Names a message may open with to call the bot (`@errcode what is 6004`): then it is answered as asked (addressed.ts). */
  readonly botNames?: readonly string[];
}

export const ENGINE_DEFAULTS = Object.freeze({
  // An exact code (0.67) needs one more clue (its field, a platform word, the message text).
  minConfidence: 0.72,
  shortCodeMargin: 0.2,
  scanLimit: 1024 * 1024,
  botNames: DEFAULT_BOT_NAMES,
} as const satisfies Required<EngineOptions>);

/** What a code's entry loses in a question naming another product that has the code too (rankCodes). */
const CATALOG_NOT_NAMED = 25;

/**
 * How far below the first meaning of a code another may score and still be chosen by words that
 * describe it clearly (Engine.preferClearlyDescribed): about what a code read signed, or inside a
 * range, loses against one matched as written.
 */
const NEAR_MEANING = 20;
/** Words that say only that something failed, with what: no meaning's description. */
const FAILURE_WORDS =
  /\b(?:errors?|err|fail(?:s|ed|ing|ure)?|codes?|returns?|returned|gives?|gave|throws?|threw|says?|said)\b|报错|失败|错误/gi;
/** How well the words must describe that meaning (TextIndex similarity), and by how much better than the first. */
const CLEAR_DESCRIPTION = 0.5;
const CLEAR_DESCRIPTION_MARGIN = 0.2;

/**
 * What each further number of a question reaching the same entry adds: `0x71 -140 116` writes OIDB's
 * 0x74 row in all three of its spellings (0x71 as the source misprints it), and `-4 252` one code
 * signed and unsigned; the row only one of them reaches (0x71's own, QQ's -4) is not what was asked.
 */
const AGREEING_SPELLING = 10;
const MAX_AGREEING_SPELLINGS = 2;

function withAgreeingSpellings(scored: Scored[]): Scored[] {
  if (scored.length < 2) return scored;
  const spellings = new Map<CatalogEntry, Set<string>>();
  for (const s of scored) {
    const seen = spellings.get(s.entry) ?? new Set<string>();
    seen.add(s.sighting.raw.toLowerCase());
    spellings.set(s.entry, seen);
  }
  if (![...spellings.values()].some((seen) => seen.size > 1)) return scored;
  return scored.map((s) => {
    const extra = Math.min((spellings.get(s.entry)?.size ?? 1) - 1, MAX_AGREEING_SPELLINGS);
    return extra > 0 ? { ...s, score: s.score + AGREEING_SPELLING * extra } : s;
  });
}

/** Least confidence of an answer to a question in words (lookup). */
const TEXT_ANSWER_FLOOR = 0.3;

/**
 * A pasted exchange whose HTTP status says the call went through (`"status": 200`) and whose body or
 * header holds a business code of the same product (`NSP_STATUS: 1302`): the business code is the
 * answer, as a scan reads it (the status's own row says to judge the result from it), at the
 * status's score. Sort is stable: the rest keeps its order.
 */
function businessOverStatus(ranked: Scored[]): Scored[] {
  const top = ranked[0];
  if (top === undefined || top.entry.table.field !== 'http_status' || top.entry.outcome !== 'success') return ranked;
  const business = ranked.find(
    (s) =>
      s.sighting.raw !== top.sighting.raw &&
      s.entry.catalog.id === top.entry.catalog.id &&
      s.entry.table.field !== 'http_status' &&
      s.entry.outcome !== 'success',
  );
  if (business === undefined) return ranked;
  return [{ ...business, score: Math.max(business.score, top.score) }, ...ranked.filter((s) => s !== business)];
}

/** Lines of text that make a question a paste (a log, a capture), not something typed. */
const PASTE_LINES = 4;

/**
 * Whether a question is a paste: PASTE_LINES lines and more that are not blank. A long question of a
 * line or two is someone's story, then what they ask (read by its opening and close).
 */
function isPaste(query: string): boolean {
  // Most questions are one line: no split for them.
  let breaks = 0;
  for (let at = query.indexOf('\n'); at >= 0 && breaks < PASTE_LINES - 1; at = query.indexOf('\n', at + 1)) breaks += 1;
  if (breaks < PASTE_LINES - 1) return false;
  let lines = 0;
  for (const line of query.split('\n')) if (line.trim().length > 0) lines += 1;
  return lines >= PASTE_LINES;
}

/** What an entry of a product the question does not name loses against those it names (searchText). */
const OTHER_PRODUCT_PENALTY = 0.2;

/** Codes a scan answers at most, the best first: what a reply to a paste names. */
export const SCAN_ANSWERS = 5;

export interface LookupOptions {
  readonly limit?: number;
}

export interface CatalogSummary {
  readonly id: string;
  readonly name: Catalog['info']['name'];
  readonly language: Catalog['info']['language'];
  readonly document: string;
  readonly file: string;
  readonly entries: number;
  readonly tables: number;
}

/**
 * Everything an engine answers from, built once per catalog set: `new Engine` builds it at once,
 * `Engine.build` in time slices.
 */
export interface EngineIndexes {
  /** The catalogs these indexes were built from (an engine refuses indexes of other catalogs). */
  readonly catalogs: readonly Catalog[];
  readonly entries: CatalogEntry[];
  readonly byId: ReadonlyMap<string, CatalogEntry>;
  readonly codes: CodeIndex;
  readonly contextReader: ContextReader;
  readonly answers: AnswerBuilder;
  readonly tableWords: ReadonlySet<string>;
  readonly scopes: ScopeWords;
  /** Its phrases read by Engine.build only: a question or two (the CLI's) would not repay them. */
  readonly scopedCodes: ScopedCodeReader;
  /** Built by Engine.build; left to first use by the constructor (exact lookups and scans never need it). */
  readonly text?: TextIndex;
  /** What the words of scope phrases and field keys may find in the text index: Engine.build's (none for the constructor). */
  readonly wordsAhead: WordsAhead;
}

/**
 * The indexes of `catalogs`, in steps (src/engine/steps.ts); `serving`: a server's, also the text
 * index and what answers read (AnswerBuilder.prepare), so no first question waits for them, and the
 * scope phrases read ahead (ScopedCodeReader).
 */
export function* buildIndexes(catalogs: readonly Catalog[], serving: boolean): Steps<EngineIndexes> {
  const entries = catalogs.flatMap((c) => c.entries);
  const byId = new Map<string, CatalogEntry>();
  for (let i = 0; i < entries.length; i += 1) {
    if (stepDue(i)) yield;
    const entry = entries[i] as CatalogEntry;
    const key = shortKey(entry.id);
    const clash = byId.get(key);
    if (clash) throw new Error(`errcode: entries ${clash.id} and ${entry.id} share the key ${key}; rename one`);
    byId.set(entry.id, entry);
    byId.set(key, entry);
  }
  const codes = yield* CodeIndex.build(entries);
  const contextReader = yield* ContextReader.build(entries);
  const scopedCodes = serving ? yield* ScopedCodeReader.build(entries, contextReader, codes) : ScopedCodeReader.none(contextReader);
  const answers = yield* AnswerBuilder.build(entries);
  if (serving) yield* answers.prepare();
  const tableWords = new Set<string>();
  for (let i = 0; i < entries.length; i += 1) {
    if (stepDue(i)) yield;
    for (const word of (entries[i] as CatalogEntry).table.keywords) tableWords.add(word);
  }
  const scopes = yield* ScopeWords.build(entries);
  if (serving) yield* indexDistinctiveWordsInSteps(entries);
  else indexDistinctiveWordsOnFirstUse(entries);
  yield* indexTableWordsInSteps(entries);
  const text = serving ? yield* TextIndex.build(entries) : undefined;
  const wordsAhead = text ? yield* WordsAhead.build(text, entries.length, scopedCodes.phrasesRead()) : WordsAhead.none();
  return { catalogs, entries, byId, codes, contextReader, scopedCodes, answers, tableWords, scopes, wordsAhead, ...(text ? { text } : {}) };
}

export class Engine {
  readonly options: Required<EngineOptions>;
  private readonly entries: CatalogEntry[];
  private readonly byId: ReadonlyMap<string, CatalogEntry>;
  private readonly codes: CodeIndex;
  private textIndex: TextIndex | undefined;
  private readonly contextReader: ContextReader;
  private readonly answers: AnswerBuilder;
  private readonly tableWords: ReadonlySet<string>;
  private readonly scopes: ScopeWords;
  private readonly scopedCodes: ScopedCodeReader;
  private readonly wordsAhead: WordsAhead;
  /** How this bot's answers open the line under their headline, per catalog name (`Tencent MSDK (QQ) › `): an answer copied back. */
  private readonly answerLines: readonly string[];
  private readonly addressed: AddressReader;

  /** `indexes`: from buildIndexes over these same catalogs (Engine.build); omitted, built now. */
  constructor(
    readonly catalogs: readonly Catalog[],
    options: EngineOptions = {},
    private readonly detectors: readonly Detector[] = DETECTORS,
    indexes: EngineIndexes = runSteps(buildIndexes(catalogs, false)),
  ) {
    if (indexes.catalogs !== catalogs) throw new Error('errcode: engine indexes built from other catalogs');
    this.options = { ...ENGINE_DEFAULTS, ...options };
    this.entries = indexes.entries;
    this.byId = indexes.byId;
    this.codes = indexes.codes;
    this.contextReader = indexes.contextReader;
    this.answers = indexes.answers;
    this.tableWords = indexes.tableWords;
    this.scopes = indexes.scopes;
    this.scopedCodes = indexes.scopedCodes;
    this.textIndex = indexes.text;
    this.wordsAhead = indexes.wordsAhead;
    this.addressed = new AddressReader(this.options.botNames);
    this.answerLines = catalogs.flatMap((c) => [c.info.name.en, c.info.name.zh].filter((n): n is string => !!n).map((n) => `${n} › `));
  }

  /**
   * The same engine, built in time slices so the event loop keeps turning (a reload while the bot
   * serves), the text index and answers' parts included (buildIndexes' `serving`) so the first
   * question after a swap does not wait for them.
   */
  static async build(
    catalogs: readonly Catalog[],
    options: EngineOptions = {},
    detectors: readonly Detector[] = DETECTORS,
    slices: SliceOptions = {},
  ): Promise<Engine> {
    const indexes = await runStepsSliced(buildIndexes(catalogs, true), slices);
    return new Engine(catalogs, options, detectors, indexes);
  }

  /** Built on first use: exact lookups and scans (most CLI runs) never need it. */
  private get text(): TextIndex {
    this.textIndex ??= new TextIndex(this.entries);
    return this.textIndex;
  }

  get size(): number {
    return this.entries.length;
  }

  summary(): CatalogSummary[] {
    return this.catalogs.map((c) => ({
      id: c.info.id,
      name: c.info.name,
      language: c.info.language,
      document: c.info.document,
      file: c.info.file,
      entries: c.entries.length,
      tables: c.tables.length,
    }));
  }

  /** Someone asked about a code or described an error. */
  lookup(query: string, options: LookupOptions = {}): LookupResult {
    const limit = Math.max(1, options.limit ?? 10);
    // A paste asked about (`/errcode` over twenty lines of a log, then `what's this?`): the error is
    // wherever the log met it, among numbers of every kind, and is read as a scan reads a paste.
    if (isPaste(query)) {
      const pasted = this.scanAsked(query);
      if (pasted.answers.length > 0)
        return { query, status: 'found', mode: 'code', answers: pasted.answers.slice(0, limit), suggestions: [], notes: [...pasted.notes] };
      // A paste longer than a question is read: its opening and close are log lines too, and a number
      // there is no code asked about. A shorter one is read whole as a question (a debugger's `$R0 = 221018`).
      if (query.length > QUERY_LIMIT)
        return {
          query,
          status: 'not-found',
          mode: 'code',
          answers: [],
          suggestions: [],
          notes: ['read as a pasted log: no code of the catalogs in it'],
        };
    }
    const notes: string[] = [];
    if (query.length > QUERY_LIMIT) notes.push(`long query: read its first and last ${Math.floor(QUERY_LIMIT / 2)} characters`);
    const question = this.readQuestion(query);
    const { trimmed, context, parsed } = question;
    // Nothing but a mention or a timestamp (`<@221001…>`, `<t:1733300000:R>`) asks about no code: none such.
    if (trimmed.length === 0)
      return { query, status: query.trim().length === 0 ? 'empty-query' : 'not-found', mode: 'code', answers: [], suggestions: [], notes };
    const vendor = this.otherVendorOnly(trimmed, context.lower);
    if (vendor !== undefined) {
      notes.push(`${vendor} is another vendor's product: these catalogs hold Tencent QQ/MSDK and Huawei codes`);
      return { query, status: 'not-found', mode: parsed.sightings.length > 0 ? 'code' : 'text', answers: [], suggestions: [], notes };
    }

    const ranked = this.rankCodes(question);
    // A count of things alone (`HMS push: I put 1500 tokens into one message`) in a question naming a
    // product, nothing else supporting the code the count reaches: the words describe the error,
    // the count is the story around it.
    // Likewise a measure alone in a question its words describe closely, as a pasted row reads (`the
    // code has expired; a code is valid for only 5 minutes`): the 5 is how long, not QQ's code 5.
    if (parsed.measuresOnly && parsed.hasWords && ranked.length > 0 && !ranked.some(supportedByWords)) {
      const countsInPlace = parsed.countsThings === true && namesPlace(context);
      const described = this.searchText(trimmed, context, limit, true, false);
      const top = described[0];
      // A limit compared (`over 1000 per 5 minutes`) tells the story around the error its words describe.
      const comparedAndDescribed = parsed.comparesMeasure === true && top !== undefined && top.confidence >= TEXT_ANSWER_FLOOR;
      if (
        top &&
        (countsInPlace || comparedAndDescribed || top.confidence >= DESCRIBED_OVER_MEASURE || quotesMeasure(top, trimmed, parsed.sightings))
      ) {
        return { query, status: 'found', mode: 'text', answers: described, suggestions: [], notes };
      }
    }
    // `31337 (the other call returned 0)`: the code asked about first is unknown, and only a success was
    // found beside it. Nobody asks what success means: the honest answer is "no such code".
    // A typed question only: a pasted exchange (`POST … Content-Length: 187 … HTTP/1.1 200`) is answered by its status.
    const typed = trimmed.length <= TYPED_QUESTION && !trimmed.includes('\n');
    const unknown =
      typed && ranked.length > 0 && ranked.every((s) => s.entry.outcome === 'success') ? this.unknownAmong(parsed.sightings) : undefined;
    if (unknown) return { query, status: 'not-found', mode: 'code', answers: [], suggestions: this.nearest([unknown]), notes };
    let answers: Answer[] = [];
    for (let i = 0; i < ranked.length && i < limit; i += 1) {
      const s = ranked[i] as Scored;
      answers.push(this.answers.answer(s.entry, s.score, s.clues, s.sighting.raw));
    }
    let mode: LookupResult['mode'] = 'code';
    if (answers.length === 0 && (parsed.sightings.length === 0 || parsed.hasWords)) {
      mode = 'text';
      const wordsOnly = parsed.sightings.length === 0;
      // A description that shares a word or two with a row and nothing of its meaning (confidence
      // under 0.3: `QQ … has to be sent as POST` against push's "number of tokens") is a guess the
      // card would show as an answer: the honest one is that no row matches.
      answers = this.searchText(trimmed, context, limit, wordsOnly, !wordsOnly && parsed.measuresOnly !== true).filter(
        (a) => a.confidence >= TEXT_ANSWER_FLOOR,
      );
    }
    if (answers.length > 0) return { query, status: 'found', mode, answers, suggestions: [], notes };
    return { query, status: 'not-found', mode, answers: [], suggestions: this.nearest(parsed.sightings), notes };
  }

  /**
   * What a lookup reads of a question: its text as read, the context its words give, its codes;
   * `ahead`: what the words beside its code give a tie, where they were read ahead (WordsAhead).
   */
  private readQuestion(asked: string): Question {
    const query = joinDigitsAcrossInvisible(asked);
    if (isPlainQuestion(query)) {
      const context = this.contextReader.read(query);
      const parsed = parsePlainCode(query, context);
      // `NSP_STATUS=6`: the words beside the code are the key's (only a question with words asks for them).
      if (parsed) return { trimmed: query, context, parsed, ahead: parsed.hasWords ? this.wordsAhead.ofKey(keyOf(query)) : undefined };
    }
    // `error=1203 sub_error=57303`: its two keys say what it asks.
    const mainAndSub = parseMainAndSub(query);
    if (mainAndSub) return { trimmed: query, context: this.contextReader.read(query), parsed: mainAndSub, ahead: undefined };
    // A scope phrase and a code (`huawei 403`): the phrase was read when the engine was built.
    const scoped = this.scopedCodes.read(query);
    if (scoped) return { trimmed: query, context: scoped.context, parsed: scoped.parsed, ahead: this.wordsAhead.ofPhrase(scoped.phrase) };
    // `1302 57303`: a main code and its sub-code, or two codes, with nothing around them to read.
    if (isTwoCodes(query)) {
      const context = this.contextReader.read(query);
      const two = parseTwoCodes(query, this.codes, context);
      if (two) return { trimmed: query, context, parsed: two, ahead: undefined };
    }
    const trimmed = restoreMisread(normaliseText(questionText(query)))
      .replace(MARKUP_PLACEHOLDER, ' ')
      .replace(/[ \t]{2,}/g, ' ')
      .trim();
    const context = this.contextReader.read(trimmed);
    return { trimmed, written: query, context, parsed: parseQuery(trimmed, this.codes, context), ahead: undefined };
  }

  /** The entries a query's codes reach, one per meaning, in the order a lookup answers them. */
  private rankCodes({ trimmed, written, parsed, context, ahead }: Question): Scored[] {
    const scored: Scored[] = [];
    // `80300007 resolved after trimming spaces, now push says 80300010`: the question is the second.
    // A code the question only supposes (`if it were 16`) beside one it has is not what it asks about.
    const current =
      parsed.sightings.length > 1
        ? withoutSuperseded(withoutSuperseded([...parsed.sightings], supersededCodes(written ?? trimmed)), hypotheticalCodes(trimmed))
        : parsed.sightings;
    for (const sighting of current) this.score(sighting, context, true, scored);
    let ranked = this.answers.rank(current.length === 1 ? this.inNamedProducts(scored, context) : withAgreeingSpellings(scored));
    // A negative code asked for without its minus (`182006` for -182006), typed in a hurry or lost
    // to a chat app's list formatting: only the one code of a question, when nothing has it as written.
    const only = parsed.sightings.length === 1 ? parsed.sightings[0] : undefined;
    if (ranked.length === 0 && only) ranked = this.answers.rank(this.scoreNegated(only, context));
    if (parsed.sightings.length > 1) ranked = businessOverStatus(ranked);
    if (parsed.hasWords) ranked = this.preferDescribed(ranked, trimmed, ahead);
    // Of equally sure answers, the code the question asks about first (sort is stable).
    if (parsed.asked !== undefined) ranked = [...ranked].sort((a, b) => b.score - a.score || asks(b, parsed.asked) - asks(a, parsed.asked));
    // Words read ahead are a scope phrase or a field's key (`game center -4009`, `NSP_STATUS=6`): they name where, not what.
    // Words that clearly describe one of several codes asked (`20155 and 20156, which one is the already-used code?`) pick it.
    if (parsed.hasWords && ahead === undefined) ranked = this.preferClearlyDescribed(ranked, trimmed);
    return ranked;
  }

  /**
   * The other vendor's product a text names (other-vendors.ts), when it names none of the catalogs'
   * products, tables, sections or endpoints besides: then the text is about that vendor.
   */
  private otherVendorOnly(text: string, lower?: string): string | undefined {
    const vendor = otherVendorIn(text, lower);
    if (vendor === undefined) return undefined;
    const rest = this.contextReader.read(withoutOtherVendors(text));
    // A product's name, or a table's word but those every vendor's SDK shares (`login`, `access token`,
    // `revoke`); an entry's own words (`signature verification`) are any vendor's too.
    const scope = this.scopes.of(rest);
    const ours =
      rest.urlTables.size > 0 ||
      rest.sectionTables.size > 0 ||
      scope.catalogs.size > 0 ||
      scope.tableWords.some((word) => !SHARED_TABLE_WORDS.has(word));
    return ours ? undefined : vendor;
  }

  /**
   * A question of one code naming a product (`push 1302`, `推送 1302`) asks about that product's code: an entry
   * of a product it does not name, when one it names was reached too, counts CATALOG_NOT_NAMED less
   * (push's 1302/57303, reached by its main code, over Account Kit's NSP_STATUS 1302 matched exactly).
   */
  private inNamedProducts(scored: Scored[], context: TextContext): Scored[] {
    if (context.keywords.size === 0 || scored.length < 2) return scored;
    const named = this.scopes.of(context).catalogs;
    if (named.size === 0 || named.size === this.catalogs.length) return scored;
    if (!scored.some((s) => named.has(s.entry.catalog.id)) || scored.every((s) => named.has(s.entry.catalog.id))) return scored;
    return scored.map((s) => (named.has(s.entry.catalog.id) ? s : { ...s, score: s.score - CATALOG_NOT_NAMED }));
  }

  /**
   * A code whose meanings are nearly as likely (QQ's -5 and OIDB's 0xfb read signed, 0x73a's 0x10
   * and 0x711's range 0x10~0x11) and words beside it that describe one of them clearly and the first
   * one not (`-5 Visit Type B user number`, `0x10 appid is illegal`): the described one answers. The
   * words are compared with those meanings alone, however many other entries they find better.
   */
  private preferClearlyDescribed(ranked: Scored[], query: string): Scored[] {
    const top = ranked[0];
    if (top === undefined) return ranked;
    const near = ranked.filter((s, i) => i > 0 && s.entry !== top.entry && top.score - s.score <= NEAR_MEANING);
    if (near.length === 0) return ranked;
    const words = describingWords(query.replace(CODE_TOKEN, ' ').trim());
    // Two words at least that say more than that something failed (`fails with 0x12.`, `一直报 …`):
    // a single word of a description is what many rows share.
    if (searchableWords(words.replace(FAILURE_WORDS, ' ')) < 2) return ranked;
    const similarity = this.text.similarityOf(words, [top.entry, ...near.map((s) => s.entry)]);
    const topSimilarity = similarity.get(top.entry) ?? 0;
    let best = top;
    let bestSimilarity = topSimilarity;
    for (const s of near) {
      const value = similarity.get(s.entry) ?? 0;
      if (value > bestSimilarity) {
        best = s;
        bestSimilarity = value;
      }
    }
    if (best === top || bestSimilarity < CLEAR_DESCRIPTION || bestSimilarity - topSimilarity < CLEAR_DESCRIPTION_MARGIN) return ranked;
    // As sure as the meaning it displaces: the words weigh what the code alone left open.
    return [{ ...best, score: Math.max(best.score, top.score) }, ...ranked.filter((s) => s !== best)];
  }

  /**
   * A code with several equally likely meanings (a main code over its sub-codes: `1500 id_token
   * expired`) and words beside it: the words pick among the tied meanings, by how well they match
   * each one's description. Only a tie is reordered; the clues still rank everything else.
   */
  private preferDescribed(ranked: Scored[], query: string, ahead: WordsReading | undefined): Scored[] {
    const top = ranked[0]?.score;
    if (top === undefined) return ranked;
    const tied = ranked.filter((s) => s.score === top);
    if (tied.length < 2) return ranked;
    // Most words beside a code are a field or an endpoint (`NSP_STATUS=6`, `oauth2/v3/token 403`)
    // and describe none of the tied meanings: that is known from those few entries, no search
    // needed, and for a scope phrase or a key known before any question (`ahead`).
    if (ahead !== undefined && !tied.some((s) => ahead.findable.has(s.entry))) return ranked;
    const words = query.replace(CODE_TOKEN, ' ').trim();
    if (
      ahead === undefined &&
      (!hasSearchableWords(words) ||
        !this.text.mayFind(
          words,
          tied.map((s) => s.entry),
        ))
    )
      return ranked;
    const similarity = ahead?.similarity ?? new Map(this.text.search(words, TIE_SEARCH_LIMIT).map((hit) => [hit.entry, hit.similarity]));
    if (!tied.some((s) => similarity.has(s.entry))) return ranked;
    // Array.prototype.sort is stable: meanings the words do not touch keep their order.
    const ordered = [...tied].sort((a, b) => (similarity.get(b.entry) ?? 0) - (similarity.get(a.entry) ?? 0));
    return [...ordered, ...ranked.slice(tied.length)];
  }

  /** Someone pasted something nobody addressed to the bot: answers worth a reply, or none. */
  scan(text: string): ScanResult {
    const notes: string[] = [];
    const read = this.withinScanLimit(text, notes);
    const found = this.scanRead(read, notes);
    // `@errcode what is 6004` as plain text: the bot was called, and what the paste does not show
    // well enough to answer unasked is answered as to any ask (what it shows stands as it is).
    if (found.answers.length > 0) return found;
    const asked = this.addressed.question(read);
    if (asked === undefined) return found;
    const answers = askedAnswers(this, asked, [asked], SCAN_ANSWERS);
    return answers.length > 0 ? { answers, considered: Math.max(found.considered, answers.length), notes } : found;
  }

  /**
   * A paste someone asked about (`/errcode` over a log): read as a scan reads it, a short code as sure
   * as any other, since nobody would be bothered by an answer they asked for.
   */
  private scanAsked(text: string): ScanResult {
    const notes: string[] = [];
    return this.scanRead(this.withinScanLimit(text, notes), notes, true);
  }

  /** The text a scan reads (its first scanLimit characters), a note added when that is not all of it. */
  private withinScanLimit(text: string, notes: string[]): string {
    if (text.length <= this.options.scanLimit) return text;
    notes.push(`only the first ${this.options.scanLimit} characters were read`);
    return text.slice(0, this.options.scanLimit);
  }

  /** scan of the text as read (up to the scan limit); `asked`: someone asked about it (scanAsked). */
  private scanRead(read: string, notes: string[], asked = false): ScanResult {
    let body = read;
    // Every sighting is a number: a text without a digit has none to find (normalising brings ASCII
    // digits only where full-width ones were), and nothing is read from it.
    if (!mayHoldDigit(body)) return { answers: [], considered: 0, notes };
    body = normaliseText(body);
    // A message, not a log file: its Traditional characters read as Simplified, and its numbers as a
    // screen's OCR or a retyped dialog meant them (misread.ts), and its codes glued to their field names
    // in a hurry apart (glued.ts). Longer pastes are read as written.
    if (body.length <= TRADITIONAL_FOLD_LIMIT) body = unglueKeys(restoreMisread(foldTraditional(body)));
    // Lowered once, in pieces, for the context and every detector's nearby text.
    const lower = new LowerText(body);
    const tools = { codes: this.codes, lower, marks: new TextMarks(body), endpoints: this.contextReader };
    const found = this.detectors.flatMap((d) => d.detect(body, tools));
    if (found.length === 0) return { answers: [], considered: 0, notes };
    // A config's codes to retry (`retry_on:\n  - 80300007`), or a log line stating that policy, are
    // known to the program, not met by it: in a message or a log alike (configured.ts).
    const met = withoutConfigured(found, configuredCodes(body, new Set(found.map((s) => s.raw.toLowerCase()))));
    if (met.length === 0) return { answers: [], considered: found.length, notes };
    // A message is read for what it reports (reportedIn); a longer paste, a log, is not split into its lines for it.
    // A message about another vendor's SDK (`FirebaseAuthException [17009]`) that names none of ours.
    if (read.length <= TRADITIONAL_FOLD_LIMIT && this.otherVendorOnly(body) !== undefined)
      return { answers: [], considered: found.length, notes };
    const sightings = read.length <= TRADITIONAL_FOLD_LIMIT ? this.reportedIn(read, met) : met;
    if (sightings.length === 0) return { answers: [], considered: found.length, notes };
    // A message asking what a code means is about that code (`| 221018 | too frequent | … anyone know what 221019 is?`).
    const askedCodes = new Set(sightings.filter((s) => s.asked).map((s) => s.raw));
    const about = askedCodes.size > 0 ? sightings.filter((s) => askedCodes.has(s.raw)) : sightings;
    // An alert's all-clear (`[RESOLVED] HmsPushTokenInvalid (errcode="80300007" …)`) names the code of an
    // incident that is over: nothing to explain, nothing to score. (Its firing notice, `[FIRING:1] …`, is answered.)
    if (resolvedNotice(body)) return { answers: [], considered: sightings.length, notes };
    // Read only for scoring: a paste with nothing to score (most hostile ones) is not read for it.
    const context = this.contextReader.read(body, lower);
    const scored: Scored[] = [];
    // A log repeats its lines: a sighting equal to one already scored scores the same, so it is
    // scored once (its first occurrence stands for it, as ranking keeps the first of equal scores).
    // Equal by its key and its nearby text, looked up apart: one string of both, a few hundred
    // characters built and hashed anew for every sighting, was most of this loop's time on a log.
    const seen = new Map<string, Set<string | undefined>>();
    for (const sighting of about) {
      const key = sightingKey(sighting);
      const nearbySeen = seen.get(key);
      if (nearbySeen?.has(sighting.nearby)) continue;
      if (nearbySeen) nearbySeen.add(sighting.nearby);
      else seen.set(key, new Set([sighting.nearby]));
      const own = sighting.tableWord && !this.tableWords.has(sighting.tableWord) ? { ...sighting, tableWord: undefined } : sighting;
      const best = this.answers.rank(this.score(own, context))[0];
      if (best) scored.push(best);
    }
    const worthy = this.answers.rank(scored).filter((s) => s.entry.outcome !== 'success' && this.clearsThreshold(s, asked));
    // A business code in the body says more than the HTTP status it came with.
    const specific = worthy.filter(
      (s) =>
        s.entry.table.field !== 'http_status' ||
        !worthy.some((o) => o.entry.table.field !== 'http_status' && o.entry.catalog.id === s.entry.catalog.id),
    );
    return {
      answers: specific.slice(0, SCAN_ANSWERS).map((s) => this.answers.answer(s.entry, s.score, s.clues, s.sighting.raw)),
      considered: sightings.length,
      notes,
    };
  }

  /**
   * Of a message's sightings, those it reports. Not read: the quote of an earlier error the reply
   * says is fixed (fixed-quote.ts); lines talking about a code rather than reporting it, a commit, a
   * merged change, a closed ticket, release notes, this bot's own answer copied back (talk-about.ts);
   * a code the message says is behind it, beside the one it sees now, or one it says may happen
   * (`if it were 80300007`, `let's alert when …`), or one it says is over and nothing more (`error 100014
   * was fixed last week`: superseded.ts); documentation rows pasted above the
   * poster's own payload, and a table shared for reference (ownReport).
   */
  private reportedIn(message: string, found: Sighting[]): Sighting[] {
    const quoted = withoutFixedQuote(message, found);
    const reported = withoutTalkAbout(message, quoted, this.answerLines);
    // What the words say of a code, read with Slack's links as their labels (`<https://…|80300007 spike> resolved`).
    const said = linkLabels(message);
    const current = withoutPast(
      withoutPast(withoutHypothetical(withoutSuperseded(reported, supersededCodes(said)), hypotheticalCodes(said)), pastCodes(said)),
      neverMetCodes(said),
    );
    // A paste showing the error recover after it: an alert's all-clear, a retry that succeeded.
    const recovered = recoveredCodes(said, new Set(current.map((s) => s.raw.toLowerCase())));
    return ownReport(withoutPast(current, recovered), message);
  }

  /**
   * Free text. Words naming a scope (`game center`, `一键登录`, `revoke`) may not be in the error's
   * description at all, or may be (`group` in "The group is not a game group"): the text is searched
   * with and without them, each entry keeps its better match, and the scope favours its entries.
   * `wordsOnly`: the question names no code (then pairs of its words may be searched too); `namesCode`:
   * it names one the catalogs lack (then only a close match of its words answers it).
   */
  private searchText(asked: string, context: TextContext, limit: number, wordsOnly: boolean, namesCode: boolean): Answer[] {
    // `which code is this`, `报什么错`: the asking is no part of the error's description.
    const query = describingWords(asked);
    const scope = this.scopes.of(context);
    const stripped = scope.strip(query);
    const best = new Map<CatalogEntry, number>();
    // A question that names a code the catalogs lack is answered by its other words only: the
    // vendor or product it names (`华为推送报 80300099`) says where to look, not which error it is.
    const strippedSearchable = hasSearchableWords(stripped);
    let searches = [query];
    if (!wordsOnly && scope.words.length > 0) searches = strippedSearchable ? [stripped] : [];
    else if (strippedSearchable && stripped !== query.toLowerCase().trim()) searches = [query, stripped];
    // Placed by the question's scope words: in a table or section they name, or (less surely) a catalog.
    // A table another product's words place it in (`access token` names Account Kit's token table)
    // is not where a question naming a product (`hms push server: my access token …`) asks about,
    // unless the words are that table's own (an endpoint, `getTokenInfo`).
    const inScopeTable = (entry: CatalogEntry) =>
      (scope.tables.has(`${entry.catalog.id}:${entry.table.id}`) &&
        (scope.catalogs.size === 0 ||
          scope.catalogs.has(entry.catalog.id) ||
          entry.table.keywords.some((k) => !SHARED_TABLE_WORDS.has(k) && scope.tableWords.includes(k)))) ||
      scope.sections.has(tableKey(entry));
    const inScopeCatalog = (entry: CatalogEntry) => scope.catalogs.has(entry.catalog.id);
    for (const text of searches) {
      // Without its scope words the question still describes the entries those words place. One word
      // left describes nothing else: any other entry must match the scope words too (`invalid
      // access_token` is not 20042 "Invalid scope.").
      const placedOnly = text === stripped && searches.length > 1 && searchableWords(stripped) < 2;
      for (const hit of this.text.search(text, limit * 3)) {
        if (placedOnly && !inScopeTable(hit.entry) && !inScopeCatalog(hit.entry)) continue;
        best.set(hit.entry, Math.max(best.get(hit.entry) ?? 0, hit.similarity));
      }
    }
    if (best.size === 0) {
      // A sentence that tells a story around the error ("push refused my message because the
      // content is sensitive, which error is that"): the whole of it matches nothing, one of its
      // clauses may. Each clause's hits count a little less than a whole query's.
      for (const clause of clausesOf(stripped)) {
        for (const hit of this.text.search(clause, limit * 3)) {
          best.set(hit.entry, Math.max(best.get(hit.entry) ?? 0, hit.similarity * CLAUSE_DISCOUNT));
        }
      }
    }
    // Only for a question without a code: one that names a code the catalogs lack (`qq login
    // callback ret -27`) is answered "no such code", not with whatever two of its words find.
    if (best.size === 0 && wordsOnly) {
      // The error's words inside a question that is mostly the asker's own ("oidb says the
      // player's uin got frozen, which ret is that", or English words among Chinese ones): no
      // clause matches as a whole, two neighbouring words of it may. Each pair must be found
      // whole; an entry several pairs find ("current system" and "system time") ranks higher.
      const pairs = new Map<CatalogEntry, { similarity: number; pairs: number }>();
      // From the question as asked: a scope word (`token` on the token endpoint) can be one of the pair.
      for (const pair of wordPairsOf(query)) {
        for (const hit of this.text.search(pair, limit * 3)) {
          const seen = pairs.get(hit.entry) ?? { similarity: 0, pairs: 0 };
          pairs.set(hit.entry, { similarity: Math.max(seen.similarity, hit.similarity), pairs: seen.pairs + 1 });
        }
      }
      for (const [entry, found] of pairs) {
        best.set(entry, (found.similarity + PAIR_BONUS * (found.pairs - 1)) * PAIR_DISCOUNT);
      }
    }
    // A code the catalogs lack, with words that only half match ("(418) I'm a teapot" against
    // "request packet field error"): the honest answer is "no such code", not a guess.
    const floor = namesCode ? UNKNOWN_CODE_MIN_SIMILARITY : 0;
    return (
      [...best]
        .map(([entry, similarity]) => ({ hit: { entry, similarity }, similarity }))
        .map(({ hit }) => {
          // A question that is an entry's description (`access token is expired`, QQ's 100014), its
          // table keywords included (`access token` also names the 0x711 table), is placed there by its
          // own words as surely as by its table.
          const inTable =
            inScopeTable(hit.entry) || (hit.similarity >= SCOPE_BY_DESCRIPTION && describesScope(hit.entry, scope.tableWords));
          const inCatalog = inScopeCatalog(hit.entry);
          // A question told in words describes a failure: a success status ("HTTP 200 only means the
          // call itself succeeded") ranks below a failure that matches as well.
          const outcome = hit.entry.outcome === 'success' ? SUCCESS_IN_TEXT : 1;
          // Uncapped while ranking: a boost must still separate two matches that are both perfect.
          // A question naming a product (`QQ …`, `hms push: …`, `华为推送 …`) asks about that product's
          // errors: another product's entry must match its words clearly better to come first.
          const elsewhere = !inTable && !inCatalog && scope.catalogs.size > 0;
          return {
            hit,
            similarity: hit.similarity * outcome + (inTable ? 0.15 : inCatalog ? 0.05 : elsewhere ? -OTHER_PRODUCT_PENALTY : 0),
          };
        })
        .filter(({ similarity }) => similarity >= floor)
        .sort((a, b) => b.similarity - a.similarity)
        .map((ranked) => {
          // A variant told apart by its message (6004 "login fail") answers words that quote that
          // message; vaguer words (`login failed`, `登录失败`) are the code's catch-all entry's, whose
          // note says how its variants differ (and which lists them as other meanings).
          const general = this.generalOf(ranked.hit.entry, query);
          return general ? { hit: { entry: general, similarity: ranked.hit.similarity }, similarity: ranked.similarity } : ranked;
        })
        // One answer per meaning: 70009019 on two real-name endpoints is one answer that applies to both.
        .filter(firstOfEach(({ hit }) => this.answers.meaningOf(hit.entry)))
        .slice(0, limit)
        .map(({ hit, similarity: ranked }) => {
          const similarity = Math.min(1, ranked);
          const why: Clue[] = [{ kind: 'text', detail: 'description and keywords' }];
          if (scope.words.length > 0) why.push({ kind: 'keyword', detail: scope.words.join(', ') });
          return this.answers.answer(hit.entry, similarity * CERTAIN_SCORE, why);
        })
    );
  }

  /**
   * The catch-all entry of a variant's code (same table, same code, no variant), when `question`
   * holds none of the variant's messages and none of the keywords it alone has (`gamelogin`) whole;
   * undefined otherwise, or when the code has none.
   */
  private generalOf(entry: CatalogEntry, question: string): CatalogEntry | undefined {
    if (entry.variant === undefined) return undefined;
    const value = codeValue(entry.code)?.value;
    if (value === undefined) return undefined;
    let general: CatalogEntry | undefined;
    for (const { entry: other } of this.codes.find(value)) {
      if (other.variant === undefined && other.code === entry.code && other.table === entry.table && other.main === entry.main)
        general = other;
    }
    if (!general) return undefined;
    const lower = question.toLowerCase();
    const held = (word: string) => holdsWhole(lower, word.toLowerCase());
    if (entry.signals.some(held)) return undefined;
    const shared = new Set(general.keywords.map((k) => k.toLowerCase()));
    if (entry.keywords.some((k) => !shared.has(k.toLowerCase()) && held(k))) return undefined;
    return general;
  }

  /** The answer for one entry by id or short key (a button's "show this meaning"); undefined if unknown. */
  explain(entryId: string): Answer | undefined {
    const entry = this.byId.get(entryId);
    return entry ? this.answers.answer(entry, CERTAIN_SCORE, [{ kind: 'code', detail: entry.code }]) : undefined;
  }

  /** The other meanings of an entry's code (other tables, other catalogs), most likely first. */
  otherMeanings(entryIdOrKey: string, limit = 24, seenAs?: string): EntryRef[] {
    const entry = this.byId.get(entryIdOrKey);
    if (!entry) return [];
    const query = codeQueryOf(entry, seenAs);
    const own = meaningKey(entry);
    // The entries a lookup of the code answers with, in its order, without building those answers
    // (a card lists only their refs); a code that reaches nothing is left to the lookup itself.
    const ranked = this.rankedFor(query);
    const meanings =
      ranked.length > 0
        ? ranked.slice(0, limit + 1).map((s) => s.entry)
        : this.lookup(query, { limit: limit + 1 }).answers.map((a) => this.byId.get(a.entryId));
    return meanings
      .filter((e): e is CatalogEntry => !!e && meaningKey(e) !== own)
      .slice(0, limit)
      .map(refOf);
  }

  /**
   * Words that narrow a code whose meanings tie: when the entry's code alone (`6`, `11205`) reaches
   * two or more equally likely meanings and this entry is one of them, one scope word of the
   * catalogs per tied meaning (a table, section or catalog keyword: `qq`, `revoke`) that, written
   * beside the code, makes that meaning the one clear answer. Each word is checked by ranking the
   * code with it, never assumed from the data; a meaning no word singles out is left out. Empty when
   * the code alone is not ambiguous. Remembered per entry: the catalogs do not change under an engine.
   */
  narrowingWords(entryIdOrKey: string): readonly NarrowingWord[] {
    const entry = this.byId.get(entryIdOrKey);
    if (!entry) return [];
    const known = this.narrowing.get(entry);
    if (known) return known;
    const words = this.computeNarrowingWords(entry);
    this.narrowing.set(entry, words);
    return words;
  }

  private readonly narrowing = new WeakMap<CatalogEntry, readonly NarrowingWord[]>();

  private computeNarrowingWords(entry: CatalogEntry): readonly NarrowingWord[] {
    const code = codeQueryOf(entry);
    const ranked = this.rankedFor(code);
    const top = ranked[0]?.score;
    const tied = ranked.filter((s) => s.score === top);
    const own = this.answers.meaningOf(entry);
    if (tied.length < 2 || !tied.some((s) => this.answers.meaningOf(s.entry) === own)) return [];
    const out: NarrowingWord[] = [];
    for (const { entry: meaning } of tied) {
      const word = this.wordSingling(meaning, code, new Set(out.map((w) => w.word)));
      if (word) out.push({ entryKey: shortKey(meaning.id), word });
    }
    return out;
  }

  /**
   * A scope word of `meaning` that, written before `code`, ranks that meaning alone at the top; `taken`
   * words are not reused. The catalog's words first (a product's name, `qq`, tells vendors apart as
   * people say it), then its table's and section's; of each, Latin script first (typed on any
   * keyboard), then the shortest.
   */
  private wordSingling(meaning: CatalogEntry, code: string, taken: ReadonlySet<string>): string | undefined {
    const byEase = (a: string, b: string) => Number(isCjk(a)) - Number(isCjk(b)) || a.length - b.length || a.localeCompare(b);
    const candidates = [...new Set([...[...meaning.catalog.keywords].sort(byEase), ...[...meaning.table.keywords].sort(byEase)])].filter(
      (w) => !taken.has(w),
    );
    const own = this.answers.meaningOf(meaning);
    for (const word of candidates) {
      const [first, second] = this.rankedFor(`${word} ${code}`);
      if (first && this.answers.meaningOf(first.entry) === own && (!second || second.score < first.score)) return word;
    }
    return undefined;
  }

  /** The meanings a question's codes reach, ranked as a lookup ranks them, without building answers. */
  private rankedFor(query: string): Scored[] {
    return this.rankCodes(this.readQuestion(query));
  }

  /** Autocomplete: codes starting with what was typed, then text matches. */
  suggest(typed: string, limit = 25): Suggestion[] {
    const prefix = typed.trim().toLowerCase().slice(0, 100);
    const out: Suggestion[] = [];
    const seen = new Set<string>();
    const push = (entry: CatalogEntry) => {
      const query = entry.main ? `${entry.main} ${entry.code}` : entry.code;
      const key = `${query}|${titleOf(entry).en}`;
      if (seen.has(key) || out.length >= limit) return;
      seen.add(key);
      out.push({ query, label: titleOf(entry), entryId: entry.id, entryKey: shortKey(entry.id) });
    };
    if (prefix.length === 0) return out;
    for (const entry of this.entries) {
      if (out.length >= limit) break;
      const spellings = [entry.span.spelling, ...entry.aliases.map((a) => a.spelling)];
      if (spellings.some((s) => s.startsWith(prefix)) || (entry.main && `${entry.main} ${entry.code}`.startsWith(prefix))) push(entry);
    }
    if (out.length < limit && /[a-z\u3400-\u9fff]/iu.test(prefix)) {
      for (const hit of this.text.search(prefix, limit)) push(hit.entry);
    }
    return out;
  }

  /** The entries the sighting's code reaches with a minus put before it (rankCodes says when). */
  private scoreNegated(sighting: Sighting, context: TextContext): Scored[] {
    // Four digits and more: a short number without its minus is as likely a code of its own.
    if (!/^\d{4,}$/.test(sighting.raw)) return [];
    const raw = `-${sighting.raw}`;
    return this.score(
      { ...sighting, raw, value: -sighting.value, clues: [...sighting.clues, { kind: 'sign', detail: raw }] },
      context,
      true,
    );
  }

  /** Every entry the sighting's code reaches, scored, added to `out`; `asked`: a lookup, where a main code alone counts. */
  private score(sighting: Sighting, context: TextContext, asked = false, out: Scored[] = []): Scored[] {
    if (!Number.isFinite(sighting.value)) return out;
    const spelling = normaliseSpelling(sighting.raw);
    for (const posting of this.codes.find(sighting.value)) {
      const scored = scorePosting(posting, sighting, context, spelling);
      if (scored) out.push(scored);
    }
    if (asked && sighting.main === undefined) {
      for (const entry of this.codes.underMain(sighting.value)) {
        const scored = scoreByMain(entry, sighting, context);
        if (scored) out.push(scored);
      }
    }
    return out;
  }

  private clearsThreshold(s: Scored, asked = false): boolean {
    // A short number is everywhere, unless a header named exactly as its table's field carries it:
    // `NSP_STATUS: 6` is Huawei's own error header, nothing else is called that; or someone asked.
    const short = !asked && Math.abs(s.sighting.value) < 100 && !namedHeader(s);
    const needed = this.options.minConfidence + (short ? this.options.shortCodeMargin : 0);
    return s.score / CERTAIN_SCORE >= needed;
  }

  /** The question's first code, when no catalog has it, as a code or a main code (the one a question leads with). */
  private unknownAmong(sightings: readonly Sighting[]): Sighting | undefined {
    const first = sightings[0];
    if (!first || !Number.isFinite(first.value)) return undefined;
    return this.codes.find(first.value).length === 0 && this.codes.underMain(first.value).length === 0 ? first : undefined;
  }

  /** "Did you mean": the codes closest in value to what was asked, same sign and digit count first. */
  private nearest(sightings: readonly Sighting[]): EntryRef[] {
    const asked = sightings[0];
    if (!asked) return [];
    const digits = String(Math.abs(asked.value)).length;
    // A digit dropped, doubled, mistyped or two swapped (`10014` for 100014) first, then the
    // codes of as many digits nearest in value.
    const typos = digitTypos(asked.value)
      .filter((v) => this.codes.hasValue(v))
      .sort((a, b) => Math.abs(a - asked.value) - Math.abs(b - asked.value) || a - b);
    // Near in value only where the leading digits agree (100099 and 100016, not 424242 and 251005):
    // a family of codes shares its opening, and a code far off in value is no hint at all.
    const reach = 10 ** Math.max(1, digits - 2);
    const close = this.codes
      .values()
      .filter(
        (v) =>
          Math.sign(v) === Math.sign(asked.value) &&
          String(Math.abs(v)).length === digits &&
          Math.abs(v - asked.value) <= reach &&
          !typos.includes(v),
      )
      .sort((a, b) => Math.abs(a - asked.value) - Math.abs(b - asked.value));
    const candidates = [...typos, ...close].slice(0, 5);
    const refs: EntryRef[] = [];
    for (const value of candidates) {
      const posting = this.codes.find(value)[0];
      if (posting) refs.push(refOf(posting.entry));
    }
    return refs;
  }
}

/** A question as a lookup reads it (Engine.readQuestion). */
interface Question {
  readonly trimmed: string;
  /** The question as typed, marks and all (trimmed may be normalised): what it strikes through is read from it. */
  readonly written?: string;
  readonly context: TextContext;
  readonly parsed: ParsedQuery;
  /** What the words beside its code give a tie, where they were read ahead (WordsAhead). */
  readonly ahead: WordsReading | undefined;
}

/** The key of a `key=code` question (isPlainQuestion). */
const keyOf = (question: string) => question.slice(0, question.indexOf('='));

/** The code of an entry as someone would ask for it alone: main code first, a range by one of its codes. */
function codeQueryOf(entry: CatalogEntry, seenAs?: string): string {
  return `${entry.main ? `${entry.main} ` : ''}${entry.span.isRange ? rangeCodeAsked(entry.span, seenAs) : entry.code}`;
}

/** A range by the value it was seen as (`ret: 17` in 0x10~0x11 is 0x11, whose other meanings are 0x11's), else by its first end. */
function rangeCodeAsked(span: CodeSpan, seenAs: string | undefined): string {
  const seen = seenAs === undefined ? undefined : codeValue(seenAs)?.value;
  if (seen === undefined || seen < span.low || seen > span.high) return span.spelling.split('~')[0] as string;
  return span.hex ? hexSpelling(seen) : String(seen);
}

/** Fields no other system names so: a value under one named exactly is that table's code. */
const OWN_HEADER_FIELDS: ReadonlySet<string> = new Set(['NSP_STATUS']);

function namedHeader(s: Scored): boolean {
  const { sighting, entry } = s;
  return (
    sighting.field !== undefined &&
    OWN_HEADER_FIELDS.has(sighting.field) &&
    sighting.field === entry.table.field &&
    !sighting.fieldByAlias &&
    !sighting.fieldUnmarked
  );
}

const asks = (s: Scored, asked: string | undefined) => (s.sighting.raw === asked ? 1 : 0);

/** A success entry's text-search similarity, as a share: it is rarely what a described error is. */
const SUCCESS_IN_TEXT = 0.8;

/** A clause's text-search hit, against the whole query's: found in part of what was asked. */
const CLAUSE_DISCOUNT = 0.9;
/** How closely a question must match an entry's description for table keywords in it to place it there too. */
const SCOPE_BY_DESCRIPTION = 0.9;
/** How closely a question's words must match an entry for them to answer it over the one measure it has. */
const DESCRIBED_OVER_MEASURE = 0.8;

/** How well (with its scope's boost) the words of a question naming a code the catalogs lack must match an entry to answer it instead. */
const UNKNOWN_CODE_MIN_SIMILARITY = 0.55;
/** Where a sentence splits into clauses: punctuation, and the conjunctions that start a new one. */
const CLAUSE_BREAK =
  /[,，;；。!！?？:：()（）]|\s(?:because|which|when|while|but|since|after|so|though|although|whenever)\s|因为|所以|但是|然后|结果|而且/giu;

/** Words that ask about an error without saying which: a clause of these alone is the question. */
const ASKING_WORDS: ReadonlySet<string> = new Set([
  'error',
  'errors',
  'code',
  'codes',
  'mean',
  'means',
  'meaning',
  'idea',
  'issue',
  'problem',
  'thing',
]);

/** A pair of neighbouring words' hit, against a clause's: found in a small part of what was asked. */
const PAIR_DISCOUNT = 0.8;
/** Each further pair of the question that finds the same entry. */
const PAIR_BONUS = 0.05;
/** Pairs searched at most: a question is at most a few dozen words. */
const MAX_PAIRS = 16;

/** Neighbouring pairs of the words that could name an error (latin; the CJK between them is skipped). */
function wordPairsOf(query: string): string[] {
  const words = tokenize(query).filter((t) => !isCjk(t) && couldNameError(t));
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < words.length && pairs.size < MAX_PAIRS; i += 1) {
    if (words[i] !== words[i + 1]) pairs.add(`${words[i]} ${words[i + 1]}`);
  }
  return [...pairs];
}

function clausesOf(query: string): string[] {
  const clauses = query
    .split(CLAUSE_BREAK)
    .map((c) => c.trim())
    .filter(saysEnough);
  return clauses.length > 0 && clauses.length < 9 ? clauses : [];
}

/** Two words that could name an error, or a CJK phrase of three characters once the filler is out. */
function saysEnough(clause: string): boolean {
  let latin = 0;
  for (const token of tokenize(clause)) {
    if (isCjk(token)) {
      if (cjkWords(token).join('').length >= 3) return true;
    } else if (couldNameError(token)) latin += 1;
  }
  return latin >= 2;
}

/** A latin token that could name an error: no stopword, no word that only asks, no bare number. */
function couldNameError(token: string): boolean {
  return token.length >= 2 && !STOPWORDS.has(token) && !ASKING_WORDS.has(token) && !/^\d+$/.test(token);
}

/**
 * Everything scoring reads of a sighting but its nearby text (compared apart, as it is: the longest
 * part by far), as one string: equal keys and equal nearby texts score equally.
 */
function sightingKey(s: Sighting): string {
  // A Record over every field: a field added to Sighting and forgotten here is a type error.
  const parts: Record<Exclude<keyof Sighting, 'nearby'>, string | number> = {
    raw: s.raw,
    value: s.value,
    hex: s.hex ? 1 : 0,
    field: s.field ?? '',
    fieldByAlias: s.fieldByAlias ? 1 : 0,
    fieldUnmarked: s.fieldUnmarked ? 1 : 0,
    main: s.main ?? '',
    tableWord: s.tableWord ?? '',
    afterErrorWord: s.afterErrorWord ? 1 : 0,
    bare: s.bare ? 1 : 0,
    phrase: s.phrase ?? '',
    phraseInWord: s.phraseInWord ? 1 : 0,
    asked: s.asked ? 1 : 0,
    clues: s.clues.map((c) => `${c.kind}\u0001${c.detail}`).join('\u0002'),
    requestTables: s.requestTables === undefined ? '\u0003' : [...s.requestTables].sort().join(' '),
  };
  return Object.values(parts).join('\u0000');
}

/** A message sharing what it pastes for later, not reporting it (not `fyi`: `fyi, prod logs 6004 get player info fail` reports). */
const FOR_REFERENCE =
  /\b(?:for (?:future )?reference|for the record|bookmark(?:ing|ed)?(?: this)?|pinn(?:ing|ed)(?: this)?|added (?:it |this )?to (?:confluence|the wiki|notion|our docs))\b|收藏|备忘|记一下|存一下|mark一下|留个档/i;

/**
 * A sighting a field, header, OIDB message or pair names, or the poster's own words (`our server got
 * -108 back`, `what is …`): the shape a report has, not a doc row's code beside its description.
 */
const namedByPayload = (s: Sighting) =>
  s.field !== undefined ||
  s.tableWord !== undefined ||
  s.main !== undefined ||
  (s.phrase === undefined && s.clues.some((c) => c.kind === 'message'));

/**
 * The sightings of the poster's own report: all of them, but where documentation rows (codes beside
 * their own descriptions, two or more) sit beside a payload, the payload's; and where the message
 * says it shares the table for reference, only payloads.
 */
function ownReport(sightings: Sighting[], text: string): Sighting[] {
  // A wiki's table of codes (`| 17 | pay token expired | refresh |`) under a `ret` column names its
  // codes' field as a payload would, but its rows are documentation all the same (a payload's own
  // reading of the same number, `decode0x73a failed, ret: 19`, names its table too).
  const tableRows = text.includes('|') ? new Set(sightings.filter((s) => opensDocTableRow(text, s.raw)).map((s) => s.raw)) : NO_ROWS;
  const inDocTable = (s: Sighting) => tableRows.has(s.raw) && s.tableWord === undefined && s.main === undefined;
  const isPayload = (s: Sighting) => namedByPayload(s) && !inDocTable(s);
  const payload = sightings.filter(isPayload);
  if (FOR_REFERENCE.test(text)) return payload.length > 0 || tableRows.size === 0 ? payload : sightings.filter(namedByPayload);
  // A doc row opens its line with its code (`-72 Appkey and …`, `1101 | 20155 | …`, `0x13 19 …`).
  const rows = new Set(sightings.filter((s) => s.phrase !== undefined && !namedByPayload(s) && opensLine(text, s.raw)).map((s) => s.raw));
  for (const s of sightings) if (inDocTable(s)) rows.add(s.raw);
  if (payload.length === 0 || rows.size < 2) return sightings;
  return sightings.filter((s) => isPayload(s) || !rows.has(s.raw) || payload.some((p) => p.raw === s.raw));
}

/** Whether `code` stands in a line of `text` that opens with a number, as a doc table's rows do (`0x13 19 19 appid …`). */
function opensLine(text: string, code: string): boolean {
  for (let at = text.indexOf(code); at >= 0; at = text.indexOf(code, at + 1)) {
    const after = text.charCodeAt(at + code.length);
    const before = text.charCodeAt(at - 1);
    if ((after >= 48 && after <= 57) || (before >= 48 && before <= 57)) continue;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    if (ROW_OPENING.test(text.slice(lineStart, at + code.length))) return true;
  }
  return false;
}
const ROW_OPENING = /^[ \t|*•]*-?(?:0x[0-9a-f]+|\d+)\b/i;
const NO_ROWS: ReadonlySet<string> = new Set();
/** A pipe table's row opening with a code and describing it in words in the next cell. */
const DOC_TABLE_ROW =
  /^[ \t]*\|[ \t]*`?-?(?:0x[0-9a-f]+|\d+)`?[ \t]*\|[ \t]*[^|\n]*(?:[A-Za-z]{2,}[ \t]+[A-Za-z]{2,}|[\u3400-\u9fff]{2,})/i;

/** Whether `code` opens a row of a pipe table that describes it (DOC_TABLE_ROW). */
function opensDocTableRow(text: string, code: string): boolean {
  for (let at = text.indexOf(code); at >= 0; at = text.indexOf(code, at + 1)) {
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
    if (DOC_TABLE_ROW.test(line) && /^[ \t]*\|[ \t]*`?$/.test(text.slice(lineStart, at).replace(/-$/, ''))) return true;
  }
  return false;
}

/** Longest one-line text read as a typed question rather than a paste. */
const TYPED_QUESTION = 160;

/** A filter keeping the first item of each key. */
function firstOfEach<T>(keyOf: (item: T) => unknown): (item: T) => boolean {
  const seen = new Set<unknown>();
  return (item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

/** `\d` or a full-width digit (which normalising turns into one); the second test is free on text with no character past U+00FF. */
function mayHoldDigit(text: string): boolean {
  return /\d/.test(text) || /[\uff10-\uff19]/.test(text) || mayHoldOtherDigits(text);
}

/** Whether the text names a product, a table or an endpoint (a keyword, a URL, a section's word). */
/**
 * Whether the described answer's own text has the question's measure with its unit (`up to 5 pieces
 * a day`, `valid for only 5 minutes`, `每天最多5条`): the question quotes that row, and its number is
 * the row's count, not a code of its own. Its words need not match the row as closely then.
 */
function quotesMeasure(answer: Answer, question: string, sightings: readonly Sighting[]): boolean {
  if (answer.confidence < MEASURE_QUOTED_FLOOR) return false;
  const lower = question.toLowerCase();
  const texts = [answer.description.en, answer.description.zh].filter((t): t is string => !!t).map((t) => t.toLowerCase());
  for (const { raw } of sightings) {
    for (let at = lower.indexOf(raw); at !== -1; at = lower.indexOf(raw, at + 1)) {
      const unit = MEASURE_UNIT.exec(lower.slice(at + raw.length, at + raw.length + 24))?.[0];
      if (!unit || /[\d.]/.test(lower[at - 1] ?? '')) continue;
      const measure = `${raw}${unit}`;
      if (texts.some((t) => holdsWhole(t, measure))) return true;
    }
  }
  return false;
}

/** A number's unit as written after it: a space and a word, or a CJK character (`5 pieces`, `5条`, `5 分钟`). */
const MEASURE_UNIT = /^(?: ?[a-z]+| ?[\u3400-\u9fff])/u;
/** The least a described answer quoting the question's measure must match the question's words. */
const MEASURE_QUOTED_FLOOR = 0.4;

function namesPlace(context: TextContext): boolean {
  return context.keywords.size > 0 || context.urlTables.size > 0 || context.sectionTables.size > 0;
}

/** Whether a clue other than the code itself (a named product, endpoint, field or message) backs an answer. */
function supportedByWords(scored: Scored): boolean {
  return scored.clues.some(
    (c) => c.kind === 'keyword' || c.kind === 'url' || c.kind === 'oidb' || c.kind === 'message' || c.kind === 'field',
  );
}

/**
 * Whether the entry is where every table keyword of the question places it, by its table's keywords
 * or by its own description holding the keyword whole: `0x711 access token …` places QQ's 100014
 * ("access token is expired") by only one of its two.
 */
function describesScope(entry: CatalogEntry, tableWords: readonly string[]): boolean {
  if (tableWords.length === 0) return false;
  const texts = [entry.description.en.toLowerCase(), entry.description.zh?.toLowerCase() ?? ''];
  return tableWords.every((word) => entry.table.keywords.includes(word) || texts.some((text) => holdsWhole(text, word)));
}
