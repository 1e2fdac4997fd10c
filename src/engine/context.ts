/**
 * What a message or query says besides its codes: platform and endpoint words, endpoint URLs and
 * nsp_svc names. Keywords come from the catalogs themselves, so a new catalog brings its own.
 */
import type { CatalogEntry, TableInfo } from '../catalog/model.js';
import { isAsciiAlnum, isAsciiDigit, isAsciiLetter, isAsciiUpper } from '../char-codes.js';
import { KeywordMatcher } from './keyword-matcher.js';
import type { LowerText } from './lower-text.js';
import { runSteps, type Steps, stepDue } from './steps.js';
import { cjkWords, editDistance, isCjk, MESSAGE_TEXT_LIMIT, typoAllowance } from './tokens.js';

/**
 * camelCase identifiers (OidbClient, hmsPushSender, QQLogin) are found by their rare lower-to-upper
 * boundary, or an acronym's end before a capitalised word, and widened to the whole identifier: a pattern matching the identifier itself
 * backtracks quadratically on a long run of letters.
 */
const CAMEL_BOUNDARY = /[a-z][A-Z]|[A-Z]{2}[a-z]/g;
const HUMP = /[A-Z]?[a-z]{2,}|[A-Z]{2,}(?![a-z])/g;
/** camelCase identifiers read per text, at most. */
const MAX_IDENTIFIERS = 1000;

/**
 * The humps of each camelCase identifier, lower case: `GameCenterClient` is game, center, client;
 * and the identifier as written.
 */
function camelCaseParts(text: string): Array<{ humps: string[]; identifier: string }> {
  const parts: Array<{ humps: string[]; identifier: string }> = [];
  let reachedTo = -1;
  let identifiers = 0;
  // An exec loop, not matchAll: matchAll copies the pattern per call, which costs more than a
  // typed question's whole read.
  CAMEL_BOUNDARY.lastIndex = 0;
  for (let m = CAMEL_BOUNDARY.exec(text); m !== null; m = CAMEL_BOUNDARY.exec(text)) {
    if (m.index < reachedTo) continue;
    identifiers += 1;
    if (identifiers > MAX_IDENTIFIERS) break;
    let start = m.index;
    while (start > 0 && start > m.index - 64 && isAsciiAlnum(text.charCodeAt(start - 1))) start -= 1;
    let end = m.index + 2;
    while (end < text.length && end < m.index + 64 && isAsciiAlnum(text.charCodeAt(end))) end += 1;
    reachedTo = end;
    // A boundary match is letters only: with no letter at the identifier's end none spans it, and
    // every match inside would be skipped, so the search resumes there (a line of base64 is full of them).
    if (!isAsciiLetter(text.charCodeAt(end))) CAMEL_BOUNDARY.lastIndex = Math.max(CAMEL_BOUNDARY.lastIndex, end);
    const identifier = text.slice(start, end);
    parts.push({ humps: (identifier.match(HUMP) ?? []).map((hump) => hump.toLowerCase()), identifier });
  }
  CAMEL_BOUNDARY.lastIndex = 0;
  return parts;
}

/** Shortest head of an identifier read as a name of its own. */
const MIN_HEAD = 6;

/** `OpenIdToUnionIdClient` without its last hump, and without its last two: openidtounionid, openidtounion. */
function headsOf(identifier: string): string[] {
  const heads: string[] = [];
  for (let at = identifier.length - 1; at >= MIN_HEAD && heads.length < 2; at -= 1) {
    const before = identifier.charCodeAt(at - 1);
    // A hump opens at a capital after a small letter or a digit.
    if (isAsciiUpper(identifier.charCodeAt(at)) && isAsciiAlnum(before) && !isAsciiUpper(before))
      heads.push(identifier.slice(0, at).toLowerCase());
  }
  return heads;
}

const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/gu;
/** Chinese words looked up in section names per text, at most. */
const MAX_CJK_WORDS = 2000;
/** A word naming more sections than this names none in particular. */
const MAX_SECTIONS_PER_WORD = 3;

/** Paths are read with typos only in text as short as a typed question; pastes are copied, not typed. */
const TYPED_TEXT_LIMIT = 500;
const TYPED_PATH = /(?:\/[a-z0-9_.-]+){2,6}/g;

/** Digits, minus signs and white space alone: a keyword or marker so could be found in numbers (readsNothingIn). */
const NUMBERS_ONLY = /^[\d\s-]*$/;
/** Longest text read as numbers alone: a question's length (a paste of numbers is read in full). */
const NUMBERS_TEXT_LIMIT = 64;

/** Made only of what a plain code is written with (a marker so could be found inside one). */
const CODE_CHARACTERS = /^[-0-9a-fx]*$/;

/** Text read for context; a huge paste's tail adds nothing a reply would use. */
export const CONTEXT_TEXT_LIMIT = 256 * 1024;

/** A name of letters and digits, its parts joined by `-` or `_`. */
const COMPOUND_NAME = /[a-z][a-z0-9]{3,}(?:[-_][a-z0-9]+)*/g;
const LONG_WORD = /[a-z]{6}/;
const MIN_COMPOUND_PART = 6;
/** What a service's name ends with after its product (`pushsvc`, `oidbclient`, `loginmanager`). */
const SERVICE_SUFFIX = /(?:client|svc|service|server|srv|proxy|api|sdk|gw|gateway|manager|mgr|adapter|worker|sync|job|jobs)$/;

export interface TextContext {
  /** Keywords present in the text. */
  readonly keywords: ReadonlySet<string>;
  /** Table ids (`catalog:section.table`) whose section URL or nsp_svc appears in the text. */
  readonly urlTables: ReadonlySet<string>;
  /** The text, lower case (bounded). */
  readonly lower: string;
  /** Sections (`catalog:section`) a Chinese word of the text names: 实名 names the real-name endpoints. */
  readonly sectionTables: ReadonlySet<string>;
  /** The Chinese words that named them. */
  readonly sectionWords: readonly string[];
}

export class ContextReader {
  /** Every catalog keyword, indexed so a text costs the same however many keywords there are. */
  private readonly keywords: KeywordMatcher;
  private readonly singleWords: ReadonlySet<string>;
  private readonly sectionNames: Array<{ name: string; key: string }> = [];
  /** Each catalog's Chinese keywords (`华为推送`, `华为账号`): a word in those of two catalogs names the vendor. */
  private readonly catalogCjkKeywords: string[][] = [];
  private readonly urlMarkers: Array<{ marker: string; tableKey: string }> = [];
  /**
   * The markers a text is searched for: those holding another marker of their table (`nsp_svc=x`
   * holds `x`) name nothing the shorter one does not, wherever they stand, and are not searched.
   */
  private readonly searchedMarkers: Array<{ marker: string; tableKey: string }>;
  /** The path markers split once (`/oauth2/v3/token`: its leading segments and its last), for typed paths. */
  private readonly pathMarkers: Array<{ segments: readonly string[]; last: string; tableKey: string }> = [];
  /** Latin keywords of several words by how a service's name runs them together (`qqlogin` for qq login, `realname` for real name). */
  private readonly joinedKeywords = new Map<string, string>();
  /** Some keyword or endpoint marker could be read differently with a code after it (codeStandsApart). */
  private readonly codeMayJoinWords: boolean;
  /** No keyword or endpoint marker is written with digits, minus signs and spaces alone (readsNothingIn). */
  private readonly numbersNameNothing: boolean;

  constructor(entries: readonly CatalogEntry[], gathered: GatheredWords = runSteps(gatherWords(entries))) {
    const { keywords, tables } = gathered;
    const catalogs = new Set(entries.map((e) => e.catalog));
    for (const catalog of catalogs) this.catalogCjkKeywords.push(catalog.keywords.filter(isCjk).map((k) => k.toLowerCase()));
    this.keywords = new KeywordMatcher(keywords);
    this.singleWords = new Set([...keywords].filter((k) => !isCjk(k) && /^[a-z0-9]+$/.test(k)));
    for (const keyword of keywords) {
      if (isCjk(keyword) || !/^[a-z0-9]+(?:[ -][a-z0-9]+)+$/.test(keyword)) continue;
      const joined = keyword.replace(/[ -]/g, '');
      if (!this.singleWords.has(joined) && !this.joinedKeywords.has(joined)) this.joinedKeywords.set(joined, keyword);
    }
    for (const [key, table] of tables) {
      for (const marker of urlMarkers(table.url)) {
        this.urlMarkers.push({ marker, tableKey: key });
        if (!marker.startsWith('/')) continue;
        const segments = marker.split('/');
        const last = segments.pop() as string;
        this.pathMarkers.push({ segments, last, tableKey: key });
      }
      if (table.sectionName.zh) this.sectionNames.push({ name: table.sectionName.zh.toLowerCase(), key });
    }
    this.searchedMarkers = this.urlMarkers.filter(
      (m, i) =>
        !this.urlMarkers.some((o, j) => o.tableKey === m.tableKey && m.marker.includes(o.marker) && (o.marker !== m.marker || j < i)),
    );
    this.codeMayJoinWords =
      this.keywords.mayTakeInCode || this.urlMarkers.some(({ marker }) => marker.includes(' ') || CODE_CHARACTERS.test(marker));
    this.numbersNameNothing = ![...keywords, ...this.urlMarkers.map((m) => m.marker)].some((k) => NUMBERS_ONLY.test(k));
  }

  /**
   * Whether `text` names nothing, read without the matchers: numbers alone (`1302 57303`, `100014`:
   * digits, minus signs, spaces) when no keyword or endpoint marker is written so. A keyword or
   * marker with any other character (a letter, a `/`, a CJK character) is not in such a text, and
   * camelCase identifiers, typed paths and Chinese section words need letters, a `/` or CJK.
   */
  private readsNothingIn(text: string): boolean {
    if (!this.numbersNameNothing || text.length > NUMBERS_TEXT_LIMIT) return false;
    for (let at = 0; at < text.length; at += 1) {
      const c = text.charCodeAt(at);
      if (!isAsciiDigit(c) && c !== 32 && c !== 45) return false;
    }
    return true;
  }

  /**
   * Whether `code` (a plain code in lower case, written last, after a space) leaves what a lower-case
   * ASCII text before it names as that text alone names it: the code opens no keyword, no keyword
   * runs on into a code, and no endpoint marker could be found in a code or across the space.
   * Then a scope phrase's reading holds for every code after it (ScopedCodeReader).
   */
  codeStandsApart(code: string): boolean {
    if (this.codeMayJoinWords) return false;
    return !this.keywords.opensKeyword(code.charCodeAt(0) === 45 ? code.slice(1) : code);
  }

  /** The same reader, its entries read in steps (src/engine/steps.ts). */
  static *build(entries: readonly CatalogEntry[]): Steps<ContextReader> {
    return new ContextReader(entries, yield* gatherWords(entries));
  }

  /** `lowerText`: the text's lower case, when the caller shares it with others reading the same text. */
  read(text: string, lowerText?: LowerText): TextContext {
    // Sets of its own per text, as the full reading gives: no text shares its context with another.
    if (lowerText === undefined && this.readsNothingIn(text))
      return { keywords: new Set(), urlTables: new Set(), lower: text, sectionTables: new Set(), sectionWords: [] };
    return this.readInFull(text, lowerText);
  }

  /** read, every matcher run: what its shortcut is tested against. */
  readInFull(text: string, lowerText?: LowerText): TextContext {
    const bounded = text.slice(0, CONTEXT_TEXT_LIMIT);
    const lower = lowerText ? lowerText.slice(0, CONTEXT_TEXT_LIMIT) : bounded.toLowerCase();
    const keywords = this.keywords.find(lower);
    // `OidbClient`, `hmsPushSender`: the humps of a camelCase identifier name the platform too,
    // alone or together (`GameCenterClient` names the game center).
    // A paste repeats its identifiers (a class name on every line of a log): each distinct one is
    // matched once (the matcher's answer depends on the string alone).
    const joinedSeen = new Set<string>();
    for (const { humps, identifier } of camelCaseParts(bounded)) {
      for (const hump of humps) if (this.singleWords.has(hump)) keywords.add(hump);
      if (humps.length < 2) continue;
      const joined = humps.join(' ');
      if (joinedSeen.has(joined)) continue;
      joinedSeen.add(joined);
      const named = this.keywords.find(joined);
      for (const keyword of named) keywords.add(keyword);
      // A class named for its endpoint (`OpenIdToUnionIdClient`, `GetTokenInfoService`): the
      // endpoint's one-word name is the identifier without its last hump or two. Not a name its
      // humps said already (`GameCenterClient` is game center, not gamecenter as well).
      const heads = headsOf(identifier);
      if (heads.length === 0) continue;
      const said = new Set([...named].map((keyword) => keyword.replaceAll(' ', '')));
      for (const head of heads) {
        if (joinedSeen.has(head)) continue;
        joinedSeen.add(head);
        for (const keyword of this.keywords.find(head)) if (!said.has(keyword)) keywords.add(keyword);
      }
    }
    if (lower.length <= MESSAGE_TEXT_LIMIT && LONG_WORD.test(lower)) this.addCompoundNames(lower, keywords);
    const urlTables = this.urlTablesIn(lower);
    const sections = this.sectionsNamed(lower);
    return { keywords, urlTables, lower, sectionTables: sections.tables, sectionWords: sections.words };
  }

  /**
   * The products a service, logger, pod or metric name holds (`qqlogin-5b7c9d`, `oidbclient.Call`,
   * `realname-svc`, `pushsvc`): each part of the name, with a service's suffix taken off, as a keyword
   * of one word or a keyword of several run together.
   */
  private addCompoundNames(lower: string, keywords: Set<string>): void {
    for (const m of lower.matchAll(COMPOUND_NAME)) {
      for (const part of (m[0] as string).split(/[-_]/)) {
        if (part.length < MIN_COMPOUND_PART) continue;
        const suffix = SERVICE_SUFFIX.exec(part);
        for (const word of suffix && part.length - suffix[0].length >= 2 ? [part, part.slice(0, -suffix[0].length)] : [part]) {
          if (word !== part && this.singleWords.has(word)) keywords.add(word);
          const joined = this.joinedKeywords.get(word);
          if (joined !== undefined) keywords.add(joined);
        }
      }
    }
  }

  /**
   * Tables (`catalog:section`) whose endpoint path or nsp_svc a lower-case text holds: the text's,
   * or one line's of it, the request an HTTP status answers (requestTablesAt). `textLength`: the
   * whole text's, which says whether it was typed (then a path within a typo of one counts).
   */
  urlTablesIn(lower: string, textLength = lower.length): Set<string> {
    const urlTables = new Set<string>();
    // Most markers are paths: a text without a `/` is not searched for each of them.
    const slash = lower.includes('/');
    for (const { marker, tableKey: key } of this.searchedMarkers) {
      if ((slash || !marker.startsWith('/')) && lower.includes(marker)) urlTables.add(key);
    }
    if (urlTables.size === 0 && textLength <= TYPED_TEXT_LIMIT) for (const key of this.pathsTypedWithTypos(lower)) urlTables.add(key);
    return urlTables;
  }

  /**
   * An endpoint path typed by hand in a question (`/oauth2/v3/revok 1203 31218`): the same
   * segments as a catalog path but the last, which is within a typo of it. The nearest path wins;
   * two as near name neither.
   */
  private pathsTypedWithTypos(lower: string): string[] {
    let best: string[] = [];
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const typed of lower.match(TYPED_PATH) ?? []) {
      const segments = typed.split('/');
      const last = segments.pop() as string;
      for (const { segments: known, last: knownLast, tableKey: key } of this.pathMarkers) {
        if (known.length !== segments.length || known.some((s, i) => s !== segments[i])) continue;
        const allowance = typoAllowance(knownLast);
        const distance = editDistance(last, knownLast, allowance);
        if (distance > allowance) continue;
        if (distance < bestDistance) {
          best = [key];
          bestDistance = distance;
        } else if (distance === bestDistance && !best.includes(key)) best.push(key);
      }
    }
    return best.length === 1 ? best : [];
  }

  /** Whether a Chinese word is part of the Chinese keywords of two catalogs or more: a vendor's name. */
  private namesVendor(word: string): boolean {
    let catalogs = 0;
    for (const words of this.catalogCjkKeywords) if (words.some((k) => k.includes(word))) catalogs += 1;
    return catalogs >= 2;
  }

  /** Sections whose Chinese name holds a Chinese word of the text, when few do (获取 names them all). */
  private sectionsNamed(lower: string): { tables: Set<string>; words: string[] } {
    const named = { tables: new Set<string>(), words: [] as string[] };
    if (this.sectionNames.length === 0) return named;
    let words = 0;
    // A paste repeats its Chinese words (a message on every line of a log): each distinct run is
    // split, and each distinct word matched to the section names, once per text.
    const wordsOfRun = new Map<string, string[]>();
    const sectionsOfWord = new Map<string, Array<{ name: string; key: string }>>();
    for (const run of lower.match(CJK_RUN) ?? []) {
      let runWords = wordsOfRun.get(run);
      if (!runWords) {
        runWords = cjkWords(run);
        wordsOfRun.set(run, runWords);
      }
      for (const word of runWords) {
        if (word.length < 2) continue;
        words += 1;
        if (words > MAX_CJK_WORDS) return named;
        let hits = sectionsOfWord.get(word);
        if (!hits) {
          // 华为 opens 华为账号一键登录 but names Huawei, whose catalogs all answer to it: no section.
          hits = this.namesVendor(word) ? [] : this.sectionNames.filter((s) => s.name.includes(word));
          sectionsOfWord.set(word, hits);
        }
        if (hits.length === 0 || hits.length > MAX_SECTIONS_PER_WORD) continue;
        named.words.push(word);
        for (const s of hits) named.tables.add(s.key);
      }
    }
    return named;
  }
}

interface GatheredWords {
  readonly keywords: ReadonlySet<string>;
  readonly tables: ReadonlyMap<string, TableInfo>;
}

function* gatherWords(entries: readonly CatalogEntry[]): Steps<GatheredWords> {
  const keywords = new Set<string>();
  const tables = new Map<string, TableInfo>();
  let previous: CatalogEntry | undefined;
  for (let i = 0; i < entries.length; i += 1) {
    if (stepDue(i)) yield;
    const entry = entries[i] as CatalogEntry;
    // A table's entries come together: its and its catalog's words are added once, not per entry.
    if (entry.catalog !== previous?.catalog) for (const k of entry.catalog.keywords) keywords.add(k);
    if (entry.table !== previous?.table) {
      for (const k of entry.table.keywords) keywords.add(k);
      tables.set(tableKey(entry), entry.table);
    }
    for (const k of entry.keywords) keywords.add(k);
    previous = entry;
  }
  return { keywords, tables };
}

export function tableKey(entry: CatalogEntry): string {
  return `${entry.catalog.id}:${entry.table.sectionId}`;
}

/**
 * Strings that identify an endpoint in a log: the path (`/oauth2/v3/token`, with a boundary so
 * `/oauth2/v3/tokeninfo` is not mistaken for it) and the nsp_svc value.
 */
function urlMarkers(url: string | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const markers: string[] = [];
  const svc = parsed.searchParams.get('nsp_svc');
  if (svc) markers.push(`nsp_svc=${svc.toLowerCase()}`, svc.toLowerCase());
  else if (parsed.pathname.length > 1) markers.push(parsed.pathname.toLowerCase());
  return markers;
}
