/**
 * A faster lookup must answer every question exactly as the lookup before it did. The answers were
 * recorded in test/fixtures/lookup-equivalence.jsonl: each result's SHA-256 over its JSON (what
 * `--json` prints and the product layer reads), with the ranked entries beside it so a difference is
 * readable. Recorded over three catalog sets (the bundled catalogs; with a catalog of every code
 * shape; with a generated catalog, as the bench's large run), for lookups at the limits the product
 * asks for, every entry's other meanings and explanation, and the answers to a pointed-at message.
 * The questions are the eval probes' (stored with their text, as probes come and go) and generated
 * ones (test/helpers/lookup-corpus.ts, rebuilt by name).
 * To record again, only where a change of answers is intended: LOOKUP_EQUIVALENCE_RECORD=1.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCases } from '../../scripts/eval-score.js';
import { bundledCatalogDir, loadCatalogs, parseCatalogText } from '../../src/catalog/load.js';
import type { Catalog } from '../../src/catalog/model.js';
import { Engine } from '../../src/engine/engine.js';
import { explicitAnswers } from '../../src/engine/explicit.js';
import { generatedCatalogYaml as shapesYaml } from '../helpers/code-shapes-catalog.js';
import { generatedCatalog } from '../helpers/generated-catalog.js';
import { EDGE_QUESTIONS, FUZZY_QUESTIONS, lookupQuestions } from '../helpers/lookup-corpus.js';
import { probeTexts } from '../helpers/probe-texts.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = path.join(root, 'test/fixtures/lookup-equivalence.jsonl');
const shared = path.resolve(root, '../shared/eval/cases.jsonl');

/** How a recorded result was asked for. */
type Ask = 'lookup' | 'lookup-1' | 'lookup-25' | 'other' | 'explain' | 'explicit';

interface Recorded {
  readonly engine: string;
  readonly ask: Ask;
  readonly name: string;
  /** Stored for probe texts; generated questions are rebuilt from their name. */
  readonly text?: string;
  /** The first 80 bits of the SHA-256 of the result's JSON. */
  readonly sha256: string;
  /** Readable: how many answers (or refs), the first one's entry id and confidence, a lookup's status and mode. */
  readonly first: string;
}

// Each engine over catalogs of its own: some per-entry indexes (distinctive words) are read from
// the whole set an engine was built over, so sets sharing entry objects would change each other.
function shapesCatalog(): Catalog {
  const parsed = parseCatalogText(shapesYaml('shapes', 3, 30), 'shapes.yaml');
  if (!parsed.ok) throw new Error('shapes catalog does not load');
  return parsed.catalog;
}
const bundled = () => loadCatalogs([bundledCatalogDir()]);
// Built as the bot builds them (Engine.build): its read-ahead fast paths (scoped codes, words read
// ahead for ties) answer here, and build-in-steps.test.ts holds them equal to an engine built at once.
const engines: ReadonlyMap<string, Engine> = new Map([
  ['bundled', await Engine.build(bundled())],
  ['shapes', await Engine.build([...bundled(), shapesCatalog()])],
  ['generated', await Engine.build([...bundled(), generatedCatalog(3000)])],
]);

function questionsOf(name: string, engine: Engine): Map<string, string> {
  if (name === 'generated') return lookupQuestions(engine.catalogs, { every: 11, mixes: 300 });
  const questions = lookupQuestions(engine.catalogs, { mixes: name === 'bundled' ? 1200 : 300 });
  for (const q of EDGE_QUESTIONS) questions.set(`edge ${JSON.stringify(q)}`, q);
  for (const q of FUZZY_QUESTIONS) questions.set(`fuzzy ${q}`, q);
  return questions;
}

/** The fixtures' texts and the shared examples', when the checkout sits beside them. */
function probeAndSharedTexts(): Array<[string, string]> {
  const texts = probeTexts(root);
  if (existsSync(shared)) for (const c of readCases(shared)) texts.push([`shared ${c.id}`, c.text]);
  return texts;
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 20);

const firstOf = (list: ReadonlyArray<{ entryId: string; confidence?: number }>) =>
  `${list.length}${list[0] ? ` ${list[0].entryId}${list[0].confidence !== undefined ? ` ${list[0].confidence}` : ''}` : ''}`;

/** The result of one ask, as its JSON's hash and a readable summary. */
function answer(engine: Engine, ask: Ask, text: string): { sha256: string; first: string } {
  if (ask === 'other') {
    const refs = engine.otherMeanings(text);
    return { sha256: sha256(refs), first: firstOf(refs) };
  }
  if (ask === 'explain') {
    const found = engine.explain(text);
    return { sha256: sha256(found ?? null), first: firstOf(found ? [found] : []) };
  }
  if (ask === 'explicit') {
    const found = explicitAnswers(engine, [text]);
    return { sha256: sha256(found), first: firstOf(found) };
  }
  const limit = ask === 'lookup-1' ? 1 : ask === 'lookup-25' ? 25 : undefined;
  const result = engine.lookup(text, limit === undefined ? {} : { limit });
  return { sha256: sha256(result), first: `${result.status} ${result.mode} ${firstOf(result.answers)}` };
}

/** One ask of the record and its question; `stored`: the question is kept in the record (probes). */
type Asked = Pick<Recorded, 'engine' | 'ask' | 'name'> & { readonly text: string; readonly stored: boolean };

/** Every ask of the record, each with its text: generated ones rebuilt, probes' stored. */
function asks(): Asked[] {
  const out: Asked[] = [];
  for (const [engineName, engine] of engines) {
    let i = 0;
    for (const [name, text] of questionsOf(engineName, engine)) {
      out.push({ engine: engineName, ask: 'lookup', name, text, stored: false });
      // The limits the product asks with: one answer (a pointed-at message), its links (25).
      if (i % 9 === 0) out.push({ engine: engineName, ask: 'lookup-1', name, text, stored: false });
      if (i % 9 === 1) out.push({ engine: engineName, ask: 'lookup-25', name, text, stored: false });
      i += 1;
    }
    const entries = engine.catalogs.flatMap((c) => c.entries);
    entries.forEach((entry, at) => {
      if (engineName === 'generated' && at % 13 !== 0) return;
      out.push({ engine: engineName, ask: 'other', name: `other ${entry.id}`, text: entry.id, stored: false });
      out.push({ engine: engineName, ask: 'explain', name: `explain ${entry.id}`, text: entry.id, stored: false });
    });
  }
  for (const [name, text] of probeAndSharedTexts()) {
    for (const ask of ['lookup', 'explicit'] as const) out.push({ engine: 'bundled', ask, name, text, stored: true });
  }
  return out;
}

const keyOf = (r: Pick<Recorded, 'engine' | 'ask' | 'name'>) => `${r.engine}\u0000${r.ask}\u0000${r.name}`;

if (process.env.LOOKUP_EQUIVALENCE_RECORD === '1') {
  const lines: string[] = [];
  for (const a of asks()) {
    const engine = engines.get(a.engine) as Engine;
    const recorded: Recorded = {
      engine: a.engine,
      ask: a.ask,
      name: a.name,
      ...(a.stored ? { text: a.text } : {}),
      ...answer(engine, a.ask, a.text),
    };
    lines.push(JSON.stringify(recorded));
  }
  writeFileSync(fixture, `${lines.join('\n')}\n`);
}

describe('a lookup answers every question as the recorded lookup did', () => {
  const recorded = readFileSync(fixture, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Recorded);
  const rebuilt = new Map(asks().map((a) => [keyOf(a), a.text]));

  it('the record covers the bench queries, probes, random questions and every entry', () => {
    const count = (test: (r: Recorded) => boolean) => recorded.filter(test).length;
    expect(count((r) => r.name.includes('.jsonl'))).toBeGreaterThan(1000);
    expect(count((r) => r.engine === 'bundled' && r.ask === 'lookup' && r.name.startsWith('bench '))).toBeGreaterThan(1500);
    expect(count((r) => r.engine === 'bundled' && r.ask === 'other')).toBe(466);
    expect(count((r) => r.engine === 'generated')).toBeGreaterThan(1000);
    expect(count((r) => r.name.startsWith('mix '))).toBeGreaterThan(2000);
  });

  it('every recorded question, the same result', { timeout: 120_000 }, () => {
    const differing: string[] = [];
    for (const r of recorded) {
      const text = r.text ?? rebuilt.get(keyOf(r));
      if (text === undefined) throw new Error(`no question for ${r.engine} ${r.ask} ${r.name}`);
      const now = answer(engines.get(r.engine) as Engine, r.ask, text);
      if (now.sha256 !== r.sha256)
        differing.push(`${r.engine} ${r.ask} ${JSON.stringify(r.name)}: ${now.first} (${now.sha256}) was ${r.first} (${r.sha256})`);
    }
    expect(differing).toEqual([]);
  });
});
