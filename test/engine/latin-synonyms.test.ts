/**
 * English questions in other words than the row's: `header` for `head`, `paid` for `fee-charge`,
 * `too many` for `exceeds`. The question finds the row it describes, and a row in the asker's own
 * words still leads.
 */
import { describe, expect, it } from 'vitest';
import { LATIN_SYNONYMS, latinSynonymAt } from '../../src/engine/latin-synonyms.js';
import { tokenize } from '../../src/engine/tokens.js';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const top = (question: string) => engine.lookup(question).answers[0];
const at = (text: string, i = 0) => latinSynonymAt(tokenize(text), i);

describe('latinSynonymAt', () => {
  it('finds a word of a group, as written or in another form, with its group', () => {
    expect(at('header')?.others.map((m) => m.text)).toContain('head');
    expect(at('headers')?.member.text).toBe('headers');
    expect(at('suspended')?.others.map((m) => m.text)).toContain('frozen');
    expect(at('lacking')?.others.map((m) => m.text)).toContain('missing');
  });

  it('reads a phrase whole, before a shorter member inside it', () => {
    const match = at('too many openids');
    expect(match?.length).toBe(2);
    expect(match?.others.map((m) => m.text)).toContain('exceeds');
    expect(at("the certificate doesn't match", 2)?.others.map((m) => m.text)).toContain('mismatch');
  });

  it('has nothing for a word in no group', () => {
    expect(at('token')).toBeUndefined();
    expect(at('too late')).toBeUndefined();
    expect(at('pay')).toBeUndefined();
  });

  it('gives every member a word a text can be searched for', () => {
    for (const member of LATIN_SYNONYMS) expect(member.significant.length, member.text).toBeGreaterThan(0);
  });
});

describe('a question in other words than the row', () => {
  it('no Authorization header finds the row that says Lack Authorization in http head', () => {
    const answer = top('QQ oauth token call complains that my http request has no Authorization header');
    expect(answer?.code).toBe('100003');
  });

  it('a paid group finds the fee-charge group', () => {
    expect(top('the group we picked is a paid group')?.code).toBe('221020');
  });

  it('too many openids, more than 500, finds the row whose count exceeds the upper limit', () => {
    expect(top('0x711 openid conversion: asked to convert too many openids at once, more than 500')?.code).toBe('0x56');
  });

  it('a blocked or suspended uin is the frozen one, a revoked pay token the abolished one', () => {
    expect(top('oidb uin is blocked')?.title.en).toContain('uin is frozen');
    expect(top('oidb uin suspended')?.title.en).toContain('uin is frozen');
    expect(top('0x73a pay token revoked')?.code).toBe('0x12');
  });

  it('a phrase is read whole on the row: mismatch finds do not match', () => {
    expect(top('openid and openkey mismatch')?.title.en).toBe('openid and openkey do not match');
  });

  it('a row in the asker own words leads one in a synonym', () => {
    // 100014 and 80200003 say expired; none says overdue but the push row's keyword.
    const answer = top('access token expired');
    expect(answer?.title.en.toLowerCase()).toContain('expired');
  });
});
