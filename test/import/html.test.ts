/** HTML pages: spans spread over the grid, header rows, markup flattened, sections and endpoints. */
import { describe, expect, it } from 'vitest';
import { parseCatalogText } from '../../src/catalog/load.js';
import { importedYaml, importPage } from '../../src/import/index.js';
import { readHtml } from '../../src/import/read-html.js';

const ACCOUNT_LIKE = `<!doctype html><html><body>
<h1>错误码</h1>
<h2>获取令牌</h2>
<p>接口URL：https://api.example.com/oauth2/v3/token?x=1&amp;y=2</p>
<table>
  <thead><tr><th>业务响应主错误码</th><th>业务响应子错误码</th><th>描述</th><th>解决方法</th></tr></thead>
  <tbody>
    <tr><td rowspan="3"><p>1101</p></td><td>20001</td><td><p>参数<strong>错误</strong>。</p></td><td>检查&nbsp;参数。</td></tr>
    <tr><td>20002</td><td>code过期。</td><td><ul><li>重新获取code。</li><li>若仍失败，请<a href="https://x">提单</a>。</li></ul></td></tr>
    <tr><td>20003</td><td><p>会话失效。</p><p>可能原因:</p><ul><li>token无效</li><li>token过期</li></ul></td><td>-</td></tr>
    <tr><td>1203</td><td>11205</td><td>refresh_token过期。</td><td>重新获取。</td></tr>
  </tbody>
</table>
</body></html>`;

describe('HTML tables', () => {
  it('gives every sub code its spanned main code, flattens markup and entities, keeps the endpoint URL', () => {
    const { catalog, problems } = importPage(ACCOUNT_LIKE, { document: 'account.html' });
    expect(problems).toEqual([]);
    const section = catalog.sections[0]!;
    expect(section.heading).toBe('获取令牌');
    expect(section.url).toBe('https://api.example.com/oauth2/v3/token?x=1&y=2');
    const table = section.tables[0]!;
    expect(table.field).toBe('sub_error');
    expect(table.main_field).toBe('error');
    expect(table.entries.map((e) => `${e.main}/${e.code}`)).toEqual(['1101/20001', '1101/20002', '1101/20003', '1203/11205']);
    const [first, second, third] = table.entries;
    expect(first?.description).toEqual({ zh: '参数错误。', en: '[untranslated] 参数错误。' });
    expect(first?.solution).toEqual({ zh: '检查 参数。', en: '[untranslated] 检查 参数。' });
    // A solution cell with several steps becomes the checklist.
    expect(second?.checklist?.map((s) => (typeof s === 'string' ? s : s.zh))).toEqual(['重新获取code。', '若仍失败，请提单。']);
    // "可能原因" in a description cell: the meaning, then the causes; "-" is no solution.
    expect(third?.description).toEqual({ zh: '会话失效。', en: '[untranslated] 会话失效。' });
    expect(third?.causes?.map((c) => (typeof c === 'string' ? c : c.zh))).toEqual(['token无效', 'token过期']);
    expect(third?.solution).toBeUndefined();
    expect(first?.provenance).toBe('account.html, 获取令牌, table 1 row 2 (line 8)');
  });

  it('spreads colspan over the columns it covers and reads a two-row header', () => {
    const html = `<table>
      <tr><th colspan="2">Error</th><th rowspan="2">Description</th></tr>
      <tr><th>Main code</th><th>Sub code</th></tr>
      <tr><td>1</td><td>10</td><td>bad request</td></tr>
      <tr><td colspan="2">2</td><td>the whole row spans</td></tr>
    </table>`;
    const rows = readHtml(html).blocks.find((b) => b.kind === 'table');
    expect(rows?.kind === 'table' && rows.rows.map((r) => r.cells.map((c) => c.lines.join(' ')))).toEqual([
      ['Error', 'Error', 'Description'],
      ['Main code', 'Sub code', 'Description'],
      ['1', '10', 'bad request'],
      ['2', '2', 'the whole row spans'],
    ]);
    const { catalog } = importPage(html, { document: 'spans.html' });
    expect(catalog.sections[0]?.tables[0]?.entries.map((e) => [e.main, e.code, e.description])).toEqual([
      ['1', '10', 'bad request'],
      ['2', '2', 'the whole row spans'],
    ]);
  });

  it('clamps a rowspan that runs past the table and ignores a layout table around the data', () => {
    const html = `<table><tr><td><h2>Codes</h2><table>
      <tr><th>Code</th><th>Message</th><th>Solution</th></tr>
      <tr><td rowspan="99999">5</td><td>busy</td><td>retry</td></tr>
      <tr><td>idle</td><td>wait</td></tr>
    </table></td></tr></table>`;
    const { catalog } = importPage(html, { document: 'layout.html' });
    expect(catalog.sections[0]?.heading).toBe('Codes');
    // Row 2 has only two cells: the spanned code fills the first column.
    expect(catalog.sections[0]?.tables[0]?.entries.map((e) => [e.code, e.variant, e.description, e.solution])).toEqual([
      ['5', undefined, 'busy', 'retry'],
      ['5', '2', 'idle', 'wait'],
    ]);
  });

  it('takes a first row of role words as the header when the page marks none', () => {
    const html =
      '<table><tr><td>Error code</td><td>Message</td><td>How to fix</td></tr><tr><td>E1</td><td>x</td><td>y</td></tr><tr><td>17</td><td>Busy</td><td>Retry later</td></tr></table>';
    const result = importPage(html, { document: 'td-header.html' });
    expect(result.catalog.sections[0]?.tables[0]?.entries.map((e) => [e.code, e.description, e.solution])).toEqual([
      ['17', 'Busy', 'Retry later'],
    ]);
    expect(result.problems).toEqual([{ at: 'table 1 row 2', reason: 'no code in the code column: "E1"' }]);
  });

  it('lists unreadable rows with their table and row, and the output validates', () => {
    const html = `<h2>HTTP</h2><table><tr><th>HTTP status</th><th>Description</th></tr>
      <tr><td>200</td><td>OK</td></tr><tr><td>n/a</td><td>garbage</td></tr><tr><td>404</td><td></td></tr></table>`;
    const result = importPage(html, { document: 'http.html' });
    expect(result.problems).toEqual([
      { at: 'table 1 row 3 (line 2)', reason: 'no code in the code column: "n/a"' },
      { at: 'table 1 row 4 (line 2)', reason: 'code 404 has no description' },
    ]);
    expect(result.catalog.sections[0]?.tables[0]).toMatchObject({ field: 'http_status', entries: [{ code: '200', outcome: 'success' }] });
    expect(parseCatalogText(importedYaml(result), 'http.yaml').ok).toBe(true);
  });
});
