/** Plain text, Markdown and CSV pages: run-together columns, Chinese headers, ranges, numbering. */
import { describe, expect, it } from 'vitest';
import { importPage } from '../../src/import/index.js';

const RUN_TOGETHER = `Vendor return codes

I. Login

error code error description recommended solution
1 Not install QQ Please install QQ first
-5 Signature verification fails Retry again. If the retry also fails, please contact MSDK Assistant to provide technical support
-18 Token is bad Retry again. If the retry also fails, please contact MSDK Assistant to provide technical support
-7 The protocol is illegal, eg "https" is written as "http" Confirm if the access protocol is correct
220028 Exceed the frequency limit -
-500003 ~ -500009 Fail to parse the data returned by the server Contact the QQ team to handle this
225001 appid cannot be empty
this line is not a row
225002 openid cannot be empty

II. Access token

A. Codes by value

Hexadecimal Signed decimal Unsigned decimal Error description
0xff -1 255 addressing failure
0x71 -140 116 accesstoken is illegal

B. Codes in ranges

Error code Error description
0x00: Success
0x10~0x11: Appid is illegal
0x32~0x36 openid is illegal (returned by business type 127)
`;

describe('plain-text tables', () => {
  const { catalog, problems } = importPage(RUN_TOGETHER, { document: 'vendor.txt' });
  const [login, token] = catalog.sections;

  it('splits run-together description and solution where a new instruction starts', () => {
    expect(login?.heading).toBe('I. Login');
    const rows = login?.tables[0]?.entries.map((e) => [e.code, e.description, e.solution]);
    expect(rows).toEqual([
      ['1', 'Not install QQ', 'Please install QQ first'],
      [
        '-5',
        'Signature verification fails',
        'Retry again. If the retry also fails, please contact MSDK Assistant to provide technical support',
      ],
      ['-18', 'Token is bad', 'Retry again. If the retry also fails, please contact MSDK Assistant to provide technical support'],
      ['-7', 'The protocol is illegal, eg "https" is written as "http"', 'Confirm if the access protocol is correct'],
      ['220028', 'Exceed the frequency limit', undefined],
      ['-500003 ~ -500009', 'Fail to parse the data returned by the server', 'Contact the QQ team to handle this'],
      ['225001', 'appid cannot be empty', undefined],
      ['225002', 'openid cannot be empty', undefined],
    ]);
  });

  it('reports the row it cannot read with its line number', () => {
    expect(problems).toEqual([{ at: 'line 13', reason: 'row does not start with a code: "this line is not a row"' }]);
  });

  it('nests lettered headings under Roman ones: sections and table headings', () => {
    expect(catalog.sections.map((s) => s.heading)).toEqual(['I. Login', 'II. Access token']);
    expect(token?.tables.map((t) => t.heading)).toEqual(['A. Codes by value', 'B. Codes in ranges']);
  });

  it('reads hex, signed and unsigned columns as one code and its spellings, and catches a misprinted hex', () => {
    const entries = token?.tables[0]?.entries;
    expect(token?.tables[0]?.notation).toBe('hex');
    expect(entries?.[0]).toMatchObject({ code: '0xff', aliases: ['-1', '255'] });
    expect(entries?.[1]).toMatchObject({ code: '0x74', aliases: ['-140', '116'], misprints: ['0x71'] });
    expect(entries?.[1]?.note).toContain('0x71');
  });

  it('reads ranges and codes followed by a colon', () => {
    expect(token?.tables[1]?.entries.map((e) => [e.code, e.description, e.outcome])).toEqual([
      ['0x00', 'Success', 'success'],
      ['0x10~0x11', 'Appid is illegal', undefined],
      ['0x32~0x36', 'openid is illegal (returned by business type 127)', undefined],
    ]);
  });

  it('names every entry by file, section and line', () => {
    expect(login?.tables[0]?.entries[0]?.provenance).toBe('vendor.txt, I. Login, line 6');
    expect(token?.tables[1]?.entries[0]?.provenance).toBe('vendor.txt, II. Access token / B. Codes in ranges, line 27');
  });
});

describe('Chinese headers', () => {
  it('reads a Chinese Markdown table: 错误码, 错误描述, 处理建议', () => {
    const md = `# 支付错误码\n\n## 下单接口\n\n| 错误码 | 错误描述 | 处理建议 |\n| --- | --- | --- |\n| 10001 | 签名错误 | 检查签名<br>重新下单 |\n| 10002 | **余额不足** | - |\n`;
    const { catalog, comments } = importPage(md, { document: 'pay.md' });
    expect(catalog.language).toBe('zh');
    expect(catalog.source.title).toBe('支付错误码');
    const entries = catalog.sections[0]?.tables[0]?.entries;
    expect(entries?.map((e) => [e.code, e.description])).toEqual([
      ['10001', { zh: '签名错误', en: '[untranslated] 签名错误' }],
      ['10002', { zh: '余额不足', en: '[untranslated] 余额不足' }],
    ]);
    expect(entries?.[0]?.checklist).toHaveLength(2);
    expect(comments.join('\n')).toMatch(
      /"错误码" -> code \[header "错误码"\], "错误描述" -> description \[header "错误描述"\], "处理建议" -> solution/,
    );
  });

  it('reads a Chinese plain-text table whose columns are separated by spaces', () => {
    const text = `返回码 描述 解决方法\n0 成功 -\n-1 系统繁忙 稍后重试\n`;
    const entries = importPage(text, { document: 'zh.txt' }).catalog.sections[0]?.tables[0]?.entries;
    expect(entries?.map((e) => [e.code, e.description, e.solution])).toEqual([
      ['0', { zh: '成功', en: '[untranslated] 成功' }, undefined],
      ['-1', { zh: '系统繁忙', en: '[untranslated] 系统繁忙' }, { zh: '稍后重试', en: '[untranslated] 稍后重试' }],
    ]);
  });
});

describe('CSV and --columns', () => {
  it('reads quoted cells with commas, quotes and line breaks', () => {
    const csv = 'code,message,solution\n401,"Unauthorized, token ""expired""","Log in again\nthen retry"\n500,Server error,\n';
    const entries = importPage(csv, { document: 'codes.csv' }).catalog.sections[0]?.tables[0]?.entries;
    expect(entries?.map((e) => [e.code, e.description, e.solution, e.checklist])).toEqual([
      ['401', 'Unauthorized, token "expired"', 'Log in again\nthen retry', ['Log in again', 'then retry']],
      ['500', 'Server error', undefined, undefined],
    ]);
  });

  it('takes the column roles from --columns when the headers say nothing', () => {
    const csv = 'a,b,c\nfix it,42,broken\n';
    const guessed = importPage(csv, { document: 'odd.csv' }).catalog.sections[0]?.tables[0]?.entries[0];
    expect(guessed).toMatchObject({ code: '42', description: 'fix it' });
    const forced = importPage(csv, { document: 'odd.csv', columns: ['solution', 'code', 'description'] }).catalog.sections[0]?.tables[0]
      ?.entries[0];
    expect(forced).toMatchObject({ code: '42', description: 'broken', solution: 'fix it' });
  });
});
