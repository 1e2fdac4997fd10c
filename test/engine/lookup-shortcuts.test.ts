/**
 * An exact lookup skips work that cannot change its answer: patterns a query of codes alone cannot
 * match, the text search that orders tied meanings when the words beside the code describe none
 * of them, and reading a catalog code's value again. Each skip is checked here against the full work, over every code of the bundled catalogs
 * in the forms people type it (scripts/lookup-queries.ts, the queries the bench times).
 */
import { describe, expect, it } from 'vitest';
import { exactQueries } from '../../scripts/lookup-queries.js';
import { codeValue } from '../../src/catalog/codes.js';
import type { CatalogEntry } from '../../src/catalog/model.js';
import { CodeIndex } from '../../src/engine/code-index.js';
import { ContextReader } from '../../src/engine/context.js';
import {
  CODE_TOKEN,
  isPlainCode,
  isPlainQuestion,
  parsePlainCode,
  parseQuery,
  parseQueryRunningEveryPattern,
  questionText,
} from '../../src/engine/lookup.js';
import { normaliseText } from '../../src/engine/normalise.js';
import { hasSearchableWords } from '../../src/engine/scope.js';
import { TextIndex } from '../../src/engine/text-index.js';
import { createEngine } from '../../src/index.js';
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
