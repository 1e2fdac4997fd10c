/**
 * Ranking: how well one catalog entry explains one sighting of a code, given everything else the
 * text says. Lookup and scan share it, so a query and a paste with the same clues rank the same.
 * All weights live in WEIGHTS; tests assert ranking order, not these numbers.
 */
import { type CodeSpan, codeValue, normaliseSpelling } from '../catalog/codes.js';
import type { CatalogEntry } from '../catalog/model.js';
import type { FieldName } from '../catalog/schema.js';
import { isAsciiLetter } from '../char-codes.js';
import { pick } from '../text.js';
import type { Clue } from './answer.js';
import type { Posting } from './code-index.js';
import { type TextContext, tableKey } from './context.js';
import { distinctiveWords } from './distinctive.js';
import { perEntry } from './per-entry.js';
import { tableNamed } from './table-words.js';

/** A code seen in a query or a paste, with what was seen around it. */
export interface Sighting {
  /** As written: `0x9b`, `-4008`, `"80300007"` without quotes. */
  readonly raw: string;
  readonly value: number;
  readonly hex: boolean;
  /** The field it arrived in, when the text says (a JSON key, a header name, a query word). */
  readonly field?: FieldName;
  /** The field was named by a stand-in (`flag`, `result`, `oidb_ret`), not by its own name. */
  readonly fieldByAlias?: boolean;
  /** The field was named in a sentence with no separator (`sub_error 20155`): weaker than `sub_error=`. */
  readonly fieldUnmarked?: boolean;
  /** The companion main code (`error` beside `sub_error`). */
  readonly main?: number;
  /** A word in the text that names one table (the OIDB command 0x73a / 0x711): a table keyword. */
  readonly tableWord?: string;
  /** Text next to the code (the payload's message), lower case. */
  readonly nearby?: string;
  /** A long code right after an error word (`eror 100016`, `failed 80200001`): a paste on its own. */
  readonly afterErrorWord?: boolean;
  /** A number standing alone, no field naming it: it counts only where the text names its scope. */
  readonly bare?: boolean;
  /** An entry's own description, found beside the code (lower case, no final full stop). */
  readonly phrase?: string;
  /** The phrase was found inside longer words (`login failed` for "login fail"): it vouches for the code, not for one meaning. */
  readonly phraseInWord?: boolean;
  /** Someone asked what the code means (`anyone know what 221019 is?`): the code a reply is about. */
  readonly asked?: boolean;
  /**
   * For an HTTP status, the endpoint tables (`catalog:section`) its own request names (its line's URL,
   * or the nearest above: requestTablesAt); empty for a request to no catalog's endpoint, unset when
   * no request is written near it (the whole text's URLs place it then).
   */
  readonly requestTables?: ReadonlySet<string>;
  /** What the detector saw, carried into `why`. */
  readonly clues: readonly Clue[];
}

export const WEIGHTS = Object.freeze({
  code: 100,
  alias: 92,
  range: 85,
  /** A decimal number reaching a code of a hex table by value. */
  value: 70,
  misprint: 45,
  /** A main code asked for alone, reaching the sub-codes under it. */
  mainOnly: 80,
  fieldSame: 30,
  /** The field named by a stand-in: `flag=-1` says less than `ret=-21`. */
  fieldAlias: 15,
  /** The field named in a sentence, no separator: `NSP_STATUS 6` says less than `NSP_STATUS: 6`. */
  fieldUnmarked: 20,
  fieldAliasUnmarked: 10,
  /** ret and code are used loosely for the same thing. */
  fieldLoose: -5,
  fieldOther: -50,
  mainSame: 60,
  /** The main code written beside a sub-code, not named as a field: a little less sure than `error: 1203`. */
  mainBeside: 40,
  mainOther: -120,
  mainMissingInEntry: -30,
  mainMissingInSighting: -10,
  tablePicked: 60,
  tableOther: -60,
  url: 50,
  urlOtherSection: -15,
  tableKeyword: 35,
  catalogKeyword: 15,
  entryKeyword: 10,
  signal: 50,
  signalMissing: -25,
  /** A word rare in the catalogs and in the entry's own text, written beside the code ("openkey"). */
  sharedWord: 15,
  /** A long code right after an error word, typos included. */
  errorWord: 20,
  /** A bare number whose platform, table or endpoint the text does not name. */
  bareWithoutScope: -60,
  /** The entry's own description written beside the code. */
  descriptionBeside: 45,
  /** HTTP status rows are generic; without the endpoint named they are rarely what is meant. */
  httpWithoutEndpoint: -40,
  success: -30,
});

/** Fields used loosely for one another. QQ's OAuth API (graph.qq.com) reports ret codes as `error`. */
const LOOSE_FIELDS: ReadonlySet<FieldName> = new Set(['ret', 'code', 'errCode', 'resultCode', 'error']);

/** Fields named by the keys any wrapper uses for a return code (`ret`, `code`, `返回码`). */
const GENERIC_KEYS: ReadonlySet<FieldName> = new Set(['ret', 'code']);

export interface Scored {
  readonly entry: CatalogEntry;
  readonly score: number;
  readonly clues: Clue[];
  readonly sighting: Sighting;
}

/** Scores an entry found in the code index for a sighting; undefined when it cannot be meant. */
export function scorePosting(
  posting: Posting,
  sighting: Sighting,
  context: TextContext,
  // The same for every posting of a sighting: a caller scoring many passes it in once.
  spelling = normaliseSpelling(sighting.raw),
): Scored | undefined {
  const { entry, span } = posting;
  // A status answers its own request: the row of another endpoint the text names is not what it means.
  if (sighting.requestTables !== undefined && entry.table.field === 'http_status' && !sighting.requestTables.has(sectionKeyOf(entry)))
    return undefined;
  let score = 0;
  let clue: Clue;
  if (span.isRange) {
    if (sighting.hex !== span.hex && !(span.hex && !sighting.hex && entry.table.notation === 'hex')) return undefined;
    score += posting.kind === 'misprint' ? WEIGHTS.misprint : WEIGHTS.range;
    clue = { kind: 'range', detail: `${sighting.raw} is in ${entry.code}` };
  } else if (spelling === span.spelling || sameNumberSpelling(spelling, span)) {
    const weight = posting.kind === 'code' ? WEIGHTS.code : posting.kind === 'alias' ? WEIGHTS.alias : WEIGHTS.misprint;
    score += weight;
    clue = { kind: posting.kind, detail: posting.kind === 'code' ? entry.code : `${sighting.raw} (${entry.code})` };
  } else if (!sighting.hex && span.hex && entry.table.notation === 'hex') {
    score += WEIGHTS.value;
    clue = { kind: 'value', detail: `${sighting.raw} = ${entry.code}` };
  } else {
    // A hex number does not reach a decimal code (0x5 is not QQ's 5), and a spelling the source does
    // not give is not a match.
    return undefined;
  }
  // Only a reached entry gets its list: the sighting's clues, then this one (a loop, not a spread).
  const clues: Clue[] = [];
  for (let i = 0; i < sighting.clues.length; i += 1) clues.push(sighting.clues[i] as Clue);
  clues.push(clue);

  score += fieldScore(entry, sighting, clues);
  score += mainScore(entry, sighting, clues);
  return finish(entry, sighting, context, score, clues);
}

/**
 * A lookup of a main code alone (`1103`): the two-level entries under it, ranked below any entry
 * whose own code it is.
 */
export function scoreByMain(entry: CatalogEntry, sighting: Sighting, context: TextContext): Scored | undefined {
  if (entry.main === undefined || Number(entry.main) !== sighting.value) return undefined;
  if (sighting.field !== undefined && sighting.field !== entry.table.mainField) return undefined;
  const clues: Clue[] = [...sighting.clues, { kind: 'main-code', detail: `${entry.table.mainField ?? 'main'} ${entry.main}` }];
  return finish(entry, sighting, context, WEIGHTS.mainOnly, clues);
}

/** What the rest of the text says about an entry the code reached. */
function finish(entry: CatalogEntry, sighting: Sighting, context: TextContext, codeScore: number, clues: Clue[]): Scored {
  let score = codeScore;

  if (sighting.tableWord !== undefined) {
    score += entry.table.keywords.includes(sighting.tableWord) ? WEIGHTS.tablePicked : WEIGHTS.tableOther;
  } else {
    // The command named anywhere in the text (`0x711 ret=17`, `cmd 0x73a`), not in the decode form.
    // No keyword in the text names no table: the common case, with no look-up.
    const named = context.keywords.size > 0 ? tableNamed(entry, context.keywords) : undefined;
    if (named?.named === 'picked') {
      score += WEIGHTS.tablePicked;
      clues.push({ kind: 'oidb', detail: named.word });
    } else if (named?.named === 'other') {
      score += WEIGHTS.tableOther;
    }
  }

  const key = sectionKeyOf(entry);
  const urlNamed = (context.urlTables.size > 0 && context.urlTables.has(key)) || sighting.requestTables?.has(key) === true;
  if (urlNamed) {
    score += WEIGHTS.url;
    clues.push({ kind: 'url', detail: entry.table.url ?? entry.table.sectionHeading });
  } else if (context.urlTables.size > 0 && namesCatalog(context.urlTables, entry.catalog.id)) {
    score += WEIGHTS.urlOtherSection;
  }

  // A code alone names no keyword: no list to build per entry reached.
  const anyKeyword = context.keywords.size > 0;
  const catalogWords = anyKeyword ? catalogWordsIn(entry.catalog.keywords, context.keywords) : NO_WORDS;
  const tableWords = anyKeyword ? tableWordsIn(entry, context.keywords, catalogWords) : NO_WORDS;
  const sectionNamed = context.sectionTables.size > 0 && context.sectionTables.has(key);
  if (tableWords.length > 0 || sectionNamed) {
    score += WEIGHTS.tableKeyword + Math.min(Math.max(tableWords.length - 1, 0), 2) * 5;
    clues.push({
      kind: 'keyword',
      detail: tableWords.length > 0 ? firstThree(tableWords) : pick(entry.table.sectionName, 'zh'),
    });
  }
  // The keyword matcher hides the words a longer keyword covers (`qq login` hides `qq`); a table
  // keyword holding its catalog's word names that catalog as surely as the word alone would.
  if (catalogWords.length > 0 || (tableWords.length > 0 && holdsWordOf(tableWords, entry.catalog.keywords))) {
    score += WEIGHTS.catalogKeyword;
    if (tableWords.length === 0) clues.push({ kind: 'keyword', detail: firstThree(catalogWords) });
  }
  if (anyKeyword && anyIn(entry.keywords, context.keywords)) score += WEIGHTS.entryKeyword;

  if (entry.signals.length > 0) {
    const signal = signalIn(entry.signals, sighting.nearby ?? context.lower);
    if (signal) {
      score += WEIGHTS.signal;
      clues.push({ kind: 'message', detail: signal });
    } else if (entry.variant !== undefined) {
      score += WEIGHTS.signalMissing;
    }
  }

  if (sighting.afterErrorWord) score += WEIGHTS.errorWord;
  if (sighting.phrase !== undefined && (sighting.phraseInWord === true || describes(entry, sighting.phrase)))
    score += WEIGHTS.descriptionBeside;
  // A bare number needs its table named: a platform's name alone ("the QQ build") is not enough.
  if (sighting.bare && tableWords.length === 0 && !sectionNamed && !urlNamed) score += WEIGHTS.bareWithoutScope;
  const shared = sighting.nearby === undefined ? NO_WORDS : sharedDistinctiveWords(entry, sighting.nearby);
  if (shared.length > 0) {
    // Two of the entry's own rare words beside the code (`changed his QQ password … error -73` for
    // "access token's changed password is invalid") say more than one.
    score += WEIGHTS.sharedWord * Math.min(shared.length, 2);
    clues.push({ kind: 'message', detail: shared.slice(0, 2).join(', ') });
  }

  if (entry.table.field === 'http_status' && !urlNamed) {
    score += WEIGHTS.httpWithoutEndpoint;
  }
  if (entry.outcome === 'success') score += WEIGHTS.success;
  return { entry, score, clues, sighting };
}

const NO_WORDS: readonly string[] = Object.freeze([]);

/**
 * The first three words of a non-empty list, comma separated, as `slice(0, 3).join(', ')` writes
 * them: built by hand, since a keyword clue is made for every entry a code reaches and the slice
 * and join were the largest part of scoring one (`huawei 500` reaches 21).
 */
function firstThree(words: readonly string[]): string {
  let out = words[0] as string;
  for (let i = 1; i < words.length && i < 3; i += 1) out += `, ${words[i]}`;
  return out;
}

/**
 * The table's keywords in the text; else the catalog keyword (of those in the text) that holds one
 * of them as a word: the matcher hides the words a longer keyword covers, and `hms push` names the
 * push table as `push` would.
 */
function tableWordsIn(entry: CatalogEntry, present: ReadonlySet<string>, catalogWords: readonly string[]): readonly string[] {
  const own = wordsIn(entry.table.keywords, present);
  if (own.length > 0) return own;
  for (const phrase of catalogWords) if (holdsWord(phrase, entry.table.keywords)) return [phrase];
  return NO_WORDS;
}

/** Whether some phrase of `phrases` has a word of `words` as one of its own (`qq login` and `qq`). */
function holdsWordOf(phrases: readonly string[], words: readonly string[]): boolean {
  for (const phrase of phrases) if (holdsWord(phrase, words)) return true;
  return false;
}

function holdsWord(phrase: string, words: readonly string[]): boolean {
  if (!phrase.includes(' ')) return false;
  for (const word of words) if (phrase.startsWith(`${word} `) || phrase.endsWith(` ${word}`) || phrase.includes(` ${word} `)) return true;
  return false;
}

// Loops rather than filter/some/find with a closure: they run for every entry a code reaches, and
// most find nothing, which then allocates nothing.

/**
 * wordsIn for a catalog's keywords: the entries a code reaches are mostly of one catalog (HTTP 500
 * on 21 Huawei endpoints), so the last answer is kept while the list, the set and its size hold.
 */
let lastCatalogList: readonly string[] | undefined;
let lastCatalogSet: ReadonlySet<string> | undefined;
let lastCatalogSize = -1;
let lastCatalogWords: readonly string[] = NO_WORDS;
function catalogWordsIn(list: readonly string[], present: ReadonlySet<string>): readonly string[] {
  if (list !== lastCatalogList || present !== lastCatalogSet || present.size !== lastCatalogSize) {
    lastCatalogWords = wordsIn(list, present);
    lastCatalogList = list;
    lastCatalogSet = present;
    lastCatalogSize = present.size;
  }
  return lastCatalogWords;
}

/** The words of `list` in `present`, in list order; NO_WORDS when none is. */
function wordsIn(list: readonly string[], present: ReadonlySet<string>): readonly string[] {
  if (!anyIn(list, present)) return NO_WORDS;
  const found: string[] = [];
  for (const word of list) if (present.has(word)) found.push(word);
  return found;
}

/**
 * Whether some word of `list` is in `present`. A text names one or two keywords and a table or
 * catalog lists a dozen: the few named are looked up in the list's own set, not the other way.
 */
function anyIn(list: readonly string[], present: ReadonlySet<string>): boolean {
  if (present.size < list.length) {
    const own = setOf(list);
    const named = listOf(present);
    for (let i = 0; i < named.length; i += 1) if (own.has(named[i] as string)) return true;
    return false;
  }
  for (const word of list) if (present.has(word)) return true;
  return false;
}

/**
 * The words of a text's keyword set as a list, made once for all the entries its codes reach (a
 * set's iterator costs more than the look-ups): the last set asked about, while its size holds.
 */
let lastSet: ReadonlySet<string> | undefined;
let lastSize = -1;
let lastList: readonly string[] = [];
function listOf(set: ReadonlySet<string>): readonly string[] {
  if (set !== lastSet || set.size !== lastSize) {
    lastList = [...set];
    lastSet = set;
    lastSize = set.size;
  }
  return lastList;
}

/** A keyword list (a table's, a catalog's, an entry's) as a set, made once per list. */
const sets = new WeakMap<readonly string[], ReadonlySet<string>>();
function setOf(list: readonly string[]): ReadonlySet<string> {
  let set = sets.get(list);
  if (set === undefined) {
    set = new Set(list);
    sets.set(list, set);
  }
  return set;
}

/** The first signal written in `text`. */
function signalIn(signals: readonly string[], text: string): string | undefined {
  for (const signal of signals) if (holdsSignal(text, signal)) return signal;
  return undefined;
}

/**
 * Whether the payload's message is in the text as a whole: `"data":"login fail"` is 6004's login-fail
 * variant, but a log's own `login failed, code 6004` tells no variant apart.
 */
export function holdsSignal(text: string, signal: string): boolean {
  for (let at = text.indexOf(signal); at >= 0; at = text.indexOf(signal, at + 1)) {
    const end = at + signal.length;
    if (!isAsciiLetter(text.charCodeAt(end)) && !isAsciiLetter(text.charCodeAt(at - 1))) return true;
  }
  return false;
}

/** `catalog:section` of an entry, the key context and scope tables use; built once per entry. */
const sectionKeyOf = perEntry(tableKey);

/**
 * Whether a `catalog:section` key of the set is one of this catalog's sections. An HTTP status
 * reaches a dozen endpoints of one catalog (`oauth2/v3/token 403`), each asking of the same set:
 * the last answer is kept while the set, its size and the catalog hold.
 */
let lastUrlKeys: ReadonlySet<string> | undefined;
let lastUrlKeysSize = -1;
let lastUrlCatalog = '';
let lastNamesCatalog = false;
function namesCatalog(keys: ReadonlySet<string>, catalogId: string): boolean {
  if (keys !== lastUrlKeys || keys.size !== lastUrlKeysSize || catalogId !== lastUrlCatalog) {
    lastNamesCatalog = namesCatalogOf(keys, catalogId);
    lastUrlKeys = keys;
    lastUrlKeysSize = keys.size;
    lastUrlCatalog = catalogId;
  }
  return lastNamesCatalog;
}

function namesCatalogOf(keys: ReadonlySet<string>, catalogId: string): boolean {
  for (const key of keys)
    if (key.length > catalogId.length && key.charCodeAt(catalogId.length) === COLON && key.startsWith(catalogId)) return true;
  return false;
}
const COLON = 58;

/** The entry's distinctive words written near the code (`nearby`), at most two. */
function sharedDistinctiveWords(entry: CatalogEntry, nearby: string): readonly string[] {
  const words = distinctiveWords(entry);
  let found: string[] | undefined;
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string;
    if (!containsWord(nearby, word)) continue;
    found ??= [];
    found.push(word);
    if (found.length === 2) break;
  }
  return found ?? NO_WORDS;
}

/** `word` in `text` as a whole word (latin letters and digits around it end it). */
function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (!/[a-z0-9]/.test(text[at - 1] ?? '') && !/[a-z0-9]/.test(text[at + word.length] ?? '')) return true;
  }
  return false;
}

function describes(entry: CatalogEntry, phrase: string): boolean {
  return [entry.description.en, entry.description.zh].some((d) => d?.toLowerCase().startsWith(phrase) === true);
}

/**
 * Whether spelling `a` writes the same number as the single code `span` (`-0x9B`, `007`): the span's
 * value and notation are its spelling's, read when the catalog was loaded (test/engine/lookup-shortcuts.test.ts
 * holds that for every bundled spelling); `a`'s is read once for all the postings of a sighting.
 */
function sameNumberSpelling(a: string, span: CodeSpan): boolean {
  const x = lastValueOf(a);
  return !!x && x.hex === span.hex && x.value === span.low;
}

/** codeValue of the last spelling asked: a sighting's postings all ask about the same one. */
let lastSpelling: string | undefined;
let lastValue: ReturnType<typeof codeValue>;
function lastValueOf(spelling: string): ReturnType<typeof codeValue> {
  if (spelling !== lastSpelling) {
    lastValue = codeValue(spelling);
    lastSpelling = spelling;
  }
  return lastValue;
}

function fieldScore(entry: CatalogEntry, sighting: Sighting, clues: Clue[]): number {
  if (sighting.field === undefined) return 0;
  const field = entry.table.field;
  if (sighting.field === field) {
    clues.push({ kind: 'field', detail: field });
    if (sighting.fieldUnmarked) return sighting.fieldByAlias ? WEIGHTS.fieldAliasUnmarked : WEIGHTS.fieldUnmarked;
    return sighting.fieldByAlias ? WEIGHTS.fieldAlias : WEIGHTS.fieldSame;
  }
  if (LOOSE_FIELDS.has(sighting.field) && LOOSE_FIELDS.has(field)) return WEIGHTS.fieldLoose;
  // Huawei's status header, logged by a wrapper under a return code's name (`openIdToUnionId ret=150028`,
  // `返回码=150028`): a generic key says little about the field; no header's own name is misread so.
  if (field === 'NSP_STATUS' && GENERIC_KEYS.has(sighting.field)) return WEIGHTS.fieldLoose;
  return WEIGHTS.fieldOther;
}

function mainScore(entry: CatalogEntry, sighting: Sighting, clues: Clue[]): number {
  if (sighting.main === undefined && entry.main !== undefined && sighting.nearby !== undefined) {
    // `一直报 1203 12304`: the main code written beside the sub-code in prose, with no field names.
    if (hasNumber(sighting.nearby, entry.main)) {
      clues.push({ kind: 'main-code', detail: `${entry.table.mainField ?? 'main'} ${entry.main}` });
      return WEIGHTS.mainBeside;
    }
  }
  if (sighting.main === undefined) return entry.main === undefined ? 0 : WEIGHTS.mainMissingInSighting;
  if (entry.main === undefined) return WEIGHTS.mainMissingInEntry;
  if (Number(entry.main) === sighting.main) {
    clues.push({ kind: 'main-code', detail: `${entry.table.mainField ?? 'main'} ${entry.main}` });
    return WEIGHTS.mainSame;
  }
  return WEIGHTS.mainOther;
}

/** Whether `text` holds `number` as a whole number (not inside a longer one, not a decimal's part). */
function hasNumber(text: string, number: string): boolean {
  for (let at = text.indexOf(number); at !== -1; at = text.indexOf(number, at + 1)) {
    const before = text.charCodeAt(at - 1);
    const after = text.charCodeAt(at + number.length);
    const digitOrDot = (code: number) => (code >= 48 && code <= 57) || code === 46;
    if (!digitOrDot(before) && !digitOrDot(after) && text[at - 1] !== '-') return true;
  }
  return false;
}

/**
 * Score to confidence, 0..1: an exact code alone is 0.67, with its field or a scope word it
 * passes 0.85, and 150 points (code plus two clues) is certain.
 */
export const CERTAIN_SCORE = 150;

export function confidenceOf(score: number): number {
  // A listed match is never "0.00 sure": a lookup shows weak meanings too, ranked last.
  return Math.max(0.01, Math.min(1, Math.round((score / CERTAIN_SCORE) * 100) / 100));
}
