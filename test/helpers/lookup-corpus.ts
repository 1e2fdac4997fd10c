/**
 * Questions a lookup must answer exactly as it did when test/fixtures/lookup-equivalence.jsonl was
 * recorded: every code of a catalog set in the forms people type it (the bench's queries), the code
 * questions of the code-index path, each code inside sentences, and seeded random mixes of codes,
 * field names, scope words, endpoints, separators and the spellings the parser joins back (`100,014`,
 * `8030 0007`, `one one zero one`, `1OOO14`). Deterministic: a name always builds the same question.
 */

import { BENCH_FUZZY_QUERIES } from '../../scripts/bench-texts.js';
import { exactQueries } from '../../scripts/lookup-queries.js';
import type { Catalog, CatalogEntry } from '../../src/catalog/model.js';
import { codeQuestions } from './code-shapes-catalog.js';
import { seededRandom } from './seeded-random.js';

/** The bench's fuzzy queries (scripts/bench.ts) and a few more free-text questions. */
export const FUZZY_QUESTIONS: readonly string[] = [
  ...BENCH_FUZZY_QUERIES,
  'push refused my message because the content is sensitive, which error is that',
  "oidb says the player's uin got frozen, which ret is that",
  '华为推送报 80300099',
  'qq login callback ret -27',
  'game center 一键登录 revoke',
  'token过期了怎么办',
  'the user has no permission for this scope',
];

/** Spellings at the edges of the parser's patterns and skips. */
export const EDGE_QUESTIONS: readonly string[] = [
  '',
  '   ',
  '6004',
  '  -4008 ',
  '1101/20155',
  '1101 / 20155',
  '0X9B',
  'RET=CC oidb',
  'ret：17',
  'ſſ 6004',
  'K 6004',
  'Kelvin 6004',
  '登录 6004',
  '6004 失败了',
  '6004\u0007',
  '-',
  '=:/',
  '__proto__ 6004',
  'constructor=5',
  '1101\t20155',
  '100,009',
  '6018 0003',
  '8030-0007',
  '22l021',
  '1OOO14',
  'one one zero one',
  'minus four zero zero eight',
  'error=1203 sub_error=11205',
  'error: 1101, sub_error: 20155',
  'saw -4008 yesterday, today it is -4013: what is -4013?',
  '6004 and 6005, the second one',
  'what does 100014 mean',
  '80300007 是什么',
  'ret -25, 3秒就返回',
  '2024年10月22日 报 6004',
  'oidb 0x9b',
  'oidb ret cc',
  'decode0x73a failed ret 5e',
  'cmd 0x73a ret=17',
  'qq 6',
  '182006',
  '-182006',
  'v6.0 6004',
  'fails with 80300007.',
  '1500 id_token expired',
  'NSP_STATUS=6',
  'nsp_status: 102',
  '/oauth2/v3/revok 1203 31218',
  'https://oauth-login.cloud.huawei.com/oauth2/v3/token?x=1 403',
  'oauth2/v3/token 403 forbidden',
  '9'.repeat(40),
  '0x',
  '0xZZ 6004',
  '１０００１４',
  '－４０１０',
  'ｒｅｔ＝－７３',
  '6004 6004 6004 1203',
  '1 2 3 4 5 6 7 8 9 10 11 12',
];

const TEMPLATES: ReadonlyArray<(code: string) => string> = [
  (c) => `what does ${c} mean`,
  (c) => `${c} 是什么意思`,
  (c) => `getting error ${c} again`,
  (c) => `error code: ${c}`,
  (c) => `ret=${c}`,
  (c) => `"${c}"`,
  (c) => `{"code": ${c}, "msg": "fail"}`,
  (c) => `fails with ${c}.`,
  (c) => `一直报 ${c}，怎么办`,
  (c) => `the api returned ${c} after the token refresh`,
  (c) => `I mean ${c}`,
  (c) => `https://example.com/callback?code=${c}&state=1`,
];

/** Every distinct code as the catalogs write it (a range by its first end), each in three sentences. */
function sentenceQuestions(entries: readonly CatalogEntry[]): Array<[string, string]> {
  const codes = [...new Set(entries.map((e) => (e.span.isRange ? (e.span.spelling.split('~')[0] as string) : e.code)))];
  const out: Array<[string, string]> = [];
  codes.forEach((code, i) => {
    for (const t of [i % TEMPLATES.length, (i + 4) % TEMPLATES.length, (i + 9) % TEMPLATES.length]) {
      out.push([`sentence ${t} ${code}`, (TEMPLATES[t] as (code: string) => string)(code)]);
    }
  });
  return out;
}

/** Pieces a random question is made of, read from the catalogs (codes, scope words, endpoints) and fixed ones. */
function piecesOf(entries: readonly CatalogEntry[]): { codes: string[]; words: string[] } {
  const codes = new Set<string>();
  const words = new Set<string>();
  for (const e of entries) {
    const code = e.span.isRange ? (e.span.spelling.split('~')[0] as string) : e.code;
    codes.add(code);
    if (e.main !== undefined) codes.add(e.main);
    if (e.span.hex) codes.add(String(e.span.low));
    for (const k of e.catalog.keywords) words.add(k);
    for (const k of e.table.keywords) words.add(k);
    for (const k of e.keywords.slice(0, 2)) words.add(k);
    if (e.table.url) words.add(e.table.url);
    for (const s of e.signals.slice(0, 1)) words.add(s);
  }
  for (const w of ['ret', 'code', 'error', 'sub_error', 'errcode', 'result', 'flag', 'NSP_STATUS', 'http_status', 'status']) words.add(w);
  for (const w of ['what', 'does', 'mean', 'what is', 'the second one', 'the first', 'failed', 'with', 'again', 'why', 'i mean'])
    words.add(w);
  for (const w of ['是什么', '报错', '一直报', '怎么办', '登录', '实名', '获取', '3秒', '10 ms', '2024年', 'times', 'users']) words.add(w);
  return { codes: [...codes], words: [...words] };
}

const SEPARATORS: readonly string[] = [' ', ' ', ' ', '=', ': ', ', ', '/', ' / ', '\t', '\n', '', '-', '，', '：'];

/** A question of 1 to 8 pieces joined by random separators, some codes respelled as the parser reads them. */
function mix(seed: number, pieces: { codes: string[]; words: string[] }): string {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const count = 1 + Math.floor(next() * 8);
  const parts: string[] = [];
  for (let i = 0; i < count; i += 1) {
    let part = next() < 0.5 ? pick(pieces.codes) : pick(pieces.words);
    const r = next();
    if (/^-?\d{5,}$/.test(part)) {
      if (r < 0.08) part = Number(part).toLocaleString('en-US');
      else if (r < 0.14) part = `${part.slice(0, 4)} ${part.slice(4)}`;
      else if (r < 0.18) part = part.replace(/1/g, 'l').replace(/0/g, 'O');
      else if (r < 0.22) part = part.replace(/^-/, '');
      else if (r < 0.25) part = [...part.replace(/^-/, '')].join(' ');
    } else if (r < 0.05) part = part.toUpperCase();
    parts.push(part, pick(SEPARATORS));
  }
  return parts.join('').trim();
}

/**
 * Every question for a catalog set, by name. `every`: only every n-th entry's bench queries and
 * sentences, and no code questions (a big generated catalog's sample).
 */
export function lookupQuestions(catalogs: readonly Catalog[], options: { every?: number; mixes?: number } = {}): Map<string, string> {
  const every = options.every ?? 1;
  const entries = catalogs.flatMap((c) => c.entries);
  const questions = new Map<string, string>();
  for (const q of exactQueries(entries, every)) questions.set(`bench ${q}`, q);
  if (every === 1) for (const q of codeQuestions(catalogs, true)) questions.set(`codes ${q}`, q);
  for (const [name, q] of sentenceQuestions(entries.filter((_, i) => i % every === 0))) questions.set(name, q);
  const pieces = piecesOf(entries);
  for (let seed = 1; seed <= (options.mixes ?? 1500); seed += 1) questions.set(`mix ${seed}`, mix(seed * 7919, pieces));
  // Past the query limit: read by its opening and its close.
  for (let seed = 1; seed <= 12; seed += 1) {
    const long: string[] = [];
    for (let i = 0; long.join(' ').length < 400 + seed * 60; i += 1) long.push(mix(seed * 104_729 + i, pieces));
    questions.set(`long ${seed}`, long.join(' '));
  }
  return questions;
}
