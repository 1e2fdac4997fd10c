/**
 * How much of a hand-curated catalog an import reproduces: each curated row counts when the import
 * has an entry with the same code, in the same scope (section heading, table heading, field, main
 * code) and with the same description in the source's language. The rest are listed as misses.
 */
import { parseCode } from '../catalog/codes.js';
import type { CatalogInput, EntryInput, LocalTextInput } from '../catalog/schema.js';
import { squash } from '../text.js';

export interface Miss {
  readonly scope: string;
  readonly code: string;
  readonly expected: string;
  /** What the import has for this code in this scope, or undefined when it has nothing. */
  readonly got?: string;
}

export interface Comparison {
  readonly rows: number;
  readonly reproduced: number;
  readonly share: number;
  readonly misses: readonly Miss[];
}

export function sourceText(text: LocalTextInput | undefined, language: 'en' | 'zh'): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return squash(text);
  return squash(language === 'zh' ? text.zh : text.en);
}

/** Scope and code of an entry, the way a lookup tells entries apart. */
function entryKey(
  section: { heading: string },
  table: { heading?: string; field: string },
  entry: EntryInput,
): { scope: string; key: string } {
  const scope = [squash(section.heading), squash(table.heading ?? ''), table.field].join(' | ');
  const code = parseCode(entry.code)?.spelling ?? entry.code;
  const main = entry.main ? `${parseCode(entry.main)?.spelling ?? entry.main}/` : '';
  return { scope, key: `${scope} | ${main}${code}${entry.variant ? `#${entry.variant}` : ''}` };
}

function index(catalog: CatalogInput): Map<string, EntryInput> {
  const byKey = new Map<string, EntryInput>();
  for (const section of catalog.sections) {
    for (const table of section.tables) {
      for (const entry of table.entries) byKey.set(entryKey(section, table, entry).key, entry);
    }
  }
  return byKey;
}

export function compareCatalogs(curated: CatalogInput, imported: CatalogInput): Comparison {
  const found = index(imported);
  const language = curated.language;
  let rows = 0;
  let reproduced = 0;
  const misses: Miss[] = [];
  for (const section of curated.sections) {
    for (const table of section.tables) {
      for (const entry of table.entries) {
        rows += 1;
        const { scope, key } = entryKey(section, table, entry);
        const expected = sourceText(entry.description, language);
        const match = found.get(key);
        const got = match ? sourceText(match.description, language) : undefined;
        if (got === expected) reproduced += 1;
        else
          misses.push({
            scope,
            code: `${entry.main ? `${entry.main}/` : ''}${entry.code}`,
            expected,
            ...(got !== undefined ? { got } : {}),
          });
      }
    }
  }
  return { rows, reproduced, share: rows === 0 ? 1 : reproduced / rows, misses };
}
