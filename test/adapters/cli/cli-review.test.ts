/**
 * The CLI as a user meets it (the s23 user-eyes review): the built binary run as a process, its
 * input piped or named, its output and exit status read back.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCAN_INPUT_CAP } from '../../../adapters/cli/scan-input.js';
import { SCAN_ANSWERS } from '../../../src/engine/engine.js';
import { loadEngine } from '../../../src/load-engine.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const bin = path.join(root, 'dist/adapters/cli/main.js');
const built = existsSync(bin);

interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** `node dist/adapters/cli/main.js ARGS`, standard input from `stdin` (a string or a file), no terminal. */
function errcode(args: readonly string[], options: { stdin?: string; stdinFile?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? root,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += String(d);
    });
    child.stderr.on('data', (d) => {
      err += String(d);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    // The CLI may stop reading early (the input cap): that is its right, not a failure here.
    child.stdin.on('error', () => undefined);
    if (options.stdinFile) {
      createReadStream(options.stdinFile).pipe(child.stdin);
    } else {
      child.stdin.end(options.stdin ?? '');
    }
  });
}

const headlines = (out: string) => out.split('\n').filter((l) => /^\S+ {2}/.test(l));

const MANY_CODES = ['100012', '100013', '100014', '100015', '100016', '-4008', '-4021', '901205'];

let dir: string;
let manyLog: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'errcode-review-'));
  manyLog = path.join(dir, 'many.log');
  writeFileSync(manyLog, `${MANY_CODES.map((c) => `ERROR {"ret":${c}}`).join('\n')}\n`);
});

describe.skipIf(!built)('errcode scan: where each code was seen', () => {
  it('names the line and shows it, in text and in --json, also for a code near the end of a long log', async () => {
    const quiet = Array.from({ length: 40_000 }, (_, i) => `I/App: tick ${i} ok`);
    const log = path.join(dir, 'where.log');
    writeFileSync(log, `${[...quiet, 'E/HmsPush: send failed {"code":"80300007","msg":"token invalid"}', 'I/App: done'].join('\n')}\n`);
    const text = await errcode(['scan', log]);
    expect(text.out).toContain('line 40001: E/HmsPush: send failed {"code":"80300007","msg":"token invalid"}');
    const match = JSON.parse((await errcode(['scan', '--json', log])).out).matches[0];
    expect(match).toMatchObject({ code: '80300007', line: 40001, excerpt: expect.stringContaining('send failed') });
  });
});

describe.skipIf(!built)('errcode scan: every code in the input, and the input whole', () => {
  it('shows 5 codes and says how many more were found; --limit shows them; --json says found', async () => {
    const shown = await errcode(['scan', manyLog]);
    expect(shown.code).toBe(0);
    expect(headlines(shown.out)).toHaveLength(5);
    expect(shown.out.trimEnd().split('\n').at(-1)).toBe('5 of 8 codes shown; --limit N for more');

    const all = await errcode(['scan', '--limit', '20', manyLog]);
    expect(
      headlines(all.out)
        .map((l) => l.split(' ')[0])
        .sort(),
    ).toEqual([...MANY_CODES].sort());
    expect(all.out).not.toContain('codes shown');

    const json = JSON.parse((await errcode(['scan', '--json', manyLog])).out);
    expect(json.matches).toHaveLength(5);
    expect(json.found).toBe(8);
    expect(json.notes).toContain('5 of 8 codes shown; --limit N for more');
    expect((await errcode(['--help'])).out).toMatch(/errcode scan \[--json\] \[--limit N\]/);
  });

  it('the engine answers at most SCAN_ANSWERS codes per text, which is why a full piece is read again', async () => {
    const engine = await loadEngine([]);
    expect(engine.scan(readFileSync(manyLog, 'utf8')).answers).toHaveLength(SCAN_ANSWERS);
  });

  it('finds the error at the end of a 3 MB `kubectl logs` piped in, a number on every line', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 40_000; i += 1)
      lines.push(
        `2026-12-02T05:12:${String(i % 60).padStart(2, '0')}Z INFO user ${10_000 + i} GET /api/v1/items?id=${i * 7} took ${i % 500}ms status=200`,
      );
    const log = path.join(dir, 'kubectl.log');
    writeFileSync(log, `${lines.join('\n')}\nERROR {"ret":100014,"msg":"access token expired"}\n`);
    expect(readFileSync(log).length).toBeGreaterThan(3_000_000);
    const r = await errcode(['scan', '-'], { stdinFile: log });
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('100014  access token is expired');
    expect(r.err).toBe('');
  });

  it('past the cap: a file is read from its end, standard input from its start, and the cut is said in the answer, on stderr and in --json', async () => {
    const log = path.join(dir, 'huge.log');
    const quiet = 'INFO all good here, nothing to report\n'.repeat(1024);
    const middle = quiet.repeat(Math.ceil(SCAN_INPUT_CAP / quiet.length) + 20);
    writeFileSync(log, `ERROR {"ret":100014}\n${middle}ERROR {"ret":100015}\n`);
    expect(readFileSync(log).length).toBeGreaterThan(SCAN_INPUT_CAP + 512 * 1024);
    const mib = SCAN_INPUT_CAP / 1024 / 1024;
    const lastNote = `input cut short: only its last ${mib} MiB were scanned (the most a scan reads; a log's newest lines are at its end); the start was not read`;
    const text = await errcode(['scan', log]);
    expect(text.code).toBe(0);
    expect(headlines(text.out).map((l) => l.split(' ')[0])).toEqual(['100015']);
    expect(text.out.split('\n')[0]).toBe(`note: ${lastNote}`);
    expect(text.err).toBe(`errcode: ${lastNote}\n`);
    const json = JSON.parse((await errcode(['scan', '--json', log])).out);
    expect(json.complete).toBe(false);
    expect(json.bytes_read).toBeLessThanOrEqual(SCAN_INPUT_CAP);
    expect(json.notes.join('\n')).toContain(lastNote);
    // Standard input may never end: its start is read.
    const piped = await errcode(['scan', '-'], { stdinFile: log });
    expect(headlines(piped.out).map((l) => l.split(' ')[0])).toEqual(['100014']);
    expect(piped.err).toBe(
      `errcode: input cut short: only its first ${mib} MiB were scanned (the most a scan reads); the rest was not read\n`,
    );
  });

  it('an unreadable file is said in words, not errno names', async () => {
    expect((await errcode(['scan', path.join(dir, 'nope.log')])).err).toBe(
      `errcode: cannot read ${path.join(dir, 'nope.log')}: no such file or directory\n`,
    );
    const folder = await errcode(['scan', dir]);
    expect(folder.code).toBe(2);
    expect(folder.err).toBe(`errcode: cannot read ${dir}: is a directory\n`);
    const catalogs = await errcode(['--catalogs', './nonexist', '1']);
    expect(catalogs.code).toBe(2);
    expect(catalogs.err).toBe('errcode: --catalogs: ./nonexist: no such file or directory\n');
  });
});

describe.skipIf(!built)('errcode: mistyped commands and options', () => {
  it('a word one edit from a command, before a file that exists, is the command mistyped (exit 2)', async () => {
    for (const typo of ['scna', 'sacn', 'scsn']) {
      const r = await errcode([typo, manyLog]);
      expect(r.code, typo).toBe(2);
      expect(r.err, typo).toBe(`errcode: '${typo}' is not a command; did you mean 'scan'?\n`);
      expect(r.out, typo).toBe('');
    }
    expect((await errcode(['catalgos'])).err).toContain("did you mean 'catalogs'?");
  });

  it('real queries are left alone: free text, a code after a near word, anything after --', async () => {
    const app = await errcode(['app']);
    expect(app.code).toBe(0);
    const nearWordAndCode = await errcode(['scna', '100014']);
    expect(nearWordAndCode.err).not.toContain('is not a command');
    const afterTerminator = await errcode(['--', 'scna', manyLog]);
    expect(afterTerminator.err).not.toContain('is not a command');
    expect(afterTerminator.code).not.toBe(2);
  });

  it('--version prints the package version; an unknown option gets the nearest one, quotes balanced', async () => {
    const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    const v = await errcode(['--version']);
    expect(v.code).toBe(0);
    expect(v.out).toBe(`errcode ${version}\n`);
    const jsn = await errcode(['--jsn', '1']);
    expect(jsn.code).toBe(2);
    expect(jsn.err).toContain("unknown option '--jsn'; did you mean --json?");
    expect((jsn.err.match(/'/g) ?? []).length % 2).toBe(0);
    expect((await errcode(['--bogus', '1'])).err).not.toContain('did you mean');
  });
});

describe.skipIf(!built)('errcode stats without a state store', () => {
  it('says what to set, like proposals, exit 2 (no SQLite warning, no zeros)', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'errcode-stats-cwd-'));
    mkdirSync(path.join(cwd, 'sub'));
    const r = await errcode(['stats'], { cwd });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^errcode: stats are kept in the state store: set ERRCODE_STATE .*errcode stats FILE/);
    expect(r.err).not.toContain('node:sqlite');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe.skipIf(!built)('errcode --json for scripts', () => {
  it('says how a lookup was answered, so a script compares confidences within one mode', async () => {
    expect(JSON.parse((await errcode(['--json', '100014'])).out).mode).toBe('code');
    expect(JSON.parse((await errcode(['--json', 'refresh_token过期'])).out).mode).toBe('text');
    // The code with its main code, as written: one field for a script.
    expect(JSON.parse((await errcode(['--json', '1101', '20155'])).out).matches[0]).toMatchObject({
      code: '20155',
      main: '1101',
      label: '1101/20155',
    });
  });

  it('an error is JSON on standard output too, not only a line on stderr', async () => {
    const r = await errcode(['scan', '--json', '/no/such/file.log']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error).toMatchObject({ kind: 'usage', message: expect.stringContaining('/no/such/file.log') });
    expect(r.err).toContain('cannot read');
  });
});

describe.skipIf(!built)('errcode <query>: what the answer is labelled', () => {
  it('two codes asked: the second is another code asked about, not another meaning', async () => {
    const two = await errcode(['100014', '100015']);
    expect(two.out).toMatch(/Other codes asked about \(1\):\n {2}100015 {2}access token is revoked/);
    expect(two.out).not.toContain('Other meanings');
    // An ambiguous code still lists its other meanings.
    const ambiguous = await errcode(['--', '-5']);
    expect(ambiguous.out).toMatch(/Other meanings \(\d+\):[\s\S]*Visit Type B user number/);
    expect(ambiguous.out).not.toContain('Other codes asked about');
    // A document whose one section is headed by its title names it once in the source line.
    const push = await errcode(['80300007']);
    const source = push.out.split('\n').find((l) => l.includes('Source:')) ?? '';
    expect(source.split(' › ').length, source).toBe(new Set(source.replace(/^\s*Source: /, '').split(' › ')).size);
    expect(source).not.toMatch(/error codes › \[FAQ\]/);
    // A code that is also a sub-code (NSP_STATUS 31204, 1203/31204): its other meanings, one code asked.
    for (const code of ['31204', '500']) {
      const one = await errcode([code]);
      expect(one.out, code).toMatch(/Other meanings \(\d+\):/);
      expect(one.out, code).not.toContain('Other codes asked about');
    }
  });

  it("a scanned log's platform words read on another line than the code say which line", async () => {
    const log = [
      '2026-12-01 10:00:01 INFO game center lobby opened',
      '2026-12-01 10:00:02 INFO user 123 joined room 55',
      '2026-12-01 10:00:03 ERROR share failed ret=-4009',
    ].join('\n');
    const scanned = await errcode(['scan', '-'], { stdin: log });
    expect(scanned.out).toMatch(/Why this matched: .*the words "game center" \(line 1\)/);
    expect(scanned.out).toContain('line 3: 2026-12-01 10:00:03 ERROR share failed ret=-4009');
    // On the code's own line, nothing more is said.
    const oneLine = await errcode(['scan', '-'], { stdin: 'game center: share failed ret=-4009' });
    expect(oneLine.out).toMatch(/the words "game center"(?! \(line)/);
  });

  it('an exact code says "exact code" as the card does; a match of words keeps its confidence', async () => {
    const exact = await errcode(['100014']);
    expect(exact.out).toMatch(/Why this matched: exact code\n/);
    expect(exact.out).not.toMatch(/confidence/);
    const words = await errcode(['acess', 'token', 'expried']);
    expect(words.out).toMatch(/Why this matched: .*\(confidence \d\.\d\d\)/);
  });

  it('--lang takes zh-CN and ZH; an English-only entry says so as the card does; labels are translated', async () => {
    for (const tag of ['zh-CN', 'ZH', 'zh_TW']) expect((await errcode(['--lang', tag, '1101', '20155'])).out, tag).toContain('code过期');
    expect((await errcode(['--lang', 'fr', '6'])).code).toBe(2);
    // Every bundled entry has a Chinese rendering now; an English-only one comes from a catalog of one's own.
    const ownCatalogs = mkdtempSync(path.join(tmpdir(), 'errcode-english-only-'));
    writeFileSync(
      path.join(ownCatalogs, 'acme.yaml'),
      'catalog: acme\nname: ACME\nlanguage: en\nsource: {document: acme.md, title: ACME codes}\nsections:\n  - id: api\n    heading: API\n    name: API\n    tables:\n      - field: code\n        entries:\n          - code: "987654"\n            description: The dragon ate the token\n',
    );
    const englishOnly = await errcode(['--catalogs', ownCatalogs, '--lang', 'zh', '987654']);
    expect(englishOnly.out.split('\n').slice(0, 3).join('\n')).toContain('该条目只有英文版本（来源文档为英文）。');
    const json = JSON.parse((await errcode(['--catalogs', ownCatalogs, '--json', '--lang', 'zh', '987654'])).out);
    expect(json.notes).toContain('该条目只有英文版本（来源文档为英文）。');
    expect(json.matches[0].language_note).toBe('该条目只有英文版本（来源文档为英文）。');
    // The quick-app catalog reads in Chinese throughout (its source is English, the renderings ours).
    const quickApp = await errcode(['--lang', 'zh', '6004']);
    expect(quickApp.out).not.toContain('只有英文');
    expect(quickApp.out.split('\n')[0]).toBe('6004  笼统的登录失败：具体原因看 data 字段的提示');
    expect(quickApp.out).toContain('1. 检查是否已申请帐号服务和游戏服务。');
    const chinese = await errcode(['--lang', 'zh', '0x9b']);
    expect(chinese.out.split('\n')[1]).toContain('· 字段 ret · 也写作 -101, 155');
    expect(chinese.out).not.toMatch(/field|also written|只有英文/);
    expect((await errcode(['6004'])).out).not.toContain('English only');
  });
});
