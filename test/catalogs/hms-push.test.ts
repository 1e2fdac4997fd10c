import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CatalogInput, catalogSchema, type EntryInput } from '../../src/catalog/schema.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const catalogPath = join(repoRoot, 'catalogs', 'hms-push.yaml');
const seedPath = join(repoRoot, '../shared/seeds/002_7df7e415b4e38b17.txt');

const PUSH_CODES = ['80200001', '80300007', '80300010', '80200003', '80100016', '80100018'];

function loadCatalog(): CatalogInput {
  const raw: unknown = parse(readFileSync(catalogPath, 'utf8'), { schema: 'failsafe' });
  const result = catalogSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(`hms-push.yaml does not match the schema:\n${JSON.stringify(result.error.issues, null, 2)}`);
  }
  return result.data;
}

function allEntries(catalog: CatalogInput): EntryInput[] {
  return catalog.sections.flatMap((section) => section.tables.flatMap((table) => table.entries));
}

/** Every string anywhere in the catalog (texts, keywords, codes). */
function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

function textEn(text: EntryInput['description']): string {
  return typeof text === 'string' ? text : text.en;
}

describe('catalogs/hms-push.yaml', () => {
  it('parses with the failsafe schema and matches the catalog schema', () => {
    const raw: unknown = parse(readFileSync(catalogPath, 'utf8'), { schema: 'failsafe' });
    const result = catalogSchema.safeParse(raw);
    if (!result.success) console.error(JSON.stringify(result.error.issues, null, 2));
    expect(result.success).toBe(true);
  });

  it('has the expected identity and source', () => {
    const catalog = loadCatalog();
    expect(catalog.catalog).toBe('hms-push');
    expect(catalog.language).toBe('en');
    expect(catalog.source.document).toBe('002_7df7e415b4e38b17.txt');
    expect(catalog.keywords).toEqual(expect.arrayContaining(['hms push', 'push kit', '推送', 'huawei push']));
    expect(catalog.sections.map((s) => s.id)).toEqual(['push-server', 'token-flow-control']);
  });

  it('holds exactly the push server codes, each with causes and a checklist', () => {
    const catalog = loadCatalog();
    const section = catalog.sections.find((s) => s.id === 'push-server');
    expect(section).toBeDefined();
    const tables = section?.tables ?? [];
    expect(tables).toHaveLength(1);
    const table = tables[0];
    expect(table?.field).toBe('code');
    const entries = table?.entries ?? [];
    expect(entries.map((e) => e.code).sort()).toEqual([...PUSH_CODES].sort());
    for (const entry of entries) {
      expect(entry.main, entry.code).toBeUndefined();
      expect(entry.variant, entry.code).toBeUndefined();
      expect(entry.causes?.length ?? 0, `${entry.code} causes`).toBeGreaterThanOrEqual(1);
      expect(entry.checklist?.length ?? 0, `${entry.code} checklist`).toBeGreaterThanOrEqual(2);
      expect(entry.solution, `${entry.code} solution`).toBeDefined();
    }
  });

  it('keeps the source error names and raw spellings', () => {
    const entries = new Map(allEntries(loadCatalog()).map((e) => [e.code, e]));
    expect(textEn(entries.get('80200001')!.description)).toBe('Oauth Authentication error');
    expect(textEn(entries.get('80300007')!.description)).toBe('Token Invalid error');
    expect(textEn(entries.get('80200003')!.description)).toBe('Oauth Token expired');
    expect(textEn(entries.get('80100016')!.description)).toBe('The message contains sensitive information');
    expect(entries.get('80200003')!.keywords).toEqual(expect.arrayContaining(['Oauth Token Be overdue', 'access token expired']));
    expect(entries.get('80300010')!.keywords).toContain('In message body Token The quantity does not meet the default value');
    expect(entries.get('80300007')!.keywords).toContain('push token invalid');
    expect(textEn(entries.get('80100018')!.note!)).toMatch(/only in passing/);
  });

  it('escapes the Access Token slash fix correctly', () => {
    const entry = allEntries(loadCatalog()).find((e) => e.code === '80200003');
    const steps = (entry?.checklist ?? []).map(textEn).join('\n');
    expect(steps).toContain('"\\/" back into "/"');
  });

  it('records 1302 / 57303 as a two-level code with its signal', () => {
    const catalog = loadCatalog();
    const section = catalog.sections.find((s) => s.id === 'token-flow-control');
    expect(section?.heading).toBe('Error code six');
    expect(section?.keywords).toEqual(expect.arrayContaining(['access_token', 'flow control', '流控', 'overload']));
    const table = section?.tables[0];
    expect(table).toMatchObject({ id: 'error', field: 'sub_error', main_field: 'error' });
    expect(table?.entries).toHaveLength(1);
    const entry = table?.entries[0];
    expect(entry?.main).toBe('1302');
    expect(entry?.code).toBe('57303');
    expect(textEn(entry!.description)).toContain('appid is overload blocked');
    expect(entry?.signals).toEqual(['appid is overload blocked']);
    expect(entry?.causes?.map(textEn).join(' ')).toMatch(/1000 requests per 5 minutes/);
    const steps = (entry?.checklist ?? []).map(textEn).join(' ');
    expect(steps).toMatch(/one hour/);
    expect(steps).toMatch(/5 minutes/);
  });

  it('gives every text a non-empty Chinese rendering beside its English', () => {
    const catalog = loadCatalog();
    const texts: Array<[string, EntryInput['description'] | undefined]> = [['name', catalog.name]];
    for (const section of catalog.sections) {
      texts.push([`${section.id} name`, section.name]);
      for (const table of section.tables) {
        if (table.name !== undefined) texts.push([`${section.id}/${table.id ?? table.field} name`, table.name]);
        for (const entry of table.entries) {
          const at = `${section.id} ${entry.code}`;
          texts.push([`${at} description`, entry.description], [`${at} solution`, entry.solution], [`${at} note`, entry.note]);
          for (const [i, t] of (entry.causes ?? []).entries()) texts.push([`${at} causes[${i}]`, t]);
          for (const [i, t] of (entry.checklist ?? []).entries()) texts.push([`${at} checklist[${i}]`, t]);
        }
      }
    }
    for (const [at, t] of texts) {
      if (t === undefined) continue;
      expect(typeof t, at).toBe('object');
      expect(typeof t === 'string' ? '' : t.zh.trim(), at).not.toBe('');
      expect(typeof t === 'string' ? '' : t.en.trim(), at).not.toBe('');
    }
  });

  it('has no duplicate entry keys', () => {
    const catalog = loadCatalog();
    for (const section of catalog.sections) {
      for (const table of section.tables) {
        const keys = table.entries.map((e) => `${e.main ?? ''}|${e.code}|${e.variant ?? ''}`);
        expect(new Set(keys).size, `${section.id}/${table.id}`).toBe(keys.length);
      }
    }
  });

  it('never uses the mistranslations "twitter" or "tibian"', () => {
    const raw: unknown = parse(readFileSync(catalogPath, 'utf8'), { schema: 'failsafe' });
    const offending = allStrings(raw).filter((s) => /twitter|tibian/i.test(s));
    expect(offending).toEqual([]);
  });
});

describe.skipIf(!existsSync(seedPath))('catalogs/hms-push.yaml against its source document', () => {
  it('covers every code the source names', () => {
    const source = readFileSync(seedPath, 'utf8');
    const named = new Set<string>();
    for (const m of source.matchAll(/\b8\d{7}\b/g)) named.add(m[0]);
    for (const m of source.matchAll(/"?sub_error"?\s*:\s*(\d+)/g)) named.add(m[1]!);
    for (const m of source.matchAll(/"error"\s*:\s*(\d+)/g)) named.add(m[1]!);
    expect(named.size).toBeGreaterThanOrEqual(8);

    const catalogCodes = new Set(allEntries(loadCatalog()).flatMap((e) => [e.code, ...(e.main ? [e.main] : [])]));
    const missing = [...named].filter((code) => !catalogCodes.has(code));
    expect(missing).toEqual([]);
  });
});
