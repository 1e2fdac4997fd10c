/**
 * The codes one typo from a number as typed: a digit left out, added or changed, or two neighbours
 * swapped (`10014` for 100014, `80300070` for 80300007). "Did you mean" offers those first; the
 * code-index path reads their entries so it offers the same.
 */

/** Fewest digits either side of a typo may have: shorter numbers are a typo of nearly every code. */
const MIN_DIGITS = 3;

/** Every value one digit typo from `value`, with its sign (no leading zero: no code is written so). */
export function digitTypos(value: number): number[] {
  const written = String(Math.abs(value));
  if (!/^\d+$/.test(written) || written.length < MIN_DIGITS) return [];
  const sign = value < 0 ? -1 : 1;
  const out = new Set<string>();
  const add = (s: string) => {
    if (s.length >= MIN_DIGITS && s[0] !== '0' && s !== written) out.add(s);
  };
  for (let i = 0; i < written.length; i += 1) add(written.slice(0, i) + written.slice(i + 1));
  for (let i = 0; i <= written.length; i += 1) for (let d = 0; d <= 9; d += 1) add(written.slice(0, i) + d + written.slice(i));
  for (let i = 0; i < written.length; i += 1) for (let d = 0; d <= 9; d += 1) add(written.slice(0, i) + d + written.slice(i + 1));
  for (let i = 0; i + 1 < written.length; i += 1) add(written.slice(0, i) + written[i + 1] + written[i] + written.slice(i + 2));
  return [...out].map((s) => sign * Number(s));
}
