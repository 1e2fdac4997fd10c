/**
 * catalogs/qq-msdk.yaml: schema, completeness against the source document, and spot checks of the
 * places where the source is easy to misread (codes shared between tables, ranges, the OIDB misprint).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CatalogInput, catalogSchema, type EntryInput, type TableInput } from '../../src/catalog/schema.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const catalogPath = path.join(repoRoot, 'catalogs/qq-msdk.yaml');
const seedPath = path.resolve(repoRoot, '../shared/seeds/001_b4ebd9a06ed0ad1d.txt');

function loadCatalog(): CatalogInput {
  const raw: unknown = parse(readFileSync(catalogPath, 'utf8'), { schema: 'failsafe' });
  const result = catalogSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(`qq-msdk.yaml does not match the schema:\n${JSON.stringify(result.error.issues, null, 2)}`);
  }
  return result.data;
}

const catalog = loadCatalog();

function table(sectionId: string, tableId?: string): TableInput {
  const section = catalog.sections.find((s) => s.id === sectionId);
  if (!section) throw new Error(`no section ${sectionId}`);
  const t = tableId === undefined ? section.tables[0] : section.tables.find((x) => (x.id ?? x.field) === tableId);
  if (!t) throw new Error(`no table ${sectionId}/${tableId ?? '(first)'}`);
  return t;
}

const text = (t: EntryInput['description'] | undefined): string | undefined =>
  t === undefined ? undefined : typeof t === 'string' ? t : t.en;

const normCode = (c: string): string => c.replace(/\s+/g, '').toLowerCase();

function entry(t: TableInput, code: string): EntryInput {
  const e = t.entries.find((x) => normCode(x.code) === normCode(code));
  if (!e) throw new Error(`no entry ${code}`);
  return e;
}

/** [section id, table id | undefined, expected rows, source heading that opens the table, heading that ends it] */
const TABLES: Array<[string, string | undefined, number, string, string]> = [
  ['qq-platform', undefined, 66, "I. QQ Platform's Return Codes", "II. QQ Group Functions' Return Codes"],
  ['qq-group', undefined, 31, "II. QQ Group Functions' Return Codes", "III. QQ Game Center's Return Codes"],
  ['game-center', undefined, 39, "III. QQ Game Center's Return Codes", 'IV. Error codes uniformly returned by OIDB'],
  ['oidb', 'common', 30, 'A. Error codes uniformly returned by OIDB', 'B. Error codes returned by'],
  ['oidb', '0x73a', 13, "B. Error codes returned by QQ login interface's PayToken verification (0x73a)", 'c. Error codes'],
  ['oidb', '0x711', 36, "c. Error codes returned by QQ login interface's accessToken verification (0x711)", 'Copyright'],
];

describe('catalogs/qq-msdk.yaml', () => {
  it('matches the catalog schema', () => {
    expect(catalog.catalog).toBe('qq-msdk');
    expect(catalog.language).toBe('en');
    expect(catalog.source.document).toBe('001_b4ebd9a06ed0ad1d.txt');
    expect(catalog.sections.map((s) => s.id)).toEqual(['qq-platform', 'qq-group', 'game-center', 'oidb']);
    expect(table('oidb').id).toBe('common');
  });

  it.each(TABLES)('%s/%s has %i rows', (sectionId, tableId, rows) => {
    expect(table(sectionId, tableId).entries).toHaveLength(rows);
  });

  it('has 215 rows in all', () => {
    const total = catalog.sections.flatMap((s) => s.tables).reduce((n, t) => n + t.entries.length, 0);
    expect(total).toBe(215);
  });

  it('has no duplicate code (or spelling) within a table', () => {
    for (const section of catalog.sections) {
      for (const t of section.tables) {
        const codes = t.entries.map((e) => normCode(e.code));
        expect(new Set(codes).size, `${section.id}/${t.id ?? t.field}`).toBe(codes.length);
        const spellings = t.entries.flatMap((e) => [e.code, ...(e.aliases ?? [])].map(normCode));
        expect(new Set(spellings).size, `${section.id}/${t.id ?? t.field} aliases`).toBe(spellings.length);
      }
    }
  });

  it('OIDB hex tables: aliases are the signed and unsigned decimal of the hex code', () => {
    for (const id of ['common', '0x73a']) {
      for (const e of table('oidb', id).entries) {
        const value = Number.parseInt(e.code, 16);
        const expected = value === 5 || id === '0x73a' ? [String(value)] : [String(value - 256), String(value)];
        expect(e.aliases, `${id} ${e.code}`).toEqual(expected);
      }
    }
    for (const e of table('oidb', '0x711').entries) expect(e.aliases, e.code).toBeUndefined();
  });

  it('tells -5 apart: QQ platform signature vs OIDB Type B user number', () => {
    expect(text(entry(table('qq-platform'), '-5').description)).toBe('Signature verification fails');
    const oidb = table('oidb', 'common').entries.find((e) => e.aliases?.includes('-5'));
    expect(oidb?.code).toBe('0xfb');
    expect(text(oidb?.description)).toBe('Visit Type B user number');
  });

  it('tells 0x10 apart: pay token (0x73a) vs the 0x10~0x11 range (0x711)', () => {
    expect(text(entry(table('oidb', '0x73a'), '0x10').description)).toMatch(/^pay token is invalid/);
    expect(text(entry(table('oidb', '0x711'), '0x10~0x11').description)).toBe('Appid is illegal');
    expect(table('oidb', '0x711').entries.some((e) => e.code === '0x10')).toBe(false);
  });

  it('keeps the QQ group range -500003 ~ -500009', () => {
    const e = entry(table('qq-group'), '-500003 ~ -500009');
    expect(e.code).toBe('-500003 ~ -500009');
    expect(text(e.description)).toBe('Fail to parse the data returned by the server');
  });

  it('records the OIDB 0x71 misprint on 0x74 (-140 / 116)', () => {
    const common = table('oidb', 'common');
    const e = entry(common, '0x74');
    expect(e.aliases).toEqual(['-140', '116']);
    expect(e.misprints).toEqual(['0x71']);
    expect(text(e.note)).toMatch(/0x71/);
    expect(text(e.description)).toMatch(/^accesstoken is illegal/);
    expect(text(entry(common, '0x71').description)).toMatch(/employee account protection/);
  });

  it('keeps -73 as printed, with a note pointing at 0x711 / 0x47', () => {
    const e = entry(table('qq-platform'), '-73');
    expect(text(e.description)).toBe("0x47 access token's changed password is invalid");
    expect(text(e.note)).toMatch(/0x711/);
    expect(entry(table('oidb', '0x711'), '0x47')).toBeDefined();
  });

  it('gives every text a non-empty Chinese rendering beside its English', () => {
    const texts: Array<[string, EntryInput['description'] | undefined]> = [['name', catalog.name]];
    for (const section of catalog.sections) {
      texts.push([`${section.id} name`, section.name]);
      for (const t of section.tables) {
        if (t.name !== undefined) texts.push([`${section.id}/${t.id ?? t.field} name`, t.name]);
        for (const e of t.entries) {
          const at = `${section.id}/${t.id ?? t.field} ${e.code}`;
          texts.push([`${at} description`, e.description], [`${at} solution`, e.solution], [`${at} note`, e.note]);
          for (const [i, c] of (e.causes ?? []).entries()) texts.push([`${at} causes[${i}]`, c]);
          for (const [i, c] of (e.checklist ?? []).entries()) texts.push([`${at} checklist[${i}]`, c]);
        }
      }
    }
    expect(texts.filter(([, x]) => x !== undefined).length).toBeGreaterThanOrEqual(215 + 5);
    for (const [at, x] of texts) {
      if (x === undefined) continue;
      expect(typeof x, at).toBe('object');
      expect(typeof x === 'string' ? '' : x.zh.trim(), at).not.toBe('');
      expect(typeof x === 'string' ? '' : x.en.trim(), at).not.toBe('');
    }
  });

  it('marks the three success rows, and only those', () => {
    const successes = catalog.sections.flatMap((s) =>
      s.tables.flatMap((t) => t.entries.filter((e) => e.outcome === 'success').map((e) => `${s.id}/${t.id ?? t.field}/${e.code}`)),
    );
    expect(successes.sort()).toEqual(['game-center/ret/0', 'oidb/0x711/0x00', 'oidb/0x73a/0x0']);
  });

  it('gives no solution where the source has none or "-"', () => {
    for (const code of ['225001', '225002', '225003', '225004', '225005', '225007', '225008', '220028']) {
      expect(entry(table('qq-platform'), code).solution, code).toBeUndefined();
    }
    expect(entry(table('game-center'), '0').solution).toBeUndefined();
    expect(entry(table('game-center'), '-4010').checklist?.length).toBeGreaterThanOrEqual(3);
  });
});

describe.skipIf(!existsSync(seedPath))('catalogs/qq-msdk.yaml against the source document', () => {
  const lines = existsSync(seedPath) ? readFileSync(seedPath, 'utf8').split(/\r?\n/) : [];

  /** Row lines (starting with a code token) between a table's heading and the next heading. */
  function rows(start: string, end: string): string[] {
    const a = lines.findIndex((l) => l.startsWith(start));
    const b = lines.findIndex((l, i) => i > a && l.startsWith(end));
    expect(a, start).toBeGreaterThanOrEqual(0);
    expect(b, end).toBeGreaterThan(a);
    return lines.slice(a + 1, b).filter((l) => /^(-?\d|0x)/.test(l));
  }

  for (const [sectionId, tableId, count, start, end] of TABLES.slice(0, 3)) {
    it(`${sectionId}: every source row, split losslessly into code / description / solution`, () => {
      const t = table(sectionId, tableId);
      const src = rows(start, end);
      expect(src).toHaveLength(count);
      expect(t.entries).toHaveLength(src.length);
      src.forEach((line, i) => {
        const code = /^-?\d+(?:\s*~\s*-?\d+)?/.exec(line)?.[0] ?? '';
        const e = entry(t, code);
        expect(t.entries[i], `order at ${code}`).toBe(e);
        const description = text(e.description) ?? '';
        const solution = text(e.solution);
        expect(line, code).toContain(description);
        const rebuilt = [code, description, solution ?? (line.endsWith(' -') ? '-' : undefined)].filter((x) => x !== undefined).join(' ');
        expect(rebuilt, code).toBe(line);
      });
    });
  }

  for (const [sectionId, tableId, count, start, end] of TABLES.slice(3, 5)) {
    it(`oidb/${tableId}: every source row with its hex, signed and unsigned spellings`, () => {
      const t = table(sectionId, tableId);
      const src = rows(start, end);
      expect(src).toHaveLength(count);
      expect(t.entries).toHaveLength(src.length);
      src.forEach((line, i) => {
        const m = /^(0x[0-9a-f]+) (-?\d+) (\d+) (.*)$/.exec(line);
        expect(m, line).not.toBeNull();
        const [, hex = '', signed = '', unsigned = '', description = ''] = m ?? [];
        const e = t.entries[i];
        expect(e, line).toBeDefined();
        if (!e) return;
        expect([e.code, ...(e.misprints ?? [])], line).toContain(hex);
        expect(e.aliases ?? [], line).toContain(signed);
        expect(e.aliases ?? [], line).toContain(unsigned);
        expect(text(e.description), line).toBe(description);
        expect(line).toContain(text(e.description));
      });
    });
  }

  it('oidb/0x711: every source row, code normalised ("0x00:" -> "0x00")', () => {
    const [sectionId, tableId, count, start, end] = TABLES[5] ?? [];
    const t = table(sectionId ?? '', tableId);
    const src = rows(start ?? '', end ?? '');
    expect(src).toHaveLength(count ?? -1);
    expect(t.entries).toHaveLength(src.length);
    src.forEach((line, i) => {
      const m = /^(0x[0-9a-f]+(?:~0x[0-9a-f]+)?):? (.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      const e = t.entries[i];
      expect(e?.code, line).toBe(m?.[1]);
      expect(text(e?.description), line).toBe(m?.[2]);
    });
  });
});
