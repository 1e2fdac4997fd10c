/** Turns scored entries into answers: identical meanings grouped, best first, with related codes. */
import type { CatalogEntry, CatalogInfo, TableInfo } from '../catalog/model.js';
import { type Answer, type Clue, type EntryRef, type Place, type Provenance, refOf, titleOf } from './answer.js';
import { shortKey } from './keys.js';
import { perEntry } from './per-entry.js';
import { confidenceOf, type Scored } from './score.js';
import { runSteps, type Steps, stepDue } from './steps.js';

/** How many neighbouring codes an answer lists as related. */
export const RELATED_LIMIT = 4;

/** Entries whose base answers AnswerBuilder.prepare builds ahead (the bundled catalogs and a few big custom ones). */
export const PREPARED_BASES_LIMIT = 20_000;

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

  /**
   * What answers about these entries read, built now rather than on each entry's first answer,
   * which then costs what every later one does: a server's build (Engine.build) does this, a
   * one-question process (the CLI) would pay for answers it never gives. Every entry's related
   * codes with the refs and titles they list, walked table by table so each entry's place in its
   * table is known without a search; and up to PREPARED_BASES_LIMIT entries, every base answer
   * (at 100,000 entries those would be some 40 MB more, and the related codes were most of a
   * first answer's cost).
   */
  *prepare(): Steps<void> {
    let n = 0;
    for (const list of this.tableEntries.values()) {
      for (let at = 0; at < list.length; at += 1, n += 1) {
        if (stepDue(n)) yield;
        const entry = list[at] as CatalogEntry;
        if (!this.relatedOf.has(entry)) this.relatedOf.set(entry, relatedAt(list, at));
      }
    }
    if (n > PREPARED_BASES_LIMIT) return;
    for (const list of this.tableEntries.values()) {
      for (let at = 0; at < list.length; at += 1, n += 1) {
        if (stepDue(n)) yield;
        this.baseAnswer(list[at] as CatalogEntry);
      }
    }
  }

  /** Best scored entry per meaning, best first. */
  /** What tells an entry's meaning apart: entries of one group ("Applies to") share it. */
  meaningOf(entry: CatalogEntry): unknown {
    return this.groupOf.get(entry) ?? meaningKey(entry);
  }

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
    return copyOf(
      this.baseAnswer(entry),
      matchedAs && matchedAs !== entry.code ? matchedAs : undefined,
      confidenceOf(score),
      dedupeClues(why),
    );
  }

  /**
   * Everything in an answer that depends on the entry alone, built once per entry: an exact lookup
   * is a map hit, and building this (places, provenance, related codes) was most of its time.
   */
  private baseAnswer(entry: CatalogEntry): BaseAnswer {
    let base = this.bases.get(entry);
    if (base === undefined) {
      base = this.buildBase(entry);
      this.bases.set(entry, base);
    }
    return base;
  }

  /** Built once per entry; a Map, not a WeakMap: the builder holds its entries anyway, and a WeakMap's inserts cost more. */
  private readonly bases = new Map<CatalogEntry, BaseAnswer>();
  /** The parts every entry of a table (or catalog) shares, built once for all of them. */
  private readonly tableParts = new Map<TableInfo, TableParts>();
  private readonly catalogParts = new Map<CatalogInfo, Answer['catalog']>();
  private readonly places = new Map<CatalogEntry, Place>();

  /**
   * The entry's base: one object literal with every field, an optional one undefined where the
   * entry lacks it, so that every base has one shape and copyOf, which reads each of them for every
   * answer, reads them as one kind of object (bases of a dozen shapes made each of its reads a
   * search), as its answers are (copyOf).
   */
  private buildBase(entry: CatalogEntry): BaseAnswer {
    const table = entry.table;
    const parts = this.partsOf(entry);
    const aliases: string[] = [];
    for (const a of entry.aliases) aliases.push(a.spelling);
    for (const a of entry.misprints) aliases.push(a.spelling);
    const group = this.groupOf.get(entry) ?? this.groups.get(meaningKey(entry)) ?? [entry];
    const appliesTo: Place[] = [this.placeOf(entry)];
    for (const e of group) if (e !== entry) appliesTo.push(this.placeOf(e));
    return {
      entryId: entry.id,
      entryKey: shortKey(entry.id),
      catalog: parts.catalog,
      section: parts.section,
      field: table.field,
      mainField: table.mainField || undefined,
      code: entry.code,
      main: entry.main || undefined,
      aliases,
      variant: entry.variant || undefined,
      outcome: entry.outcome,
      sourceLanguage: entry.catalog.language,
      title: titleOf(entry),
      description: entry.description,
      solution: entry.solution || undefined,
      causes: entry.causes,
      checklist: entry.checklist,
      note: entry.note || undefined,
      sourceText: entry.sourceText || undefined,
      provenance: parts.provenance,
      appliesTo,
      related: this.related(entry),
    };
  }

  private partsOf(entry: CatalogEntry): TableParts {
    const table = entry.table;
    let parts = this.tableParts.get(table);
    if (parts === undefined) {
      let catalog = this.catalogParts.get(entry.catalog);
      if (catalog === undefined) {
        catalog = { id: entry.catalog.id, name: entry.catalog.name, title: entry.catalog.title };
        this.catalogParts.set(entry.catalog, catalog);
      }
      const section = { id: table.sectionId, name: table.name ?? table.sectionName } as Mutable<Answer['section']>;
      if (table.url) section.url = table.url;
      if (table.docs) section.docs = table.docs;
      const provenance = { document: entry.catalog.document, section: table.sectionHeading } as Mutable<Provenance>;
      if (table.heading) provenance.table = table.heading;
      if (table.url) provenance.url = table.url;
      parts = { catalog, section, provenance };
      this.tableParts.set(table, parts);
    }
    return parts;
  }

  private placeOf(entry: CatalogEntry): Place {
    let place = this.places.get(entry);
    if (place === undefined) {
      const made = { entryId: entry.id, catalogId: entry.catalog.id, section: entry.table.sectionName } as Mutable<Place>;
      if (entry.table.url) made.url = entry.table.url;
      place = made;
      this.places.set(entry, place);
    }
    return place;
  }

  /** Each entry's related codes (addRelated). */
  private readonly relatedOf = new Map<CatalogEntry, EntryRef[]>();

  /** The entry's related codes (one the builder was not given: read from its table's place, as found). */
  related(entry: CatalogEntry): EntryRef[] {
    let near = this.relatedOf.get(entry);
    if (near === undefined) {
      const list = this.tableEntries.get(`${entry.catalog.id}:${entry.table.id}`) ?? [];
      near = relatedAt(list, list.indexOf(entry), entry);
      this.relatedOf.set(entry, near);
    }
    return near;
  }
}

/**
 * Neighbours in the source table of the entry at `at`: the codes a developer reads next to this
 * one. Entries of the same code (its variants) are other meanings, not related codes.
 */
function relatedAt(list: readonly CatalogEntry[], at: number, entry = list[at] as CatalogEntry): EntryRef[] {
  const near: EntryRef[] = [];
  for (let distance = 1; near.length < RELATED_LIMIT && distance < list.length; distance += 1) {
    for (const candidate of [list[at - distance], list[at + distance]]) {
      if (!candidate || candidate.outcome === 'success' || near.length >= RELATED_LIMIT) continue;
      if (candidate.code === entry.code && candidate.main === entry.main) continue;
      near.push(refOf(candidate));
    }
  }
  return near;
}

type BaseAnswer = Omit<Answer, 'confidence' | 'why' | 'matchedAs'>;

interface TableParts {
  readonly catalog: Answer['catalog'];
  readonly section: Answer['section'];
  readonly provenance: Provenance;
}

/**
 * The base's fields and the answer's own, in the order the answer's JSON has always had, as one
 * object literal: every answer has one shape, an optional field undefined where the entry lacks it
 * (JSON leaves it out, as it left out the fields once added only where present). Answers of a
 * dozen shapes, one per mix of optional fields, made every store here, and every read of an answer
 * after it, a search among shapes; and `Object.assign({}, base)` or a spread copies an object this
 * size on a generic path on Node 20, over a microsecond per answer.
 */
function copyOf(base: BaseAnswer, matchedAs: string | undefined, confidence: number, why: readonly Clue[]): Answer {
  return {
    entryId: base.entryId,
    entryKey: base.entryKey,
    catalog: base.catalog,
    section: base.section,
    field: base.field,
    mainField: base.mainField,
    code: base.code,
    main: base.main,
    aliases: base.aliases,
    variant: base.variant,
    outcome: base.outcome,
    sourceLanguage: base.sourceLanguage,
    title: base.title,
    description: base.description,
    solution: base.solution,
    causes: base.causes,
    checklist: base.checklist,
    note: base.note,
    sourceText: base.sourceText,
    provenance: base.provenance,
    appliesTo: base.appliesTo,
    related: base.related,
    matchedAs,
    confidence,
    why,
  };
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
