import { describe, expect, it } from 'vitest';
import { normaliseSpelling } from '../../src/catalog/codes.js';

/** What normaliseSpelling has always done: trim, lower case, every run of white space taken out. */
const threePasses = (raw: string) => raw.trim().toLowerCase().replace(/\s+/g, '');

/** Characters a spelling may hold: digits, hex letters both cases, signs, ASCII and Unicode white space, letters toLowerCase changes. */
const ALPHABET = [...'079xXaFzZ-~+ \t\n\u00a0\u2028\ufeff\u3000İÄé\u007f\u0001'];

describe('normaliseSpelling', () => {
  it('keeps a spelling already normal as it is, and normalises the rest', () => {
    expect(normaliseSpelling('6004')).toBe('6004');
    expect(normaliseSpelling('-0x9b')).toBe('-0x9b');
    expect(normaliseSpelling(' 0X9B ')).toBe('0x9b');
    expect(normaliseSpelling('-500003 ~ -500009')).toBe('-500003~-500009');
  });

  it('reads every spelling as trimming, lowering and taking out white space would', () => {
    let seed = 12345;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (let i = 0; i < 20_000; i += 1) {
      let raw = '';
      const length = next() % 9;
      for (let k = 0; k < length; k += 1) raw += ALPHABET[next() % ALPHABET.length];
      expect(normaliseSpelling(raw), JSON.stringify(raw)).toBe(threePasses(raw));
    }
  });
});
