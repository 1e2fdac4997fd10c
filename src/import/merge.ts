/**
 * `errcode import --merge catalogs/x.yaml PAGE`: what the page adds, changes and drops compared
 * with a catalog that exists, matched by scope (section heading or URL, table heading or field) and
 * code. Entries whose source text did not change are kept as they are, with everything written by
 * hand (renderings, checklists, keywords, notes); changed ones take the page's text and keep their
 * keywords; entries the page no longer has are kept and listed, for a person to decide.
 */
import { parseCode } from '../catalog/codes.js';
import type { CatalogInput, EntryInput, SectionInput, TableInput } from '../catalog/schema.js';
import { squash } from '../text.js';
import { sourceText } from './compare.js';

export interface MergeResult {
  readonly catalog: CatalogInput;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly missing: readonly string[];
  readonly unchanged: number;
}

function entryKey(entry: EntryInput): string {
  const code = parseCode(entry.code)?.spelling ?? entry.code;
  return `${entry.main ? `${parseCode(entry.main)?.spelling ?? entry.main}/` : ''}${code}${entry.variant ? `#${entry.variant}` : ''}`;
}

function label(entry: EntryInput): string {
  return `${entry.main ? `${entry.main} ` : ''}${entry.code}`;
}

/**
 * The words of an entry that come from the source, in the catalog's language. Causes count only
 * where the page gives them: a curator often writes causes out of a solution by hand.
 */
function sourceWords(entry: EntryInput, language: 'en' | 'zh', withCauses: boolean): string {
  return [
    sourceText(entry.description, language),
    sourceText(entry.solution, language),
    ...(withCauses ? (entry.causes ?? []) : []).map((c) => sourceText(c, language)),
  ].join('\n');
}

function findSection(sections: readonly SectionInput[], wanted: SectionInput, used: Set<SectionInput>): SectionInput | undefined {
  const free = sections.filter((s) => !used.has(s));
  return (
    free.find((s) => squash(s.heading) === squash(wanted.heading)) ??
    (wanted.url ? free.find((s) => s.url !== undefined && s.url === wanted.url) : undefined)
  );
}

function findTable(tables: readonly TableInput[], wanted: TableInput, used: Set<TableInput>): TableInput | undefined {
  const free = tables.filter((t) => !used.has(t));
  if (wanted.heading) {
    const byHeading = free.find((t) => t.heading !== undefined && squash(t.heading) === squash(wanted.heading ?? ''));
    if (byHeading) return byHeading;
  }
  const byField = free.find((t) => t.field === wanted.field && (t.main_field ?? '') === (wanted.main_field ?? ''));
  if (byField) return byField;
  // The page did not say the field (a generic "code" header): the table sharing most of its codes.
  const wantedKeys = new Set(wanted.entries.map(entryKey));
  let best: TableInput | undefined;
  let bestShared = 0;
  for (const t of free) {
    const shared = t.entries.filter((e) => wantedKeys.has(entryKey(e))).length;
    if (shared > bestShared && shared * 2 >= Math.min(wantedKeys.size, t.entries.length)) [best, bestShared] = [t, shared];
  }
  return best;
}

function uniqueId(taken: readonly string[], id: string): string {
  let candidate = id;
  for (let n = 2; taken.includes(candidate); n += 1) candidate = `${id}-${n}`;
  return candidate;
}

export function mergeCatalogs(existing: CatalogInput, imported: CatalogInput): MergeResult {
  const language = existing.language;
  const merged: CatalogInput = structuredClone(existing);
  const added: string[] = [];
  const changed: string[] = [];
  const missing: string[] = [];
  let unchanged = 0;
  const usedSections = new Set<SectionInput>();
  const usedTables = new Set<TableInput>();
  const seenEntries = new Set<EntryInput>();
  for (const section of imported.sections) {
    const target = findSection(merged.sections, section, usedSections);
    if (!target) {
      const id = uniqueId(
        merged.sections.map((s) => s.id),
        section.id,
      );
      merged.sections.push({ ...section, id });
      for (const t of section.tables)
        for (const e of t.entries)
          added.push(`${section.heading} / ${t.heading ?? t.field}: ${label(e)}  ${sourceText(e.description, language)}`);
      continue;
    }
    usedSections.add(target);
    if (!target.url && section.url) target.url = section.url;
    for (const table of section.tables) {
      const into = findTable(target.tables, table, usedTables);
      const where = `${target.heading} / ${into?.heading ?? into?.field ?? table.heading ?? table.field}`;
      if (!into) {
        const id = uniqueId(
          target.tables.map((t) => t.id ?? t.field.toLowerCase()),
          table.id ?? table.field.toLowerCase(),
        );
        target.tables.push(id === table.field.toLowerCase() ? table : { ...table, id });
        for (const e of table.entries) added.push(`${where}: ${label(e)}  ${sourceText(e.description, language)}`);
        continue;
      }
      usedTables.add(into);
      const byKey = new Map(into.entries.map((e) => [entryKey(e), e]));
      for (const entry of table.entries) {
        const old = byKey.get(entryKey(entry));
        if (!old) {
          into.entries.push(entry);
          added.push(`${where}: ${label(entry)}  ${sourceText(entry.description, language)}`);
          continue;
        }
        seenEntries.add(old);
        const at = into.entries.indexOf(old);
        const withCauses = entry.causes !== undefined;
        if (sourceWords(old, language, withCauses) === sourceWords(entry, language, withCauses)) {
          unchanged += 1;
          into.entries[at] = { ...old, ...(entry.provenance ? { provenance: entry.provenance } : {}) };
        } else {
          into.entries[at] = { ...entry, ...(old.keywords ? { keywords: old.keywords } : {}) };
          changed.push(
            `${where}: ${label(entry)}  "${sourceText(old.description, language)}" -> "${sourceText(entry.description, language)}"${sourceText(old.description, language) === sourceText(entry.description, language) ? ' (solution or causes changed)' : ''}`,
          );
        }
        seenEntries.add(into.entries[at] as EntryInput);
      }
    }
  }
  for (const section of merged.sections) {
    for (const table of section.tables) {
      for (const entry of table.entries) {
        if (seenEntries.has(entry)) continue;
        if (imported.sections.some((s) => s.tables.some((t) => t.entries.includes(entry)))) continue;
        missing.push(`${section.heading} / ${table.heading ?? table.field}: ${label(entry)}  ${sourceText(entry.description, language)}`);
      }
    }
  }
  return { catalog: merged, added, changed, missing, unchanged };
}
