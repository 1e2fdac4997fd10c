/**
 * A lookup over the bundled catalogs and custom ones, for a process that answers one question and
 * exits (the CLI). A question that is only codes (`100014`, `-4008`, `0x9b`, `1101 20155`,
 * `error=1203 sub_error=11205`, with scope words at most: `oidb 0x9b`) is answered from the custom
 * catalogs' compiled cache without
 * loading them whole: the code index says which entries its codes can reach, and the engine is
 * built over the bundled catalogs plus just those entries and what answers about them read (their
 * table neighbours, the other entries of their code, one entry per table). Anything else (words,
 * a catalog not compiled yet or edited since, a set of catalogs never loaded together) loads
 * everything, as the bot always does.
 *
 * The answer is the one the full engine gives: test/code-lookup.test.ts compares the two for every
 * code of a generated catalog and of the bundled catalogs loaded as custom ones.
 */
import { bundledCatalogDir, compiledCatalogFile, loadCatalogSet, refuseDuplicateIds } from './catalog/bundled.js';
import type { CatalogFileIndex } from './catalog/cache-file.js';
import { codeValue } from './catalog/codes.js';
import {
  catalogCacheDir,
  fingerprintFileStamped,
  isVerifiedSet,
  markVerifiedSet,
  openCachedCatalog,
  readCompiledWithFingerprint,
} from './catalog/compiled.js';
import { catalogFiles } from './catalog/files.js';
import type { Catalog } from './catalog/model.js';
import type { LookupResult } from './engine/answer.js';
import { CodeIndex } from './engine/code-index.js';
import { ContextReader } from './engine/context.js';
import { digitTypos } from './engine/digit-typos.js';
import { Engine, type LookupOptions } from './engine/engine.js';
import { fieldFor } from './engine/fields.js';
import { CODE_TOKEN, parseQuery, QUERY_LIMIT, questionText } from './engine/lookup.js';
import { normaliseText } from './engine/normalise.js';

export interface CatalogLookupOptions extends LookupOptions {
  /** Where compiled custom catalogs are cached; undefined: no cache. Default: catalogCacheDir(). */
  readonly cacheDir?: string | undefined;
}

/** Entries read for one question, at most; a question reaching more is answered by a full load. */
const MAX_ENTRIES_READ = 20_000;
/** "Did you mean" offers the five closest codes; the closest this many on each side hold them. */
const NEAREST_KEPT = 5;

/** `query` answered over the bundled catalogs and `dirs`; throws CatalogError on a bad catalog. */
export async function lookupInCatalogs(dirs: readonly string[], query: string, options: CatalogLookupOptions = {}): Promise<LookupResult> {
  const cacheDir = 'cacheDir' in options ? options.cacheDir : catalogCacheDir();
  const lookup = { ...(options.limit !== undefined ? { limit: options.limit } : {}) };
  const quick = dirs.length > 0 && cacheDir !== undefined ? lookupFromCodeIndex(dirs, query, lookup, cacheDir) : undefined;
  if (quick) return quick;
  const set = await loadCatalogSet(dirs, { cacheDir });
  const engine = new Engine(set.catalogs);
  if (cacheDir !== undefined && dirs.length > 0 && set.fingerprints) markVerifiedSet(cacheDir, set.fingerprints);
  return engine.lookup(query, lookup);
}

/** The answer from the entries the query's codes reach, or undefined when it needs everything loaded. */
export function lookupFromCodeIndex(
  dirs: readonly string[],
  query: string,
  options: LookupOptions,
  cacheDir: string,
): LookupResult | undefined {
  // What Engine.lookup reads of the query.
  const text = normaliseText(questionText(query)).trim();
  // No digit, no code: the engine would search the text.
  if (!/\d/.test(text)) return undefined;
  const bundled = readCompiledWithFingerprint(bundledCatalogDir(), compiledCatalogFile());
  if (!bundled) return undefined;
  const indexes: CatalogFileIndex[] = [];
  try {
    const fingerprints = [bundled.fingerprint];
    for (const file of catalogFiles(dirs)) {
      const fingerprint = fingerprintFileStamped(cacheDir, file);
      if (fingerprint === undefined) return undefined;
      fingerprints.push(fingerprint);
      const index = openCachedCatalog(cacheDir, file, fingerprint);
      if (!index) return undefined;
      indexes.push(index);
    }
    if (!isVerifiedSet(cacheDir, fingerprints)) return undefined;
    refuseDuplicateIds(bundled.catalogs, indexes);

    const values = codeValues(text);
    const partial: Catalog[] = [];
    for (const index of indexes) {
      const wanted = entriesToRead(index, values);
      if (wanted.size > MAX_ENTRIES_READ) return undefined;
      partial.push(index.readEntries(wanted));
    }
    const catalogs = [...bundled.catalogs, ...partial];
    if (!keywordsAllLoaded(text.toLowerCase(), catalogs, indexes)) return undefined;
    if (!onlyFieldWords(text) && hasWords(text, catalogs)) return undefined;
    const result = new Engine(catalogs).lookup(query, options);
    // Text search ranks against every entry's words: only a code answer (or none) stands.
    return result.mode === 'code' ? result : undefined;
  } catch {
    // A catalog problem, or a cache file gone bad while read: the full load says what is wrong.
    return undefined;
  } finally {
    for (const index of indexes) index.close();
  }
}

/** Whether the query's words (as the query parser reads them) are all field names: then it has none that count. */
function onlyFieldWords(text: string): boolean {
  const words =
    text
      .slice(0, QUERY_LIMIT)
      .replace(CODE_TOKEN, ' ')
      .match(/[a-z\u3400-\u9fff]{2,}/giu) ?? [];
  return words.every((w) => fieldFor(w) !== undefined);
}

/**
 * Whether the engine would read words in the query besides codes, field names and scope words
 * (`oidb 0x9b` and `qq 6` have none): then it ranks tied meanings by text, and text ranking reads
 * every entry. Asked of the loaded entries, whose keywords and codes are the full set's as far as
 * this query goes (keywordsAllLoaded, entriesToRead).
 */
function hasWords(text: string, catalogs: readonly Catalog[]): boolean {
  const entries = catalogs.flatMap((c) => c.entries);
  return parseQuery(text, new CodeIndex(entries), new ContextReader(entries).read(text)).hasWords;
}

const DECIMAL_AT = /-?\d+/y;
const HEX_AT = /-?0x[0-9a-f]+/iy;
const HEX_DIGITS_AT = /[0-9a-f]+/iy;

/**
 * Every value the engine could ask its code index about for this text, and more: wherever a code
 * token, a `key=value`, a `main/sub` pair or a bare hex value after a result word (`ret cc`) could
 * start, the number written there, read each way.
 */
function codeValues(text: string): Set<number> {
  const values = new Set<number>();
  for (let at = 0; at < text.length; at += 1) {
    for (const spelling of [DECIMAL_AT, HEX_AT]) {
      spelling.lastIndex = at;
      const raw = spelling.exec(text)?.[0];
      const value = raw === undefined ? undefined : codeValue(raw)?.value;
      if (value !== undefined && Number.isFinite(value)) values.add(value);
    }
    HEX_DIGITS_AT.lastIndex = at;
    const digits = HEX_DIGITS_AT.exec(text)?.[0];
    if (digits !== undefined && digits.length <= 8) values.add(Number.parseInt(digits, 16));
  }
  return values;
}

/**
 * The entries of one catalog file the engine reads to answer codes `values` as the full engine
 * would: those the values reach, what answers about them read, the entries of the codes "did you
 * mean" could offer, and one entry per table (so every table's keywords and URL are known).
 */
function entriesToRead(index: CatalogFileIndex, values: ReadonlySet<number>): Set<number> {
  const wanted = new Set<number>();
  for (const value of values) index.reach(value, wanted);
  for (const entry of [...wanted]) index.companions(entry, wanted);
  for (const value of values) for (const near of index.nearSpellings(value, NEAREST_KEPT)) index.reach(near, wanted);
  // "Did you mean" offers the codes one typo away first (engine.ts nearest).
  for (const value of values) for (const typo of digitTypos(value)) index.reach(typo, wanted);
  for (const entry of index.representatives) wanted.add(entry);
  return wanted;
}

/**
 * The context reader finds catalog keywords in the text; one carried only by an entry not read
 * would be missed. Every keyword written in the text must be one the loaded entries carry.
 */
function keywordsAllLoaded(lower: string, catalogs: readonly Catalog[], indexes: readonly CatalogFileIndex[]): boolean {
  let loaded: Set<string> | undefined;
  for (const index of indexes) {
    for (const keyword of index.keywords) {
      if (!lower.includes(keyword)) continue;
      loaded ??= new Set(catalogs.flatMap((c) => c.entries.flatMap((e) => [...e.catalog.keywords, ...e.table.keywords, ...e.keywords])));
      if (!loaded.has(keyword)) return false;
    }
  }
  return true;
}
