/**
 * Memoises a pure function of a catalog entry: titles, refs, meaning keys and related codes are
 * asked for on every answer, and computing them each time was most of an exact lookup's cost.
 */
import type { CatalogEntry } from '../catalog/model.js';

export function perEntry<V>(compute: (entry: CatalogEntry) => V): (entry: CatalogEntry) => V {
  const cache = new WeakMap<CatalogEntry, V>();
  return (entry) => {
    // One look-up for a value that is there (none of these functions gives undefined).
    const known = cache.get(entry);
    if (known !== undefined || cache.has(entry)) return known as V;
    const value = compute(entry);
    cache.set(entry, value);
    return value;
  };
}
