/**
 * What each column of a table holds, guessed from its header words (English and Chinese) and from
 * the shape of its cells, or given with `--columns`. The guess is said in the output's comment
 * block, so a person can check it and override it.
 */
import { FIELD_NAMES, type FieldName } from '../catalog/schema.js';
import { parseCodeCell } from './codes.js';

const ROLES = ['code', 'alias', 'main', 'sub', 'http', 'description', 'solution', 'causes', 'ignore'] as const;
/**
 * `code` the code; `alias` another spelling of it (OIDB's signed and unsigned decimal); `main` and
 * `sub` the two levels of a two-level code; `http` an HTTP status used as the code; the text roles;
 * `ignore` a column left out.
 */
export type Role = (typeof ROLES)[number];

export interface ColumnGuess {
  readonly header: string;
  readonly role: Role;
  /** Why: `header "描述"`, `cells are codes`, `--columns`. */
  readonly why: string;
  /** The field the header names exactly (`NSP_STATUS`, `errCode`). */
  readonly field?: FieldName;
}

/** Header words per role, checked in this order (a solution header often says "error" too). */
const HEADER_WORDS: readonly [Role, RegExp][] = [
  ['sub', /子错误码|子码|子状态码|sub[\s_-]*(?:error[\s_-]*)?code|sub[\s_-]?error|subcode|detail(?:ed)?\s+code/i],
  ['main', /主错误码|主码|main[\s_-]*(?:error[\s_-]*)?code|primary\s+code/i],
  ['http', /http|响应码|状态码/i],
  [
    'solution',
    /解决|处理|建议|措施|方案|排查|办法|solution|suggest|recommend|handling|\bfix|resolution|remed|action|workaround|what to do|how to/i,
  ],
  ['causes', /原因|cause|reason/i],
  ['description', /描述|说明|含义|信息|提示|释义|意义|description|meaning|message|\bmsg\b|explanation|detail|text|summary/i],
  ['code', /码|代码|编号|code|\bret\b|errno|status|hex|decimal|十六进制|十进制|^value$|^值$|^id$/i],
];

/** The role a header names, or undefined when its words name none. */
export function roleOfHeader(header: string): { role: Role; field?: FieldName } | undefined {
  const text = header.trim();
  const exact = FIELD_NAMES.find((f) => f.toLowerCase() === text.toLowerCase());
  if (exact && exact !== 'http_status') return { role: exact === 'sub_error' ? 'sub' : 'code', field: exact };
  for (const [role, words] of HEADER_WORDS) if (words.test(text)) return { role };
  return undefined;
}

/**
 * English header phrases run together on one line (`error code error description recommended
 * solution`), split into column titles: each title ends at a word that names a role; words before
 * it (`recommended`, `signed`) belong to it.
 */
const HEAD_NOUNS: readonly RegExp[] = [
  /^(?:code|codes|ret|errno|status|hexadecimal|hex|decimal|value|id)$/i,
  /^(?:description|meaning|message|msg|explanation|details?|text|summary)$/i,
  /^(?:solution|solutions|suggestions?|method|methods|handling|fix|resolution|remedy|actions?|workaround)$/i,
  /^(?:causes?|reasons?)$/i,
];

export function segmentHeader(line: string): string[] | undefined {
  const tabbed = line
    .split(/\t|\s{2,}|\s*\|\s*/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (tabbed.length >= 2 && tabbed.every((p) => roleOfHeader(p))) return tabbed;
  const words = line.trim().split(/\s+/);
  const titles: string[] = [];
  let current: string[] = [];
  for (const [i, word] of words.entries()) {
    current.push(word);
    const next = words[i + 1];
    // "handling method" and "error code": a head noun followed by another head noun of the same
    // kind stays one title only for "handling method"; otherwise the title ends here.
    const isHead = HEAD_NOUNS.some((re) => re.test(word));
    const nextContinues = next !== undefined && /^(?:method|methods)$/i.test(next) && /^handling$/i.test(word);
    if (isHead && !nextContinues) {
      titles.push(current.join(' '));
      current = [];
    }
  }
  if (current.length > 0) {
    // Trailing words that name no role: CJK headers are split by spaces instead.
    if (current.every((w) => roleOfHeader(w))) titles.push(...current);
    else return cjkHeader(words);
  }
  if (titles.length < 2 || !titles.every((t) => roleOfHeader(t))) return cjkHeader(words);
  return titles;
}

function cjkHeader(words: readonly string[]): string[] | undefined {
  return words.length >= 2 && words.every((w) => roleOfHeader(w)) ? [...words] : undefined;
}

/** Share of a column's non-empty cells that are codes. */
function codeShare(cells: readonly string[]): number {
  const filled = cells.filter((c) => c.trim() && c.trim() !== '-');
  if (filled.length === 0) return 0;
  return filled.filter((c) => parseCodeCell(c)).length / filled.length;
}

/**
 * Roles for a table's columns from its header texts (empty where it has none) and its body cells
 * (column by column).
 */
export function guessColumns(headers: readonly string[], columns: readonly (readonly string[])[]): ColumnGuess[] {
  const width = Math.max(headers.length, columns.length);
  const guesses: { header: string; role?: Role; why: string; field?: FieldName }[] = [];
  for (let c = 0; c < width; c += 1) {
    const header = (headers[c] ?? '').trim();
    const cells = columns[c] ?? [];
    const named = header ? roleOfHeader(header) : undefined;
    const share = codeShare(cells);
    if (named && !(isCodeRole(named.role) && share < 0.5 && cells.length > 0)) {
      guesses.push({ header, role: named.role, why: `header "${header}"`, ...(named.field ? { field: named.field } : {}) });
    } else if (share >= 0.8) {
      guesses.push({ header, role: 'code', why: `cells are codes (${Math.round(share * 100)}%)` });
    } else {
      guesses.push({ header, why: 'cells are text' });
    }
  }
  // Text columns the headers did not name: description first, then solution, by position.
  const textRoles: Role[] = ['description', 'solution'];
  for (const g of guesses) {
    if (g.role) continue;
    const next = textRoles.find((r) => !guesses.some((o) => o.role === r));
    g.role = next ?? 'ignore';
    g.why = `${g.why}${next ? `, the ${next === 'description' ? 'first' : 'next'} text column` : ', no role left'}`;
  }
  // Several code columns: the first is the code, the others its spellings (hex, signed, unsigned);
  // a main code without a sub code is just the code.
  const hasSub = guesses.some((g) => g.role === 'sub');
  let seenCode = false;
  for (const g of guesses) {
    if (g.role === 'main' && !hasSub) g.role = 'code';
    if (g.role === 'code' || g.role === 'http') {
      if (seenCode && g.role === 'code') g.role = 'alias';
      seenCode = true;
    }
  }
  if (hasSub && !guesses.some((g) => g.role === 'main')) {
    const first = guesses.find((g) => g.role === 'code' || g.role === 'alias');
    if (first) first.role = 'main';
  }
  return guesses.map((g) => ({ header: g.header, role: g.role ?? 'ignore', why: g.why, ...(g.field ? { field: g.field } : {}) }));
}

export function isCodeRole(role: Role): boolean {
  return role === 'code' || role === 'alias' || role === 'main' || role === 'sub' || role === 'http';
}

/** `--columns code,description,solution` as roles; throws a sentence naming a bad word. */
export function parseColumnsOption(value: string): Role[] {
  const roles = value.split(',').map((r) => r.trim().toLowerCase());
  for (const r of roles) {
    if (!(ROLES as readonly string[]).includes(r)) throw new Error(`--columns: "${r}" is not a column role (${ROLES.join(', ')})`);
  }
  return roles as Role[];
}
