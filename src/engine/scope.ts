/**
 * Words in a question that name where an error lives rather than what it says: a table or catalog
 * keyword (`game center`, `oidb`, `revoke`), or part of a Chinese section name (`一键登录`).
 */
import type { CatalogEntry } from '../catalog/model.js';
import type { TextContext } from './context.js';
import { runSteps, type Steps, stepDue } from './steps.js';
import { isCjk, STOPWORDS, tokenize } from './tokens.js';

export interface Scope {
  /** The scope words found, as written in the catalogs. */
  readonly words: readonly string[];
  /** Those of them that are table keywords (`access token` names QQ's 0x711 table and Huawei's token endpoint). */
  readonly tableWords: readonly string[];
  /** `catalog:section.table` keys, `catalog:section` keys and catalog ids they name. */
  readonly tables: ReadonlySet<string>;
  readonly sections: ReadonlySet<string>;
  readonly catalogs: ReadonlySet<string>;
  /** The query without its scope words. */
  strip(query: string): string;
}

export class ScopeWords {
  private readonly tablesByWord = new Map<string, Set<string>>();
  private readonly catalogsByWord = new Map<string, Set<string>>();

  constructor(entries: readonly CatalogEntry[]) {
    runSteps(this.addAll(entries));
  }

  /** The same words, read in steps (src/engine/steps.ts). */
  static *build(entries: readonly CatalogEntry[]): Steps<ScopeWords> {
    const scopes = new ScopeWords([]);
    yield* scopes.addAll(entries);
    return scopes;
  }

  private *addAll(entries: readonly CatalogEntry[]): Steps<void> {
    let previous: CatalogEntry | undefined;
    for (let i = 0; i < entries.length; i += 1) {
      if (stepDue(i)) yield;
      const entry = entries[i] as CatalogEntry;
      // Words of a table and of a catalog, not of an entry: read once per run of the table's entries.
      if (entry.table !== previous?.table) {
        const table = `${entry.catalog.id}:${entry.table.id}`;
        for (const word of entry.table.keywords) add(this.tablesByWord, word, table);
      }
      if (entry.catalog !== previous?.catalog) {
        for (const word of entry.catalog.keywords) add(this.catalogsByWord, word, entry.catalog.id);
      }
      previous = entry;
    }
  }

  /**
   * The tables of its own catalogs a catalog keyword names by one of its words: the context reader
   * hides the words a longer keyword covers, and `huawei push` names the push table as `push` does.
   */
  private tablesInPhrase(phrase: string, catalogs: ReadonlySet<string>): Set<string> | undefined {
    if (!phrase.includes(' ')) return undefined;
    let found: Set<string> | undefined;
    for (const part of phrase.split(' ')) {
      for (const table of this.tablesByWord.get(part) ?? []) {
        if (!catalogs.has(table.slice(0, table.indexOf(':')))) continue;
        found ??= new Set();
        found.add(table);
      }
    }
    return found;
  }

  /** Chinese section names are matched by the context reader, for lookups and scans alike. */
  of(context: TextContext): Scope {
    const words: string[] = [...context.sectionWords];
    const tables = new Set<string>();
    const tableWords: string[] = [];
    const catalogs = new Set<string>();
    for (const word of context.keywords) {
      const c = this.catalogsByWord.get(word);
      const t = this.tablesByWord.get(word) ?? (c ? this.tablesInPhrase(word, c) : undefined);
      if (t) tableWords.push(word);
      if (t) for (const key of t) tables.add(key);
      if (c) for (const id of c) catalogs.add(id);
      if (t || c) words.push(word);
    }
    return {
      words,
      tableWords,
      tables,
      sections: context.sectionTables,
      catalogs,
      strip(text: string) {
        let out = text.toLowerCase();
        for (const word of [...words].sort((a, b) => b.length - a.length)) {
          out = isCjk(word)
            ? out.replaceAll(word, ' ')
            : out.replace(new RegExp(`(?<![a-z0-9_])${escapeRegExp(word)}(?![a-z0-9_])`, 'g'), ' ');
        }
        return out.replace(/\s+/g, ' ').trim();
      },
    };
  }
}

/** Whether a text still says something to search for once scope words are gone. */
export function hasSearchableWords(text: string): boolean {
  return tokenize(text).some(isSearchable);
}

/** How many words of a text are searched for (a CJK run counts one). */
export function searchableWords(text: string): number {
  return tokenize(text).filter(isSearchable).length;
}

const isSearchable = (token: string) => isCjk(token) || (token.length >= 2 && !STOPWORDS.has(token) && !/^\d+$/.test(token));

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
