/**
 * catalogs/catalog.schema.json is what editors validate and complete catalog files with. It is
 * generated from the zod schema; these tests keep the committed file current and check that it says
 * what the loader says, on catalogs read the way an editor reads YAML (core schema: numbers are numbers).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bundledCatalogDir } from '../../src/catalog/bundled.js';
import { CATALOG_SCHEMA_FILE, catalogJsonSchemaText } from '../../src/catalog/json-schema.js';

const dir = bundledCatalogDir();
const committed = readFileSync(path.join(dir, CATALOG_SCHEMA_FILE), 'utf8');
const catalogFiles = readdirSync(dir).filter((name) => name.endsWith('.yaml'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(committed));

describe('the catalog JSON Schema for editors', () => {
  it('is current: catalogs/catalog.schema.json equals what the zod schema generates (npm run schema)', () => {
    expect(committed).toBe(catalogJsonSchemaText());
  });

  it.each(catalogFiles)('%s points editors at it on its first line and validates against it', (name) => {
    const text = readFileSync(path.join(dir, name), 'utf8');
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=./${CATALOG_SCHEMA_FILE}`);
    const ok = validate(parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('flags what the loader refuses: an unknown key, a bad language, a non-code, a table without entries', () => {
    const minimal = () => ({
      catalog: 'acme',
      name: 'ACME',
      language: 'en',
      source: { document: 'acme.md', title: 'ACME' },
      sections: [{ id: 'api', heading: 'API', name: 'API', tables: [{ field: 'code', entries: [{ code: 42, description: 'x' }] }] }],
    });
    expect(validate(minimal())).toBe(true);
    expect(validate({ ...minimal(), colour: 'red' })).toBe(false);
    expect(validate({ ...minimal(), language: 'fr' })).toBe(false);
    const notACode = minimal();
    notACode.sections[0]!.tables[0]!.entries[0]!.code = 'forty-two' as unknown as number;
    expect(validate(notACode)).toBe(false);
    const empty = minimal();
    empty.sections[0]!.tables[0]!.entries = [];
    expect(validate(empty)).toBe(false);
  });
});
