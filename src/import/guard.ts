/**
 * The bounds an import runs within. A vendor page is small (the Account Kit page is 110 KB); a page
 * past these limits is refused with one sentence before any parser sees it, or while the HTML parser
 * builds its tree, so a hostile file costs bounded time and memory.
 */
import { ImportError } from './document.js';

export const IMPORT_LIMITS = Object.freeze({
  /** Bytes read from the file or standard input; reading stops there. */
  maxBytes: 8 * 1024 * 1024,
  /** Element nesting in HTML; real documentation pages stay well under 100. */
  maxDepth: 256,
  /** Elements, text and comment nodes in an HTML tree. */
  maxNodes: 200_000,
  /** Cells in one table after rowspan and colspan are spread out. */
  maxTableCells: 200_000,
  /** The HTML spec's own clamps for spans. */
  maxColspan: 1000,
  maxRowspan: 65534,
});

const SNIFF_BYTES = 64 * 1024;

/** Well-known binary formats, named so the error says what the file is. */
const MAGIC: readonly [string, readonly number[]][] = [
  ['a PDF file', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive (a docx or xlsx?)', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip file', [0x1f, 0x8b]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
];

/** Bytes to text, or an ImportError saying why these bytes are not a page to import. */
export function decodePage(bytes: Uint8Array, name: string): string {
  if (bytes.length > IMPORT_LIMITS.maxBytes) {
    throw new ImportError(`${name} is larger than ${IMPORT_LIMITS.maxBytes / 1024 / 1024} MiB: not an error-code page`);
  }
  for (const [what, magic] of MAGIC) {
    if (magic.every((b, i) => bytes[i] === b))
      throw new ImportError(`${name} is ${what}, not text: save the page as HTML, Markdown, CSV or text`);
  }
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) throw new ImportError(`${name} is binary (it holds NUL bytes), not text`);
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const sample = text.slice(0, SNIFF_BYTES);
  let odd = 0;
  for (const ch of sample) {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c)) odd += 1;
  }
  if (sample.length > 0 && odd / sample.length > 0.01) {
    throw new ImportError(`${name} is not UTF-8 text (${odd} unreadable characters in the first ${sample.length})`);
  }
  return text;
}
