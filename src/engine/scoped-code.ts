/**
 * The commonest question after a code alone: a scope phrase and a code (`huawei 403`, `qq platform
 * -7`, `oauth2/v3/token 403`). What such a question's words give (the keywords, endpoints and
 * sections they name, the field a word names, whether a word is the asker's own) depends on the
 * phrase alone when the code stands apart from it (ContextReader.codeStandsApart, phraseStandsApart):
 * each catalog keyword is read so once per catalog set, and a question made of one and a code is not
 * normalised, read for context and parsed again. test/engine/lookup-shortcuts.test.ts holds the
 * reading equal to the general one for every keyword before every code of the bundled catalogs.
 */
import type { CatalogEntry } from '../catalog/model.js';
import type { FieldName } from '../catalog/schema.js';
import type { CodeIndex } from './code-index.js';
import type { ContextReader, TextContext } from './context.js';
import { isPlainCode, type ParsedQuery, parseQuery, parseScopedCode, phraseStandsApart, questionText } from './lookup.js';
import { restoreMisread } from './misread.js';
import { normaliseText } from './normalise.js';
import { type Steps, stepDue } from './steps.js';

/** What a scope phrase gives a question it opens, the code after it aside. */
interface PhraseReading {
  readonly keywords: ReadonlySet<string>;
  readonly urlTables: ReadonlySet<string>;
  readonly sectionTables: ReadonlySet<string>;
  readonly sectionWords: readonly string[];
  readonly field: FieldName | undefined;
  readonly hasWords: boolean;
}

/**
 * Longest question read so: well inside what is read as typed (a typed path's typos, the query
 * limit), where a longer text is read otherwise.
 */
const SCOPED_QUESTION_LIMIT = 200;

/** Phrases read between two yields of the build (some 20 µs each). */
const PHRASES_PER_STEP = 16;

/** A code read with the phrase before it when it has none: what every plain code is read as. */
const SAMPLE_CODE = '1';

export class ScopedCodeReader {
  private readonly phrases = new Map<string, PhraseReading>();

  private constructor(private readonly reader: ContextReader) {}

  /** A reader of no phrase: every question is read in full (an engine answering a question or two, the CLI's). */
  static none(reader: ContextReader): ScopedCodeReader {
    return new ScopedCodeReader(reader);
  }

  /**
   * Every catalog, table and entry keyword of `entries` that stands apart from a code, read in steps:
   * some milliseconds, for a server (Engine.build), not for one question.
   */
  static *build(entries: readonly CatalogEntry[], reader: ContextReader, codes: CodeIndex): Steps<ScopedCodeReader> {
    const scoped = new ScopedCodeReader(reader);
    // Lower case, one space between words: as the keyword matcher and a typed question write them.
    const phrases = new Set<string>();
    let previous: CatalogEntry | undefined;
    for (let i = 0; i < entries.length; i += 1) {
      if (stepDue(i)) yield;
      const entry = entries[i] as CatalogEntry;
      const words = [...entry.keywords];
      if (entry.table !== previous?.table) words.push(...entry.table.keywords);
      if (entry.catalog !== previous?.catalog) words.push(...entry.catalog.keywords);
      for (const word of words) phrases.add(word.trim().toLowerCase().replace(/\s+/g, ' '));
      previous = entry;
    }
    if (!reader.codeStandsApart(SAMPLE_CODE)) return scoped;
    let n = 0;
    for (const phrase of phrases) {
      // A phrase costs what a question does: a few between two yields.
      n += 1;
      if (n % PHRASES_PER_STEP === 0) yield;
      const reading = readPhrase(phrase, reader, codes);
      if (reading) scoped.phrases.set(phrase, reading);
    }
    return scoped;
  }

  /** The phrases read ahead, as a question writes them before its code. */
  phrasesRead(): Iterable<string> {
    return this.phrases.keys();
  }

  /**
   * The question's context and codes, when it is a phrase read at build and a plain code; else
   * undefined. `phrase`: the question with its code taken out, the words beside the code.
   */
  read(query: string): { context: TextContext; parsed: ParsedQuery; phrase: string } | undefined {
    if (query.length > SCOPED_QUESTION_LIMIT) return undefined;
    const space = query.lastIndexOf(' ');
    if (space <= 0) return undefined;
    const words = query.slice(0, space);
    const phrase = this.phrases.get(words);
    if (phrase === undefined) return undefined;
    const code = query.slice(space + 1);
    if (!isPlainCode(code) || UPPER.test(code) || phrase.keywords.has(code) || !this.reader.codeStandsApart(code)) return undefined;
    const parsed = parseScopedCode(code, phrase.field, phrase.hasWords);
    if (!parsed) return undefined;
    // Sets of its own per question, as the reader gives: no question shares its context with another.
    const context: TextContext = {
      keywords: copyOf(phrase.keywords),
      urlTables: copyOf(phrase.urlTables),
      lower: query,
      sectionTables: copyOf(phrase.sectionTables),
      sectionWords: phrase.sectionWords.slice(),
    };
    return { context, parsed, phrase: words };
  }
}

const UPPER = /[A-Z]/;

/** A set's copy, added to one by one: `new Set(set)` costs three times as much for the word or two a phrase names. */
function copyOf(set: ReadonlySet<string>): Set<string> {
  const copy = new Set<string>();
  for (const item of set) copy.add(item);
  return copy;
}

/**
 * What the general path reads of the phrase before a code, or undefined where the phrase does not
 * stand apart from it or the reading is not that of one code after scope words (then the question
 * is read in full).
 */
function readPhrase(phrase: string, reader: ContextReader, codes: CodeIndex): PhraseReading | undefined {
  if (!phraseStandsApart(phrase) || phrase.length + 1 + SAMPLE_CODE.length > SCOPED_QUESTION_LIMIT) return undefined;
  const question = `${phrase} ${SAMPLE_CODE}`;
  if (restoreMisread(normaliseText(questionText(question))).trim() !== question) return undefined;
  const context = reader.read(question);
  const alone = reader.read(phrase);
  const same = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size === b.size && [...a].every((x) => b.has(x));
  if (
    !same(context.keywords, alone.keywords) ||
    !same(context.urlTables, alone.urlTables) ||
    !same(context.sectionTables, alone.sectionTables)
  )
    return undefined;
  const parsed = parseQuery(question, codes, context);
  const only = parsed.sightings[0];
  if (parsed.sightings.length !== 1 || parsed.asked !== undefined || parsed.measuresOnly !== undefined || !only) return undefined;
  const expected = parseScopedCode(SAMPLE_CODE, only.field, parsed.hasWords);
  if (!expected || JSON.stringify(expected) !== JSON.stringify(parsed)) return undefined;
  return {
    keywords: context.keywords,
    urlTables: context.urlTables,
    sectionTables: context.sectionTables,
    sectionWords: context.sectionWords,
    field: only.field,
    hasWords: parsed.hasWords,
  };
}
