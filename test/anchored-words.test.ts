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

  it('finds the same starts by the parts it chooses for a long text, whatever the text holds', { timeout: 60_000 }, () => {
    const long = (unit: string) => unit.repeat(Math.ceil((70 * 1024) / unit.length));
    for (const text of [
      long('hey team, build 6.11.0 is out, the tokens are invalid, standup at 10:30\n'),
      long('2024-10-22T08:10:40.120Z WARN  [msdk] platform=qq desc=token invalid PassWord: x pwd\n'),
      long('MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n'),
      long('MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\nwkz '),
      long('eyJ-'),
      `${long('kwKW')}secretoken`,
      `${long('a b ')}${long('SeCrEt pAsSwOrD tOkEn KeY ')}`,
    ]) {
      const starts = WORDS.findChoosingParts(text, Number.POSITIVE_INFINITY);
      if (starts) expect([...starts]).toEqual(everyStart(text));
    }
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'token',
            'TOK',
            'en',
            'k',
            'Kw',
            'key',
            'secret',
            'SEC',
            'ret',
            'password',
            'passwd',
            'pwd',
            'wd',
            'or',
            ' ',
            '登',
            '\u212A',
            'xyz',
          ),
          { minLength: 1, maxLength: 12 },
        ),
        (parts) => {
          const text = parts.join('').repeat(Math.ceil((66 * 1024) / parts.join('').length));
          const starts = WORDS.findChoosingParts(text, Number.POSITIVE_INFINITY);
          if (starts) expect([...starts]).toEqual(everyStart(text));
        },
      ),
      { seed: 11, numRuns: 40 },
    );
  });

  it('chooses parts that pay on a long text: a key body and a log are searched, not left to the regex', () => {
    const keyBody = 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n'.repeat(4096);
    expect(WORDS.find(keyBody, 256 + keyBody.length / 64)).toBeNull();
    expect(WORDS.findChoosingParts(keyBody, 256 + keyBody.length / 64)).not.toBeNull();
    const log = '2024-10-22T08:10:39.102Z WARN  [http] GET /healthz 200 1ms desc=token invalid\n'.repeat(2048);
    expect(WORDS.findChoosingParts(log, 256 + log.length / 64)?.length).toBe(2048);
  });

  it('refuses a word that does not hold its part once', () => {
    expect(() => new AnchoredWords([{ part: 'k', words: ['kick'] }])).toThrow();
    expect(() => new AnchoredWords([{ part: 'k', words: ['word'] }])).toThrow();
  });
});
