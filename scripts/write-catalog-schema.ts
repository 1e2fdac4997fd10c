/** `npm run schema`: writes catalogs/catalog.schema.json from the zod schema (src/catalog/json-schema.ts). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundledCatalogDir } from '../src/catalog/bundled.js';
import { CATALOG_SCHEMA_FILE, catalogJsonSchemaText } from '../src/catalog/json-schema.js';

const file = path.join(bundledCatalogDir(), CATALOG_SCHEMA_FILE);
writeFileSync(file, catalogJsonSchemaText());
console.log(`wrote ${file}`);
