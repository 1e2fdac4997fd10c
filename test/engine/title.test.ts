/**
 * An answer's title is its description's first sentence. It is found by a scan of the first line
 * (src/engine/answer.ts, firstSentence); this is a search over the same line by other means (every
 * candidate full stop by a regular expression, brackets counted over the text before it), and the two
 * must agree on every description of the bundled catalogs and on random text made of the
 * characters the scan reads (full stops of both kinds, white space of every kind, line breaks,
 * brackets, digits and the punctuation before a list number).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstSentence, titleOf } from '../../src/engine/answer.js';
import { createEngine } from '../../src/index.js';

function bySearch(text: string): string {
  const line = text.split('\n')[0] ?? text;
  for (const m of line.matchAll(/。|\.(?=\s)/gu)) {
    const end = m.index + 1;
    const before = line.slice(0, m.index);
    if (m[0] === '.' && /(?:^|[\s:：;；,，、(（])\d{1,2}$/u.test(before)) continue;
    let depth = 0;
    let openedAt = -1;
    for (const [i, ch] of [...before].entries()) {
      if ('([（【'.includes(ch)) {
        if (depth === 0) openedAt = [...before].slice(0, i).join('').length;
        depth += 1;
      } else if (')]）】'.includes(ch) && depth > 0) depth -= 1;
    }
    if (depth === 0)
      return line
        .slice(0, end)
        .trim()
        .replace(/[。.]$/u, '');
    const head = line.slice(0, openedAt).trim();
    if (head) return head;
  }
  return line.trim().replace(/[。.]$/u, '');
}

describe('an answer title is the first sentence, as a search over the line finds it', () => {
  it('for every description of the bundled catalogs', () => {
    for (const entry of createEngine().catalogs.flatMap((c) => c.entries)) {
      for (const text of [entry.description.en, entry.description.zh ?? '']) expect(firstSentence(text), text).toBe(bySearch(text));
    }
  });

  it('for random text of full stops, white space, line breaks and letters', () => {
    const piece = fc.constantFrom(
      'a',
      'Z',
      ' ',
      '.',
      '。',
      '\n',
      '\r',
      '\t',
      '\u3000',
      '\u00a0',
      '\u2028',
      '\ufeff',
      '😀',
      '. ',
      '.。',
      '..',
      '(',
      ')',
      '（',
      '）',
      '【',
      '】',
      '[',
      ']',
      '1',
      '12',
      '123',
      ': ',
      '：',
      '; ',
      '、',
      ',',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const text = pieces.join('');
        expect(firstSentence(text)).toBe(bySearch(text));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('a title never reads as a fragment', () => {
  it('does not stop inside brackets: the title ends before the bracket left open', () => {
    expect(
      firstSentence(
        'The command is not configured (usually the command word is not configured to the OIDB backend. Please configure it yourself: http: //qq.server.com/oidb/addproto/)',
      ),
    ).toBe('The command is not configured');
    expect(firstSentence('命令未配置（通常是命令字未配置到 OIDB 后端。请自行配置：http: //qq.server.com/oidb/addproto/）')).toBe(
      '命令未配置',
    );
    expect(firstSentence('Fail to read udc (reclaiming of openid or other reasons). Retry.')).toBe(
      'Fail to read udc (reclaiming of openid or other reasons)',
    );
  });

  it('does not stop after a list item number', () => {
    expect(firstSentence('There are two cases: 1. OIDB addressing failure; 2. The uin is reserved. Ask the owner.')).toBe(
      'There are two cases: 1. OIDB addressing failure; 2. The uin is reserved',
    );
    expect(firstSentence('有两种情况：1. OIDB 寻址失败；2. uin 是保留号码')).toBe('有两种情况：1. OIDB 寻址失败；2. uin 是保留号码');
    expect(firstSentence('Wait for version 2.0. Then retry.')).toBe('Wait for version 2.0');
  });

  it('is the catalog title where the entry gives one', () => {
    const entry = createEngine()
      .catalogs.flatMap((c) => c.entries)
      .find((e) => e.id === 'qq-msdk:oidb.common:0xff');
    if (!entry) throw new Error('0xff is missing');
    expect(titleOf(entry)).toEqual({
      en: 'OIDB addressing failure, or the uin is a reserved number or not yet generated',
      zh: 'OIDB 寻址失败，或 uin 是保留号码、尚未生成',
    });
  });
});
