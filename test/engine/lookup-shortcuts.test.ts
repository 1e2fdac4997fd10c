/**
 * An exact lookup skips work that cannot change its answer: patterns a query of codes alone cannot
 * match, the text search that orders tied meanings when the words beside the code describe none
 * of them, and reading a catalog code's value again. Each skip is checked here against the full work, over every code of the bundled catalogs
 * in the forms people type it (scripts/lookup-queries.ts, the queries the bench times).
 */
import { describe, expect, it } from 'vitest';
import { exactQueries } from '../../scripts/lookup-queries.js';
import { codeValue } from '../../src/catalog/codes.js';
import { parseCatalogText } from '../../src/catalog/load.js';
import type { CatalogEntry } from '../../src/catalog/model.js';
import { CodeIndex } from '../../src/engine/code-index.js';
import { ContextReader } from '../../src/engine/context.js';
import { FIELD_ALIASES } from '../../src/engine/fields.js';
import {
  CODE_TOKEN,
  isPlainCode,
  isPlainQuestion,
  isTwoCodes,
  parseMainAndSub,
  parsePlainCode,
  parseQuery,
  parseQueryRunningEveryPattern,
  parseTwoCodes,
  questionText,
} from '../../src/engine/lookup.js';
import { restoreMisread } from '../../src/engine/misread.js';
import { normaliseText } from '../../src/engine/normalise.js';
import { hasSearchableWords } from '../../src/engine/scope.js';
import { ScopedCodeReader } from '../../src/engine/scoped-code.js';
import { runSteps } from '../../src/engine/steps.js';
import { TextIndex } from '../../src/engine/text-index.js';
import { TIE_SEARCH_LIMIT, WordsAhead } from '../../src/engine/words-ahead.js';
import { createEngine } from '../../src/index.js';
import { generatedCatalogYaml as shapesYaml } from '../helpers/code-shapes-catalog.js';
import { EDGE_QUESTIONS } from '../helpers/lookup-corpus.js';

const entries = createEngine().catalogs.flatMap((c) => c.entries);
const codes = new CodeIndex(entries);
const reader = new ContextReader(entries);
const queries = exactQueries(entries);

describe('parsing skips only patterns that cannot match', () => {
  it('gives what running every pattern gives, for every code of the bundled catalogs in every form', () => {
    let compared = 0;
    for (const raw of [...queries, ...queries.map((q) => q.toUpperCase()), ...EDGE_QUESTIONS]) {
      const query = normaliseText(raw).trim();
      const context = reader.read(query);
      expect(parseQuery(query, codes, context), query).toEqual(parseQueryRunningEveryPattern(query, codes, context));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(2_000);
  });
});

describe('a code alone, or one field naming it, is read without the patterns', () => {
  it('as normalising and parsing read it, for every code of the bundled catalogs in every form and codes of every length', () => {
    const edges = ['0', '7', '00', '-0', '-7', '0x', '0x0', '-0x9b', '0X9B', '0x9g', '0xx9', 'x9b', '1234567890123', '-', ''];
    for (let length = 1; length <= 14; length += 1) {
      for (const code of [
        '9'.repeat(length),
        `-${'1'.repeat(length)}`,
        `0x${'f'.repeat(length)}`,
        `-0X${'A0'.repeat(length).slice(0, length)}`,
      ]) {
        edges.push(code, `ret=${code}`, `NSP_STATUS=${code}`, `sub_error=${code}`, `platform=${code}`, `constructor=${code}`);
      }
    }
    edges.push('ret =5', 'ret= 5', 'ret=5 ', 'r3t=5', 'nsp-status=6', 'http_status=0x1f4', '=5', 'ret=5=6');
    let compared = 0;
    for (const query of [...queries, ...queries.map((q) => q.toUpperCase()), ...edges]) {
      if (!isPlainQuestion(query)) continue;
      // What Engine.lookup reads of a question: it is the question itself.
      expect(normaliseText(questionText(query)).trim(), query).toBe(query);
      const context = reader.read(query);
      const plain = parsePlainCode(query, context);
      if (!plain) continue;
      expect(plain, query).toEqual(parseQueryRunningEveryPattern(query, codes, context));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(1_000);
    expect(isPlainCode('1234567890123')).toBe(false);
    expect(isPlainCode(' 100014')).toBe(false);
    expect(isPlainCode('0x9b')).toBe(true);
    expect(isPlainQuestion('ret=0x9b')).toBe(true);
  });
});

describe('a main code and a sub-code under their fields are read from the two keys', () => {
  it('as normalising and parsing read them, for every two-level code of the bundled catalogs in every form', () => {
    const edges = [
      'main=1203 sub=100306',
      'MAIN=1203 SUB=100306',
      'error=1203 sub=100306',
      'sub_error=57303 error=1302',
      'error=1 error=2',
    ];
    edges.push('err=-5 suberr=7', 'gc_error=1 hms_sub_error=2', 'ret=1 code=2', 'error=1203 main=1302', 'sub=1 sub=2', 'error=1 box=2');
    edges.push(
      'one-two-three-four=1 error=2',
      'error=1234567890123 sub_error=1',
      'Oxab=1 sub_error=2',
      'error=1 sub_error=2 ',
      'at=1 sub_error=2',
    );
    let compared = 0;
    for (const query of [...queries, ...queries.map((q) => q.toUpperCase()), ...EDGE_QUESTIONS, ...edges]) {
      const read = parseMainAndSub(query);
      if (!read) continue;
      const trimmed = restoreMisread(normaliseText(questionText(query))).trim();
      expect(trimmed, query).toBe(query);
      expect(read, query).toEqual(parseQueryRunningEveryPattern(query, codes, reader.read(query)));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(60);
    expect(parseMainAndSub('ret=1 code=2')).toBeUndefined();
    expect(parseMainAndSub('error=1 box=2')).toBeUndefined();
  });
});

describe('two codes and a space are read without normalising and the patterns', () => {
  it('as normalising and parsing read them, for every code of the bundled catalogs after its main code and beside others', () => {
    const plain = [...new Set(queries.filter((q) => /^-?\d+$/.test(q)))];
    const questions = new Set(queries.filter(isTwoCodes));
    // Each code after a main code, before one, beside its neighbour, twice, and with minus signs.
    const mains = [...new Set(entries.flatMap((e) => (e.main === undefined ? [] : [e.main])))];
    plain.forEach((code, i) => {
      const other = plain[(i + 1) % plain.length] as string;
      const main = mains[i % mains.length] as string;
      for (const q of [
        `${main} ${code}`,
        `${code} ${main}`,
        `${code} ${other}`,
        `${code} ${code}`,
        `-${code} ${other}`,
        `${code} -${other}`,
      ])
        questions.add(q);
    });
    // Groups written apart that are one code, `2024 1102`-like, years and sizes, and codes too long to be any.
    const edges = ['2024 1102', '1203 1102', '8030 0007', '80 3000', '-8030 0007', '100 000', '1 2', '0 0', '-0 0', '1234567890123 1'];
    for (const q of edges) questions.add(q);
    let read = 0;
    for (const question of questions) {
      if (!isTwoCodes(question)) continue;
      const context = reader.read(question);
      const fast = parseTwoCodes(question, codes, context);
      if (!fast) continue;
      read += 1;
      expect(restoreMisread(normaliseText(questionText(question))).trim(), question).toBe(question);
      expect(fast, question).toEqual(parseQueryRunningEveryPattern(question, codes, context));
    }
    // The reading has teeth: most such questions are read so, and not all.
    expect(read).toBeGreaterThan(questions.size / 2);
    expect(read).toBeLessThan(questions.size);
    expect(parseTwoCodes('2024 1102', codes, reader.read('2024 1102'))).toBeUndefined();
  });
});

describe('a text of numbers alone names nothing, read without the matchers', () => {
  // A catalog whose keywords are written as numbers (`4200`, `12 34`): there, numbers are read in full.
  const yaml = [
    'catalog: numbered',
    'name: Numbered',
    'language: en',
    'source: {document: numbered, title: numbered}',
    'keywords: [numbered, "4200", "12 34"]',
    'sections:',
    '  - id: s',
    '    heading: S',
    '    name: S',
    '    tables:',
    '      - field: code',
    '        entries:',
    '          - code: "6"',
    '            description: Six failed',
  ].join('\n');
  const numbered = parseCatalogText(yaml, 'numbered.yaml');
  if (!numbered.ok) throw new Error('numbered catalog does not load');
  const sets: Array<[string, CatalogEntry[]]> = [
    ['bundled', entries],
    ['with keywords written as numbers', [...createEngine().catalogs.flatMap((c) => c.entries), ...numbered.catalog.entries]],
  ];
  it.each(sets)('as the full reading reads it, for every code of the catalogs alone, in pairs and as keywords (%s)', (_, set) => {
    const reader = new ContextReader(set);
    const numbers = new Set(exactQueries(set).filter((q) => /^[\d -]+$/.test(q)));
    for (const e of set) for (const k of [...e.keywords, ...e.table.keywords, ...e.catalog.keywords]) numbers.add(`${k} 1`).add(k);
    for (const q of ['', ' ', '-', '1 - 2', '12  34', '12 34', '4200', '4200 1', '-4200', `${'1'.repeat(80)}`]) numbers.add(q);
    for (const text of numbers) expect(reader.read(text), text).toEqual(reader.readInFull(text));
  });

  it('is not used where a keyword is written as numbers', () => {
    const reader = new ContextReader(sets[1]?.[1] ?? []);
    expect(reader.read('4200 1').keywords).toEqual(new Set(['4200']));
    expect(reader.read('12 34').keywords).toEqual(new Set(['12 34']));
  });
});

describe('a scope phrase and a code are read from the phrase as read when the engine was built', () => {
  const shapes = parseCatalogText(shapesYaml('shapes', 3, 30), 'shapes.yaml');
  if (!shapes.ok) throw new Error('shapes catalog does not load');
  const sets: Array<[string, CatalogEntry[]]> = [
    ['bundled', entries],
    ['with every code shape', [...createEngine().catalogs.flatMap((c) => c.entries), ...shapes.catalog.entries]],
  ];
  // Phrases beside the catalogs' keywords that a general reading treats apart: a noun numbering its
  // number, a result word, a stack frame's opening, digit words, numbers of their own, a date.
  const edgePhrases = ['qq', 'build', 'room', 'ret', 'at', 'at foo', '... 5 more', 'one two three', 'oauth2', 'v2024/10/22', 'x.1.', 'a-1'];
  const edgeCodes = ['0', '7', '-7', '00', '-0', '0x0', '-0x9b', '0x73a', '0x711', '100', '1234567890123', '999999999999', '4200', '4206'];

  it.each(sets)(
    'as normalising, reading and parsing read them in full, for every keyword before codes of every form (%s)',
    (_, set) => {
      const codes = new CodeIndex(set);
      const reader = new ContextReader(set);
      const scoped = runSteps(ScopedCodeReader.build(set, reader, codes));
      const phrases = new Set(edgePhrases);
      for (const e of set) for (const k of [...e.keywords, ...e.table.keywords, ...e.catalog.keywords]) phrases.add(k.toLowerCase());
      const plainCodes = exactQueries(set).filter((q) => isPlainCode(q) && q === q.toLowerCase());
      // Every code of the bench's questions after its own phrase, and a sample of codes after every phrase.
      const questions = new Set(exactQueries(set).filter((q) => q.includes(' ') && !q.includes('=')));
      for (const phrase of phrases) {
        for (let i = phrases.size % 11; i < plainCodes.length; i += 11) questions.add(`${phrase} ${plainCodes[i]}`);
        for (const code of edgeCodes) questions.add(`${phrase} ${code}`);
      }
      let read = 0;
      for (const question of questions) {
        const fast = scoped.read(question);
        if (!fast) continue;
        read += 1;
        const trimmed = restoreMisread(normaliseText(questionText(question))).trim();
        expect(trimmed, question).toBe(question);
        const context = reader.read(trimmed);
        expect(fast.context, question).toEqual(context);
        expect(fast.parsed, question).toEqual(parseQueryRunningEveryPattern(trimmed, codes, context));
      }
      // The reading has teeth: most questions of a phrase and a code are read so, and not all.
      expect(read).toBeGreaterThan(questions.size / 2);
      expect(read).toBeLessThan(questions.size);
    },
    60_000,
  );

  it('is not used where a keyword could take in the code (`tiny 6` is a keyword of its own)', () => {
    const yaml = [
      'catalog: tiny',
      'name: Tiny',
      'language: en',
      'source: {document: tiny, title: tiny}',
      'keywords: [tiny, "tiny 6"]',
      'sections:',
      '  - id: s',
      '    heading: S',
      '    name: S',
      '    tables:',
      '      - field: code',
      '        entries:',
      '          - code: "6"',
      '            description: Six failed',
    ].join('\n');
    const tiny = parseCatalogText(yaml, 'tiny.yaml');
    if (!tiny.ok) throw new Error('tiny catalog does not load');
    const set = tiny.catalog.entries;
    const reader = new ContextReader(set);
    const scoped = runSteps(ScopedCodeReader.build(set, reader, new CodeIndex(set)));
    expect(reader.read('tiny 6').keywords).toEqual(new Set(['tiny 6']));
    expect(scoped.read('tiny 6')).toBeUndefined();
    expect(scoped.read('tiny 7')).toBeUndefined();
  });
});

describe('a tie is ordered by text search only when the words can describe a tied meaning', () => {
  it('never rules out an entry the search would return, for the words beside every code', () => {
    const text = new TextIndex(entries);
    let ruledOut = 0;
    let checked = 0;
    for (const query of queries) {
      const words = query.replace(CODE_TOKEN, ' ').trim();
      if (!hasSearchableWords(words)) continue;
      const hits = new Set(text.search(words, 64).map((hit) => hit.entry));
      for (const entry of reached(query)) {
        checked += 1;
        if (text.mayFind(words, [entry])) continue;
        ruledOut += 1;
        expect(hits.has(entry), `${query}: ${entry.id}`).toBe(false);
      }
    }
    // The check has teeth: most entries are ruled out, and some are not.
    expect(ruledOut).toBeGreaterThan(checked / 2);
    expect(ruledOut).toBeLessThan(checked);
  }, 60_000);
});

describe('the words beside a code are read ahead for a scope phrase and a field key', () => {
  const text = new TextIndex(entries);
  const scoped = runSteps(ScopedCodeReader.build(entries, reader, codes));
  const ahead = runSteps(WordsAhead.build(text, entries.length, scoped.phrasesRead()));
  /** What preferDescribed asks of the text index for these words and one tied meaning. */
  const mayFind = (words: string, entry: CatalogEntry) => hasSearchableWords(words) && text.mayFind(words, [entry]);

  it('finds what the text index may find by them, for every phrase and key and every entry', () => {
    let found = 0;
    const phrases = [...scoped.phrasesRead()];
    expect(phrases.length).toBeGreaterThan(100);
    for (const phrase of phrases) {
      const findable = ahead.ofPhrase(phrase)?.findable;
      for (const entry of entries) expect(findable?.has(entry), `${phrase}: ${entry.id}`).toBe(mayFind(phrase, entry));
      found += findable?.size ?? 0;
    }
    for (const key of Object.keys(FIELD_ALIASES).flatMap((k) => [k, k.toUpperCase()])) {
      const findable = ahead.ofKey(key)?.findable;
      expect(ahead.ofKey(key)?.similarity, key).toBeUndefined();
      for (const entry of entries) expect(findable?.has(entry), `${key}=: ${entry.id}`).toBe(mayFind(`${key}=`, entry));
      found += findable?.size ?? 0;
    }
    // The sets have teeth: some words find entries.
    expect(found).toBeGreaterThan(0);
  }, 60_000);

  it('order a tie as the text search does, for every phrase that finds some entry', () => {
    let searched = 0;
    for (const phrase of scoped.phrasesRead()) {
      const reading = ahead.ofPhrase(phrase);
      if (!reading || reading.findable.size === 0) {
        expect(reading?.similarity, phrase).toBeUndefined();
        continue;
      }
      const live = new Map(text.search(phrase, TIE_SEARCH_LIMIT).map((hit) => [hit.entry, hit.similarity]));
      expect(reading.similarity, phrase).toEqual(live);
      searched += 1;
    }
    expect(searched).toBeGreaterThan(0);
  });

  it('are the words the engine reads beside the code, for every code of the bundled catalogs in every form', () => {
    let compared = 0;
    for (const query of [...queries, ...queries.map((q) => q.toUpperCase())]) {
      const words = query.replace(CODE_TOKEN, ' ').trim();
      const fast = scoped.read(query);
      if (fast) {
        expect(fast.phrase, query).toBe(words);
        compared += 1;
      } else if (isPlainQuestion(query) && parsePlainCode(query, reader.read(query))?.hasWords) {
        expect(`${query.slice(0, query.indexOf('='))}=`, query).toBe(words);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(800);
  });

  it('are not read for a catalog set too large to read every entry for each phrase', () => {
    const none = runSteps(WordsAhead.build(text, 1_000_000, scoped.phrasesRead()));
    expect(none.ofKey('ret')).toBeUndefined();
    expect(ahead.ofKey('ret')).toBeDefined();
  });
});

describe('a single code is compared by the value read when its catalog loaded', () => {
  it('has the value and notation its spelling gives, for every spelling of the bundled catalogs', () => {
    const spans = entries.flatMap((e) => [e.span, ...e.aliases, ...e.misprints]).filter((s) => !s.isRange);
    for (const span of spans) expect(codeValue(span.spelling), span.spelling).toEqual({ value: span.low, hex: span.hex });
    expect(spans.length).toBeGreaterThan(400);
  });
});

/** Every entry a query's codes reach, as the engine's scoring finds them. */
function reached(query: string): Set<CatalogEntry> {
  const out = new Set<CatalogEntry>();
  for (const m of query.matchAll(CODE_TOKEN)) {
    const value = codeValue(m[0])?.value;
    if (value === undefined) continue;
    for (const posting of codes.find(value)) out.add(posting.entry);
    for (const entry of codes.underMain(value)) out.add(entry);
  }
  return out;
}
