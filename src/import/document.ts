/**
 * What every reader (HTML, Markdown, CSV, plain text) turns a vendor's page into: an ordered list of
 * headings, prose and tables, each with the place it came from. The catalog builder works on this
 * alone, so a new input format is one reader and nothing else.
 */

/** One table cell: its text as lines (paragraphs, list items, `<br>`), white space folded. */
export interface Cell {
  readonly lines: readonly string[];
  /** Lines that were list items (a cell's steps or causes); indexes into `lines`. */
  readonly listItems?: readonly number[];
  /** A copy made by spreading a rowspan (`row`) or colspan (`col`) cell over the grid. */
  readonly spanned?: 'row' | 'col';
}

export interface TableRow {
  readonly cells: readonly Cell[];
  /** Where the row is in the source, for provenance and problems: `line 14`, `table 3 row 5`. */
  readonly at: string;
  /** A header row (HTML `<th>` / `<thead>`, the Markdown header, the CSV first line). */
  readonly header: boolean;
}

export type Block =
  | { readonly kind: 'heading'; readonly level: number; readonly text: string; readonly at: string }
  | { readonly kind: 'text'; readonly text: string; readonly at: string }
  | { readonly kind: 'table'; readonly rows: readonly TableRow[]; readonly at: string };

/** A row a reader could not make sense of; reported on stderr, never dropped silently. */
export interface ImportProblem {
  readonly at: string;
  readonly reason: string;
}

export interface SourceDocument {
  readonly blocks: readonly Block[];
  readonly problems: readonly ImportProblem[];
}

export const FORMATS = ['html', 'markdown', 'text', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** The page cannot be imported at all (too big, binary, nested past reason): one clear sentence. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export function cellText(cell: Cell | undefined): string {
  return (cell?.lines ?? []).join('\n').trim();
}

export function plainCell(text: string): Cell {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0);
  return { lines };
}
