/**
 * The CLI behaving as command-line users expect (s25): help and version as words, a command's own
 * help, a missing option value in errcode's words, the language from the locale and the question,
 * validate refusing a path with no catalog, counts in the right number, a closed pipe ending quietly.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledCatalogDir, loadCatalogs } from '../../../src/index.js';
import { runCli } from '../../helpers/cli.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = path.join(root, 'dist/adapters/cli/main.js');
const errcode = runCli;

describe('errcode help, errcode version', () => {
  it('`help` alone prints the whole usage, exit 0, as --help does', async () => {
    const help = await errcode(['help']);
    expect(help.code).toBe(0);
    expect(help.err).toBe('');
    expect(help.out).toBe((await errcode(['--help'])).out);
    expect(help.out).toMatch(/^usage:\n {2}errcode \[--json\]/);
    expect(help.out).toContain('errcode scan');
    expect(help.out).toContain('errcode import');
  });

  it('`help COMMAND` prints only that command, with what it does', async () => {
    const scan = await errcode(['help', 'scan']);
    expect(scan.code).toBe(0);
    expect(scan.out).toContain('errcode scan [--json]');
    expect(scan.out).toMatch(/Names the codes/);
    expect(scan.out).not.toContain('errcode import');
    const approve = await errcode(['help', 'approve']);
    expect(approve.out).toContain('errcode approve ID');
    expect(approve.out).not.toContain('errcode scan');
  });

  it('`version` prints the version, exit 0, as --version does', async () => {
    const version = await errcode(['version']);
    expect(version.code).toBe(0);
    expect(version.out).toMatch(/^errcode \d+\.\d+\.\d+/);
    expect(version.out).toBe((await errcode(['--version'])).out);
  });

  it('shadows no catalog: no code or alias is `help` or `version`, and after -- they are looked up', async () => {
    const catalogs = loadCatalogs([bundledCatalogDir()]);
    const words = catalogs.flatMap((c) => c.entries.flatMap((e) => [e.code, e.main ?? '', ...e.keywords, ...e.signals]));
    expect(words.length).toBeGreaterThan(400);
    for (const word of words) expect(word.toLowerCase()).not.toMatch(/^(help|version)$/);
    for (const word of ['help', 'version']) {
      const asked = await errcode(['--', word]);
      expect(asked.out, word).not.toMatch(/^usage:|^errcode \d/);
    }
    // More than a command after `help` is a question, not a request for usage.
    expect((await errcode(['help', 'token', 'expired'])).out).not.toMatch(/^usage:/);
  });
});

describe('errcode COMMAND --help', () => {
  it('prints that command’s usage, not the global one, exit 0', async () => {
    for (const command of ['scan', 'validate', 'catalogs', 'stats', 'import', 'proposals']) {
      const r = await errcode([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.out, command).toContain(`errcode ${command}`);
      expect(r.out, command).not.toContain('examples:');
      expect(r.out, command).toBe((await errcode(['help', command])).out);
    }
    expect((await errcode(['-h', 'validate'])).out).toContain('*.yaml, *.yml');
  });
});

describe('an option given without its value', () => {
  it('says so in errcode’s words, naming what it takes; exit 2 like every usage error', async () => {
    const wanted: Record<string, RegExp> = {
      '--lang': /^errcode: --lang needs a value: en or zh$/,
      '--limit': /^errcode: --limit needs a value: a whole number from 1 to 500$/,
      '--catalogs': /^errcode: --catalogs needs a value: catalog directories/,
      '--format': /^errcode: --format needs a value: html, markdown, text or csv$/,
      '--catalog': /^errcode: --catalog needs a value: an id/,
      '--title': /^errcode: --title needs a value/,
      '--columns': /^errcode: --columns needs a value: .*code,description,solution$/,
      '--merge': /^errcode: --merge needs a value/,
    };
    for (const [option, message] of Object.entries(wanted)) {
      for (const args of [[option], [`${option}=`, '6'], [option, '--json', '6']]) {
        const r = await errcode(args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.err.trim(), args.join(' ')).toMatch(message);
        expect(r.err, args.join(' ')).not.toContain('argument missing');
        expect(r.err, args.join(' ')).not.toContain('ambiguous');
      }
    }
  });
});

describe('the answer language', () => {
  const firstLine = async (args: string[], env: NodeJS.ProcessEnv = {}) => (await errcode(args, { env })).out.split('\n')[0];

  it('follows LC_ALL, then LC_MESSAGES, then LANG when --lang is not given', async () => {
    expect(await firstLine(['100014'])).toContain('access token is expired');
    for (const lang of ['zh_CN.UTF-8', 'zh_TW', 'zh']) expect(await firstLine(['100014'], { LANG: lang }), lang).toContain('已过期');
    expect(await firstLine(['100014'], { LANG: 'en_US.UTF-8' })).toContain('is expired');
    expect(await firstLine(['100014'], { LANG: 'fr_FR.UTF-8' })).toContain('is expired');
    expect(await firstLine(['100014'], { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toContain('is expired');
    expect(await firstLine(['100014'], { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toContain('已过期');
    expect(await firstLine(['100014'], { LC_ALL: '', LC_MESSAGES: 'en_US', LANG: 'zh_CN' })).toContain('is expired');
    // An explicit --lang wins over the locale, both ways.
    expect(await firstLine(['--lang', 'en', '100014'], { LC_ALL: 'zh_CN.UTF-8' })).toContain('is expired');
    expect(await firstLine(['--lang', 'zh', '100014'], { LANG: 'en_US.UTF-8' })).toContain('已过期');
  });

  it('a question written mostly in Chinese is answered in Chinese, over an English locale but not over --lang', async () => {
    const chinese = await errcode(['100014', '登录失败'], { env: { LANG: 'en_US.UTF-8' } });
    expect(chinese.out).toContain('已过期');
    expect(chinese.out).toContain('腾讯 MSDK');
    expect((await errcode(['--lang', 'en', '100014', '登录失败'])).out).toContain('is expired');
    // A Chinese word in an English question does not make it Chinese.
    expect(await firstLine(['access', 'token', 'is', 'expired', '100014', '过期'])).toContain('is expired');
  });

  it('a question in English words is answered in English over a Chinese locale; a bare code follows the locale', async () => {
    expect(await firstLine(['access', 'token', 'is', 'expired', '100014'], { LANG: 'zh_CN.UTF-8' })).toContain('is expired');
    expect(await firstLine(['100014'], { LANG: 'zh_CN.UTF-8' })).toContain('已过期');
  });

  it('scan follows the locale and --lang; the language of a log is not the reader’s', async () => {
    const log = '登录失败 ret=100014\n';
    expect((await errcode(['scan', '-'], { stdin: log })).out).toContain('is expired');
    expect((await errcode(['scan', '-'], { stdin: log, env: { LANG: 'zh_CN.UTF-8' } })).out).toContain('已过期');
  });

  it('is documented in the usage text', async () => {
    const usage = (await errcode(['help'])).out;
    expect(usage).toMatch(
      /language: --lang en\|zh when given; else zh for a question written mostly in Chinese,\s+en for one in English words;/,
    );
    expect(usage).toMatch(/LC_ALL, then LC_MESSAGES, then LANG/);
  });
});

describe('errcode validate on what is no catalog', () => {
  it('a directory with no catalog file is an error naming the extensions read, exit 1', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'errcode-empty-'));
    writeFileSync(path.join(empty, 'notes.txt'), 'not a catalog\n');
    const r = await errcode(['validate', empty]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err.trim()).toBe(`${empty}:0: no catalog files found in this directory (validate reads *.yaml and *.yml files)`);
    // With a good catalog beside it, the empty one is still named.
    const both = await errcode(['validate', bundledCatalogDir(), empty]);
    expect(both.code).toBe(1);
    expect(both.err).toContain('no catalog files found');
  });

  it('a text file that is no YAML gets a few lines, not one per line of it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-notyaml-'));
    const services = path.join(dir, 'services');
    // Each line a YAML error of its own, as /etc/services gives one on most of its lines.
    writeFileSync(services, Array.from({ length: 200 }, (_, i) => `svc${i}: ${1000 + i}/tcp: alias${i}`).join('\n'));
    const r = await errcode(['validate', services]);
    expect(r.code).toBe(1);
    const lines = r.err.trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines.at(-1)).toMatch(/and \d+ more YAML errors; a catalog is a YAML mapping of catalog, name/);
    for (const l of lines) expect(l.length).toBeLessThan(200);
  });

  it('a binary file (a PNG) or plain text says it is not a catalog, in one line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-binary-'));
    const png = path.join(dir, 'logo.png');
    writeFileSync(png, Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(64), Buffer.from('IHDR')]));
    const text = path.join(dir, 'hostname');
    writeFileSync(text, 'build-box-7\n');
    for (const [file, reason] of [
      [png, 'not a catalog: binary content'],
      [text, 'not a catalog: a catalog is a YAML mapping'],
    ] as const) {
      const r = await errcode(['validate', file]);
      expect(r.code, file).toBe(1);
      expect(r.err.trim().split('\n'), file).toHaveLength(1);
      expect(r.err, file).toContain(reason);
    }
  });
});

describe('counts in the right number', () => {
  it('validate says 1 catalog, 1 entry; several stay plural', async () => {
    const one = path.join(bundledCatalogDir(), 'qq-msdk.yaml');
    const r = await errcode(['validate', one]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^1 catalog valid, \d+ entries$/m);
    const all = await errcode(['validate']);
    expect(all.out).toMatch(
      new RegExp(`^${readdirSync(bundledCatalogDir()).filter((f) => f.endsWith('.yaml')).length} catalogs valid`, 'm'),
    );
  });

  it('a catalog of one entry is "1 entry" in validate and in catalogs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-one-'));
    writeFileSync(
      path.join(dir, 'acme.yaml'),
      [
        'catalog: acme',
        'name: Acme',
        'language: en',
        'source: {document: acme.md, title: Acme codes}',
        'sections:',
        '  - id: login',
        '    heading: Login errors',
        '    name: Login',
        '    tables:',
        '      - field: code',
        '        entries:',
        '          - code: "987654"',
        '            description: Acme is down',
        '',
      ].join('\n'),
    );
    const validated = await errcode(['validate', dir]);
    expect(validated.err).toBe('');
    expect(validated.out).toMatch(/acme\.yaml: 1 entry\n1 catalog valid, 1 entry\n$/);
    const listed = await errcode(['catalogs', '--no-bundled', '--catalogs', dir]);
    expect(listed.out).toMatch(/acme +1 entry +1 table +Acme/);
    expect(listed.out).toMatch(/^1 catalog, 1 entry$/m);
  });
});

describe.skipIf(!existsSync(bin))('a closed standard output (| head)', () => {
  /** The built CLI writing into a pipe whose reader stops after `keep` bytes, as `| head -c` does. */
  function readThenClose(args: readonly string[], keep: number) {
    return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += String(d);
        if (out.length >= keep) child.stdout.destroy();
      });
      child.stderr.on('data', (d) => {
        err += String(d);
      });
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, out: out.slice(0, keep), err }));
    });
  }

  it('ends the process quietly with status 0, no EPIPE stack', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-pipe-'));
    const page = path.join(dir, 'page.md');
    const rows = Array.from({ length: 4000 }, (_, i) => `| ${i + 1} | error number ${i + 1} | retry ${i + 1} |`);
    writeFileSync(page, `# Codes\n\n| code | description | solution |\n| --- | --- | --- |\n${rows.join('\n')}\n`);
    const r = await readThenClose(['import', page], 10);
    expect(r.out).toHaveLength(10);
    expect(r.err).not.toMatch(/EPIPE|node:events|Unhandled/);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    // A lookup closed after its first bytes, as `errcode 100014 | head -c 10`.
    const lookup = await readThenClose(['--json', '--limit', '500', 'token'], 10);
    expect(lookup.err).not.toMatch(/EPIPE|node:events/);
    expect(lookup.code).toBe(0);
  });
});
