/**
 * Exact-lookup queries as people type them, for every code of a catalog set: the code as written,
 * its other notation (hex tables: `0x9b`, `0X9B`, `155`), the pair `main sub`, `field=value`, the
 * two fields of a two-level code, and the code after a platform word (`qq 6`). The bench times
 * lookups over all of them, so a figure is what users see and not ten cached queries; the fast-path
 * test checks every one of them against the general path.
 */
import { hexSpelling } from '../src/catalog/codes.js';
import type { CatalogEntry } from '../src/catalog/model.js';

/** Each query once, in catalog order; `every`: read only every n-th entry (a huge catalog's sample). */
export function exactQueries(entries: readonly CatalogEntry[], every = 1): string[] {
  const out = new Set<string>();
  for (let i = 0; i < entries.length; i += every) for (const query of queriesFor(entries[i] as CatalogEntry)) out.add(query);
  return [...out];
}

function queriesFor(entry: CatalogEntry): string[] {
  const { span, table } = entry;
  // A range is asked for by one of its values: its first end as the catalog writes it.
  const code = span.isRange ? (span.spelling.split('~')[0] as string) : entry.code;
  const queries = [code, `${table.field}=${code}`];
  if (span.hex) {
    queries.push(code.toUpperCase(), String(span.low));
  } else if (table.notation === 'hex') {
    queries.push(hexSpelling(span.low));
  }
  if (entry.main !== undefined) {
    queries.push(`${entry.main} ${code}`, `${table.mainField ?? 'error'}=${entry.main} ${table.field}=${code}`);
  }
  const platform = entry.catalog.keywords[0];
  if (platform) queries.push(`${platform} ${code}`);
  const scope = table.keywords[0];
  if (scope) queries.push(`${scope} ${code}`);
  return queries;
}

/** The code a linear scan looks for in a query: its last code token, as written. */
export function lastCode(query: string): string {
  const codes = query.match(/-?(?:0x[0-9a-f]+|\d+)(?![\w.])/gi) ?? [];
  return codes.at(-1) ?? query;
}
