import { describe, expect, it } from 'vitest';
import { wholeSentences } from '../src/text.js';

describe('a text kept short ends on a whole sentence', () => {
  const fix = 'Check the appid. Then check the certificate fingerprint in AGC, e.g. with keytool. Install Huawei Game Center.';

  it('a text within the budget is kept whole, its white space squashed', () => {
    expect(wholeSentences(`  ${fix}\n`, 200)).toEqual({ text: fix, cut: false });
  });

  it('over the budget: the sentences that fit, never half of one (and e.g. ends none)', () => {
    expect(wholeSentences(fix, 90)).toEqual({
      text: 'Check the appid. Then check the certificate fingerprint in AGC, e.g. with keytool.',
      cut: true,
    });
    expect(wholeSentences(fix, 40)).toEqual({ text: 'Check the appid.', cut: true });
  });

  it('Chinese sentences end at 。 without a space', () => {
    expect(wholeSentences('先看 data 消息。再检查证书指纹是否一致。最后安装华为游戏中心。', 25)).toEqual({
      text: '先看 data 消息。再检查证书指纹是否一致。',
      cut: true,
    });
  });

  it('a first sentence longer than the budget is cut at a clause, else a word, and says so with …', () => {
    const long =
      'Check that account and game services are enabled in AGC, that the fingerprint matches, and that Game Center is installed.';
    expect(wholeSentences(long, 90)).toEqual({
      text: 'Check that account and game services are enabled in AGC, that the fingerprint matches…',
      cut: true,
    });
    expect(wholeSentences(long, 80)).toEqual({ text: 'Check that account and game services are enabled in AGC…', cut: true });
    expect(wholeSentences('Reauthorize the application with a fresh token', 20)).toEqual({ text: 'Reauthorize the…', cut: true });
  });
});
