/**
 * From a read page (headings, prose, tables) to catalog data: sections from the outermost headings
 * above the tables, table headings from deeper ones, the endpoint URL from the prose before a
 * section's first table, column roles, codes, texts in the source's language, and provenance on
 * every entry. Everything guessed is said in `report`; every row left out is in `problems`.
 */
import type { CatalogInput, EntryInput, FieldName, LocalTextInput, SectionInput, TableInput } from '../catalog/schema.js';
import { type Language, plural } from '../text.js';
import { type ParsedCode, parseCodeCell, sameCode, spellLike } from './codes.js';
import { type ColumnGuess, guessColumns, type Role, roleOfHeader } from './columns.js';
import { type Block, type Cell, cellText, type ImportProblem, type SourceDocument, type TableRow } from './document.js';

/** Put before the source's text where the other language is for a person to write. */
const UNTRANSLATED = '[untranslated] ';

export interface BuildOptions {
  /** The source file's name as the catalog records it (`source.document`, provenance). */
  readonly document: string;
  readonly catalogId?: string;
  readonly title?: string;
  readonly language?: Language;
  readonly columns?: readonly Role[];
}

export interface BuildResult {
  readonly catalog: CatalogInput;
  /** What was guessed, one line each, for the comment block at the top of the output. */
  readonly report: readonly string[];
  readonly problems: readonly ImportProblem[];
  /** Texts whose other language is left to write (zh sources). */
  readonly untranslated: number;
}

interface PlacedTable {
  readonly block: Extract<Block, { kind: 'table' }>;
  readonly section: Extract<Block, { kind: 'heading' }> | undefined;
  readonly heading: Extract<Block, { kind: 'heading' }> | undefined;
}

const CJK = /[\u3400-\u9fff]/g;
const URL_IN_TEXT = /https?:\/\/[^\s<>"'，。；、）)】]+/;
const CAUSES_MARKER = /^(?:可能原因|原因|possible causes?|possible reasons?|causes?|reasons?)\s*[:：]?$/i;
const NO_SOLUTION = /^(?:-|—|–|\/|无|N\/A|none)$/i;
const SUCCESS = /^(?:成功|处理成功|请求成功|success|successful|succeeded|ok)[。.!！]?$/i;

/** Fields that prose names in a recognisable way (`ret: 17`, `resultCode`), for generic "code" headers. */
const FIELD_MENTIONS: readonly [FieldName, RegExp][] = [
  ['ret', /\bret\b/g],
  ['errCode', /\berrCode\b/g],
  ['resultCode', /\bresultCode\b/g],
  ['NSP_STATUS', /\bNSP_STATUS\b/gi],
  ['sub_error', /\bsub_error\b/g],
  ['error', /["']error["']\s*:|\berror=/g],
  ['code', /["']code["']\s*:|\bcode=/g],
];

export function buildCatalog(source: SourceDocument, options: BuildOptions): BuildResult {
  const problems: ImportProblem[] = [...source.problems];
  const report: string[] = [];
  const blocks = source.blocks;
  const title = titleHeading(blocks);
  const placed = placeTables(blocks, title);
  const allText = blocks.map(blockText).join('\n');
  const language = options.language ?? guessLanguage(blocks);
  report.push(`source language: ${language}${options.language ? ' (--lang)' : ' (guessed from the text)'}`);
  let untranslated = 0;
  const text = (value: string): LocalTextInput => {
    if (language === 'en') return value;
    untranslated += 1;
    return { zh: value, en: `${UNTRANSLATED}${value}` };
  };
  const catalogTitle = options.title ?? title?.text ?? options.document;
  const sections: SectionInput[] = [];
  const sectionIds = new Set<string>();
  const bySection = new Map<Block | undefined, PlacedTable[]>();
  for (const p of placed) bySection.set(p.section, [...(bySection.get(p.section) ?? []), p]);
  let sectionNumber = 0;
  for (const [sectionBlock, tables] of bySection) {
    sectionNumber += 1;
    const heading = (sectionBlock as PlacedTable['section'])?.text ?? catalogTitle;
    const range = sectionRange(blocks, sectionBlock, placed);
    const url = sectionUrl(range, tables[0]?.block);
    const sectionText = range.map(blockText).join('\n');
    const id = unique(sectionIds, slug(heading) ?? (url ? urlSlug(url) : undefined) ?? `section-${sectionNumber}`);
    const builtTables: TableInput[] = [];
    const tableIds = new Set<string>();
    const claimedFields = new Set<FieldName>();
    const shapes = tables.map((t) => tableShape(t, options.columns));
    for (const shape of shapes) if (shape.field) claimedFields.add(shape.field);
    tables.forEach((t, k) => {
      const shape = shapes[k];
      if (!shape) return;
      const where = `${t.block.at} (${[heading, t.heading?.text].filter(Boolean).join(' / ')})`;
      if (shape.codeIndex === undefined || shape.descriptionIndex === undefined) {
        problems.push({
          at: t.block.at,
          reason: `table left out: ${shape.codeIndex === undefined ? 'no column holds codes' : 'no column holds descriptions'} (columns: ${describeColumns(shape.columns)})`,
        });
        return;
      }
      const field = shape.field ?? mentionedField(sectionText, claimedFields) ?? mentionedField(allText, claimedFields) ?? 'code';
      const fieldWhy = shape.field
        ? shape.fieldWhy
        : field === 'code'
          ? 'no field named anywhere: the default'
          : `${field} is named in the ${mentionedField(sectionText, claimedFields) ? "section's" : "document's"} text`;
      const provenance = (row: TableRow) => `${options.document}, ${[heading, t.heading?.text].filter(Boolean).join(' / ')}, ${row.at}`;
      const entries = tableEntries(t, shape, text, provenance, problems);
      if (entries.length === 0) {
        problems.push({ at: t.block.at, reason: 'table left out: no row could be read' });
        return;
      }
      const tableId = unique(tableIds, tableIdFor(field, t.heading?.text, tableIds));
      const hex = entries.some((e) => /0x/i.test(e.code));
      builtTables.push({
        ...(tableId !== field.toLowerCase() ? { id: tableId } : {}),
        ...(t.heading ? { heading: t.heading.text } : {}),
        field,
        ...(shape.twoLevel ? { main_field: 'error' as const } : {}),
        ...(hex ? { notation: 'hex' as const } : {}),
        entries,
      });
      report.push(
        `${where}: ${describeColumns(shape.columns)}; field ${field}${shape.twoLevel ? ' (main code: error)' : ''} (${fieldWhy}); ${plural(entries.length, 'entry', 'entries')}`,
      );
    });
    if (builtTables.length === 0) continue;
    sections.push({ id, heading, name: text(heading), ...(url ? { url } : {}), tables: builtTables });
  }
  const catalog: CatalogInput = {
    catalog: options.catalogId ?? slug(catalogTitle.replace(/\.[a-z0-9]+$/i, '')) ?? 'imported',
    name: text(catalogTitle),
    language,
    source: { document: options.document, title: catalogTitle },
    sections,
  };
  return { catalog, report, problems, untranslated };
}

/** The page's title: a first heading above every table, alone at its level and above all others. */
function titleHeading(blocks: readonly Block[]): Extract<Block, { kind: 'heading' }> | undefined {
  const headings = blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading');
  const first = headings[0];
  const firstTable = blocks.findIndex((b) => b.kind === 'table');
  if (!first || (firstTable >= 0 && blocks.indexOf(first) > firstTable)) return undefined;
  const others = headings.slice(1);
  if (others.length === 0) return first;
  return others.every((h) => h.level > first.level) ? first : undefined;
}

/** Each table with its section heading (outermost level above tables) and its own heading. */
function placeTables(blocks: readonly Block[], title: Block | undefined): PlacedTable[] {
  const chains: { block: Extract<Block, { kind: 'table' }>; chain: Extract<Block, { kind: 'heading' }>[] }[] = [];
  let chain: Extract<Block, { kind: 'heading' }>[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading' && block !== title) chain = [...chain.filter((h) => h.level < block.level), block];
    else if (block.kind === 'table') chains.push({ block, chain });
  }
  const levels = chains.flatMap((c) => c.chain.map((h) => h.level));
  const sectionLevel = levels.length > 0 ? Math.min(...levels) : 0;
  return chains.map(({ block, chain: c }) => {
    const section = c.find((h) => h.level === sectionLevel);
    const deeper = c.filter((h) => h.level > sectionLevel).at(-1);
    return { block, section, heading: deeper };
  });
}

/** The blocks of a section: from its heading to the next section's heading. */
function sectionRange(blocks: readonly Block[], section: Block | undefined, placed: readonly PlacedTable[]): Block[] {
  const starts = [...new Set(placed.map((p) => p.section))].map((s) => (s ? blocks.indexOf(s) : 0)).sort((a, b) => a - b);
  const start = section ? blocks.indexOf(section) : 0;
  const next = starts.find((s) => s > start);
  return blocks.slice(start, next ?? blocks.length);
}

/** The first URL in the prose between a section's heading and its first table: its endpoint. */
function sectionUrl(range: readonly Block[], firstTable: Block | undefined): string | undefined {
  for (const block of range) {
    if (block === firstTable || block.kind === 'table') break;
    if (block.kind !== 'text') continue;
    const raw = URL_IN_TEXT.exec(block.text)?.[0];
    if (raw && URL.canParse(raw)) return raw;
  }
  return undefined;
}

function blockText(block: Block): string {
  if (block.kind === 'table') return block.rows.map((r) => r.cells.map(cellText).join(' ')).join('\n');
  return block.text;
}

function guessLanguage(blocks: readonly Block[]): Language {
  const text = blocks
    .filter((b) => b.kind === 'table')
    .map(blockText)
    .join(' ');
  const sample = text.length > 0 ? text : blocks.map(blockText).join(' ');
  const cjk = sample.match(CJK)?.length ?? 0;
  const letters = sample.match(/[A-Za-z]/g)?.length ?? 0;
  // One Chinese character carries about as much as a short English word.
  return cjk * 4 > letters ? 'zh' : 'en';
}

function mentionedField(text: string, claimed: ReadonlySet<FieldName>): FieldName | undefined {
  let best: FieldName | undefined;
  let bestCount = 0;
  for (const [field, pattern] of FIELD_MENTIONS) {
    if (claimed.has(field)) continue;
    const count = text.match(pattern)?.length ?? 0;
    if (count > bestCount) {
      best = field;
      bestCount = count;
    }
  }
  return best;
}

interface TableShape {
  readonly columns: readonly ColumnGuess[];
  readonly headerRows: number;
  readonly codeIndex?: number;
  readonly mainIndex?: number;
  readonly aliasIndexes: readonly number[];
  readonly descriptionIndex?: number;
  readonly solutionIndex?: number;
  readonly causesIndex?: number;
  readonly twoLevel: boolean;
  readonly field?: FieldName;
  readonly fieldWhy: string;
}

function tableShape(t: PlacedTable, forced: readonly Role[] | undefined): TableShape {
  const rows = t.block.rows;
  let headerRows = 0;
  while (headerRows < rows.length && rows[headerRows]?.header) headerRows += 1;
  // No row marked as a header (`<td>` headers): a first row of role words and no codes is one.
  const first = rows[0];
  if (
    headerRows === 0 &&
    first &&
    rows.length > 1 &&
    !first.cells.some((c) => parseCodeCell(cellText(c))) &&
    first.cells.some((c) => roleOfHeader(cellText(c)))
  ) {
    headerRows = 1;
  }
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  const headers: string[] = [];
  for (let c = 0; c < width; c += 1) {
    const parts = rows.slice(0, headerRows).map((r) => cellText(r.cells[c]));
    headers.push([...new Set(parts.filter(Boolean))].join(' '));
  }
  const body = rows.slice(headerRows);
  const columnCells: string[][] = [];
  for (let c = 0; c < width; c += 1) columnCells.push(body.map((r) => cellText(r.cells[c])));
  const columns: ColumnGuess[] = forced
    ? Array.from({ length: width }, (_, c) => ({ header: headers[c] ?? '', role: forced[c] ?? 'ignore', why: '--columns' }))
    : guessColumns(headers, columnCells);
  const find = (...roles: Role[]) => {
    const i = columns.findIndex((g) => roles.includes(g.role));
    return i >= 0 ? i : undefined;
  };
  const codeIndex = find('sub', 'code', 'http');
  const code = codeIndex === undefined ? undefined : columns[codeIndex];
  const twoLevel = columns.some((g) => g.role === 'sub') && columns.some((g) => g.role === 'main');
  let field: FieldName | undefined;
  let fieldWhy = '';
  if (code?.field) [field, fieldWhy] = [code.field, `header "${code.header}"`];
  else if (code?.role === 'http') [field, fieldWhy] = ['http_status', `header "${code.header}"`];
  else if (twoLevel) [field, fieldWhy] = ['sub_error', 'main and sub code columns'];
  return {
    columns,
    headerRows,
    ...(codeIndex !== undefined ? { codeIndex } : {}),
    ...(find('main') !== undefined ? { mainIndex: find('main') } : {}),
    aliasIndexes: columns.flatMap((g, i) => (g.role === 'alias' ? [i] : [])),
    ...(find('description') !== undefined ? { descriptionIndex: find('description') } : {}),
    ...(find('solution') !== undefined ? { solutionIndex: find('solution') } : {}),
    ...(find('causes') !== undefined ? { causesIndex: find('causes') } : {}),
    twoLevel,
    ...(field ? { field } : {}),
    fieldWhy,
  };
}

function describeColumns(columns: readonly ColumnGuess[]): string {
  return columns.map((g) => `${g.header ? `"${g.header}"` : '(no header)'} -> ${g.role} [${g.why}]`).join(', ');
}

function tableEntries(
  t: PlacedTable,
  shape: TableShape,
  text: (value: string) => LocalTextInput,
  provenance: (row: TableRow) => string,
  problems: ImportProblem[],
): EntryInput[] {
  const entries: EntryInput[] = [];
  const keys = new Map<string, { entry: EntryInput; at: string }>();
  for (const row of t.block.rows.slice(shape.headerRows)) {
    const cell = (i: number | undefined): Cell | undefined => (i === undefined ? undefined : row.cells[i]);
    if (row.cells.every((c) => cellText(c) === '')) continue;
    if (row.header) continue;
    const codeText = cellText(cell(shape.codeIndex));
    const code = parseCodeCell(codeText);
    if (!code) {
      problems.push({ at: row.at, reason: `no code in the code column: "${clip(codeText || row.cells.map(cellText).join(' | '))}"` });
      continue;
    }
    let main: ParsedCode | undefined;
    if (shape.twoLevel) {
      const mainText = cellText(cell(shape.mainIndex));
      main = parseCodeCell(mainText);
      if (!main) {
        problems.push({ at: row.at, reason: `no main code for sub code ${code.code}: "${clip(mainText)}"` });
        continue;
      }
    }
    const aliases = shape.aliasIndexes.map((i) => parseCodeCell(cellText(cell(i)))).filter((a): a is ParsedCode => a !== undefined);
    const spelled = reconcileSpellings(code, aliases);
    const description = textCell(cell(shape.descriptionIndex));
    const [meaning, causesInCell] = splitCauses(description);
    if (meaning.length === 0) {
      problems.push({ at: row.at, reason: `code ${code.code} has no description` });
      continue;
    }
    const solutionCell = cell(shape.solutionIndex);
    const solutionLines = solutionCell?.spanned === 'col' ? [] : textCell(solutionCell).filter((l) => !NO_SOLUTION.test(l));
    const causes = [...causesInCell, ...textCell(cell(shape.causesIndex))];
    const meaningText = meaning.join('\n');
    const entry: EntryInput = {
      ...(main ? { main: main.code } : {}),
      code: spelled.code,
      ...(spelled.aliases.length > 0 ? { aliases: spelled.aliases } : {}),
      ...(spelled.misprints.length > 0 ? { misprints: spelled.misprints } : {}),
      ...(SUCCESS.test(meaningText) ? { outcome: 'success' as const } : {}),
      description: text(meaningText),
      ...(causes.length > 0 ? { causes: causes.map(text) } : {}),
      ...(solutionLines.length > 0 ? { solution: text(solutionLines.join('\n')) } : {}),
      ...(solutionLines.length > 1 ? { checklist: solutionLines.map(text) } : {}),
      ...(spelled.note ? { note: text(spelled.note) } : {}),
      provenance: provenance(row),
    };
    const key = `${main ? `${main.code}/` : ''}${spelled.code.toLowerCase().replace(/\s+/g, '')}`;
    const previous = keys.get(key);
    if (previous) {
      if (JSON.stringify(previous.entry.description) === JSON.stringify(entry.description)) {
        problems.push({ at: row.at, reason: `code ${spelled.code} repeats ${previous.at} with the same description: kept once` });
        continue;
      }
      const variant = String(
        entries.filter((e) => `${e.main ? `${e.main}/` : ''}${e.code.toLowerCase().replace(/\s+/g, '')}` === key).length + 1,
      );
      problems.push({
        at: row.at,
        reason: `code ${spelled.code} repeats ${previous.at} with another description: kept as variant ${variant}, add signals by hand`,
      });
      entries.push({ ...entry, variant });
      continue;
    }
    keys.set(key, { entry, at: row.at });
    entries.push(entry);
  }
  return entries;
}

function textCell(cell: Cell | undefined): string[] {
  return [...(cell?.lines ?? [])].map((l) => l.trim()).filter((l) => l.length > 0);
}

/** A description cell that goes on to list possible causes: the meaning, then the causes. */
function splitCauses(lines: readonly string[]): [string[], string[]] {
  const marker = lines.findIndex((l) => CAUSES_MARKER.test(l));
  if (marker <= 0) return [[...lines], []];
  return [lines.slice(0, marker), lines.slice(marker + 1)];
}

/**
 * A code given in several spellings (hex, signed and unsigned decimal): when the other spellings
 * agree with each other and not with the first, the first is the misprint (the OIDB page prints
 * 0x71 twice; -140 / 116 are 0x74).
 */
function reconcileSpellings(
  code: ParsedCode,
  aliases: readonly ParsedCode[],
): { code: string; aliases: string[]; misprints: string[]; note?: string } {
  const others = aliases.filter((a) => a.code.toLowerCase() !== code.code.toLowerCase());
  const plain = { code: code.code, aliases: others.map((a) => a.code), misprints: [] };
  if (code.value === undefined || others.length < 2 || others.some((a) => a.value === undefined)) return plain;
  const values = others.map((a) => a.value ?? 0);
  const agree = values.every((v) => sameCode(v, values[0] ?? 0));
  if (!agree || values.some((v) => sameCode(v, code.value ?? 0))) return plain;
  const unsigned = Math.max(...values);
  const fixed = spellLike(unsigned, code);
  return {
    code: fixed,
    aliases: others.map((a) => a.code),
    misprints: [code.code],
    note: `The source prints this code as ${code.code}, but its other spellings (${others.map((a) => a.code).join(', ')}) are ${fixed}.`,
  };
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

function unique(taken: Set<string>, id: string): string {
  let candidate = id;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${id}-${n}`;
  taken.add(candidate);
  return candidate;
}

/** A catalog id from text: lower-case ASCII words joined by "-", numbering dropped; undefined if none. */
function slug(text: string): string | undefined {
  const words = text
    .replace(/^\s*(?:[IVXLCDM]+|[A-Za-z]|\d+(?:\.\d+)*|[一二三四五六七八九十]+)[.、)．]\s+/i, '')
    .replace(/'s\b/g, 's')
    .toLowerCase()
    .match(/[a-z0-9]+/g);
  if (!words) return undefined;
  let id = '';
  for (const w of words) {
    if (id.length + w.length + 1 > 48) break;
    id = id ? `${id}-${w}` : w;
  }
  return id.length >= 2 ? id : undefined;
}

/** An id from an endpoint URL: its last name-like part (`token`, `gettokeninfo`, `certs`). */
function urlSlug(url: string): string | undefined {
  const names = url.replace(/^https?:\/\/[^/]+/, '').match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? [];
  const last = names.filter((n) => !/^(?:rest|php|json|nsp_fmt|nsp_svc|v\d+|oauth2|api)$/i.test(n)).at(-1);
  return last ? slug(last.replace(/_/g, '-')) : undefined;
}

/** A table's id: its field, or when the section has two of those, a code-like word from its heading. */
function tableIdFor(field: FieldName, heading: string | undefined, taken: ReadonlySet<string>): string {
  const base = field.toLowerCase();
  if (!taken.has(base)) return base;
  const marked = heading ? /\(([A-Za-z0-9_.-]+)\)\s*$/.exec(heading)?.[1]?.toLowerCase() : undefined;
  return marked ?? (heading ? slug(heading) : undefined) ?? base;
}
