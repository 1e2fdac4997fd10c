/**
 * Tables pasted as text: tab-separated rows (a spreadsheet, `column -t`-less TSV, a metrics export)
 * and Markdown `| a | b |` rows. A number in a column whose header names a field (`nsp_status`,
 * `ret`, `error_code`) is that field's code; in any other column it is data (counts, latencies),
 * which the bare-code detector leaves alone too.
 */
import type { FieldName } from '../../catalog/schema.js';
import { fieldFor } from '../fields.js';
import { type Detector, MAX_SIGHTINGS_PER_DETECTOR } from './detector.js';
import { type FieldHit, fieldSightings } from './field-key.js';

const NUMBER_CELL = /^-?(?:0x[0-9a-f]{1,8}|\d{1,12})$/i;
const MARKDOWN_RULE = /^[\s|:-]+$/;
/** Longest line read as a table row; a longer one is a log line that happens to hold tabs. */
const MAX_ROW_LENGTH = 4096;

/** A line's cells with where each starts, when the line is a table row; else undefined. */
export function tableCells(line: string): Array<{ text: string; at: number }> | undefined {
  if (line.length > MAX_ROW_LENGTH) return undefined;
  const trimmed = line.trimStart();
  const separator = trimmed.startsWith('|') ? '|' : line.split('\t').length >= 3 ? '\t' : undefined;
  if (!separator) return undefined;
  const cells: Array<{ text: string; at: number }> = [];
  let at = 0;
  for (const part of line.split(separator)) {
    const lead = part.length - part.trimStart().length;
    cells.push({ text: part.trim(), at: at + lead });
    at += part.length + 1;
  }
  if (separator === '|') {
    // `| a | b |`: the empty text before the first pipe and after the last is no cell.
    if (cells[0]?.text === '') cells.shift();
    if (cells.at(-1)?.text === '') cells.pop();
    if (cells.length < 2) return undefined;
  }
  return cells;
}

export const tableColumnsDetector: Detector = {
  name: 'table-columns',
  detect(text) {
    if (!text.includes('\t') && !text.includes('|')) return [];
    const hits: FieldHit[] = [];
    let header: Array<FieldName | undefined> | undefined;
    let offset = 0;
    for (const line of text.split('\n')) {
      const start = offset;
      offset += line.length + 1;
      if (hits.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
      const cells = tableCells(line);
      if (!cells) {
        header = undefined;
        continue;
      }
      if (cells.every((c) => MARKDOWN_RULE.test(c.text))) continue;
      if (!header || header.length !== cells.length) {
        // The first row of a block (or one of another width) is its header: the names, if any, of its columns.
        header = cells.map((c) => fieldFor(c.text.toLowerCase().replace(/[ -]/g, '_')));
        continue;
      }
      cells.forEach((cell, i) => {
        const field = header?.[i];
        if (field && NUMBER_CELL.test(cell.text)) hits.push({ index: start + cell.at, length: cell.text.length, field, raw: cell.text });
      });
    }
    return fieldSightings(text, hits);
  },
};
