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

const utf8 = new TextEncoder();
/** FNV-1a's 64-bit prime is 2^40 + 0x1b3. */
const PRIME_LOW = 0x1b3;

/**
 * FNV-1a over the id's UTF-8 bytes in two 32-bit halves (a BigInt per byte made this most of
 * indexing a big catalog's ids), rendered as the 64-bit value in base 36.
 */
function fnv1a64(id: string): string {
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (const byte of utf8.encode(id)) {
    low ^= byte;
    // (high * 2^32 + low) * (2^40 + 0x1b3) mod 2^64, exact in doubles: each product is below 2^53.
    const lowProduct = (low >>> 0) * PRIME_LOW;
    const carry = Math.floor(lowProduct / 0x100000000);
    const nextHigh = ((high >>> 0) * PRIME_LOW + carry + ((low << 8) >>> 0)) % 0x100000000;
    low = lowProduct % 0x100000000;
    high = nextHigh;
  }
  return ((BigInt(high >>> 0) << 32n) | BigInt(low >>> 0)).toString(36).slice(0, 11);
}
