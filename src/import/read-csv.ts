/** CSV (RFC 4180: quoted cells, doubled quotes, line breaks inside quotes); `,`, `;` or tab. */
import { parseCodeCell } from './codes.js';
import { roleOfHeader } from './columns.js';
import { type ImportProblem, plainCell, type SourceDocument, type TableRow } from './document.js';

export function readCsv(text: string): SourceDocument {
  const delimiter = guessDelimiter(text);
  const records = parseRecords(text, delimiter);
  const problems: ImportProblem[] = [];
  if (records.unterminated !== undefined) problems.push({ at: `line ${records.unterminated}`, reason: 'a quoted cell is never closed' });
  const rows: TableRow[] = records.rows
    .filter((r) => r.cells.some((c) => c.trim()))
    .map((r, i) => ({
      cells: r.cells.map(plainCell),
      // The first line is the header when its words name roles, or when it holds no code at all.
      header: i === 0 && records.rows.length > 1 && (r.cells.some((c) => roleOfHeader(c)) || !r.cells.some((c) => parseCodeCell(c))),
      at: `line ${r.line}`,
    }));
  return { blocks: rows.length > 0 ? [{ kind: 'table', rows, at: 'line 1' }] : [], problems };
}

function guessDelimiter(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const outside = first.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, outside.split(d).length - 1] as const);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
}

function parseRecords(text: string, delimiter: string): { rows: { cells: string[]; line: number }[]; unterminated?: number } {
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  for (let k = 0; k < text.length; k += 1) {
    const ch = text.charAt(k);
    if (quoted) {
      if (ch === '"' && text.charAt(k + 1) === '"') {
        cell += '"';
        k += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text.charAt(k + 1) === '\n') k += 1;
      cells.push(cell);
      rows.push({ cells, line: recordLine });
      cells = [];
      cell = '';
      line += 1;
      recordLine = line;
    } else cell += ch;
  }
  if (cell || cells.length > 0) {
    cells.push(cell);
    rows.push({ cells, line: recordLine });
  }
  return quoted ? { rows, unterminated: quoteLine } : { rows };
}
