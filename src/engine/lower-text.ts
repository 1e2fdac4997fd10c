/**
 * A text's lower case, lowered once piece by piece as it is read: a scan takes a few hundred
 * characters around every number it looks at (`nearbyText`) and the context reads the text's head,
 * and lower-casing each of those anew lower-cased a long paste several times over.
 *
 * A piece of the lowered text is the lowered piece of the text only where lower-casing maps each
 * character on its own. A chunk is used only when it holds no capital sigma (Σ lowers to σ or ς by
 * what surrounds it), lowers to as many code units as it has (İ lowers to two; every other
 * lower-case mapping keeps the length), and starts and ends on whole surrogate pairs. Anywhere else,
 * and for a slice that would split a surrogate pair, the piece is lowered as before.
 */

/** Characters per chunk: a nearby window (600) rarely spans two, and a sparse read lowers little. */
const CHUNK = 16 * 1024;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

export class LowerText {
  /** Lowered chunks: undefined until read, null where the chunk cannot be lowered on its own. */
  private readonly chunks: Array<string | null | undefined>;

  constructor(readonly text: string) {
    this.chunks = new Array(Math.ceil(text.length / CHUNK));
  }

  /** `text.slice(start, end).toLowerCase()` (start and end as slice takes them, not negative). */
  slice(start: number, end: number): string {
    const length = this.text.length;
    const from = Math.min(Math.max(0, start), length);
    const to = Math.max(from, Math.min(end, length));
    if (from === to) return '';
    const first = Math.floor(from / CHUNK);
    const last = Math.floor((to - 1) / CHUNK);
    const splitsPair =
      (from > 0 && isLowSurrogate(this.text.charCodeAt(from))) || (to < length && isHighSurrogate(this.text.charCodeAt(to - 1)));
    if (splitsPair) return this.text.slice(from, to).toLowerCase();
    let out = '';
    for (let chunk = first; chunk <= last; chunk += 1) {
      const lowered = this.chunk(chunk);
      if (lowered === null) return this.text.slice(from, to).toLowerCase();
      const base = chunk * CHUNK;
      out += lowered.slice(Math.max(from, base) - base, Math.min(to, base + CHUNK) - base);
    }
    return out;
  }

  private chunk(index: number): string | null {
    let lowered = this.chunks[index];
    if (lowered === undefined) {
      const start = index * CHUNK;
      const raw = this.text.slice(start, start + CHUNK);
      lowered = raw.toLowerCase();
      const whole =
        lowered.length === raw.length &&
        !raw.includes('\u03a3') &&
        !isLowSurrogate(raw.charCodeAt(0)) &&
        !isHighSurrogate(raw.charCodeAt(raw.length - 1));
      if (!whole) lowered = null;
      this.chunks[index] = lowered;
    }
    return lowered;
  }
}
