/** Short, stable keys for entries: what button values and custom_ids carry instead of long ids. */

/**
 * A short, stable key for an entry id (FNV-1a 64-bit, base 36): catalog entry ids can be long,
 * Discord's custom_id is not.
 */
const keyCache = new Map<string, string>();

export function shortKey(id: string): string {
  const cached = keyCache.get(id);
  if (cached !== undefined) return cached;
  const key = fnv1a64(id);
  // Entry ids are a finite set per catalog; the bound only guards against callers hashing input.
  if (keyCache.size < 1_000_000) keyCache.set(id, key);
  return key;
}

function fnv1a64(id: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(id)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(36).slice(0, 11);
}
