/**
 * Every catalog entry, table and catalog header built with the same properties in the same order,
 * an optional one `undefined` where the catalog leaves it out. Scoring reads a handful of fields of
 * every entry a code reaches: when entries come in many shapes (a conditional spread per optional
 * field gave ten; entries revived from compiled JSON, some 240) each of those reads is a look-up
 * by name, and one shape makes it a load. JSON.stringify leaves `undefined` out, so compiled files
 * and answers are unchanged.
 */
import type { CatalogEntry, CatalogInfo, TableInfo } from './model.js';

export function shapedEntry(e: CatalogEntry): CatalogEntry {
  return shapedEntryIn(e, e.catalog, e.table);
}

/**
 * An entry of these fields in `catalog` and `table`: the reload receiver puts the shared ones back
 * on each cloned entry without building an object in between (its other fields are not read).
 */
export function shapedEntryIn(e: Omit<CatalogEntry, 'catalog' | 'table'>, catalog: CatalogInfo, table: TableInfo): CatalogEntry {
  return {
    id: e.id,
    catalog,
    table,
    code: e.code,
    span: e.span,
    aliases: e.aliases,
    misprints: e.misprints,
    main: e.main,
    variant: e.variant,
    signals: e.signals,
    outcome: e.outcome,
    title: e.title,
    description: e.description,
    solution: e.solution,
    causes: e.causes,
    checklist: e.checklist,
    keywords: e.keywords,
    note: e.note,
    sourceText: e.sourceText,
    line: e.line,
  };
}

export function shapedTable(t: TableInfo): TableInfo {
  return {
    id: t.id,
    sectionId: t.sectionId,
    sectionHeading: t.sectionHeading,
    sectionName: t.sectionName,
    heading: t.heading,
    name: t.name,
    url: t.url,
    docs: t.docs,
    field: t.field,
    mainField: t.mainField,
    notation: t.notation,
    keywords: t.keywords,
  };
}

export function shapedInfo(i: CatalogInfo): CatalogInfo {
  return {
    id: i.id,
    name: i.name,
    language: i.language,
    document: i.document,
    title: i.title,
    docs: i.docs,
    keywords: i.keywords,
    file: i.file,
  };
}
