/**
 * `errcode import [--format F] [--catalog ID] [--title T] [--lang zh|en] [--columns R,...] FILE|-`
 * prints a catalog made from a vendor's error-code page; `--merge CATALOG` prints that catalog
 * updated from the page, with what was added, changed and is missing. Rows that could not be read
 * go to stderr with their line or row. The output is checked with the catalog loader before it is
 * printed, so what comes out passes `errcode validate`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { formatProblem, parseCatalogText } from '../../../src/catalog/load.js';
import { type CatalogInput, catalogSchema } from '../../../src/catalog/schema.js';
import { toYaml } from '../../../src/import/emit.js';
import {
  decodePage,
  FORMATS,
  type Format,
  IMPORT_LIMITS,
  ImportError,
  importedYaml,
  importPage,
  parseColumnsOption,
  type Role,
} from '../../../src/import/index.js';
import { mergeCatalogs } from '../../../src/import/merge.js';
import { plural } from '../../../src/text.js';
import { type CliIo, describeFsError, EXIT, line, readFileHead, UsageError } from '../io.js';
import { languageOf } from './flags.js';

export interface ImportFlags {
  readonly format?: string;
  readonly catalog?: string;
  readonly title?: string;
  readonly lang?: string;
  readonly columns?: string;
  readonly merge?: string;
}

export async function importCommand(args: readonly string[], flags: ImportFlags, io: CliIo): Promise<number> {
  if (args.length !== 1) throw new UsageError('import takes one FILE (or - for standard input)');
  const source = args[0] ?? '-';
  const format = checkedFormat(flags.format);
  const language = flags.lang === undefined ? undefined : languageOf(flags.lang);
  if (flags.catalog !== undefined && !/^[a-z0-9][a-z0-9._-]*$/.test(flags.catalog)) {
    throw new UsageError('--catalog takes an id of lower-case letters, digits, ".", "_" or "-"');
  }
  let columns: Role[] | undefined;
  try {
    columns = flags.columns === undefined ? undefined : parseColumnsOption(flags.columns);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const existing = flags.merge === undefined ? undefined : readExisting(flags.merge);
  const document = source === '-' ? 'stdin' : path.basename(source);
  const lang = language ?? existing?.language;
  const catalogId = flags.catalog ?? existing?.catalog;
  const title = flags.title ?? existing?.source.title;
  let result: ReturnType<typeof importPage>;
  try {
    // One byte past the limit is read, so decodePage can say the page is too big.
    const bytes = source === '-' ? await readStdin(io.stdin) : readFileHead(source, IMPORT_LIMITS.maxBytes + 1);
    const text = decodePage(bytes, document);
    result = importPage(text, {
      document,
      ...(format ? { format } : {}),
      ...(catalogId ? { catalogId } : {}),
      ...(title ? { title } : {}),
      ...(lang ? { language: lang } : {}),
      ...(columns ? { columns } : {}),
    });
  } catch (error) {
    if (error instanceof ImportError) throw new UsageError(error.message);
    throw error;
  }
  for (const p of result.problems) line(io.stderr, `${document}: ${p.at}: ${p.reason}`);
  let yaml: string;
  if (existing && flags.merge) {
    const merge = mergeCatalogs(existing, result.catalog);
    const summary = [
      `Merged into ${flags.merge}: ${merge.added.length} added, ${merge.changed.length} changed, ${merge.missing.length} missing from the page, ${merge.unchanged} unchanged (kept as written).`,
      ...merge.added.map((a) => `added    ${a}`),
      ...merge.changed.map((c) => `changed  ${c}`),
      ...merge.missing.map((m) => `missing  ${m} (kept; delete it if the vendor dropped it)`),
    ];
    for (const s of summary) line(io.stderr, s);
    yaml = toYaml(merge.catalog, [...result.comments, '', ...summary]);
  } else {
    yaml = importedYaml(result);
  }
  const check = parseCatalogText(yaml, `${document} (imported)`);
  if (!check.ok) {
    // A bug in the importer, not in the page: say so rather than print a catalog that will not load.
    for (const p of check.problems) line(io.stderr, formatProblem(p));
    line(io.stderr, 'errcode: the imported catalog does not validate (an importer bug); nothing printed');
    return EXIT.nothing;
  }
  io.stdout.write(yaml);
  line(
    io.stderr,
    `errcode import: ${plural(check.catalog.entries.length, 'entry', 'entries')} from ${document} (${result.format}), ${plural(result.problems.length, 'row')} not read`,
  );
  return EXIT.matched;
}

function checkedFormat(value: string | undefined): Format | undefined {
  if (value === undefined) return undefined;
  if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format takes ${FORMATS.join(', ')}`);
  return value as Format;
}

function readExisting(file: string): CatalogInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`);
  }
  const checked = parseCatalogText(text, file);
  if (!checked.ok) throw new UsageError(`--merge: ${file} is not a valid catalog:\n${checked.problems.map(formatProblem).join('\n')}`);
  return catalogSchema.parse(parse(text, { schema: 'failsafe' }));
}

async function readStdin(stdin: NodeJS.ReadStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    chunks.push(bytes);
    size += bytes.length;
    if (size > IMPORT_LIMITS.maxBytes) break;
  }
  return Buffer.concat(chunks);
}
