import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  type CatalogInput,
  catalogSchema,
  type EntryInput,
  type LocalTextInput,
  type SectionInput,
  type TableInput,
} from '../../src/catalog/schema.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const catalogPath = path.resolve(repoRoot, 'catalogs/huawei-account.yaml');
const seedPath = path.resolve(repoRoot, '../shared/seeds/003_5f475475a65ed3f1.txt');

/** Rows per (section id, table id), counted from the source document's tables. */
const EXPECTED_ROWS: ReadonlyArray<readonly [string, string, number]> = [
  ['token', 'http', 10],
  ['token', 'error', 29],
  ['get-token-info', 'http', 10],
  ['get-token-info', 'nsp', 5],
  ['revoke', 'http', 10],
  ['revoke', 'error', 9],
  ['get-user-info', 'http', 9],
  ['get-user-info', 'nsp', 9],
  ['quick-login-phone', 'http', 9],
  ['quick-login-phone', 'result', 11],
  ['user-risk-level', 'http', 10],
  ['user-risk-level', 'errcode', 7],
  ['real-name-info', 'http', 10],
  ['real-name-info', 'nsp', 8],
  ['real-name-verify', 'http', 10],
  ['real-name-verify', 'nsp', 9],
  ['openid-to-unionid', 'http', 10],
  ['openid-to-unionid', 'nsp', 8],
  ['group-unionid', 'http', 10],
  ['group-unionid', 'result', 4],
  ['openid-configuration', 'http', 9],
  ['jwks', 'http', 9],
  ['id-token-verify', 'http', 10],
  ['id-token-verify', 'error', 12],
];
const EXPECTED_TOTAL = 237;

const SECTION_IDS = [
  'token',
  'get-token-info',
  'revoke',
  'get-user-info',
  'quick-login-phone',
  'user-risk-level',
  'real-name-info',
  'real-name-verify',
  'openid-to-unionid',
  'group-unionid',
  'openid-configuration',
  'jwks',
  'id-token-verify',
];

/** Table id and field for each kind of source table, keyed by its first column header. */
const TABLE_KINDS: Record<string, { id: string; field: string }> = {
  HTTP响应码: { id: 'http', field: 'http_status' },
  业务响应主错误码: { id: 'error', field: 'sub_error' },
  NSP_STATUS: { id: 'nsp', field: 'NSP_STATUS' },
  错误码: { id: 'result', field: 'resultCode' },
  errCode: { id: 'errcode', field: 'errCode' },
};

function norm(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function loadCatalog(): CatalogInput {
  const raw: unknown = parse(readFileSync(catalogPath, 'utf8'), { schema: 'failsafe' });
  const result = catalogSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(`huawei-account.yaml does not match the schema:\n${JSON.stringify(result.error.issues, null, 2)}`);
  }
  return result.data;
}

function section(catalog: CatalogInput, id: string): SectionInput {
  const found = catalog.sections.find((s) => s.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
}

function table(sec: SectionInput, id: string): TableInput {
  const found = sec.tables.find((t) => (t.id ?? t.field) === id);
  if (!found) throw new Error(`no table ${id} in section ${sec.id}`);
  return found;
}

function find(tab: TableInput, code: string, main?: string): EntryInput | undefined {
  return tab.entries.find((e) => e.code === code && e.main === main);
}

function zh(text: LocalTextInput | undefined): string | undefined {
  if (text === undefined) return undefined;
  return typeof text === 'string' ? text : text.zh;
}

function isBilingual(text: LocalTextInput): boolean {
  return typeof text !== 'string' && text.zh.trim() !== '' && text.en.trim() !== '';
}

// ---------------------------------------------------------------------------------------------
// Source extraction (hand-written: the document is regular, tool-generated HTML).

interface SourceRow {
  main?: string;
  code: string;
  /** The 描述 cell's paragraphs and list items. */
  description: string[];
  /** The 解决方法 cell's paragraphs and list items. */
  solution: string[];
}

interface SourceTable {
  header: string;
  rows: SourceRow[];
}

interface SourceSection {
  heading: string;
  url: string;
  tables: SourceTable[];
}

function decode(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

function plain(html: string): string {
  return norm(decode(html.replace(/<[^>]*>/g, '')));
}

/** A cell's paragraphs (<p>) and list items (<li>), in order, empty ones dropped. */
function paragraphs(cellHtml: string): string[] {
  const out: string[] = [];
  for (const m of cellHtml.matchAll(/<(p|li)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const text = plain(m[2] ?? '');
    if (text !== '') out.push(text);
  }
  if (out.length === 0) {
    const text = plain(cellHtml);
    if (text !== '') out.push(text);
  }
  return out;
}

interface Cell {
  rowspan: number;
  paras: string[];
}

function extractTable(tableHtml: string): SourceTable {
  const rows = [...tableHtml.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...(m[1] ?? '').matchAll(/<(td|th)\b([^>]*)>([\s\S]*?)<\/\1>/g)].map(
      (c): Cell => ({
        rowspan: Number(/rowspan="(\d+)"/.exec(c[2] ?? '')?.[1] ?? '1'),
        paras: paragraphs(c[3] ?? ''),
      }),
    ),
  );
  const [head, ...body] = rows;
  if (!head) throw new Error('table without rows');
  const columns = head.length;
  const header = head[0]?.paras[0] ?? '';
  // Cells carried down by rowspan: column -> [cell, rows still covered].
  const carried = new Map<number, [Cell, number]>();
  const out: SourceRow[] = [];
  for (const row of body) {
    const queue = [...row];
    const full: Cell[] = [];
    for (let col = 0; col < columns; col += 1) {
      const carry = carried.get(col);
      if (carry && carry[1] > 0) {
        full.push(carry[0]);
        carry[1] -= 1;
        continue;
      }
      const cell = queue.shift();
      if (!cell) throw new Error(`short row in table ${header}`);
      full.push(cell);
      if (cell.rowspan > 1) carried.set(col, [cell, cell.rowspan - 1]);
    }
    if (queue.length > 0) throw new Error(`long row in table ${header}`);
    const first = (cell: Cell | undefined): string => cell?.paras[0] ?? '';
    if (columns === 4) {
      out.push({
        main: first(full[0]),
        code: first(full[1]),
        description: full[2]?.paras ?? [],
        solution: full[3]?.paras ?? [],
      });
    } else {
      out.push({ code: first(full[0]), description: full[1]?.paras ?? [], solution: full[2]?.paras ?? [] });
    }
  }
  return { header, rows: out };
}

function extractSource(html: string): SourceSection[] {
  const parts = html.split(/<h2\b/).slice(1);
  return parts.map((part) => {
    const heading = plain(part.slice(part.indexOf('>') + 1, part.indexOf('</h2>')));
    const url = decode(/接口URL：\s*([^<\s]+)/.exec(part)?.[1] ?? '');
    const tables = [...part.matchAll(/<table\b[^>]*>([\s\S]*?)<\/table>/g)].map((m) => extractTable(m[1] ?? ''));
    return { heading, url, tables };
  });
}

// ---------------------------------------------------------------------------------------------

describe('catalogs/huawei-account.yaml', () => {
  it('parses with the failsafe schema and matches the catalog schema', () => {
    const raw: unknown = parse(readFileSync(catalogPath, 'utf8'), { schema: 'failsafe' });
    const result = catalogSchema.safeParse(raw);
    if (!result.success) console.error(JSON.stringify(result.error.issues, null, 2));
    expect(result.success).toBe(true);
  });

  it('has the expected identity, source and sections', () => {
    const catalog = loadCatalog();
    expect(catalog.catalog).toBe('huawei-account');
    expect(catalog.language).toBe('zh');
    expect(catalog.source).toEqual({ document: '003_5f475475a65ed3f1.txt', title: 'REST API错误码' });
    expect(catalog.name).toEqual({ zh: '华为账号服务 REST API', en: 'Huawei Account Kit REST API' });
    expect(catalog.keywords).toEqual(
      expect.arrayContaining(['huawei', 'account kit', 'huawei account', 'hms account', '华为账号', 'oauth', 'agc']),
    );
    expect(catalog.sections.map((s) => s.id)).toEqual(SECTION_IDS);
    for (const sec of catalog.sections) {
      expect(sec.url, sec.id).toMatch(/^https:\/\//);
      expect(zh(sec.name), sec.id).toBe(sec.heading);
      expect(isBilingual(sec.name), sec.id).toBe(true);
      expect(sec.keywords?.length ?? 0, sec.id).toBeGreaterThan(0);
    }
  });

  it('has the expected number of rows in every table', () => {
    const catalog = loadCatalog();
    const actual = catalog.sections.flatMap((sec) => sec.tables.map((t) => [sec.id, t.id ?? t.field, t.entries.length] as const));
    expect(actual).toEqual(EXPECTED_ROWS);
    const total = catalog.sections.reduce((n, sec) => n + sec.tables.reduce((m, t) => m + t.entries.length, 0), 0);
    expect(total).toBe(EXPECTED_TOTAL);
  });

  it('uses the agreed table ids and fields', () => {
    const catalog = loadCatalog();
    const fieldOf: Record<string, string> = {
      http: 'http_status',
      error: 'sub_error',
      nsp: 'NSP_STATUS',
      result: 'resultCode',
      errcode: 'errCode',
    };
    for (const sec of catalog.sections) {
      expect(sec.tables[0]?.id, sec.id).toBe('http');
      for (const t of sec.tables) {
        expect(t.field, `${sec.id}/${t.id}`).toBe(fieldOf[t.id ?? '']);
        if (t.id === 'error') {
          expect(t.main_field).toBe('error');
          for (const e of t.entries) expect(e.main, `${sec.id}/${e.code}`).toMatch(/^\d+$/);
        } else {
          expect(t.main_field).toBeUndefined();
          for (const e of t.entries) expect(e.main).toBeUndefined();
        }
      }
    }
  });

  it('gives every text in both Chinese and English', () => {
    const catalog = loadCatalog();
    for (const sec of catalog.sections) {
      for (const t of sec.tables) {
        for (const e of t.entries) {
          const where = `${sec.id}/${t.id}/${e.main ?? ''}/${e.code}`;
          const texts: LocalTextInput[] = [e.description];
          if (e.solution) texts.push(e.solution);
          if (e.note) texts.push(e.note);
          texts.push(...(e.causes ?? []), ...(e.checklist ?? []));
          for (const text of texts) expect(isBilingual(text), where).toBe(true);
        }
      }
    }
  });

  it('has no duplicate (main, code) within a table', () => {
    const catalog = loadCatalog();
    for (const sec of catalog.sections) {
      for (const t of sec.tables) {
        const keys = t.entries.map((e) => `${e.main ?? ''}/${e.code}/${e.variant ?? ''}`);
        expect(new Set(keys).size, `${sec.id}/${t.id}`).toBe(keys.length);
      }
    }
  });

  it('marks only HTTP 200 as success, and gives it no solution', () => {
    const catalog = loadCatalog();
    for (const sec of catalog.sections) {
      for (const t of sec.tables) {
        for (const e of t.entries) {
          const ok = t.id === 'http' && e.code === '200';
          expect(e.outcome === 'success', `${sec.id}/${t.id}/${e.code}`).toBe(ok);
          if (ok) expect(e.solution).toBeUndefined();
        }
      }
    }
  });

  it('gives a multi-part solution a checklist of things to do, in step with the solution where its lines are steps', () => {
    const catalog = loadCatalog();
    const steps: string[] = [];
    for (const sec of catalog.sections) {
      for (const t of sec.tables) {
        for (const e of t.entries) {
          const where = `${sec.id}/${t.id}/${e.main ?? ''}/${e.code}`;
          const solution = zh(e.solution);
          if (!e.checklist) {
            expect(solution ?? '', where).not.toContain('\n');
            continue;
          }
          expect(e.checklist.length, where).toBeGreaterThan(0);
          const en = typeof e.solution === 'object' ? e.solution.en : '';
          if (e.checklist.map((step) => zh(step)).join('\n') === solution) {
            expect(e.checklist.map((step) => (typeof step === 'string' ? step : step.en)).join('\n'), where).toBe(en);
          }
          for (const step of e.checklist) steps.push(zh(step) ?? '', typeof step === 'string' ? step : step.en);
        }
      }
    }
    // A heading ("该错误码出现可能场景：", "Possible causes:") is not something to tick off.
    expect(steps.filter((step) => /[:：]$/u.test(step))).toEqual([]);
    // Nor is a statement of a cause or a constraint: the steps of these say what to check.
    const byKey = (secId: string, tableId: string, code: string, main?: string) =>
      find(table(section(catalog, secId), tableId), code, main)?.checklist?.map((s) => (typeof s === 'string' ? s : s.en)) ?? [];
    for (const list of [
      byKey('token', 'error', '20042', '1101'),
      byKey('token', 'error', '20152', '1101'),
      byKey('quick-login-phone', 'result', '60180007'),
      byKey('quick-login-phone', 'result', '60180009'),
    ]) {
      expect(list.length).toBeGreaterThan(1);
      for (const step of list) expect(step).toMatch(/^(Check|If)\b/);
    }
  });

  it('tells apart 1101/12304 and 1203/12304 on the token endpoint', () => {
    const errors = table(section(loadCatalog(), 'token'), 'error');
    const wrong = find(errors, '12304', '1101');
    const invalid = find(errors, '12304', '1203');
    expect(wrong).toBeDefined();
    expect(invalid).toBeDefined();
    expect(wrong).not.toBe(invalid);
    expect(zh(wrong?.description)).toBe('client_secret不正确。');
    expect(zh(invalid?.description)).toBe('无效的client_secret。');
  });

  it('keeps 100502 under main code 1203 on the token endpoint', () => {
    const errors = table(section(loadCatalog(), 'token'), 'error');
    expect(zh(find(errors, '100502', '1203')?.description)).toBe('开发者的关联主体账号组未查询到。');
    expect(errors.entries.filter((e) => e.main === '1203').map((e) => e.code)).toEqual([
      '11205',
      '12303',
      '12304',
      '31202',
      '31204',
      '31218',
      '500',
      '100300',
      '100502',
    ]);
  });

  it('gives 11205 its own meaning per endpoint', () => {
    const catalog = loadCatalog();
    const onToken = find(table(section(catalog, 'token'), 'error'), '11205', '1203');
    const onRevoke = find(table(section(catalog, 'revoke'), 'error'), '11205', '1203');
    expect(zh(onToken?.description)).toBe('refresh_token过期。');
    expect(zh(onRevoke?.description)).toBe('token已过期。');
    expect(onToken?.keywords).toEqual(expect.arrayContaining(['refresh token expired']));
  });

  it('lists HTTP 415 only for getuserrisklevel', () => {
    const catalog = loadCatalog();
    const with415 = catalog.sections.filter((sec) => table(sec, 'http').entries.some((e) => e.code === '415')).map((sec) => sec.id);
    expect(with415).toEqual(['user-risk-level']);
    expect(section(catalog, 'user-risk-level').url).toBe('https://account.cloud.huawei.com/user/getuserrisklevel');
  });

  it('keeps regexes and causes exactly as the source prints them', () => {
    const catalog = loadCatalog();
    const token = table(section(catalog, 'token'), 'error');
    expect(zh(find(token, '20041', '1101')?.solution)).toContain('^[0-9a-zA-Z:/\\\\.\\u0020]+$');
    expect(zh(find(token, '31218', '1203')?.solution)).toContain('^[0-9a-zA-Z=\\/\\+]+$');
    const idToken = table(section(catalog, 'id-token-verify'), 'error');
    expect(zh(find(idToken, '15008', '1500')?.solution)).toContain('^[0-9a-zA-Z_\\-\\.]+$');
    const userInfo6 = find(table(section(catalog, 'get-user-info'), 'nsp'), '6');
    expect(zh(userInfo6?.description)).toBe('会话失效，session timeout。');
    expect(userInfo6?.causes?.map((c) => zh(c))).toEqual(['access_token无效或已过期', 'access_token格式不正确', '其他内部原因']);
    expect(userInfo6?.checklist).toHaveLength(3);
  });

  it('gives the section keywords from the endpoint URLs', () => {
    const catalog = loadCatalog();
    const expected: Record<string, string[]> = {
      token: ['oauth2/v3/token'],
      'get-token-info': ['huawei.oauth2.user.getTokenInfo', 'getTokenInfo'],
      revoke: ['revoke'],
      'get-user-info': ['GOpen.User.getInfo', 'getInfo'],
      'quick-login-phone': ['getPhoneNumber', 'quickLogin'],
      'user-risk-level': ['getuserrisklevel', 'risk level'],
      'real-name-info': ['OpenRealName.User.getDetailInfo', 'getDetailInfo', 'real name'],
      'real-name-verify': ['OpenRealName.User.verifyRealName', 'verifyRealName'],
      'openid-to-unionid': ['huawei.oauth2.app.openIdToUnionId', 'openIdToUnionId', 'unionid'],
      'group-unionid': ['batchGet', 'groupUnionId'],
      'openid-configuration': ['openid-configuration'],
      jwks: ['certs', 'jwt', 'public key'],
      'id-token-verify': ['tokeninfo', 'id token'],
    };
    for (const [id, words] of Object.entries(expected)) {
      const sec = section(catalog, id);
      expect(sec.keywords, id).toEqual(expect.arrayContaining(words));
      expect(sec.keywords, id).not.toContain('error');
      expect(sec.keywords, id).not.toContain('huawei');
    }
  });
});

describe.skipIf(!existsSync(seedPath))('catalogs/huawei-account.yaml against the source document', () => {
  const source = existsSync(seedPath) ? extractSource(readFileSync(seedPath, 'utf8')) : [];

  it('has the same sections, in order, with the same URLs', () => {
    const catalog = loadCatalog();
    expect(source).toHaveLength(13);
    expect(catalog.sections.map((s) => [s.heading, s.url])).toEqual(source.map((s) => [s.heading, s.url]));
  });

  it('has the same tables with the same number of rows', () => {
    const catalog = loadCatalog();
    const fromSource = source.flatMap((sec, i) =>
      sec.tables.map((t) => [SECTION_IDS[i], TABLE_KINDS[t.header]?.id ?? `?${t.header}`, t.rows.length] as const),
    );
    expect(fromSource).toEqual(EXPECTED_ROWS);
    const fromCatalog = catalog.sections.flatMap((sec) => sec.tables.map((t) => [sec.id, t.id ?? t.field, t.entries.length] as const));
    expect(fromCatalog).toEqual(fromSource);
    expect(fromSource.reduce((n, [, , count]) => n + count, 0)).toBe(EXPECTED_TOTAL);
  });

  it('has an entry for every source row, with the description and solution as printed', () => {
    const catalog = loadCatalog();
    source.forEach((srcSection, i) => {
      const sec = catalog.sections[i];
      if (!sec) throw new Error(`missing section ${i}`);
      srcSection.tables.forEach((srcTable, j) => {
        const kind = TABLE_KINDS[srcTable.header];
        const t = sec.tables[j];
        if (!kind || !t) throw new Error(`${sec.id}: table ${j} (${srcTable.header}) missing`);
        expect(t.id, `${sec.id}/${j}`).toBe(kind.id);
        expect(t.field, `${sec.id}/${j}`).toBe(kind.field);
        srcTable.rows.forEach((row, k) => {
          const where = `${sec.id}/${t.id}/${row.main ?? ''}/${row.code}`;
          const entry = find(t, row.code, row.main);
          expect(entry, where).toBeDefined();
          // Same order as the source.
          expect(t.entries[k], where).toBe(entry);
          expect(norm(zh(entry?.description) ?? ''), where).toBe(row.description[0]);
          const solution = row.solution.filter((p) => p !== '-');
          if (solution.length === 0) {
            expect(entry?.solution, where).toBeUndefined();
          } else {
            expect((zh(entry?.solution) ?? '').split('\n').map(norm), where).toEqual(solution);
          }
          const reasons = row.description.slice(1).filter((p) => !/^可能原因[:：]$/.test(p));
          expect(
            (entry?.causes ?? []).map((c) => norm(zh(c) ?? '')),
            where,
          ).toEqual(reasons);
        });
      });
    });
  });
});
