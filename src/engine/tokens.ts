/**
 * Longest text read as a message, not a file or a log: the readings meant for what a person types or
 * pastes into a chat (Traditional folding, glued codes, names run together, alerting rules, aligned
 * tables) stop there, each a pass over the text that a megabyte of log would pay for nothing.
 */
export const MESSAGE_TEXT_LIMIT = 40_000;

/** Word and gram helpers shared by the text index, the context reader and the query parser. */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
const WORD_OR_CJK_RUN = /[a-z0-9_]+|[\u3400-\u9fff\uf900-\ufaff]+/gu;

/**
 * Whether lower-case `text` holds `words` (single spaces) whole: no latin letter, digit or `_` of
 * tokenize's words right before or after it (`token` is not in `access_token`).
 */
export function holdsWhole(text: string, words: string): boolean {
  for (let at = text.indexOf(words); at >= 0; at = text.indexOf(words, at + 1)) {
    if (!isWordCode(text.charCodeAt(at - 1)) && !isWordCode(text.charCodeAt(at + words.length))) return true;
  }
  return false;
}

const isWordCode = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;

/** Lower-case latin words (with digits and `_`) and runs of CJK characters, in order. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(WORD_OR_CJK_RUN) ?? [];
}

export function isCjk(token: string): boolean {
  return CJK.test(token);
}

/** Words too common to say anything about which error is meant. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be by for from has have in is it of on or that the this to was with not no please if can ' +
    'i im my me we our you your it its dont doesnt didnt cant wont why how what when where which who any some ' +
    'help anyone again still keep keeps getting got get just so but here there about'
  ).split(' '),
);

/**
 * Chinese words that carry the question, not the error: 怎么办, 了, 吗. They are cut out of a CJK
 * run before its bigrams are taken, so `id_token过期了怎么办` is read as `id_token 过期`.
 */
const CJK_FILLER =
  /怎么办|怎么回事|怎么解决|怎么|为什么|的时候|时候|已经|说(?!明)|什么意思|什么|请问|大家|有人|一直|总是|还是|是不是|出现|提示|报错|返回|错误代码|错误码|对应|子码|哪一个|哪个|哪种|代表|含义|意思|了|吗|呢|啊|吧|呀|的|是|我|们|这个|那个|个/gu;

/** A CJK run split at filler words, for searching. */
export function cjkWords(run: string): string[] {
  return run
    .replace(CJK_FILLER, ' ')
    .split(' ')
    .filter((w) => w.length > 0);
}

/** English inflections taken off a word (a light stemmer: the catalogs' words are few and plain). */
export function stemsOf(word: string): string[] {
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return [];
  const stems: string[] = [];
  if (word.endsWith('ing')) stems.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  else if (word.endsWith('ied')) stems.push(`${word.slice(0, -3)}y`);
  else if (word.endsWith('ed')) stems.push(word.slice(0, -2), word.slice(0, -1));
  else if (word.endsWith('ies')) stems.push(`${word.slice(0, -3)}y`);
  else if (word.endsWith('es')) stems.push(word.slice(0, -2), word.slice(0, -1));
  else if (word.endsWith('s') && !word.endsWith('ss')) stems.push(word.slice(0, -1));
  // A doubled consonant before -ing/-ed: `blocking` is fine, `stopped` is `stop`.
  return stems.flatMap((s) => (s.length >= 3 && s.at(-1) === s.at(-2) ? [s, s.slice(0, -1)] : [s]));
}

/**
 * Grams for the shortlist: padded trigrams of latin words (so a typo still shares most of them) and
 * unigrams plus bigrams of CJK runs (Chinese has no spaces; two characters are usually a word).
 */
export function grams(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    if (isCjk(token)) {
      for (let i = 0; i < token.length; i += 1) {
        out.push(token[i] as string);
        if (i + 1 < token.length) out.push(token.slice(i, i + 2));
      }
    } else if (!STOPWORDS.has(token)) {
      const padded = ` ${token} `;
      for (let i = 0; i + 3 <= padded.length; i += 1) out.push(padded.slice(i, i + 3));
    }
  }
  return out;
}

/** Rows of the distance table, reused: the typo matchers call this for every word beside a number. */
let prevPrevRow = new Int32Array(64);
let prevRow = new Int32Array(64);
let currentRow = new Int32Array(64);

/** Damerau-Levenshtein distance (adjacent transpositions count once), giving up above `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  if (cols > prevRow.length) {
    prevPrevRow = new Int32Array(cols * 2);
    prevRow = new Int32Array(cols * 2);
    currentRow = new Int32Array(cols * 2);
  }
  let prevPrev = prevPrevRow;
  let prev = prevRow;
  let current = currentRow;
  for (let j = 0; j < cols; j += 1) {
    prevPrev[j] = 0;
    prev[j] = j;
  }
  for (let i = 1; i < rows; i += 1) {
    const ai = a.charCodeAt(i - 1);
    const aPrevious = i > 1 ? a.charCodeAt(i - 2) : -1;
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j += 1) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let value = Math.min((prev[j] as number) + 1, (current[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && aPrevious === bj) {
        value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = current;
    current = spare;
  }
  return prev[cols - 1] as number;
}

/** How many typos a word of this length may carry and still count as the same word. */
export function typoAllowance(word: string): number {
  // Four letters with one typo match too many other words (scan/can, code/node).
  if (word.length <= 4) return 0;
  if (word.length <= 7) return 1;
  return 2;
}

/** Nouns a number counts (`3 users`, `1500 tokens`), each with `ending` (`s?` or `s`) where it has a singular. */
const COUNTED_NOUNS = ['row', 'user', 'item', 'request', 'req', 'record', 'result', 'message', 'token', 'byte', 'piece'];
/**
 * Counted only in the plural: `times`, `entries`, and the people and machines a team counts (`6004
 * players online`, `400 pods`), whose singular names a code's subject (`6004 player info fail`).
 */
const PLURAL_ONLY = [
  'times',
  'entries',
  'players',
  'devices',
  'accounts',
  'pods',
  'people',
  'sessions',
  'members',
  'downloads',
  'installs',
  'visitors',
  // Tries at a call: `after 3 retries`, `2 attempts` (a retry count beside the code it kept getting).
  'retries',
  'attempts',
  'tries',
  // What a build or a test run counts (`failed with 100014 warnings`).
  'warnings',
  'tests',
];
function countedNouns(ending: string): string {
  return [...COUNTED_NOUNS.map((noun) => `${noun}${ending}`), ...PLURAL_ONLY].join('|');
}

/**
 * What follows a count or a measurement, not a code: `failed 20155 times`, `timeout 10000 ms`,
 * `大概3秒`, `2024年10月22日`, `重试5次`, a review's `1★`. Read from just after the number. A noun joined to the next
 * word by a hyphen is no count of it: `1101 20158 user-facing?` asks whether 20158 reaches users.
 */
export const QUANTITY_AFTER = quantityPattern('s?');

/**
 * QUANTITY_AFTER with its nouns in the plural only: `11205 ms`, `17009 bytes`, `6004 players`, but
 * not `100014 token expired` or `80100016 message has sensitive words`, a code and the noun it is about.
 */
export const MEASURE_AFTER = quantityPattern('s');

function quantityPattern(nounEnding: string): RegExp {
  // The unit on the number's own line: `80200003\nusers affected: 1` counts no users.
  return new RegExp(
    `^[^\\S\\r\\n]?(?:(?:ms|s|sec|secs|seconds?|mins?|minutes?|h|hrs?|hours?|days?|kb|mb|gb|x|qps|fps|px|dp|stars?|${countedNouns(nounEnding)})\\b(?!-)|%|★|☆|⭐|毫秒|秒|分钟|分鐘|小时|小時|天|次|个|個|条|條|人|元|块|塊|岁|歲|年|月|日|号|號|倍|页|頁|行|字节|位)`,
    'i',
  );
}

/** Characters read after a number for QUANTITY_AFTER: the longest unit word and a space. */
export const QUANTITY_READ = 9;

/** Whether the number ending at `end` is a count or a measure (`6004 players`, `3 秒`). */
export function quantityAfter(text: string, end: number): boolean {
  return QUANTITY_AFTER.test(text.slice(end, end + QUANTITY_READ));
}

/** Whether the number ending at `end` is a measure or a count in the plural (MEASURE_AFTER). */
export function measureAfter(text: string, end: number): boolean {
  return MEASURE_AFTER.test(text.slice(end, end + QUANTITY_READ));
}

/** Of QUANTITY_AFTER, the plural nouns: a count of things (`1500 tokens`), where `100014 token expired` is a code and its noun. */
export const COUNT_OF_THINGS = new RegExp(`^[^\\S\\r\\n]?(?:${countedNouns('s')})\\b`, 'i');

/**
 * A noun naming what the number after it numbers: `一群 221001 已满`, `room 6004`, `lobby 7001`,
 * `invoice 100014`, `订单 80300007`, a queue's `offset 80300007`: that thing's id or place, not an error code. Read from just before the
 * number; only nouns that number things, never a platform's name (`qq 100014` is a question). An
 * operating system's name numbers its version (`iOS 17`, `Android 14`, `EMUI 12`).
 */
const NAMED_BEFORE =
  /(?:\b(?:ios|ipados|android|emui|harmonyos|magicos|miui|coloros|hyperos|batch|task|room|lobby|zone|server|shard|group|order|invoice|ticket|build|version|port|player|uid|match|item|sku|job|pipeline|page|phone|offset|partition|pid|tid|seq|sequence)|群|房间|房間|房|区|區|服|订单|訂單|单号|單號|工单|工單|玩家|端口|版本|关卡|關卡|电话|電話|手机|手機)\s?(?:no\.?|#|号|號)?\s?$/i;

/**
 * A comparison before the number (`more than 500`, `over 1000 per 5 minutes`, `超过150个`, `最多 1000`):
 * a limit or an amount, not a code.
 */
const COMPARED_BEFORE =
  /(?:\b(?:more|fewer|less|greater|larger|bigger|higher|lower|older|newer|longer|shorter) than|\b(?:over|under|above|below|exceeds?|exceeding|exceeded|up to|at most|at least|max(?:imum)?(?: of)?|min(?:imum)?(?: of)?)|超过|超出|多于|大于|少于|小于|不超过|不少于|最多|至少|高于|低于)\s?[~≈]?\s?$/i;
const COMPARED_BEFORE_READ = 14;

/** Whether the number starting at `start` is a limit or an amount compared (`more than 500`). */
export function comparedBefore(text: string, start: number): boolean {
  return COMPARED_BEFORE.test(text.slice(Math.max(0, start - COMPARED_BEFORE_READ), start));
}

/** Characters read before a number for NAMED_BEFORE: the longest noun, its `no.` and spaces. */
const NAMED_BEFORE_READ = 16;

/** Whether the number starting at `start` is numbered by the noun before it (`room 6004`, `iOS 17`). */
export function namedBefore(text: string, start: number): boolean {
  return NAMED_BEFORE.test(text.slice(Math.max(0, start - NAMED_BEFORE_READ), start));
}
