import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledCatalogDir, CatalogError, loadCatalogs, parseCatalogText } from '../../src/index.js';

const GOOD = `catalog: acme
name: ACME game services
language: en
source:
  document: acme-errors.md
  title: ACME error codes
keywords: [acme]
sections:
  - id: login
    heading: Login errors
    name: Login
    tables:
      - field: code
        entries:
          - code: "42"
            description: The dragon ate the token
            solution: Feed the dragon. Log in again.
          - code: 0x2a~0x2c
            description: A range of dragons
`;

function problemsOf(text: string) {
  const result = parseCatalogText(text, 'acme.yaml');
  if (result.ok) throw new Error('expected problems');
  return result.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`);
}

describe('a valid catalog loads', () => {
  it('keeps code spellings and derives the checklist from the solution', () => {
    const result = parseCatalogText(GOOD, 'acme.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [first, range] = result.catalog.entries;
    expect(first?.code).toBe('42');
    expect(first?.checklist.map((s) => s.en)).toEqual(['Feed the dragon.', 'Log in again.']);
    expect(range?.span).toMatchObject({ low: 42, high: 44, isRange: true, hex: true });
  });

  it('a semicolon ends a step only before what starts like a sentence: a capital or a list number', () => {
    const text = GOOD.replace(
      'solution: Feed the dragon. Log in again.',
      'solution: "Retry later; if the problem persists, ask support. 1. Feed the dragon; 2. Log in again; Then wait."',
    );
    const result = parseCatalogText(text, 'acme.yaml');
    if (!result.ok) throw new Error(result.problems[0]?.reason);
    expect(result.catalog.entries[0]?.checklist.map((s) => s.en)).toEqual([
      'Retry later; if the problem persists, ask support.',
      '1. Feed the dragon;',
      '2. Log in again;',
      'Then wait.',
    ]);
  });

  it("keeps an entry's own title, which needs Chinese where the description has it", () => {
    const titled = GOOD.replace(
      '            description: The dragon ate the token',
      '            title: Dragon trouble\n            description: The dragon ate the token',
    );
    const result = parseCatalogText(titled, 'acme.yaml');
    if (!result.ok) throw new Error(result.problems[0]?.reason);
    expect(result.catalog.entries[0]?.title).toEqual({ en: 'Dragon trouble' });
    expect(result.catalog.entries[1]?.title).toBeUndefined();
    const halfChinese = GOOD.replace(
      '            description: The dragon ate the token',
      '            title: Dragon trouble\n            description: {en: The dragon ate the token, zh: 龙吃掉了 token}',
    );
    expect(problemsOf(halfChinese)).toEqual(['acme.yaml:16: code 42: the description has a zh rendering, so the title needs one']);
  });

  it('the bundled catalogs hold every row of the four sources', () => {
    const catalogs = loadCatalogs([bundledCatalogDir()]);
    const counts = Object.fromEntries(catalogs.map((c) => [c.info.id, c.entries.length]));
    expect(counts).toEqual({ 'hms-push': 7, 'huawei-account': 237, 'huawei-quickapp': 7, 'qq-msdk': 215 });
  });
});

describe('a malformed catalog names its file, line and reason', () => {
  it('YAML syntax error', () => {
    expect(problemsOf(`${GOOD}  - [unclosed\n`)[0]).toMatch(/^acme\.yaml:\d+: YAML: /);
  });

  it('a text that is no YAML names its first YAML errors and counts the rest, in a few lines', () => {
    const services = Array.from({ length: 50 }, (_, i) => `svc${i}: ${i}/tcp: alias${i}`).join('\n');
    const problems = problemsOf(services);
    expect(problems).toHaveLength(4);
    expect(problems.slice(0, 3).every((p) => /^acme\.yaml:\d+: YAML: /.test(p))).toBe(true);
    expect(problems[3]).toBe(
      'acme.yaml:0: and 47 more YAML errors; a catalog is a YAML mapping of catalog, name, language, source and sections',
    );
  });

  it('plain text, a list or an empty file is not a catalog, said in one line', () => {
    for (const text of ['build-box-7\n', '- a\n- b\n', '']) {
      expect(problemsOf(text), JSON.stringify(text)).toEqual([
        'acme.yaml:1: not a catalog: a catalog is a YAML mapping of catalog, name, language, source and sections',
      ]);
    }
  });

  it('unknown field, at the line of the field', () => {
    const text = GOOD.replace('            solution: Feed', '            colour: red\n            solution: Feed');
    expect(problemsOf(text)).toEqual(['acme.yaml:17: unknown field "colour" in sections.0.tables.0.entries.0']);
  });

  it('missing description, at the line of the entry', () => {
    const text = GOOD.replace('            description: A range of dragons\n', '');
    expect(problemsOf(text)).toEqual(['acme.yaml:18: missing description (sections.0.tables.0.entries.1.description)']);
  });

  it('unparsable code or range', () => {
    expect(problemsOf(GOOD.replace('code: "42"', 'code: "4x2"'))[0]).toMatch(/^acme\.yaml:15: .*not a code/);
    expect(problemsOf(GOOD.replace('0x2a~0x2c', '0x2a~~0x2c'))[0]).toMatch(/^acme\.yaml:18: .*not a code/);
  });

  it('duplicate key within a table', () => {
    const text = GOOD.replace('code: 0x2a~0x2c', 'code: "42"');
    expect(problemsOf(text)).toEqual(['acme.yaml:18: duplicate code 42 in table login.code (first at line 15)']);
  });

  it('a zh catalog must give every text in both languages', () => {
    const text = GOOD.replace('language: en', 'language: zh');
    expect(problemsOf(text).join('\n')).toMatch(/acme\.yaml:2: name: a zh catalog gives every text as \{zh, en\}/);
  });

  it('loading a directory with a bad file throws, listing every problem', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-catalogs-'));
    writeFileSync(path.join(dir, 'good.yaml'), GOOD);
    writeFileSync(path.join(dir, 'bad.yaml'), GOOD.replace('catalog: acme', 'catalog: acme2').replace('code: "42"', 'code: "x"'));
    let error: unknown;
    try {
      loadCatalogs([dir]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CatalogError);
    expect((error as CatalogError).message).toMatch(
      new RegExp(`${path.join(dir, 'bad.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:15: `),
    );
  });

  it('two catalogs with one id', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-catalogs-'));
    writeFileSync(path.join(dir, 'a.yaml'), GOOD);
    writeFileSync(path.join(dir, 'b.yaml'), GOOD);
    expect(() => loadCatalogs([dir])).toThrow(/catalog id "acme" is already used/);
  });

  it('a missing path', () => {
    expect(() => loadCatalogs(['/nonexistent/errcode'])).toThrow(/no such file or directory/);
  });
});
