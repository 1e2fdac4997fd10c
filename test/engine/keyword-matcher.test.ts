import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from '../../src/engine/keyword-matcher.js';
import { isCjk } from '../../src/engine/tokens.js';
import { createEngine } from '../../src/index.js';

/** The matcher this one replaced: every keyword in one regex alternation. Correct, but its cost grows with the keywords. */
function alternationReference(keywords: readonly string[], lower: string): Set<string> {
  const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const latin = keywords.filter((k) => !isCjk(k)).sort((a, b) => b.length - a.length);
  const found = new Set<string>();
  if (latin.length > 0) {
    const pattern = new RegExp(
      `(?<![a-z0-9])(?:${latin.map((k) => k.split(/\s+/).map(escapeRe).join('(?:\\s+|-)')).join('|')})(?![a-z0-9])`,
      'g',
    );
    for (const m of lower.matchAll(pattern)) found.add(m[0].replace(/\s+/g, ' '));
  }
  for (const k of keywords) if (isCjk(k) && lower.includes(k)) found.add(k);
  return found;
}

const bundledKeywords = [
  ...new Set(
    createEngine().catalogs.flatMap((c) => [
      ...c.info.keywords,
      ...c.tables.flatMap((t) => t.keywords),
      ...c.entries.flatMap((e) => e.keywords),
    ]),
  ),
].filter((k) => k.length > 0);

describe('catalog keywords are found by word, not by trying every keyword', () => {
  it('finds what the alternation found on real pastes', () => {
    const matcher = new KeywordMatcher(bundledKeywords);
    for (const text of [
      'hms push: access token expired, oauth2/v3/token returned 1101 (client_secret incorrect)',
      'OidbClient ret=-73 oidb_ret 123, 推送服务 报错 流控',
      'the  game\tcenter   login failed: invalid client_id, grant_type wrong',
      'x-www-form-urlencoded body; push kit; too many tokens',
    ]) {
      const lower = text.toLowerCase();
      expect([...matcher.find(lower)].sort()).toEqual([...alternationReference(bundledKeywords, lower)].sort());
    }
  });

  it('agrees with the alternation on generated text (longest keyword wins, bounded by non-alphanumerics)', () => {
    const keywords = [
      'push',
      'push kit',
      'hms push',
      'token',
      'access token',
      'oauth2/v3/token',
      'a_b',
      'x-y-z',
      '推送',
      '消息推送',
      '流',
      'hms推送',
    ];
    const pieces = [...keywords, ' ', '  ', '\n', '_', '-', '/', '2', 'x', 'kit', 'ab', '报错', '.'];
    const matcher = new KeywordMatcher(keywords);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect([...matcher.find(text)].sort()).toEqual([...alternationReference(keywords, text)].sort());
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('agrees with the alternation on mixes of the bundled keywords, cut and joined by any space', () => {
    const matcher = new KeywordMatcher(bundledKeywords);
    const words = bundledKeywords.flatMap((k) => k.split(/\s+/));
    const pieces = fc.oneof(
      fc.constantFrom(...bundledKeywords),
      fc.constantFrom(...words),
      fc.constantFrom(' ', '  ', '\t', '\n', '\u3000', '\u00a0', '_', '-', '.', '/', 'x', '9', '中'),
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join('').toLowerCase();
        // The reference gives the text matched, the matcher the keyword: a keyword's space may have matched a hyphen.
        const spaced = (found: Iterable<string>) => [...new Set([...found].map((k) => k.replace(/-/g, ' ')))].sort();
        expect(spaced(matcher.find(text))).toEqual(spaced(alternationReference(bundledKeywords, text)));
      }),
      { numRuns: 1000, seed: 20261201 },
    );
  });

  it('a keyword opening with punctuation holds the keywords inside it, as the longest match of an alternation does', () => {
    const matcher = new KeywordMatcher(['.well-known/openid-configuration', 'openid-configuration']);
    expect([...matcher.find('get .well-known/openid-configuration failed')]).toEqual(['.well-known/openid-configuration']);
    expect([...matcher.find('get /openid-configuration failed')]).toEqual(['openid-configuration']);
  });

  it('holds the keywords inside every such match, whichever keyword found it first', () => {
    // `/v3/revoke` is found (and its span kept) before `.well-known/…`, which stands earlier in the text.
    const matcher = new KeywordMatcher(['/v3/revoke', '.well-known/openid-configuration', 'openid-configuration', 'revoke', 'token']);
    const text = 'get .well-known/openid-configuration, then /v3/revoke, then token revoke';
    expect([...matcher.find(text)].sort()).toEqual(['.well-known/openid-configuration', '/v3/revoke', 'revoke', 'token']);
    expect([...matcher.find('get .well-known/openid-configuration, then /v3/revoke')].sort()).toEqual([
      '.well-known/openid-configuration',
      '/v3/revoke',
    ]);
  });

  it('a keyword with a latin head before Chinese (qq登录) is found with one space after the head too', () => {
    const matcher = new KeywordMatcher(['qq登录', '登录']);
    expect([...matcher.find('qq 登录返回 -71')].sort()).toEqual(['qq登录', '登录']);
    expect([...matcher.find('qq登录返回 -71')].sort()).toEqual(['qq登录', '登录']);
    expect([...matcher.find('qq  登录')]).toEqual(['登录']);
    expect([...matcher.find('q 登录')]).toEqual(['登录']);
  });

  it('ten thousand custom keywords change what is found, not how the text is read', () => {
    const custom = Array.from({ length: 10_000 }, (_, i) => `custom keyword ${i}`);
    const matcher = new KeywordMatcher([...bundledKeywords, ...custom, '自定义词']);
    const found = matcher.find('we saw custom keyword 9999 and custom keyword 42x and hms push, 自定义词');
    expect(found).toContain('custom keyword 9999');
    expect(found).not.toContain('custom keyword 42');
    expect(found).toContain('hms push');
    expect(found).toContain('自定义词');
  });
});
