/**
 * Tables pasted as text: tab-separated rows (a spreadsheet, `column -t`-less TSV, a metrics export)
 * Markdown `| a | b |` rows, and comma-separated exports under a header row. A number in a column whose header names a field (`nsp_status`,
 * `ret`, `error_code`) is that field's code; in any other column it is data (counts, latencies),
 * which the bare-code detector leaves alone too.
 */
import type { FieldName } from '../../catalog/schema.js';
import { fieldFor } from '../fields.js';
import { MESSAGE_TEXT_LIMIT } from '../tokens.js';
import { type Detector, MAX_SIGHTINGS_PER_DETECTOR, marksOf } from './detector.js';
import { type FieldHit, fieldSightings } from './field-key.js';

const NUMBER_CELL = /^-?(?:0x[0-9a-f]{1,8}|\d{1,12})$/i;
const MARKDOWN_RULE = /^[\s|:-]+$/;
/** psql's rule under the header: `----------+-------+-------`. */
const PSQL_RULE = /^[ \t]*-+(?:\+-+)+[ \t]*$/;
/** Longest cell of a row whose pipes stand between its columns only. */
const MAX_INNER_CELL = 40;
/** Longest line read as a table row; a longer one is a log line that happens to hold tabs. */
const MAX_ROW_LENGTH = 4096;

type Cells = Array<{ text: string; at: number }>;

/** `parts` (a line split at a one-character separator) as trimmed cells with where each starts. */
function cellsAt(parts: readonly string[], unquote: boolean): Cells {
  const cells: Cells = [];
  let at = 0;
  for (const part of parts) {
    const lead = part.length - part.trimStart().length;
    const text = part.trim();
    const quoted = unquote && text.length >= 2 && text.startsWith('"') && text.endsWith('"');
    cells.push({ text: quoted ? text.slice(1, -1) : text, at: at + lead + (quoted ? 1 : 0) });
    at += part.length + 1;
  }
  return cells;
}

/** A line's cells with where each starts, when the line is a table row; else undefined. */
export function tableCells(line: string): Cells | undefined {
  if (line.length > MAX_ROW_LENGTH) return undefined;
  const trimmed = line.trimStart();
  // psql and other aligned printers put pipes between the columns only (` platform |  ret  | count`).
  const innerPipes = !trimmed.startsWith('|') && line.includes('|');
  const separator = trimmed.startsWith('|') || innerPipes ? '|' : line.split('\t').length >= 3 ? '\t' : undefined;
  if (!separator) return undefined;
  const cells = cellsAt(line.split(separator), false);
  // Between inner pipes, short cells only: a sentence with a `|` in it is no row.
  if (innerPipes && cells.some((c) => c.text.length > MAX_INNER_CELL)) return undefined;
  if (separator === '|') {
    // `| a | b |`: the empty text before the first pipe and after the last is no cell.
    if (cells[0]?.text === '') cells.shift();
    if (cells.at(-1)?.text === '') cells.pop();
    if (cells.length < 2) return undefined;
  }
  return cells;
}

/**
 * A comma-separated line's cells (a CSV export, a metrics dashboard's download), quotes around a
 * cell taken off. Prose has commas too, so a CSV block is read only under a header of names.
 */
function csvCells(line: string): Cells | undefined {
  if (line.length > MAX_ROW_LENGTH) return undefined;
  const parts = line.split(',');
  return parts.length < 3 ? undefined : cellsAt(parts, true);
}

/**
 * A CSV header: a line of three or more names (a word, or up to three: `error code`) and nothing
 * else; a sentence with commas is none. Tested once per text, cheaply, and only when the text has a
 * comma: tried at every line start, the pattern cost a base64 block (a name at each line's start)
 * a pass of backtracking per line, for a header it cannot hold.
 */
const CSV_HEADER =
  /(?:^|\n)[ \t]*"?[A-Za-z_][\w-]{0,30}(?: [\w-]{1,30}){0,2}"?(?:,[ \t]*"?[A-Za-z_][\w-]{0,30}(?: [\w-]{1,30}){0,2}"?){2,}[ \t]*\r?(?:\n|$)/;

const hasCsvHeader = (text: string) => text.includes(',') && CSV_HEADER.test(text);

const CSV_NAME = /^[A-Za-z_][\w-]{0,30}(?: [\w-]{1,30}){0,2}$/;
/**
 * A character no row of CSV names holds (names, white space, commas, quotes, dashes only): outside a
 * block, a line with one cannot start one, and is not split into cells (most lines of chat).
 */
const NOT_IN_NAMES = /[^\w\s,"-]/;

/**
 * Numbers in the columns a header names, block by block: `cellsOf` reads a line as a row; a CSV
 * block starts only at a row of names (`namesOnly`), a tab or pipe table at its first row.
 */
function columnHits(text: string, cellsOf: (line: string) => Cells | undefined, namesOnly: boolean): FieldHit[] {
  const hits: FieldHit[] = [];
  let header: Array<FieldName | undefined> | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (hits.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
    // Outside a block, a line that cannot be a row of names leaves it so (what reading its cells would conclude).
    if (namesOnly && !header && NOT_IN_NAMES.test(line)) continue;
    if (PSQL_RULE.test(line)) continue;
    const cells = cellsOf(line);
    if (!cells) {
      header = undefined;
      continue;
    }
    if (cells.every((c) => MARKDOWN_RULE.test(c.text))) continue;
    if (!header || header.length !== cells.length) {
      // The first row of a block (or one of another width) is its header: the names, if any, of its columns.
      header =
        namesOnly && !cells.every((c) => CSV_NAME.test(c.text))
          ? undefined
          : cells.map((c) => fieldFor(c.text.toLowerCase().replace(/[ -]/g, '_')));
      continue;
    }
    cells.forEach((cell, i) => {
      const field = header?.[i];
      if (field && NUMBER_CELL.test(cell.text)) hits.push({ index: start + cell.at, length: cell.text.length, field, raw: cell.text });
    });
  }
  return hits;
}

/**
 * A header of column names aligned with two spaces or more between them, as `kubectl get`, `gcloud
 * --format=table`, `docker ps` and `column -t` print one (`NAME  STATUS  ERRCODE  AGE`), from the line's start.
 */
const ALIGNED_HEADER = /^[A-Za-z_][\w.-]{0,40}(?: {2,}[A-Za-z_][\w.-]{0,40}){2,} *$/;

/**
 * Numbers in the columns an aligned header names: each row's cell is what starts at its column's
 * start (a space before it, a character at it), up to the next column's. A row that does not line
 * up ends the block.
 */
function alignedHits(text: string): FieldHit[] {
  const hits: FieldHit[] = [];
  let columns: Array<{ start: number; field: FieldName | undefined }> | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    if (hits.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
    if (ALIGNED_HEADER.test(line)) {
      columns = [...line.matchAll(/[^ ]+/g)].map((m) => ({ start: m.index as number, field: fieldFor((m[0] as string).toLowerCase()) }));
      if (!columns.some((c) => c.field)) columns = undefined;
      continue;
    }
    if (!columns) continue;
    const lined = columns.every((c) => c.start < line.length && line[c.start] !== ' ' && (c.start === 0 || line[c.start - 1] === ' '));
    if (!lined) {
      columns = undefined;
      continue;
    }
    columns.forEach((column, i) => {
      if (!column.field) return;
      const next = columns?.[i + 1]?.start ?? line.length;
      const cell = line.slice(column.start, next).trim();
      if (NUMBER_CELL.test(cell)) hits.push({ index: start + column.start, length: cell.length, field: column.field, raw: cell });
    });
  }
  return hits;
}

export const tableColumnsDetector: Detector = {
  name: 'table-columns',
  detect(text, tools) {
    const hits: FieldHit[] = [];
    // A number cell is the whole cell: a separator, space or line start before its first digit (TextMarks.freeDigit).
    if (!marksOf(text, tools).freeDigit) return [];
    if (text.includes('\t') || text.includes('|')) hits.push(...columnHits(text, tableCells, false));
    if (hasCsvHeader(text)) hits.push(...columnHits(text, csvCells, true));
    if (text.length <= MESSAGE_TEXT_LIMIT && text.includes('  ')) hits.push(...alignedHits(text));
    return fieldSightings(text, hits, tools);
  },
};
