/**
 * `errcode import`: a vendor's error-code page (HTML, Markdown, CSV or plain text) to a catalog.
 * read-*.ts turn a format into blocks (document.ts), build.ts turns blocks into catalog data,
 * emit.ts writes it as YAML, merge.ts compares it with a catalog that exists.
 */
import type { CatalogInput } from '../catalog/schema.js';
import { plural } from '../text.js';
import { type BuildOptions, buildCatalog } from './build.js';
import { type Format, ImportError, type ImportProblem, type SourceDocument } from './document.js';
import { toYaml } from './emit.js';
import { readCsv } from './read-csv.js';
import { readHtml } from './read-html.js';
import { readMarkdown } from './read-markdown.js';
import { readText } from './read-text.js';

export { parseColumnsOption, type Role } from './columns.js';
export { FORMATS, type Format, ImportError, type ImportProblem } from './document.js';
export { decodePage, IMPORT_LIMITS } from './guard.js';

export interface ImportOptions extends BuildOptions {
  readonly format?: Format;
}

export interface ImportResult {
  readonly format: Format;
  readonly catalog: CatalogInput;
  readonly comments: readonly string[];
  readonly problems: readonly ImportProblem[];
}

/** The format from the file name, else from the content. */
function detectFormat(text: string, fileName: string): Format {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml') return 'html';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  const head = text.slice(0, 64 * 1024);
  if (/<(?:!doctype\s+html|html|body|table|h[1-6]|tr|td|div|p)\b[^>]*>/i.test(head)) return 'html';
  if (/^\s*\|?.*\|.*\n\s*\|?\s*:?-{2,}:?\s*\|/m.test(head)) return 'markdown';
  return 'text';
}

function readPage(text: string, format: Format): SourceDocument {
  switch (format) {
    case 'html':
      return readHtml(text);
    case 'markdown':
      return readMarkdown(text);
    case 'csv':
      return readCsv(text);
    case 'text':
      return readText(text);
  }
}

export function importPage(text: string, options: ImportOptions): ImportResult {
  const format = options.format ?? detectFormat(text, options.document);
  const page = readPage(text, format);
  const built = buildCatalog(page, options);
  if (built.catalog.sections.length === 0) {
    throw new ImportError(
      `no error-code table found in ${options.document} (read as ${format}${options.format ? '' : ', guessed'}; try --format or --columns)`,
    );
  }
  const entries = built.catalog.sections.reduce((n, s) => n + s.tables.reduce((m, t) => m + t.entries.length, 0), 0);
  const comments = [
    `Imported by \`errcode import\` from ${options.document} (read as ${format}${options.format ? '' : ', guessed from the content'}).`,
    `${plural(entries, 'entry', 'entries')} in ${plural(built.catalog.sections.length, 'section')}; ${plural(built.problems.length, 'row')} not read (listed on stderr).`,
    'Every entry says where it came from (provenance). Check the guesses below; --columns overrides them.',
    ...(built.untranslated > 0
      ? [
          `The source's Chinese is verbatim; ${plural(built.untranslated, 'English text')} ${built.untranslated === 1 ? 'starts' : 'start'} with "[untranslated]": write ${built.untranslated === 1 ? 'it' : 'them'}.`,
        ]
      : ['The source text is verbatim; Chinese renderings ({en: ..., zh: ...}) are yours to add.']),
    '',
    ...built.report,
  ];
  return { format, catalog: built.catalog, comments, problems: built.problems };
}

export function importedYaml(result: ImportResult): string {
  return toYaml(result.catalog, result.comments);
}
