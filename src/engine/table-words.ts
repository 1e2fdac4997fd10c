/**
 * Words that name one table of a section against its sibling tables: the OIDB command (`0x711`,
 * `0x73a`, `decode0x711`) and the words only that table's keywords hold (`pay token`). Written
 * anywhere in a message, such a word is the strongest clue there is: a decimal `ret` falling inside
 * a hex range of the named table beats an exact match of the same value in its sibling. Computed
 * once per catalog set.
 */
import type { CatalogEntry } from '../catalog/model.js';
import { type Steps, stepDue } from './steps.js';

interface TableWords {
  /** Keywords of this table that no sibling table of its section has. */
  readonly own: readonly string[];
  /** The own keywords of its sibling tables. */
  readonly rivals: readonly string[];
}

const byEntry = new WeakMap<CatalogEntry, TableWords>();

const tableId = (entry: CatalogEntry) => `${entry.catalog.id}:${entry.table.id}`;

/** Computed in steps (src/engine/steps.ts): Engine.build runs them in time slices. */
export function* indexTableWordsInSteps(entries: readonly CatalogEntry[]): Steps<void> {
  const sections = new Map<string, Map<string, ReadonlySet<string>>>();
  const wordsOf = new Map<string, TableWords>();
  let previous: CatalogEntry | undefined;
  for (let i = 0; i < entries.length; i += 1) {
    if (stepDue(i)) yield;
    const entry = entries[i] as CatalogEntry;
    // A table's words are the table's, not the entry's: read once per run of its entries.
    if (entry.table === previous?.table) continue;
    previous = entry;
    const section = `${entry.catalog.id}:${entry.table.sectionId}`;
    const tables = sections.get(section) ?? new Map<string, ReadonlySet<string>>();
    tables.set(tableId(entry), new Set(entry.table.keywords));
    sections.set(section, tables);
  }
  for (const tables of sections.values()) {
    yield;
    const own = new Map<string, string[]>();
    for (const [id, words] of tables) {
      const others = [...tables].filter(([other]) => other !== id).map(([, w]) => w);
      own.set(
        id,
        [...words].filter((w) => others.length > 0 && others.every((o) => !o.has(w))),
      );
    }
    for (const id of tables.keys()) {
      const rivals = [...own].filter(([other]) => other !== id).flatMap(([, words]) => words);
      wordsOf.set(id, { own: own.get(id) ?? [], rivals });
    }
  }
  let table: CatalogEntry['table'] | undefined;
  let words: TableWords | undefined;
  for (let i = 0; i < entries.length; i += 1) {
    if (stepDue(i)) yield;
    const entry = entries[i] as CatalogEntry;
    if (entry.table !== table) {
      table = entry.table;
      words = wordsOf.get(tableId(entry));
    }
    if (words) byEntry.set(entry, words);
  }
}

/**
 * `picked`: the text names the entry's table by one of its own words; `other`: it names a sibling
 * table and not this one; undefined: it names neither, or the table has no words of its own (the
 * OIDB common table is every command's).
 */
export function tableNamed(entry: CatalogEntry, keywords: ReadonlySet<string>): { named: 'picked' | 'other'; word: string } | undefined {
  const words = byEntry.get(entry);
  if (!words || words.own.length === 0) return undefined;
  const own = firstIn(words.own, keywords);
  if (own) return { named: 'picked', word: own };
  const rival = firstIn(words.rivals, keywords);
  return rival ? { named: 'other', word: rival } : undefined;
}

/** A loop, not find with a closure: this runs for every entry a code reaches. */
function firstIn(list: readonly string[], keywords: ReadonlySet<string>): string | undefined {
  for (const word of list) if (keywords.has(word)) return word;
  return undefined;
}
