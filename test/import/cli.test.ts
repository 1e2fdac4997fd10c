/** `errcode import`, `--merge` and `--no-bundled` through the CLI's own entry point. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliRun, runCli } from '../helpers/cli.js';

function errcode(args: string[], stdin = ''): Promise<CliRun> {
  return runCli(args, { stdin });
}

const PAGE = `Acme Pay error codes

Return code Error description Recommended handling method
7001 Card declined Ask the customer for another card
7002 Card expired Ask the customer for another card
7003 ??? broken row
oops
7004 Limit exceeded Wait a day
`;

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'errcode-import-'));
}

describe('errcode import', () => {
  it('prints a catalog that validates on its own and answers lookups with --no-bundled', async () => {
    const dir = tempDir();
    const page = path.join(dir, 'acme.txt');
    writeFileSync(page, PAGE);
    const r = await errcode(['import', '--catalog', 'acme-pay', page]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# Imported by `errcode import` from acme.txt/);
    expect(r.out).toContain('catalog: "acme-pay"');
    expect(r.err).toContain('acme.txt: line 7: row does not start with a code: "oops"');
    expect(r.err).toMatch(/errcode import: 4 entries from acme.txt \(text\), 1 row not read/);
    const catalogs = path.join(dir, 'catalogs');
    mkdirSync(catalogs);
    writeFileSync(path.join(catalogs, 'acme-pay.yaml'), r.out);
    const valid = await errcode(['validate', '--no-bundled', '--catalogs', catalogs]);
    expect(valid.out).toBe(`ok ${path.join(catalogs, 'acme-pay.yaml')}: 4 entries\n1 catalog valid, 4 entries\n`);
    const lookup = await errcode(['--no-bundled', '--catalogs', catalogs, '--json', '7002']);
    expect(JSON.parse(lookup.out).matches.map((m: { catalog: string; description: string }) => [m.catalog, m.description])).toEqual([
      ['acme-pay', 'Card expired'],
    ]);
    const scan = await errcode(
      ['scan', '--no-bundled', '--catalogs', catalogs, '--json', '-'],
      'payment failed: {"code": 7004, "msg": "Limit exceeded"}',
    );
    expect(JSON.parse(scan.out).matches.map((m: { catalog: string; code: string }) => `${m.catalog} ${m.code}`)).toEqual(['acme-pay 7004']);
    // The bundled catalogs are left out; with --no-bundled and nothing to load, bad usage.
    expect(JSON.parse((await errcode(['--no-bundled', '--catalogs', catalogs, '--json', '100014'])).out).matches).toEqual([]);
    expect(await errcode(['--no-bundled', '100014'])).toMatchObject({
      code: 2,
      err: 'errcode: --no-bundled needs --catalogs DIRS (or ERRCODE_CATALOGS)\n',
    });
  });

  it('reads standard input with --format, and rejects bad options and hostile input with one line', async () => {
    const md = '| code | description |\n| --- | --- |\n| 1 | one |\n';
    const r = await errcode(['import', '--format', 'markdown', '--title', 'Mini', '-'], md);
    expect(r.code).toBe(0);
    expect(r.out).toContain('title: "Mini"');
    expect(await errcode(['import', '--format', 'pdf', '-'])).toMatchObject({
      code: 2,
      err: 'errcode: --format takes html, markdown, text, csv\n',
    });
    expect((await errcode(['import', '--columns', 'code,meaning', '-'])).err).toContain('"meaning" is not a column role');
    const binary = await errcode(['import', '-'], '\u0000\u0001\u0002binary');
    expect(binary).toMatchObject({ code: 2, err: 'errcode: stdin is binary (it holds NUL bytes), not text\n' });
  });
});

describe('errcode import --merge', () => {
  it('lists added, changed and missing entries and keeps what was written by hand for unchanged ones', async () => {
    const dir = tempDir();
    const existing = path.join(dir, 'acme-pay.yaml');
    writeFileSync(
      existing,
      `catalog: acme-pay
name: Acme Pay
language: en
source: {document: acme.txt, title: Acme Pay error codes}
sections:
  - id: pay
    heading: Acme Pay error codes
    name: {en: Acme Pay, zh: Acme 支付}
    keywords: [acme]
    tables:
      - field: ret
        entries:
          - code: "7001"
            description: {en: "Card declined", zh: "银行卡被拒"}
            solution: {en: "Ask the customer for another card", zh: "请客户换一张卡"}
            keywords: [declined]
          - code: "7002"
            description: "Card is expired"
          - code: "7999"
            description: "Retired code"
`,
    );
    const page = path.join(dir, 'acme.txt');
    writeFileSync(
      page,
      'Acme Pay error codes\n\nReturn code Error description Recommended handling method\n7001 Card declined Ask the customer for another card\n7002 Card expired Ask the customer for another card\n7004 Limit exceeded Wait a day\n',
    );
    const r = await errcode(['import', '--merge', existing, page]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('Merged into');
    expect(r.err).toContain('1 added, 1 changed, 1 missing from the page, 1 unchanged');
    expect(r.err).toContain('added    Acme Pay error codes / ret: 7004  Limit exceeded');
    expect(r.err).toContain('changed  Acme Pay error codes / ret: 7002  "Card is expired" -> "Card expired"');
    expect(r.err).toContain('missing  Acme Pay error codes / ret: 7999  Retired code');
    // The unchanged entry keeps its Chinese rendering and keywords, and gains its provenance.
    expect(r.out).toMatch(
      /- code: "7001"\n\s+description: \{en: "Card declined", zh: "银行卡被拒"\}[\s\S]*?keywords: \["declined"\]\n\s+provenance: "acme.txt, Acme Pay error codes, line 4"/,
    );
    expect(r.out).toContain('keywords: ["acme"]');
    expect(r.out).toContain('description: "Retired code"');
  });
});
