/**
 * HTML pages, read with parse5: the WHATWG parsing algorithm browsers use, so unclosed `<p>` and
 * `<td>`, stray end tags and entities come out as a browser shows them. The tree is walked without
 * recursion; its depth and size are capped while parse5 builds it (see guard.ts).
 */
import { type DefaultTreeAdapterMap, type DefaultTreeAdapterTypes, defaultTreeAdapter, parse, type TreeAdapter } from 'parse5';
import { type Block, type Cell, ImportError, type SourceDocument, type TableRow } from './document.js';
import { IMPORT_LIMITS } from './guard.js';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'math', 'iframe', 'object', 'select', 'button']);
const HEADING = /^h([1-6])$/;
/** Elements that end a line of text (everything else is inline and runs on). */
const BREAKS = new Set(
  (
    'p div br li ul ol dl dt dd tr table thead tbody tfoot caption pre blockquote section article header footer nav aside main ' +
    'figure figcaption hr h1 h2 h3 h4 h5 h6 td th form fieldset address details summary'
  ).split(' '),
);

export function readHtml(html: string): SourceDocument {
  const document = parse(html, { treeAdapter: boundedTreeAdapter(), sourceCodeLocationInfo: true });
  const blocks: Block[] = [];
  let tables = 0;
  let pending = '';
  let pendingLine = 0;
  const flushText = () => {
    const text = pending.replace(/\s+/g, ' ').trim();
    if (text) blocks.push({ kind: 'text', text, at: `line ${pendingLine}` });
    pending = '';
  };
  // Depth-first, in document order, with an explicit stack: `null` marks "this element ended".
  const stack: (Node | null)[] = [document];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null) {
      flushText();
      continue;
    }
    if (node === undefined) break;
    if (node.nodeName === '#text') {
      if (!pending.trim()) pendingLine = lineOf(node);
      pending += (node as DefaultTreeAdapterTypes.TextNode).value;
      continue;
    }
    if (!('childNodes' in node)) continue;
    const element = node as Element;
    const tag = element.tagName ?? '';
    if (SKIPPED.has(tag)) continue;
    const heading = HEADING.exec(tag);
    if (heading) {
      flushText();
      const text = flatten(element).lines.join(' ').trim();
      if (text) blocks.push({ kind: 'heading', level: Number(heading[1]), text, at: `line ${lineOf(element)}` });
      continue;
    }
    if (tag === 'table' && !holdsTable(element)) {
      flushText();
      tables += 1;
      blocks.push({ kind: 'table', rows: tableRows(element, tables), at: `table ${tables}, line ${lineOf(element)}` });
      continue;
    }
    if (BREAKS.has(tag)) {
      flushText();
      stack.push(null);
    }
    const children = (node as ParentNode).childNodes;
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i] as Node);
  }
  flushText();
  return { blocks, problems: [] };
}

/** The default tree adapter, refusing a tree deeper or larger than the limits as it is built. */
function boundedTreeAdapter(): TreeAdapter<DefaultTreeAdapterMap> {
  let nodes = 0;
  const check = (parent: ParentNode) => {
    nodes += 1;
    if (nodes > IMPORT_LIMITS.maxNodes)
      throw new ImportError(`the page has more than ${IMPORT_LIMITS.maxNodes} HTML nodes: not an error-code page`);
    let depth = 0;
    for (let p: ParentNode | null = parent; p; p = 'parentNode' in p ? (p.parentNode as ParentNode | null) : null) {
      depth += 1;
      if (depth > IMPORT_LIMITS.maxDepth) throw new ImportError(`the page nests HTML elements more than ${IMPORT_LIMITS.maxDepth} deep`);
    }
  };
  return {
    ...defaultTreeAdapter,
    appendChild(parent, child) {
      check(parent);
      defaultTreeAdapter.appendChild(parent, child);
    },
    insertBefore(parent, child, reference) {
      check(parent);
      defaultTreeAdapter.insertBefore(parent, child, reference);
    },
  };
}

function lineOf(node: Node): number {
  return (node as { sourceCodeLocation?: { startLine?: number } | null }).sourceCodeLocation?.startLine ?? 0;
}

function childElements(element: ParentNode): Element[] {
  return element.childNodes.filter((c): c is Element => 'tagName' in c);
}

/** A table that holds another table is layout, not data: its content is read as a page. */
function holdsTable(table: Element): boolean {
  const stack: Element[] = childElements(table);
  while (stack.length > 0) {
    const element = stack.pop();
    if (!element) break;
    if (element.tagName === 'table') return true;
    stack.push(...childElements(element));
  }
  return false;
}

interface RawRow {
  readonly cells: { element: Element; header: boolean }[];
  readonly inHead: boolean;
  readonly line: number;
}

/** The table's rows with rowspan and colspan spread out, so every row has a cell in every column. */
function tableRows(table: Element, tableNumber: number): TableRow[] {
  const raw: RawRow[] = [];
  const pushRow = (tr: Element, inHead: boolean) => {
    const cells = childElements(tr)
      .filter((c) => c.tagName === 'td' || c.tagName === 'th')
      .map((element) => ({ element, header: element.tagName === 'th' }));
    raw.push({ cells, inHead, line: lineOf(tr) });
  };
  for (const child of childElements(table)) {
    if (child.tagName === 'tr') pushRow(child, false);
    else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') {
      for (const tr of childElements(child)) if (tr.tagName === 'tr') pushRow(tr, child.tagName === 'thead');
    }
  }
  const grid: (Cell | undefined)[][] = raw.map(() => []);
  let cellCount = 0;
  raw.forEach((row, r) => {
    let column = 0;
    for (const { element } of row.cells) {
      const slots = grid[r] ?? [];
      while (slots[column] !== undefined) column += 1;
      const colspan = span(element, 'colspan', IMPORT_LIMITS.maxColspan);
      const rowsLeft = raw.length - r;
      const rowspanRaw = span(element, 'rowspan', IMPORT_LIMITS.maxRowspan);
      const rowspan = element.attrs.some((a) => a.name === 'rowspan' && a.value.trim() === '0') ? rowsLeft : Math.min(rowspanRaw, rowsLeft);
      cellCount += colspan * rowspan;
      if (cellCount > IMPORT_LIMITS.maxTableCells) {
        throw new ImportError(`table ${tableNumber} spans more than ${IMPORT_LIMITS.maxTableCells} cells: not an error-code table`);
      }
      const cell = flatten(element);
      for (let dr = 0; dr < rowspan; dr += 1) {
        const target = grid[r + dr];
        if (!target) continue;
        for (let dc = 0; dc < colspan; dc += 1) {
          const copy = dr === 0 && dc === 0 ? cell : { ...cell, spanned: dc > 0 ? ('col' as const) : ('row' as const) };
          target[column + dc] = copy;
        }
      }
      column += colspan;
    }
  });
  return raw.map((row, r) => {
    const slots = grid[r] ?? [];
    const width = slots.length;
    const cells: Cell[] = [];
    for (let c = 0; c < width; c += 1) cells.push(slots[c] ?? { lines: [] });
    const header = row.inHead || (row.cells.length > 0 && row.cells.every((c) => c.header));
    return { cells, header, at: `table ${tableNumber} row ${r + 1}${row.line > 1 ? ` (line ${row.line})` : ''}` };
  });
}

function span(element: Element, name: string, max: number): number {
  const value = element.attrs.find((a) => a.name === name)?.value;
  const n = value === undefined ? 1 : Number.parseInt(value, 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

/** A cell's (or heading's) text as lines: block elements break lines, list items are marked. */
function flatten(root: Element): Cell {
  const lines: string[] = [];
  const listItems: number[] = [];
  let current = '';
  let insideItem = 0;
  const endLine = () => {
    const text = current.replace(/\s+/g, ' ').trim();
    if (text) {
      if (insideItem > 0) listItems.push(lines.length);
      lines.push(text);
    }
    current = '';
  };
  const stack: (Node | { end: string })[] = [...root.childNodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if ('end' in node) {
      endLine();
      if (node.end === 'li') insideItem -= 1;
      continue;
    }
    if (node.nodeName === '#text') {
      current += (node as DefaultTreeAdapterTypes.TextNode).value;
      continue;
    }
    if (!('tagName' in node)) continue;
    const tag = node.tagName;
    if (SKIPPED.has(tag)) continue;
    if (BREAKS.has(tag)) {
      endLine();
      if (tag === 'li') insideItem += 1;
      stack.push({ end: tag });
    } else if (tag === 'img') {
      const alt = node.attrs.find((a) => a.name === 'alt')?.value;
      if (alt) current += alt;
    }
    for (let i = node.childNodes.length - 1; i >= 0; i -= 1) stack.push(node.childNodes[i] as Node);
  }
  endLine();
  return listItems.length > 0 ? { lines, listItems } : { lines };
}
