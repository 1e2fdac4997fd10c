import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnchoredWords, WORD_SLOTS } from '../src/anchored-words.js';

const WORDS = new AnchoredWords([
  { part: 'k', words: ['token', 'key'] },
  { part: 'w', words: ['password', 'passwd', 'pwd'] },
  { part: 'secret', words: ['secret'] },
]);

/** Every start, by a regex tried at each position: the words in order, the first that matches wins. */
function everyStart(text: string): number[] {
  const at = new RegExp(WORDS.words.join('|'), 'iy');
  const starts: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    at.lastIndex = i;
    const m = at.exec(text);
    if (m) starts.push(i * WORD_SLOTS + WORDS.words.indexOf(m[0].toLowerCase()));
  }
  return starts;
}

const found = (text: string) => {
  const starts = WORDS.find(text, Number.POSITIVE_INFINITY);
  return starts ? [...starts] : null;
};

describe('words found by a part of them', () => {
  it('finds every start in any ASCII case, overlapping ones too, the first word in order at one start', () => {
    for (const text of [
      'TOKEN token ToKeN',
      'secretoken',
      'keykey',
      'password passwd pwd PassWD',
      'passwor d',
      'secretsecret',
      'ke',
      'k',
    ]) {
      expect(found(text), text).toEqual(everyStart(text));
    }
    expect(found('password')).toEqual([0 * WORD_SLOTS + WORDS.words.indexOf('password')]);
  });

  it('folds no other letters onto ASCII, as a regex without `u` does not', () => {
    for (const text of ['to\u212Aen', '\u017Fecret', 'pa\u017F\u017Fwd', '\uFF54\uFF4F\uFF4B\uFF45\uFF4E', 'to\u0301ken']) {
      expect(found(text), text).toEqual([]);
      expect(found(text)).toEqual(everyStart(text));
    }
  });

  it('agrees with a regex tried everywhere on random text made of the words and their pieces', () => {
    const piece = fc.constantFrom(
      'token',
      'TOK',
      'en',
      'k',
      'K',
      'key',
      'secret',
      'SECRET',
      'sec',
      'ret',
      'password',
      'passwd',
      'pwd',
      'w',
      'W',
      'or',
      'd',
      ' ',
      '登',
      '\u212A',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(found(text)).toEqual(everyStart(text));
      }),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('gives up where the parts are more than asked for, and on a long text whose sample says so', () => {
    expect(WORDS.find('kkkk', 3)).toBeNull();
    expect(WORDS.find('kkkk', 4)).not.toBeNull();
    const keyBody = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\nwkz '.repeat(4096);
    expect(WORDS.find(keyBody, 256 + keyBody.length / 64)).toBeNull();
    const prose = 'hey team, build 6.11.0 is out, the tokens are invalid, standup at 10:30\n'.repeat(4096);
    expect(WORDS.find(prose, 256 + prose.length / 64)?.length).toBe(4096);
  });

  it('refuses a word that does not hold its part once', () => {
    expect(() => new AnchoredWords([{ part: 'k', words: ['kick'] }])).toThrow();
    expect(() => new AnchoredWords([{ part: 'k', words: ['word'] }])).toThrow();
  });
});
