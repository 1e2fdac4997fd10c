/**
 * The catalog format as JSON Schema, generated from the zod schema that validates catalogs when they
 * load (./schema.ts), so the two never drift. Editors use it to check and complete catalog files:
 * every bundled catalog starts with `# yaml-language-server: $schema=./catalog.schema.json`.
 * `npm run schema` writes catalogs/catalog.schema.json; a test fails when the committed file is stale.
 */
import { z } from 'zod';
import { catalogSchema } from './schema.js';

export const CATALOG_SCHEMA_FILE = 'catalog.schema.json';

type JsonNode = { [key: string]: unknown };

/**
 * Catalogs are read with YAML's failsafe schema, where every scalar is a string: `code: 100014` is
 * the code "100014". Editors read YAML with the core schema and would see a number there, and flag a
 * valid catalog. So a plain string in the schema also admits a number or a boolean: the loader gets
 * them as their text, and its own checks (code patterns and so on) still apply to that text.
 */
function admitScalars(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(admitScalars);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonNode = {};
  for (const [key, value] of Object.entries(node as JsonNode)) out[key] = admitScalars(value);
  if (out.type === 'string' && out.enum === undefined && out.const === undefined) out.type = ['string', 'number', 'boolean'];
  return out;
}

export function catalogJsonSchema(): JsonNode {
  const { $schema, ...generated } = z.toJSONSchema(catalogSchema, { target: 'draft-7', io: 'input' }) as JsonNode;
  return {
    $schema,
    title: 'errcode catalog',
    description: 'One errcode catalog file (catalogs/README.md describes the format). Generated from src/catalog/schema.ts.',
    ...(admitScalars(generated) as JsonNode),
  };
}

/** The file's text: stable key order, two-space indent, a final newline. */
export function catalogJsonSchemaText(): string {
  return `${JSON.stringify(catalogJsonSchema(), null, 2)}\n`;
}
