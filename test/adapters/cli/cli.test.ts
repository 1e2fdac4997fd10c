import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliRunOptions, runCli } from '../../helpers/cli.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

const errcode = (args: string[], options: CliRunOptions = {}) => runCli(args, options);

describe('errcode <query>', () => {
  it('prints the meaning, the fix and the checklist; exit 0', async () => {
    const r = await errcode(['100014']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('100014');
    expect(r.out).toContain('access token is expired');
    expect(r.out).toMatch(/1\. Reauthorize/);
    expect(r.err).toBe('');
  });

  it('names the source by its title, not the seed file, and --json keeps the file', async () => {
    const text = await errcode(['100014']);
    expect(text.out).toMatch(/Source: MSDK return codes › I\. QQ Platform's Return Codes/);
    expect(text.out).not.toMatch(/\.txt/);
    const json = await errcode(['--json', '100014']);
    expect(json.out).toContain('001_b4ebd9a06ed0ad1d.txt');
  });

  it('reads a code asked without its minus as the negative code when only that exists', async () => {
    const asked = await errcode(['msdk', 'qq', 'group', '182006']);
    expect(asked.code).toBe(0);
    expect(asked.out.split('\n')[0]).toContain('-182006');
    expect(asked.out).toContain('Fail to join a group');
    // A code that exists as written is never flipped: QQ 6 stays 6, not -6.
    expect((await errcode(['qq', '6'])).out.split('\n')[0]).toMatch(/^6\b/);
  });

  it('says when the source gives no fix (OIDB), and names the OIDB table an other meaning comes from', async () => {
    const r = await errcode(['0x73a', '17']);
    expect(r.out.split('\n')[0]).toMatch(/^0x11\b/);
    expect(r.out).toContain('The source gives no fix for this code.');
    expect(r.out).toMatch(/0x10~0x11 {2}Appid is illegal · Tencent MSDK \(QQ\) › OIDB › 0x711/);
    // A code with a fix says nothing of the kind.
    expect((await errcode(['100014'])).out).not.toContain('gives no fix');
  });

  it('a pasted log as the query says other codes may be missed and that errcode scan reads it whole', async () => {
    const log = [
      '10:00:03 WARN push: {"code":"80300007","msg":"token invalid"}',
      '10:00:05 ERROR login: {"code": 6004, "data": "login fail"}',
    ];
    const r = await errcode([log.join('\n')]);
    expect(r.out).toContain('other codes in it may be missed; `errcode scan` reads a pasted log whole');
    // A one-line question says nothing of the kind.
    expect((await errcode(['6004 login fail'])).out).not.toContain('errcode scan');
  });

  it("a main code alone (1101) says first that its sub_error decides, in the reader's language", async () => {
    const r = await errcode(['1101']);
    expect(r.out.split('\n')[0]).toContain('1101 is a main code (error) with several sub-codes');
    expect(r.out.split('\n')[1]).toMatch(/^1101\/\d+ /);
    const zh = await errcode(['--lang', 'zh', '1101']);
    expect(zh.out.split('\n')[0]).toContain('1101 是主错误码（error）');
    expect((await errcode(['1101', '20155'])).out).not.toContain('is a main code');
    expect((await errcode(['1103'])).out).not.toContain('is a main code');
  });

  it("a free-text answer says why it matched in the reader's language, with its confidence", async () => {
    const zh = await errcode(['--lang', 'zh', 'access token 过期了']);
    const why = zh.out.split('\n').find((line) => line.includes('匹配依据')) ?? '';
    expect(why).toMatch(/描述相近.*置信度 \d\.\d\d/);
    expect(why).not.toMatch(/text:|description and keywords/);
  });

  it('lists the other meanings of an ambiguous code', async () => {
    const r = await errcode(['--', '-5']);
    expect(r.out.split('\n')[0]).toContain('Signature verification fails');
    expect(r.out).toMatch(/Other meanings \(\d+\):[\s\S]*Visit Type B user number/);
  });

  it('--lang zh shows the Chinese text of a Chinese source', async () => {
    const r = await errcode(['--lang', 'zh', '1101', '20155']);
    expect(r.out).toContain('code过期');
  });

  it('no match: exit 1 with nearest codes', async () => {
    const r = await errcode(['100017']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('100016');
  });

  it('--json follows the contract', async () => {
    const r = await errcode(['--json', '--limit', '2', '6']);
    const json = JSON.parse(r.out);
    expect(json.query).toBe('6');
    expect(json.matches).toHaveLength(2);
    for (const m of json.matches) {
      for (const key of ['catalog', 'code', 'aliases', 'title', 'description', 'solution', 'checklist', 'confidence', 'why'])
        expect(m).toHaveProperty(key);
      expect(Array.isArray(m.checklist)).toBe(true);
    }
  });

  it('colour only on a TTY, and never with NO_COLOR', async () => {
    expect((await errcode(['100014'], { tty: false })).out).not.toContain('\u001b[');
    expect((await errcode(['100014'], { tty: true })).out).toContain('\u001b[');
    expect((await errcode(['100014'], { tty: true, env: { NO_COLOR: '1' } })).out).not.toContain('\u001b[');
  });

  it('bad usage: exit 2 and one line on stderr', async () => {
    for (const args of [['-x'], ['--limit', 'x', '6'], ['--lang', 'fr', '6'], []]) {
      const r = await errcode(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.startsWith('errcode: ')).toBe(true);
    }
    expect((await errcode(['-x'])).err).toContain("'-x'");
  });

  it('a minus and a number is a code, not an option (QQ has negative codes), in ASCII or full-width digits', async () => {
    for (const query of ['-4010', '-４０１０']) {
      const r = await errcode([query, '--json']);
      expect(r.code, query).toBe(0);
      const answer = (JSON.parse(r.out) as { matches: Array<{ code: string; description: string }> }).matches[0];
      expect(answer?.code, query).toBe('-4010');
    }
    // Options still work around it.
    expect((await errcode(['--limit', '1', '-4010'])).out).toContain('Fail to get UIN');
  });

  it('a word that names a subcommand is a query after --', async () => {
    const r = await errcode(['--', 'scan']);
    expect(r.code).toBe(1);
  });
});

describe('errcode scan', () => {
  it('reads a file and says what an auto-reply would say', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-scan-'));
    const log = path.join(dir, 'app.log');
    writeFileSync(log, 'INFO boot\nERROR push failed: {"code":"80300007","msg":"All the tokens are invalid"}\n');
    const r = await errcode(['scan', log]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('80300007');
    expect(r.out).toContain('Token Invalid');
  });

  it('quotes the line a code was seen on without the credential it held, and says on stderr to rotate it', async () => {
    const secret = '9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6';
    const bearer = 'DQEAAJLS2i8g/7xTq0Zk+Vb1mHnRQp9wXcU3yTzL8aBdEf4GhIjKlMnOpQrStUvWx==';
    const stdin = `POST /oauth2/v3/token client_secret=${secret} -> {"sub_error":11205,"error":1203}\ncurl -H "Authorization: Bearer ${bearer}" push -> {"code":"80200003"}\n`;
    for (const args of [
      ['scan', '-'],
      ['scan', '--json', '-'],
    ]) {
      const r = await errcode(args, { stdin });
      expect(r.code).toBe(0);
      expect(r.out).toContain('client_secret=[redacted]');
      expect(r.out).not.toContain(secret);
      expect(r.out).not.toContain(bearer.slice(0, 20));
      expect(r.err).toMatch(/credential \(.*client-secret.*\).*rotate it/);
    }
    const asked = await errcode([`client_secret=${secret}`, '424242']);
    expect(asked.out).toContain('client_secret=[redacted]');
    expect(asked.out).not.toContain(secret);
    expect(asked.err).toContain('rotate it');
  });

  it('reads standard input; silent text gives exit 1 and empty matches', async () => {
    const r = await errcode(['scan', '--json', '-'], { stdin: 'merged 3 PRs today, CI is green' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toEqual({ matches: [], found: 0, found_at_least: false, complete: true, bytes_read: 31, notes: [] });
  });

  it('an unreadable file is exit 2', async () => {
    const r = await errcode(['scan', '/nonexistent/app.log']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot read/);
  });
});

describe('errcode catalogs and validate', () => {
  it('catalogs lists the four bundled catalogs', async () => {
    const json = JSON.parse((await errcode(['catalogs', '--json'])).out);
    expect(json.catalogs.map((c: { id: string }) => c.id).sort()).toEqual(['hms-push', 'huawei-account', 'huawei-quickapp', 'qq-msdk']);
    expect(json.entries).toBe(466);
  });

  it('validate passes the bundled catalogs and fails a bad file with file:line: reason', async () => {
    expect((await errcode(['validate'])).code).toBe(0);
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-validate-'));
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'catalog: acme\nname: x\nlanguage: en\nsource: {document: d, title: t}\nsections: []\nextra: 1\n');
    const r = await errcode(['validate', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+: `, 'm'));
  });

  it('the CLI refuses to run with an invalid extra catalog', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-extra-'));
    writeFileSync(path.join(dir, 'x.yaml'), 'catalog: acme\n');
    const r = await errcode(['100014'], { env: { ERRCODE_CATALOGS: dir } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/invalid catalog[\s\S]*x\.yaml:\d+: /);
  });

  it('custom catalogs from --catalogs answer like bundled ones', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-custom-'));
    writeFileSync(
      path.join(dir, 'acme.yaml'),
      'catalog: acme\nname: ACME\nlanguage: en\nsource: {document: acme.md, title: ACME codes}\nsections:\n  - id: api\n    heading: API\n    name: API\n    tables:\n      - field: code\n        entries:\n          - code: "987654"\n            description: The dragon ate the token\n',
    );
    const r = await errcode(['--catalogs', dir, '987654']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('The dragon ate the token');
  });
});

describe('errcode stats', () => {
  it('summarises missing-code reports and not-helpful votes from the JSON log', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-stats-'));
    const log = path.join(dir, 'bot.log');
    const line = (record: Record<string, unknown>) => JSON.stringify({ level: 30, time: '2026-11-21T00:00:00Z', ...record });
    writeFileSync(
      log,
      [
        line({ event: 'missing_code_report', platform: 'slack', query: '424242' }),
        line({ event: 'missing_code_report', platform: 'discord', query: '424242 ' }),
        line({ event: 'missing_code_report', platform: 'slack', query: 'oidb 0x99999' }),
        line({ event: 'answer_vote', platform: 'slack', entryId: 'qq-msdk:qq-platform.ret:100014', vote: 'not_helpful' }),
        line({ event: 'answer_vote', platform: 'slack', entryId: 'qq-msdk:qq-platform.ret:100014', vote: 'helpful' }),
        line({ event: 'answer_vote', platform: 'discord', entryId: 'hms-push:push-server.code:80300007', vote: 'helpful' }),
        line({ event: 'query', platform: 'slack', code: '6' }),
        'not json at all',
        '{"truncated":',
      ].join('\n'),
    );
    const json = JSON.parse((await errcode(['stats', '--json', log])).out);
    expect(json.missing).toEqual([
      { query: '424242', count: 2, platforms: ['discord', 'slack'] },
      { query: 'oidb 0x99999', count: 1, platforms: ['slack'] },
    ]);
    expect(json.not_helpful).toEqual([{ entry_id: 'qq-msdk:qq-platform.ret:100014', not_helpful: 1, helpful: 1 }]);
    expect(json.unreadable).toBe(1);
    const text = await errcode(['stats', log]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('Missing codes reported (2):');
  });

  it('an empty log has nothing to report (exit 1); a missing one is exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'errcode-stats-'));
    writeFileSync(path.join(dir, 'empty.log'), '');
    expect((await errcode(['stats', path.join(dir, 'empty.log')])).code).toBe(1);
    expect((await errcode(['stats', path.join(dir, 'nope.log')])).code).toBe(2);
  });
});

describe('the built binary', () => {
  const bin = path.join(root, 'dist/adapters/cli/main.js');
  it.skipIf(!existsSync(bin))('runs as node dist/adapters/cli/main.js with the exit codes of the contract', () => {
    const out = execFileSync(process.execPath, [bin, '100014'], { encoding: 'utf8' });
    expect(out).toContain('access token is expired');
    expect(spawnSync(process.execPath, [bin, '424242']).status).toBe(1);
    expect(spawnSync(process.execPath, [bin, '--bogus']).status).toBe(2);
  });
});
