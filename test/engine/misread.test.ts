import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledCatalogDir } from '../../src/catalog/bundled.js';
import { loadCatalogs } from '../../src/catalog/load.js';
import { Engine } from '../../src/engine/engine.js';
import { restoreMisread } from '../../src/engine/misread.js';

describe('numbers read off a screen', () => {
  it('restores O for zero and l or I for one in a token that can only be a number', () => {
    expect(restoreMisread('Error code: 6OO4')).toBe('Error code: 6004');
    expect(restoreMisread('QQ登录失败 Error code: l00014')).toBe('QQ登录失败 Error code: 100014');
    expect(restoreMisread('错误码：22l005')).toBe('错误码：221005');
    expect(restoreMisread('ret=-4O1O')).toBe('ret=-4010');
    expect(restoreMisread('( 2387l)')).toBe('( 23871)');
    expect(restoreMisread('8O3OOOO7\nAll the tokens are invalid')).toBe('80300007\nAll the tokens are invalid');
  });

  it('restores a one-digit token only after a key', () => {
    expect(restoreMisread('oidb decode0x73a failed, ret: l8')).toBe('oidb decode0x73a failed, ret: 18');
    expect(restoreMisread('ret=l7')).toBe('ret=17');
    // A name with one digit is no misread number.
    for (const text of ['O2 sensor', 'the I5 build', 'GPT-4o', 'l1 cache', 'size 4l']) expect(restoreMisread(text)).toBe(text);
  });

  it('restores a hex prefix and hex digits', () => {
    expect(restoreMisread('oidb decode0x711 failed, ret: Ox45')).toBe('oidb decode0x711 failed, ret: 0x45');
    expect(restoreMisread('0x711 ret: 0x4l')).toBe('0x711 ret: 0x41');
    for (const text of ['Oxford', 'ret 0x4f', 'Oxygen 12']) expect(restoreMisread(text)).toBe(text);
  });

  it('reads a dash before a digit as the minus a dialog printed, not a range', () => {
    expect(restoreMisread('ret = –73')).toBe('ret = -73');
    expect(restoreMisread('加群失败 ret=–182006')).toBe('加群失败 ret=-182006');
    expect(restoreMisread('2019–2024')).toBe('2019–2024');
    expect(restoreMisread('pages 10 – 20')).toBe('pages 10 – 20');
  });

  it('joins a JSON number a narrow screen wrapped, and nothing else across a line', () => {
    expect(restoreMisread('{"error":1101,"sub_error":201\n55,"error_description":"code expired"}')).toBe(
      '{"error":1101,"sub_error":20155,"error_description":"code expired"}',
    );
    for (const text of ['build 201\n55 tests passed', '{"error": 1101,\n  "sub_error": 20155}', 'error 1101\n20155'])
      expect(restoreMisread(text)).toBe(text);
  });

  it('leaves words, ids and plain numbers as they are', () => {
    for (const text of ['Hello World', 'lol ok', 'I love IO', 'room 1101 at 10:30', 'openid 7F3A9C2B11D04E5A', 'v5.1.0', 'l10n i18n'])
      expect(restoreMisread(text)).toBe(text);
  });

  it('changes only letters O, o, l, I into digits, a dash into a minus, or joins a wrapped line', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9OolIx:= \-–\n",a-z]{0,40}$/), (text) => {
        const out = restoreMisread(text);
        // Only a wrapped line's break is ever taken out; every other character stays or is restored.
        const [before, after] = [text.replace(/\n/g, ''), out.replace(/\n/g, '')];
        expect(after.length).toBe(before.length);
        for (let i = 0; i < before.length; i += 1) {
          const [a, b] = [before[i] as string, after[i] as string];
          if (a !== b) expect(`${a}${b}`).toMatch(/^(?:[Oo]0|[lI]1|–-)$/);
        }
      }),
    );
  });

  it('is bounded on a long run of digits and look-alike letters', () => {
    const text = `${'0O1l'.repeat(25_000)}x`;
    // A run longer than any token is no number: left as it is, read once.
    expect(restoreMisread(text)).toBe(text);
  });
});

describe('the engine reads a screen as a person would', () => {
  const engine = new Engine(loadCatalogs([bundledCatalogDir()]));

  it('answers a lookup of a misread code', () => {
    expect(engine.lookup('Sign-in failed. Error code: 6OO4').answers[0]?.code).toBe('6004');
    expect(engine.lookup('oidb decode0x73a failed, ret: l8').answers[0]?.code).toBe('0x12');
    expect(engine.lookup('MSDK login toast: ret = –73').answers[0]?.code).toBe('-73');
  });

  it('replies to a pasted dialog with a misread code, and to a wrapped JSON body', () => {
    expect(engine.scan('群绑定失败\n错误码：22l005\n当前用户不是群主\n确定').answers[0]?.code).toBe('221005');
    const wrapped = engine.scan(
      'log from the phone (wrapped):\n{"error":1101,"sub_error":201\n56,"error_description":"code has been used"}',
    );
    expect(wrapped.answers[0]?.code).toBe('20156');
  });

  it('stays silent on a screen whose look-alike numbers are no error', () => {
    expect(engine.scan('Level 17   HP 6004/7005   金币 12,304   体力 120/120').answers).toEqual([]);
    expect(engine.scan('O2 level 98%, I5 build l1 cache').answers).toEqual([]);
  });
});
