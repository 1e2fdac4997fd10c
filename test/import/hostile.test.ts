/**
 * Pages no importer should choke on: huge, nested past reason, binary, spans that would explode.
 * Each gets one clear sentence, in bounded time (a heavy test: its budget is in vitest.config.ts).
 */
import { describe, expect, it } from 'vitest';
import { decodePage, IMPORT_LIMITS, ImportError, importPage } from '../../src/import/index.js';

function importBytes(bytes: Uint8Array, name: string) {
  return importPage(decodePage(bytes, name), { document: name });
}

describe('hostile pages', () => {
  it('refuses a page larger than the limit before parsing it', () => {
    const huge = Buffer.alloc(IMPORT_LIMITS.maxBytes + 1, 'a');
    expect(() => importBytes(huge, 'huge.html')).toThrow(new ImportError('huge.html is larger than 8 MiB: not an error-code page'));
  });

  it('refuses HTML nested deeper than the limit while it is being parsed', () => {
    const deep = `${'<div>'.repeat(200_000)}<table><tr><td>1</td><td>x</td></tr></table>`;
    expect(() => importBytes(Buffer.from(deep), 'deep.html')).toThrow(/nests HTML elements more than 256 deep/);
  });

  it('refuses a page of too many nodes', () => {
    const wide = '<p>x</p>'.repeat(IMPORT_LIMITS.maxNodes);
    expect(() => importBytes(Buffer.from(wide), 'wide.html')).toThrow(/more than 200000 HTML nodes/);
  });

  it('refuses spans that would spread one cell over millions', () => {
    const rows = '<tr><td>1</td><td>x</td></tr>'.repeat(300);
    const page = `<table><tr><th>Code</th><th>Description</th></tr><tr><td rowspan="65534" colspan="1000">1</td></tr>${rows}</table>`;
    expect(() => importBytes(Buffer.from(page), 'spans.html')).toThrow(/spans more than 200000 cells/);
  });

  it('refuses binary files, naming the well-known kinds', () => {
    expect(() => importBytes(Buffer.from('%PDF-1.7 ...'), 'codes.pdf')).toThrow('codes.pdf is a PDF file, not text');
    expect(() => importBytes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]), 'codes.docx')).toThrow(/ZIP archive/);
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(() => importBytes(noise, 'noise.txt')).toThrow(/binary|not UTF-8 text/);
  });

  it('says so when a page has no table of codes', () => {
    expect(() => importBytes(Buffer.from('<html><body><p>Just prose, 404 and all.</p></body></html>'), 'prose.html')).toThrow(
      /no error-code table found in prose.html/,
    );
  });

  it('reads a large but honest page: 10,000 rows', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `<tr><td>${i}</td><td>meaning ${i}</td><td>fix ${i}</td></tr>`).join('');
    const page = `<h2>Many</h2><table><tr><th>Code</th><th>Description</th><th>Solution</th></tr>${rows}</table>`;
    const result = importBytes(Buffer.from(page), 'many.html');
    expect(result.catalog.sections[0]?.tables[0]?.entries).toHaveLength(10_000);
  });
});
