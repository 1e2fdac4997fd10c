/** Markdown pages: `#` headings, pipe tables (the header row above a `---|---` line), prose. */
import { type Block, type Cell, plainCell, type SourceDocument, type TableRow } from './document.js';

const SEPARATOR = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const ATX = /^(#{1,6})\s+(.*?)\s*#*\s*$/;

export function readMarkdown(text: string): SourceDocument {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: Block[] = [];
  let paragraph: { text: string[]; line: number } | undefined;
  const endParagraph = () => {
    if (paragraph) blocks.push({ kind: 'text', text: inline(paragraph.text.join(' ')), at: `line ${paragraph.line}` });
    paragraph = undefined;
  };
  let tables = 0;
  let fenced = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (/^\s*(```|~~~)/.test(line)) {
      endParagraph();
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const atx = ATX.exec(line);
    if (atx) {
      endParagraph();
      blocks.push({ kind: 'heading', level: atx[1]?.length ?? 1, text: inline(atx[2] ?? ''), at: `line ${i + 1}` });
      continue;
    }
    if (line.includes('|') && SEPARATOR.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      endParagraph();
      tables += 1;
      const rows: TableRow[] = [{ cells: splitRow(line), header: true, at: `line ${i + 1}` }];
      let j = i + 2;
      while (j < lines.length && (lines[j] ?? '').includes('|') && (lines[j] ?? '').trim()) {
        rows.push({ cells: splitRow(lines[j] ?? ''), header: false, at: `line ${j + 1}` });
        j += 1;
      }
      blocks.push({ kind: 'table', rows, at: `table ${tables}, line ${i + 1}` });
      i = j - 1;
      continue;
    }
    const underline = /^\s*(=+|-+)\s*$/.exec(lines[i + 1] ?? '');
    if (line.trim() && underline && !paragraph) {
      blocks.push({ kind: 'heading', level: underline[1]?.startsWith('=') ? 1 : 2, text: inline(line), at: `line ${i + 1}` });
      i += 1;
      continue;
    }
    if (!line.trim()) endParagraph();
    else {
      if (!paragraph) paragraph = { text: [], line: i + 1 };
      paragraph.text.push(line.trim());
    }
  }
  endParagraph();
  return { blocks, problems: [] };
}

/** Cells of a pipe row; `\|` is a pipe inside a cell. */
function splitRow(line: string): Cell[] {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|') && !body.endsWith('\\|')) body = body.slice(0, -1);
  const cells: string[] = [];
  let current = '';
  for (let k = 0; k < body.length; k += 1) {
    const ch = body.charAt(k);
    if (ch === '\\' && body.charAt(k + 1) === '|') {
      current += '|';
      k += 1;
    } else if (ch === '|') {
      cells.push(current);
      current = '';
    } else current += ch;
  }
  cells.push(current);
  return cells.map(markdownCell);
}

function markdownCell(raw: string): Cell {
  const parts = raw.split(/<br\s*\/?>/i).map((p) => inline(p));
  const cell = plainCell(parts.join('\n'));
  const listItems = cell.lines.flatMap((l, i) => (/^(?:[-*•]|\d+[.)])\s+/.test(l) ? [i] : []));
  if (listItems.length === 0) return cell;
  return { lines: cell.lines.map((l) => l.replace(/^(?:[-*•]|\d+[.)])\s+/, '')), listItems };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Inline Markdown to plain text: emphasis, code spans, links, inline HTML tags, entities. */
export function inline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?!\s)([^*]+?)\*(?!\w)/g, '$1$2')
    .replace(/<[^>]{1,200}>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, name: string) => {
      if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16) || 32);
      if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10) || 32);
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
