/**
 * A generated custom catalog with every shape a code can take: plain codes, aliases and misprints,
 * ranges, two-level codes under main codes, a hex table reached by decimal values, variants told
 * apart by signals, success rows, the same code in every section (one meaning, several places),
 * codes the bundled catalogs use too, entry, table and catalog keywords, endpoint URLs. Written as
 * YAML, so it goes through the real validating loader.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundledCatalogDir } from '../../src/catalog/bundled.js';
import type { Catalog } from '../../src/catalog/model.js';

const WORDS = 'account token session quota payment order player guild match lobby voice chat friend rank season reward'.split(' ');

/** The catalog's YAML: `sections` sections of five tables, `perTable` entries in each plain table. */
export function generatedCatalogYaml(id: string, sections: number, perTable: number): string {
  const lines = [
    `catalog: ${id}`,
    'name: Generated catalog',
    'language: en',
    'source: {document: generated, title: generated}',
    `keywords: [${id}plat]`,
    'sections:',
  ];
  const word = (n: number) => WORDS[n % WORDS.length] as string;
  let n = 0;
  for (let s = 0; s < sections; s += 1) {
    lines.push(
      `  - id: s${s}`,
      `    heading: Section ${s}`,
      `    name: Section ${s}`,
      ...(s % 3 === 0 ? [`    url: "https://api.example.com/v${s}/call"`] : []),
      `    keywords: [sect${s}]`,
      '    tables:',
      // Plain codes, some with aliases, misprints, variants, success rows, entry keywords.
      '      - field: code',
      `        keywords: [plain${String.fromCharCode(97 + s)}]`,
      '        entries:',
    );
    for (let i = 0; i < perTable; i += 1, n += 1) {
      const code = 700_000 + s * 1000 + i * (i % 7 === 0 ? 2 : 1);
      if (i % 7 === 0 && i > 0) continue; // gaps: codes "did you mean" has to reach across
      lines.push(`          - code: "${code}"`);
      if (i % 11 === 3) lines.push(`            aliases: ["${code + 500_000}"]`);
      if (i % 13 === 4) lines.push(`            misprints: ["${code + 900_000}"]`);
      if (i % 17 === 5) lines.push('            outcome: success');
      // A code-like keyword too: written in a query, it is a scope word, not a code.
      if (i % 19 === 6) lines.push(`            keywords: [kw${s}x${i}, "42${s}${i}"]`);
      lines.push(`            description: The ${word(n)} ${word(n * 7)} failed (${n})`, `            solution: Renew the ${word(n * 3)}.`);
      if (i % 23 === 7) {
        lines.push(
          `            variant: first`,
          `            signals: [${word(n)} first]`,
          `          - code: "${code}"`,
          '            variant: second',
          `            signals: [${word(n)} second]`,
          `            description: The ${word(n)} second way (${n})`,
        );
      }
    }
    lines.push(
      // Two-level codes: sub codes under a few main codes, some sub codes under two mains.
      '      - field: sub_error',
      '        main_field: error',
      `        keywords: [two${s}]`,
      '        entries:',
    );
    for (let i = 0; i < 12; i += 1) {
      const main = 1200 + s * 10 + (i % 3);
      lines.push(
        `          - code: "${20_000 + s * 100 + (i % 8)}"`,
        `            main: "${main}"`,
        `            description: Sub ${i} of ${main} in ${s}`,
      );
    }
    lines.push(
      // Hex codes with signed and unsigned decimal aliases, and a hex range.
      `      - id: hex${s}`,
      '        field: ret',
      '        notation: hex',
      `        keywords: ["0x7${s}a", oidbish]`,
      '        entries:',
      `          - code: "0x10~0x1f"`,
      `            description: Hex range in ${s}`,
    );
    for (let i = 0; i < 6; i += 1) {
      const value = 0x90 + s * 8 + i;
      lines.push(
        `          - code: "0x${value.toString(16)}"`,
        `            aliases: ["${value - 256}", "${value}"]`,
        `            description: Hex ${value} in ${s}`,
      );
    }
    lines.push(
      // Negative codes and a negative range.
      '      - field: ret',
      '        entries:',
      `          - code: "-500003 ~ -500009"`,
      `            description: Negative range in ${s}`,
      `          - code: "-${4000 + s}"`,
      `            description: Negative ${s}`,
      // Codes the bundled catalogs use too.
      `          - code: "100014"`,
      `            description: Generated 100014 in ${s}`,
      `          - code: "1203"`,
      `            description: Generated 1203 in ${s}`,
      // The same HTTP status in every section: one meaning applying in several places.
      '      - field: http_status',
      '        entries:',
      '          - code: "500"',
      '            description: Server error',
      '          - code: "401"',
      `            description: Unauthorised in ${s % 2}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The bundled catalogs copied into `dir` under other ids, to be loaded as custom catalogs. */
export function copyBundledAsCustom(dir: string): void {
  for (const name of readdirSync(bundledCatalogDir())) {
    if (!name.endsWith('.yaml')) continue;
    const text = readFileSync(path.join(bundledCatalogDir(), name), 'utf8');
    writeFileSync(path.join(dir, `copy-${name}`), text.replace(/^catalog: (\S+)/m, 'catalog: copy-$1'));
  }
}

/**
 * Questions of codes only about a catalog's entries: every spelling of every code, main codes
 * alone and with their sub codes (as a pair and as `error=… sub_error=…`), the middle of each range,
 * hex codes in decimal, and (`neighbours`) codes next to existing ones that no entry has.
 */
export function codeQuestions(catalogs: readonly Catalog[], neighbours = true): string[] {
  const questions = new Set<string>();
  for (const entry of catalogs.flatMap((c) => c.entries)) {
    for (const span of [entry.span, ...entry.aliases, ...entry.misprints]) {
      questions.add(span.spelling.split('~')[0] as string);
      if (span.isRange) questions.add(String(Math.round((span.low + span.high) / 2)));
      if (span.hex) questions.add(String(span.low));
      if (neighbours && !span.isRange) {
        questions.add(String(span.low + 1));
        questions.add(String(span.low - 3));
      }
    }
    if (entry.main !== undefined) {
      questions.add(entry.main);
      questions.add(`${entry.main} ${entry.code}`);
      questions.add(`${entry.main}/${entry.code}`);
      questions.add(`error=${entry.main} sub_error=${entry.code}`);
      questions.add(`${entry.code} ${entry.main}`);
    }
    if (entry.table.field !== 'code') questions.add(`${entry.table.field}=${entry.code.split('~')[0]}`);
  }
  for (const q of ['0', '-1', '7', '99999999', '123456789012', '0x0', '0xffffffff', '1 2 3 4 5 6 7 8 9', 'ret: 5e', 'code=9b']) {
    questions.add(q);
  }
  return [...questions];
}
