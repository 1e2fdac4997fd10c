/**
 * Plain-text pages: headings (short lines standing alone), prose, and tables whose rows start with
 * a code. A table's header line names its columns; the text columns of a row are separated by tabs
 * or runs of spaces where the source has them, and split by split-run-together.ts where the source
 * ran them together with single spaces.
 */
import { leadingCodes, startsWithCode } from './codes.js';
import { isCodeRole, roleOfHeader, segmentHeader } from './columns.js';
import type { Block, ImportProblem, SourceDocument, TableRow } from './document.js';
import { sharedTails, splitRunTogether } from './split-run-together.js';

const SEPARATED = /\t|\s{2,}/;

export function readText(text: string): SourceDocument {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks: Block[] = [];
  const problems: ImportProblem[] = [];
  const numbering = new HeadingLevels();
  const blank = (i: number) => i < 0 || i >= lines.length || (lines[i] ?? '').trim() === '';
  let paragraph: { text: string[]; line: number } | undefined;
  const endParagraph = () => {
    if (paragraph) blocks.push({ kind: 'text', text: paragraph.text.join(' '), at: `line ${paragraph.line}` });
    paragraph = undefined;
  };
  let i = 0;
  while (i < lines.length) {
    const line = (lines[i] ?? '').trim();
    if (!line) {
      endParagraph();
      i += 1;
      continue;
    }
    const titles = startsWithCode(line) ? undefined : segmentHeader(line);
    const headerHere = titles?.some((t) => isCodeRole(roleOfHeader(t)?.role ?? 'ignore')) === true && startsWithCode(lines[i + 1] ?? '');
    const rowsHere = startsWithCode(line) && startsWithCode(lines[i + 1] ?? '');
    if (headerHere || rowsHere) {
      endParagraph();
      const start = headerHere ? i + 1 : i;
      const raw: { text: string; line: number }[] = [];
      let j = start;
      while (j < lines.length && !blank(j)) {
        const row = (lines[j] ?? '').trim();
        if (startsWithCode(row)) raw.push({ text: row, line: j + 1 });
        else if (startsWithCode(lines[j + 1] ?? ''))
          problems.push({ at: `line ${j + 1}`, reason: `row does not start with a code: "${clip(row)}"` });
        else break;
        j += 1;
      }
      blocks.push({ kind: 'table', rows: tableRows(titles && headerHere ? titles : undefined, line, raw, problems), at: `line ${i + 1}` });
      i = j;
      continue;
    }
    const standsAlone = blank(i - 1) && blank(i + 1);
    if (standsAlone && isHeadingLike(line)) {
      endParagraph();
      blocks.push({ kind: 'heading', level: numbering.levelOf(line), text: line, at: `line ${i + 1}` });
    } else {
      if (!paragraph) paragraph = { text: [], line: i + 1 };
      paragraph.text.push(line);
    }
    i += 1;
  }
  endParagraph();
  return { blocks, problems };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isHeadingLike(line: string): boolean {
  return line.length <= 120 && /\p{L}/u.test(line) && !/[.。:：,，;；]$/.test(line) && !startsWithCode(line);
}

function tableRows(
  titles: string[] | undefined,
  headerLine: string,
  raw: readonly { text: string; line: number }[],
  problems: ImportProblem[],
): TableRow[] {
  const roles = titles?.map((t) => roleOfHeader(t)?.role ?? 'description');
  const codeColumns = roles
    ? Math.max(1, roles.findIndex((r) => !isCodeRole(r)) === -1 ? roles.length : roles.findIndex((r) => !isCodeRole(r)))
    : 1;
  const textColumns = roles ? roles.length - codeColumns : 1;
  const separated = titles !== undefined && headerLine.split(SEPARATED).filter((p) => p.trim()).length === titles.length;
  // A header of one-word titles split by single spaces (Chinese: 返回码 描述 解决方法): rows whose
  // text splits into as many words as there are text columns are split the same way.
  const wordPerTitle = titles !== undefined && headerLine.trim().split(/\s+/).length === titles.length;
  const rows: TableRow[] = [];
  if (titles) rows.push({ cells: titles.map((t) => ({ lines: [t] })), header: true, at: `line ${raw[0] ? raw[0].line - 1 : 0}` });
  const parsed = raw.map((r) => ({ ...r, ...leadingCodes(r.text, codeColumns) }));
  const tails = sharedTails(parsed.map((p) => p.rest));
  for (const row of parsed) {
    if (row.codes.length < codeColumns) {
      problems.push({
        at: `line ${row.line}`,
        reason: `expected ${codeColumns} codes at the start, found ${row.codes.length}: "${clip(row.text)}"`,
      });
      continue;
    }
    let texts: string[];
    const parts = row.rest.split(SEPARATED).filter((p) => p.trim());
    if (textColumns <= 1) texts = [row.rest];
    else if (separated && parts.length === textColumns) texts = parts;
    else if (wordPerTitle && row.rest.split(/\s+/).length === textColumns) texts = row.rest.split(/\s+/);
    else texts = splitInto(row.rest, textColumns, tails);
    rows.push({
      cells: [...row.codes.map((c) => ({ lines: [c.code] })), ...texts.map((t) => ({ lines: t ? [t] : [] }))],
      header: false,
      at: `line ${row.line}`,
    });
  }
  return rows;
}

function splitInto(text: string, columns: number, tails: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  let rest = text;
  for (let c = 1; c < columns; c += 1) {
    const [first, second] = splitRunTogether(rest, tails);
    out.push(first);
    rest = second;
  }
  out.push(rest);
  return out;
}

/**
 * Heading levels from their numbering: the first numbering style met (I., II.) is level 1, the next
 * (A., B.) level 2, and so on; `I.` is Roman while a Roman series is expected, a letter after `H.`.
 */
class HeadingLevels {
  private readonly styles: string[] = [];
  private nextRoman = 1;
  private nextLetter = 0;

  levelOf(line: string): number {
    const style = this.styleOf(line);
    let index = this.styles.indexOf(style);
    if (index < 0) {
      this.styles.push(style);
      index = this.styles.length - 1;
    }
    return index + 1;
  }

  private styleOf(line: string): string {
    const marker = /^([A-Za-z]+|\d+(?:\.\d+)*|[一二三四五六七八九十]+)[.、)．]\s*/.exec(line)?.[1];
    if (!marker) return 'plain';
    if (/^\d/.test(marker)) return `arabic-${marker.split('.').length}`;
    if (/^[一二三四五六七八九十]/.test(marker)) return 'chinese';
    const roman = romanValue(marker);
    const letter = marker.length === 1 ? marker.toLowerCase().charCodeAt(0) - 97 : undefined;
    const romanFits = roman !== undefined && (roman === this.nextRoman || roman === 1);
    const letterFits = letter !== undefined && (letter === this.nextLetter || letter === 0);
    if (romanFits && !(letterFits && letter === this.nextLetter && this.nextLetter > 0)) {
      this.nextRoman = (roman ?? 0) + 1;
      return 'roman';
    }
    if (letter !== undefined) {
      this.nextLetter = letter + 1;
      return 'letter';
    }
    return 'plain';
  }
}

function romanValue(text: string): number | undefined {
  if (!/^[ivxlcdm]+$/i.test(text)) return undefined;
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };
  let total = 0;
  const chars = text.toLowerCase();
  for (let k = 0; k < chars.length; k += 1) {
    const v = values[chars.charAt(k)] ?? 0;
    const next = values[chars.charAt(k + 1)] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}
