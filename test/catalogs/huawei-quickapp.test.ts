import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CatalogInput, catalogSchema, type EntryInput } from '../../src/catalog/schema.js';
import { createEngine } from '../../src/index.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const catalogPath = join(repoRoot, 'catalogs', 'huawei-quickapp.yaml');
const seedPath = join(repoRoot, '../shared/seeds/000_9130de375f76becf.txt');

function loadCatalog(): CatalogInput {
  const raw: unknown = parse(readFileSync(catalogPath, 'utf8'), { schema: 'failsafe' });
  const result = catalogSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(`huawei-quickapp.yaml does not match the schema:\n${JSON.stringify(result.error.issues, null, 2)}`);
  }
  return result.data;
}

function allEntries(catalog: CatalogInput): EntryInput[] {
  return catalog.sections.flatMap((section) => section.tables.flatMap((table) => table.entries));
}

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

function textEn(text: EntryInput['description']): string {
  return typeof text === 'string' ? text : text.en;
}

function find(code: string, variant?: string): EntryInput | undefined {
  return allEntries(loadCatalog()).find((e) => e.code === code && e.variant === variant);
}

describe('catalogs/huawei-quickapp.yaml', () => {
  it('parses with the failsafe schema and matches the catalog schema', () => {
    const raw: unknown = parse(readFileSync(catalogPath, 'utf8'), { schema: 'failsafe' });
    const result = catalogSchema.safeParse(raw);
    if (!result.success) console.error(JSON.stringify(result.error.issues, null, 2));
    expect(result.success).toBe(true);
  });

  it('has the expected identity, source and single login table', () => {
    const catalog = loadCatalog();
    expect(catalog.catalog).toBe('huawei-quickapp');
    expect(catalog.language).toBe('en');
    expect(catalog.source.document).toBe('000_9130de375f76becf.txt');
    expect(catalog.keywords).toEqual(expect.arrayContaining(['quick app', 'fast app', '快应用', 'gameLogin']));
    expect(catalog.sections).toHaveLength(1);
    const section = catalog.sections[0];
    expect(section?.id).toBe('login');
    expect(section?.tables).toHaveLength(1);
    expect(section?.tables[0]).toMatchObject({ id: 'code', field: 'code' });
  });

  it('holds exactly the expected codes and variants', () => {
    const keys = allEntries(loadCatalog()).map((e) => `${e.code}${e.variant ? `/${e.variant}` : ''}`);
    expect(keys.sort()).toEqual(['-1', '0', '6004', '6004/get-player-info-fail', '6004/login-fail', '7001', '7005'].sort());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('marks 0 as success and the rest as errors', () => {
    for (const entry of allEntries(loadCatalog())) {
      expect(entry.outcome ?? 'error', entry.code).toBe(entry.code === '0' ? 'success' : 'error');
    }
  });

  it('keeps the source wording for -1, 7001 and 7005', () => {
    expect(textEn(find('-1')!.description)).toBe('The background certificate does not match');
    expect(find('-1')!.checklist?.map(textEn).join(' ')).toMatch(/fingerprint/);
    expect(textEn(find('7001')!.description)).toBe('account number');
    expect(find('7001')!.solution).toBeDefined();
    expect(textEn(find('7005')!.description)).toBe('parameter error');
    expect(find('7005')!.signals).toEqual(['PARAM ERROR']);
    expect(textEn(find('7005')!.note!)).toContain('{"code":7005,"data":"PARAM ERROR"}');
    expect(find('7005')!.checklist?.map(textEn).join(' ')).toMatch(/appid/);
  });

  it('has the generic 6004 entry with the official checks, forum advice and the Game Center fix', () => {
    const entry = find('6004');
    expect(entry).toBeDefined();
    expect(entry?.signals).toBeUndefined();
    expect(textEn(entry!.description)).toContain('anything can happen. Generally, it depends on the data prompt');
    const steps = (entry?.checklist ?? []).map(textEn);
    expect(steps.length).toBeGreaterThanOrEqual(8);
    expect(steps[0]).toMatch(/account service and game service/);
    expect(steps[1]).toMatch(/appid/);
    expect(steps[2]).toMatch(/fingerprint/);
    expect(steps[4]).toMatch(/HMS Core/);
    expect(steps.at(-1)).toMatch(/Huawei Game Center \(华为游戏中心\)/);
    expect(steps.join(' ')).toMatch(/10–15 minutes/);
    const note = textEn(entry!.note!);
    expect(note).toContain('get player info fail');
    expect(note).toContain('login fail');
  });

  it('has the two 6004 variants with their signals', () => {
    const playerInfo = find('6004', 'get-player-info-fail');
    // The source's data message, and its Chinese as a team's own app or a translated log writes it.
    expect(playerInfo?.signals).toEqual(['get player info fail', '获取玩家信息失败']);
    expect(textEn(playerInfo!.description)).toContain('get player info fail');
    expect(textEn(playerInfo!.description)).toContain('certificate');
    expect(playerInfo?.checklist?.map(textEn).join(' ')).toMatch(/Huawei Game Center/);

    const loginFail = find('6004', 'login-fail');
    expect(loginFail?.signals).toEqual(['login fail']);
    expect(textEn(loginFail!.description)).toContain('login fail');
    expect(textEn(loginFail!.description)).toContain('GameLogin');
    expect(loginFail?.checklist?.length ?? 0).toBeGreaterThanOrEqual(1);
  });

  it('renders every text in Chinese as well, its source being English', () => {
    const catalog = loadCatalog();
    // The source is the English write-up: the Chinese is ours, so the catalog's language stays en.
    expect(catalog.language).toBe('en');
    const englishOnly: string[] = [];
    const check = (where: string, text: unknown) => {
      if (text === undefined) return;
      if (typeof text === 'string' || typeof text !== 'object' || text === null || !('zh' in text)) englishOnly.push(where);
    };
    check('name', catalog.name);
    for (const section of catalog.sections) {
      check(`${section.id}.name`, section.name);
      for (const entry of section.tables.flatMap((t) => t.entries)) {
        const where = `${entry.code}${entry.variant ? `#${entry.variant}` : ''}`;
        for (const field of ['title', 'description', 'solution', 'note'] as const) check(`${where}.${field}`, entry[field]);
        for (const [i, c] of (entry.causes ?? []).entries()) check(`${where}.causes.${i}`, c);
        for (const [i, c] of (entry.checklist ?? []).entries()) check(`${where}.checklist.${i}`, c);
      }
    }
    expect(englishOnly).toEqual([]);
  });

  it("keeps source_text to the source's own words", () => {
    const seed = existsSync(seedPath) ? readFileSync(seedPath, 'utf8').replace(/\s+/g, ' ') : undefined;
    for (const entry of allEntries(loadCatalog())) {
      if (entry.source_text === undefined || seed === undefined) continue;
      expect(seed, entry.code).toContain(entry.source_text.replace(/\s+/g, ' '));
    }
  });

  it('is found by Chinese free text: 获取玩家信息失败 and 登录失败 6004', () => {
    const engine = createEngine();
    expect(engine.lookup('获取玩家信息失败').answers[0]?.entryId).toBe('huawei-quickapp:login.code:6004#get-player-info-fail');
    const login = engine.lookup('登录失败 6004').answers.map((a) => a.entryId);
    expect(login[0]).toBe('huawei-quickapp:login.code:6004');
    expect(login).toEqual(
      expect.arrayContaining(['huawei-quickapp:login.code:6004#get-player-info-fail', 'huawei-quickapp:login.code:6004#login-fail']),
    );
  });

  it('gives 6004 and 7001 headlines that say what went wrong', () => {
    const engine = createEngine();
    const title = (q: string) => engine.lookup(q).answers[0]?.title;
    expect(title('快应用 6004')).toEqual({
      en: 'Catch-all login failure: the data message tells the cause',
      zh: '笼统的登录失败：具体原因看 data 字段的提示',
    });
    expect(title('快应用 7001')).toEqual({ en: 'Account problem ("account number" in the source)', zh: '账号问题' });
    // A one-sentence solution stays one step: the ';' inside it does not cut it in two.
    expect(engine.lookup('快应用 7001').answers[0]?.checklist).toHaveLength(1);
  });

  it('never uses the mistranslations "twitter" or "tibian"', () => {
    const raw: unknown = parse(readFileSync(catalogPath, 'utf8'), { schema: 'failsafe' });
    expect(allStrings(raw).filter((s) => /twitter|tibian/i.test(s))).toEqual([]);
  });
});

describe.skipIf(!existsSync(seedPath))('catalogs/huawei-quickapp.yaml against its source document', () => {
  it('covers every code the source names', () => {
    const source = readFileSync(seedPath, 'utf8');
    const named = new Set<string>();
    for (const m of source.matchAll(/^\s*•\s*(-?\d+)\s*:/gm)) named.add(m[1]!);
    for (const m of source.matchAll(/"code"\s*:\s*(-?\d+)/g)) named.add(m[1]!);
    expect([...named].sort()).toEqual(['-1', '0', '6004', '7001', '7005']);

    const catalogCodes = new Set(allEntries(loadCatalog()).map((e) => e.code));
    expect([...named].filter((code) => !catalogCodes.has(code))).toEqual([]);
  });

  it('covers both 6004 data messages the source prints', () => {
    const source = readFileSync(seedPath, 'utf8');
    const messages = [...source.matchAll(/"code":\s*6004,\s*"data":\s*"([^"]+)"/g)].map((m) => m[1]!.toLowerCase());
    expect(messages.length).toBeGreaterThanOrEqual(2);
    const signals = allEntries(loadCatalog())
      .filter((e) => e.code === '6004')
      .flatMap((e) => e.signals ?? [])
      .map((s) => s.toLowerCase());
    for (const message of messages) expect(signals, message).toContain(message);
  });
});
