/**
 * Reads catalog files, validates them and turns them into the engine's model. Every problem is
 * reported as `file:line: reason`; one bad file stops the load, so nothing is dropped silently.
 */
import { type Document, isMap, isNode, isPair, isScalar, LineCounter, type Node, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { type Language, type LocalText, plural, squash } from '../text.js';
import { type CodeSpan, parseCode } from './codes.js';
import { CatalogError, type CatalogProblem, catalogFiles, readCatalogBytes } from './files.js';
import type { Catalog, CatalogEntry, CatalogInfo, TableInfo } from './model.js';
import { type CatalogInput, catalogSchema, type LocalTextInput } from './schema.js';
import { shapedEntry, shapedInfo, shapedTable } from './shapes.js';

export { bundledCatalogDir } from './bundled.js';
export { CatalogError, type CatalogProblem, catalogFiles, formatProblem } from './files.js';

/** Loads and validates every catalog under the given paths; throws CatalogError listing all problems. */
export function loadCatalogs(paths: readonly string[]): Catalog[] {
  const catalogs: Catalog[] = [];
  const problems: CatalogProblem[] = [];
  for (const file of catalogFiles(paths)) {
    const result = readCatalogFile(file);
    if (result.ok) catalogs.push(result.catalog);
    else problems.push(...result.problems);
  }
  const seen = new Map<string, string>();
  for (const catalog of catalogs) {
    const other = seen.get(catalog.info.id);
    if (other) {
      problems.push({ file: catalog.info.file, line: 1, reason: `catalog id "${catalog.info.id}" is already used by ${other}` });
    }
    seen.set(catalog.info.id, catalog.info.file);
  }
  if (problems.length > 0) throw new CatalogError(problems);
  return catalogs;
}

export type ReadResult = { ok: true; catalog: Catalog } | { ok: false; problems: CatalogProblem[] };

/** Reads one catalog file; never throws for bad content. */
export function readCatalogFile(file: string): ReadResult {
  const read = readCatalogBytes(file);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  // A PNG or a binary named on the command line: one line saying so, not the YAML parser's dozens.
  if (read.bytes.includes(0)) return { ok: false, problems: [{ file, line: 0, reason: NOT_TEXT }] };
  return parseCatalogText(read.bytes.toString('utf8'), file);
}

const CATALOG_SHAPE = 'a catalog is a YAML mapping of catalog, name, language, source and sections';
const NOT_A_CATALOG = `not a catalog: ${CATALOG_SHAPE}`;
const NOT_TEXT = 'not a catalog: binary content, and a catalog is YAML text';

/** YAML errors named per file: a text file that is no YAML (/etc/services) has one on every line. */
export const MAX_YAML_ERRORS = 3;

/** Aliases expanded per file, at most: a few nested aliases can otherwise stand for billions of nodes. */
export const MAX_ALIAS_COUNT = 100;

export function parseCatalogText(text: string, file: string): ReadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    const problems: CatalogProblem[] = doc.errors
      .slice(0, MAX_YAML_ERRORS)
      .map((e) => ({ file, ...at(e.pos[0]), reason: `YAML: ${clip(e.message.split('\n')[0] ?? '')}` }));
    const more = doc.errors.length - MAX_YAML_ERRORS;
    if (more > 0) problems.push({ file, line: 0, reason: `and ${plural(more, 'more YAML error')}; ${CATALOG_SHAPE}` });
    return { ok: false, problems };
  }
  let plain: unknown;
  try {
    plain = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The yaml package refuses excessive alias expansion (a "billion laughs" file) by throwing.
    return { ok: false, problems: [{ file, ...at(firstAliasOffset(doc)), reason: `YAML: ${(error as Error).message}` }] };
  }
  // Plain text parses as one string: say what a catalog is rather than "expected object, received string".
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain))
    return { ok: false, problems: [{ file, line: 1, reason: NOT_A_CATALOG }] };
  const lineOf = (issuePath: readonly PropertyKey[], key?: string) => nodeLine(doc, lineCounter, issuePath, key);
  const parsed = catalogSchema.safeParse(plain);
  if (!parsed.success) {
    const exists = (issuePath: readonly PropertyKey[]) => doc.hasIn(issuePath as unknown[]);
    return { ok: false, problems: parsed.error.issues.map((issue) => zodProblem(file, issue, lineOf, exists)) };
  }
  const problems: CatalogProblem[] = [];
  const catalog = buildCatalog(parsed.data, file, lineOf, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, catalog };
}

/** The YAML parser quotes the offending text, a whole run of lines of it at times. */
function clip(message: string): string {
  return message.length > 100 ? `${message.slice(0, 99)}…` : message;
}

function firstAliasOffset(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}

type LineOf = (issuePath: readonly PropertyKey[], key?: string) => number;

function zodProblem(file: string, issue: z.core.$ZodIssue, lineOf: LineOf, exists: (p: readonly PropertyKey[]) => boolean): CatalogProblem {
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    return { file, line: lineOf(issue.path, key), reason: `unknown field "${issue.keys.join('", "')}"${where ? ` in ${where}` : ''}` };
  }
  if (issue.path.length > 0 && !exists(issue.path)) {
    const field = String(issue.path.at(-1));
    return { file, line: lineOf(issue.path.slice(0, -1)), reason: `missing ${field}${where ? ` (${where})` : ''}` };
  }
  return { file, line: lineOf(issue.path), reason: `${where || 'catalog'}: ${issue.message}` };
}

/** Line of the node at `issuePath` (or of its key), walking up to the nearest node that exists. */
function nodeLine(doc: Document, lineCounter: LineCounter, issuePath: readonly PropertyKey[], key?: string): number {
  for (let depth = issuePath.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(issuePath.slice(0, depth) as unknown[], true);
    if (!isNode(node)) continue;
    const target = key !== undefined && depth === issuePath.length ? (keyNode(node, key) ?? node) : node;
    const offset = target.range?.[0];
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return 1;
}

function keyNode(node: Node, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  for (const item of node.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item.key;
  }
  return undefined;
}

function buildCatalog(input: CatalogInput, file: string, lineOf: LineOf, problems: CatalogProblem[]): Catalog {
  const language = input.language;
  const text = (value: LocalTextInput, at: PropertyKey[]): LocalText => {
    if (typeof value !== 'string') return { en: squashLines(value.en), zh: squashLines(value.zh) };
    if (language === 'zh') {
      problems.push({ file, line: lineOf(at), reason: `${at.join('.')}: a zh catalog gives every text as {zh, en}` });
      return { en: value, zh: value };
    }
    return { en: squashLines(value) };
  };
  const info: CatalogInfo = shapedInfo({
    id: input.catalog,
    name: text(input.name, ['name']),
    language,
    document: input.source.document,
    title: input.source.title,
    ...(input.source.docs ? { docs: input.source.docs } : {}),
    keywords: lower(input.keywords),
    file,
  });
  const tables: TableInfo[] = [];
  const entries: CatalogEntry[] = [];
  const sectionIds = new Set<string>();
  input.sections.forEach((section, s) => {
    const sectionPath = ['sections', s];
    if (sectionIds.has(section.id)) {
      problems.push({ file, line: lineOf([...sectionPath, 'id']), reason: `duplicate section id "${section.id}"` });
    }
    sectionIds.add(section.id);
    const tableIds = new Set<string>();
    section.tables.forEach((tableInput, t) => {
      const tablePath = [...sectionPath, 'tables', t];
      const localId = tableInput.id ?? tableInput.field.toLowerCase();
      if (tableIds.has(localId)) {
        problems.push({ file, line: lineOf(tablePath), reason: `duplicate table id "${localId}" in section ${section.id}` });
      }
      tableIds.add(localId);
      const table: TableInfo = shapedTable({
        id: `${section.id}.${localId}`,
        sectionId: section.id,
        sectionHeading: squash(section.heading),
        sectionName: text(section.name, [...sectionPath, 'name']),
        ...(tableInput.heading ? { heading: squash(tableInput.heading) } : {}),
        ...(tableInput.name ? { name: text(tableInput.name, [...tablePath, 'name']) } : {}),
        ...(section.url ? { url: section.url } : {}),
        ...((section.docs ?? input.source.docs) ? { docs: section.docs ?? input.source.docs } : {}),
        field: tableInput.field,
        ...(tableInput.main_field ? { mainField: tableInput.main_field } : {}),
        notation: tableInput.notation ?? 'decimal',
        keywords: [...lower(section.keywords), ...lower(tableInput.keywords)],
      });
      if (tableInput.main_field === undefined && tableInput.entries.some((e) => e.main !== undefined)) {
        problems.push({ file, line: lineOf(tablePath), reason: `table ${table.id}: entries give "main" but the table has no main_field` });
      }
      tables.push(table);
      const keys = new Map<string, number>();
      tableInput.entries.forEach((entry, e) => {
        const entryPath = [...tablePath, 'entries', e];
        const line = lineOf(entryPath);
        const spanOf = (raw: string, at: PropertyKey[]): CodeSpan => {
          const span = parseCode(raw);
          if (!span) problems.push({ file, line: lineOf(at), reason: `unparsable code "${raw}"` });
          return span ?? { low: 0, high: 0, hex: false, isRange: false, spelling: raw };
        };
        const span = spanOf(entry.code, [...entryPath, 'code']);
        const variant = entry.variant;
        const key = `${entry.main ? `${entry.main}/` : ''}${span.spelling}${variant ? `#${variant}` : ''}`;
        const previous = keys.get(key);
        if (previous !== undefined) {
          problems.push({ file, line, reason: `duplicate code ${key} in table ${table.id} (first at line ${previous})` });
        }
        keys.set(key, line);
        if (tableInput.main_field !== undefined && entry.main === undefined) {
          problems.push({ file, line, reason: `code ${entry.code} in table ${table.id} needs "main" (the ${tableInput.main_field} code)` });
        }
        const solution = entry.solution ? text(entry.solution, [...entryPath, 'solution']) : undefined;
        const description = text(entry.description, [...entryPath, 'description']);
        const title = entry.title ? text(entry.title, [...entryPath, 'title']) : undefined;
        if (title && description.zh && !title.zh) {
          // The headline would turn English on a Chinese card whose meaning is in Chinese.
          problems.push({
            file,
            line: lineOf([...entryPath, 'title']),
            reason: `code ${entry.code}: the description has a zh rendering, so the title needs one`,
          });
        }
        const checklist = entry.checklist?.map((step, i) => text(step, [...entryPath, 'checklist', i]));
        entries.push(
          shapedEntry({
            id: `${info.id}:${table.id}:${key}`,
            catalog: info,
            table,
            code: entry.code.trim(),
            span,
            aliases: (entry.aliases ?? []).map((a, i) => spanOf(a, [...entryPath, 'aliases', i])),
            misprints: (entry.misprints ?? []).map((m, i) => spanOf(m, [...entryPath, 'misprints', i])),
            ...(entry.main ? { main: entry.main.trim() } : {}),
            ...(variant ? { variant } : {}),
            signals: lower(entry.signals),
            outcome: entry.outcome ?? 'error',
            ...(title ? { title } : {}),
            description,
            ...(solution ? { solution } : {}),
            causes: (entry.causes ?? []).map((c, i) => text(c, [...entryPath, 'causes', i])),
            checklist: checklist ?? (solution ? solutionSteps(solution) : []),
            keywords: lower(entry.keywords),
            ...(entry.note ? { note: text(entry.note, [...entryPath, 'note']) } : {}),
            ...(entry.source_text ? { sourceText: squash(entry.source_text) } : {}),
            line,
          }),
        );
      });
    });
  });
  return { info, tables, entries };
}

function lower(words: readonly string[] | undefined): string[] {
  return (words ?? []).map((w) => w.toLowerCase().trim());
}

/** Keeps intended line breaks (multi-paragraph cells) but folds other runs of white space. */
function squashLines(text: string): string {
  return text
    .split('\n')
    .map((line) => squash(line))
    .filter((line) => line.length > 0)
    .join('\n');
}

/**
 * The default checklist: the solution column as steps. Lines first (multi-paragraph cells), then
 * sentences; a Chinese rendering is split the same way and paired step by step only when the
 * counts agree, so a step never carries the wrong language's text.
 */
export function solutionSteps(solution: LocalText): LocalText[] {
  const en = splitSteps(solution.en);
  const zh = solution.zh ? splitSteps(solution.zh) : undefined;
  if (zh && zh.length !== en.length) return [solution];
  return en.map((step, i) => (zh?.[i] ? { en: step, zh: zh[i] } : { en: step }));
}

/**
 * Sentences end a step, but not the full stop of a list item's number ("1. Feed the dragon"); a `;`
 * ends one only before what starts like a new sentence (a capital or a list number): "Retry later;
 * if the problem persists, …" is one step, not two.
 */
function splitSteps(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) => line.split(/(?<=[。；！])\s*|(?<=[.!])(?<!(?:^|[\s:：;；,，、(（])\d{1,2}\.)\s+|(?<=;)\s+(?=[A-Z0-9"“])/u))
    .map((s) => s.trim())
    .filter((s) => s.length > 1);
}

export type { Language };
