/**
 * What a message or query says besides its codes: platform and endpoint words, endpoint URLs and
 * nsp_svc names. Keywords come from the catalogs themselves, so a new catalog brings its own.
 */
import type { CatalogEntry, TableInfo } from '../catalog/model.js';
import { isCjk, tokenize } from './tokens.js';

/** Parts of snake_case and camelCase identifiers. */
const SUB_WORD = /[A-Z]?[a-z]{2,}|[A-Z]{2,}(?![a-z])/g;

/** Text read for context; a huge paste's tail adds nothing a reply would use. */
export const CONTEXT_TEXT_LIMIT = 256 * 1024;

export interface TextContext {
  /** Keywords present in the text. */
  readonly keywords: ReadonlySet<string>;
  /** Table ids (`catalog:section.table`) whose section URL or nsp_svc appears in the text. */
  readonly urlTables: ReadonlySet<string>;
  /** The text, lower case (bounded). */
  readonly lower: string;
}

interface KeywordPattern {
  readonly keyword: string;
  readonly words: readonly string[];
  readonly cjk: boolean;
}

export class ContextReader {
  private readonly patterns: KeywordPattern[];
  private readonly urlMarkers: Array<{ marker: string; tableKey: string }> = [];

  constructor(entries: readonly CatalogEntry[]) {
    const keywords = new Set<string>();
    const tables = new Map<string, TableInfo>();
    for (const entry of entries) {
      for (const k of entry.catalog.keywords) keywords.add(k);
      for (const k of entry.table.keywords) keywords.add(k);
      for (const k of entry.keywords) keywords.add(k);
      tables.set(tableKey(entry), entry.table);
    }
    this.patterns = [...keywords].map((keyword) => ({ keyword, words: tokenize(keyword), cjk: isCjk(keyword) }));
    for (const [key, table] of tables) {
      for (const marker of urlMarkers(table.url)) this.urlMarkers.push({ marker, tableKey: key });
    }
  }

  read(text: string): TextContext {
    const bounded = text.slice(0, CONTEXT_TEXT_LIMIT);
    const lower = bounded.toLowerCase();
    const words = new Set(tokenize(lower));
    // `oidb_ret`, `OidbClient`, `hmsPushSender`: the parts name the platform too.
    for (const part of bounded.match(SUB_WORD) ?? []) words.add(part.toLowerCase());
    const keywords = new Set<string>();
    for (const pattern of this.patterns) {
      if (pattern.words.length === 0) continue;
      if (!pattern.cjk && !pattern.words.every((w) => words.has(w))) continue;
      if (pattern.words.length === 1 && !pattern.cjk) keywords.add(pattern.keyword);
      else if (lower.includes(pattern.keyword)) keywords.add(pattern.keyword);
    }
    const urlTables = new Set<string>();
    for (const { marker, tableKey: key } of this.urlMarkers) if (lower.includes(marker)) urlTables.add(key);
    return { keywords, urlTables, lower };
  }
}

export function tableKey(entry: CatalogEntry): string {
  return `${entry.catalog.id}:${entry.table.sectionId}`;
}

/**
 * Strings that identify an endpoint in a log: the path (`/oauth2/v3/token`, with a boundary so
 * `/oauth2/v3/tokeninfo` is not mistaken for it) and the nsp_svc value.
 */
function urlMarkers(url: string | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const markers: string[] = [];
  const svc = parsed.searchParams.get('nsp_svc');
  if (svc) markers.push(`nsp_svc=${svc.toLowerCase()}`, svc.toLowerCase());
  else if (parsed.pathname.length > 1) markers.push(parsed.pathname.toLowerCase());
  return markers;
}
