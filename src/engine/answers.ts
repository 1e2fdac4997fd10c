/** Turns scored entries into answers: identical meanings grouped, best first, with related codes. */
import type { CatalogEntry } from '../catalog/model.js';
import { type Answer, type Clue, type EntryRef, type Place, refOf, titleOf } from './answer.js';
import { shortKey } from './keys.js';
import { perEntry } from './per-entry.js';
import { confidenceOf, type Scored } from './score.js';
import { runSteps, type Steps, stepDue } from './steps.js';

/** How many neighbouring codes an answer lists as related. */
export const RELATED_LIMIT = 4;

/**
 * Entries with the same code, field and texts in different sections are one meaning (HTTP 500 is
 * listed by every Account Kit endpoint): they become one answer that says where it applies.
 */
export const meaningKey = perEntry(computeMeaningKey);

function computeMeaningKey(entry: CatalogEntry): string {
  return [
    entry.catalog.id,
    entry.table.field,
    entry.main ?? '',
    entry.span.spelling,
    entry.variant ?? '',
    entry.description.en,
    entry.description.zh ?? '',
    entry.solution?.en ?? '',
    entry.solution?.zh ?? '',
  ].join('\u0000');
}

export class AnswerBuilder {
  private readonly groups = new Map<string, CatalogEntry[]>();
  private readonly tableEntries = new Map<string, CatalogEntry[]>();
  /** Each entry's meaning group (the array in `groups`): equal meanings, one array. */
  private readonly groupOf = new Map<CatalogEntry, CatalogEntry[]>();

  constructor(entries: readonly CatalogEntry[]) {
    runSteps(this.addAll(entries));
  }

  /** The same builder, its entries grouped in steps (src/engine/steps.ts). */
  static *build(entries: readonly CatalogEntry[]): Steps<AnswerBuilder> {
    const builder = new AnswerBuilder([]);
    yield* builder.addAll(entries);
    return builder;
  }

  private *addAll(entries: readonly CatalogEntry[]): Steps<void> {
    for (let i = 0; i < entries.length; i += 1) {
      if (stepDue(i)) yield;
      const entry = entries[i] as CatalogEntry;
      const key = meaningKey(entry);
      const group = this.groups.get(key) ?? [];
      group.push(entry);
      this.groups.set(key, group);
      this.groupOf.set(entry, group);
      const tableId = `${entry.catalog.id}:${entry.table.id}`;
      const list = this.tableEntries.get(tableId) ?? [];
      list.push(entry);
      this.tableEntries.set(tableId, list);
    }
  }

  /** Best scored entry per meaning, best first. */
  rank(scored: readonly Scored[]): Scored[] {
    // One entry reached (most codes): nothing to group or order.
    if (scored.length < 2) return scored.slice();
    // A code reaches a handful of entries: their meanings are told apart by a scan of the few
    // kept so far, each meaning by its group (one array per meaning), in first-seen order.
    const best: Scored[] = [];
    const meanings: unknown[] = [];
    for (const s of scored) {
      const meaning = this.groupOf.get(s.entry) ?? meaningKey(s.entry);
      const at = meanings.indexOf(meaning);
      if (at < 0) {
        meanings.push(meaning);
        best.push(s);
      } else if (s.score > (best[at] as Scored).score) best[at] = s;
    }
    return best.sort(byScoreThenLine);
  }

  answer(entry: CatalogEntry, score: number, why: readonly Clue[], matchedAs?: string): Answer {
    // Copied, then the per-answer fields set in the order a spread would give them: on Node 20,
    // `{ ...base, confidence, why }` over an object this size takes microseconds (a slow path in
    // V8's clone), an exact lookup's largest single cost; Object.assign into `{}` does not.
    const answer = Object.assign({}, this.baseAnswer(entry)) as Mutable<Answer>;
    if (matchedAs && matchedAs !== entry.code) answer.matchedAs = matchedAs;
    answer.confidence = confidenceOf(score);
    answer.why = dedupeClues(why);
    return answer;
  }

  /**
   * Everything in an answer that depends on the entry alone, built once per entry: an exact lookup
   * is a map hit, and building this (places, provenance, related codes) was most of its time.
   */
  private readonly baseAnswer = perEntry((entry): Omit<Answer, 'confidence' | 'why' | 'matchedAs'> => {
    const group = this.groups.get(meaningKey(entry)) ?? [entry];
    const appliesTo: Place[] = [entry, ...group.filter((e) => e !== entry)].map((e) => ({
      entryId: e.id,
      catalogId: e.catalog.id,
      section: e.table.sectionName,
      ...(e.table.url ? { url: e.table.url } : {}),
    }));
    const table = entry.table;
    return {
      entryId: entry.id,
      entryKey: shortKey(entry.id),
      catalog: { id: entry.catalog.id, name: entry.catalog.name, title: entry.catalog.title },
      section: {
        id: table.sectionId,
        name: table.name ?? table.sectionName,
        ...(table.url ? { url: table.url } : {}),
        ...(table.docs ? { docs: table.docs } : {}),
      },
      field: table.field,
      ...(table.mainField ? { mainField: table.mainField } : {}),
      code: entry.code,
      ...(entry.main ? { main: entry.main } : {}),
      aliases: [...entry.aliases, ...entry.misprints].map((a) => a.spelling),
      ...(entry.variant ? { variant: entry.variant } : {}),
      outcome: entry.outcome,
      sourceLanguage: entry.catalog.language,
      title: titleOf(entry),
      description: entry.description,
      ...(entry.solution ? { solution: entry.solution } : {}),
      causes: entry.causes,
      checklist: entry.checklist,
      ...(entry.note ? { note: entry.note } : {}),
      ...(entry.sourceText ? { sourceText: entry.sourceText } : {}),
      provenance: {
        document: entry.catalog.document,
        section: table.sectionHeading,
        ...(table.heading ? { table: table.heading } : {}),
        ...(table.url ? { url: table.url } : {}),
      },
      appliesTo,
      related: this.related(entry),
    };
  });

  /**
   * Neighbours in the source table: the codes a developer reads next to this one. Entries of the
   * same code (its variants) are other meanings, not related codes.
   */
  readonly related = perEntry((entry) => this.computeRelated(entry));

  private computeRelated(entry: CatalogEntry): EntryRef[] {
    const list = this.tableEntries.get(`${entry.catalog.id}:${entry.table.id}`) ?? [];
    const at = list.indexOf(entry);
    const near: CatalogEntry[] = [];
    for (let distance = 1; near.length < RELATED_LIMIT && distance < list.length; distance += 1) {
      for (const candidate of [list[at - distance], list[at + distance]]) {
        if (!candidate || candidate.outcome === 'success' || near.length >= RELATED_LIMIT) continue;
        if (candidate.code === entry.code && candidate.main === entry.main) continue;
        near.push(candidate);
      }
    }
    return near.map(refOf);
  }
}

const byScoreThenLine = (a: Scored, b: Scored) => b.score - a.score || a.entry.line - b.entry.line;

/** The clues with repeats left out, first occurrence kept (an answer has a handful: no set needed). */
function dedupeClues(clues: readonly Clue[]): Clue[] {
  const out: Clue[] = [];
  for (const clue of clues) {
    if (!out.some((c) => c.kind === clue.kind && c.detail === clue.detail)) out.push(clue);
  }
  return out;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
