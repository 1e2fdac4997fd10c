/**
 * English words that say the same thing in an error message, for the free-text search, as
 * cjk-synonyms.ts does for Chinese. The catalogs write one of them (`Lack Authorization in http
 * head`, `The group is a fee-charge group`, `uin is frozen`, `pay token has been abolished`); a
 * developer asks in another (`no Authorization header`, `a paid group`, `blocked`, `revoked`), and
 * the two share no word, so the question read nothing of the row it describes.
 *
 * Each group holds a word the catalogs use and the everyday words for it. A member of several words
 * (`too many`, `does not match`) is a phrase: in a question each of its words is read as itself or
 * as any other member of the group, and a text has the phrase when it holds it whole as written
 * (its stopwords say what it means: `match` alone is not `does not match`). Only words that mean
 * the same in any error context: `wrong` (incorrect) is not `invalid` (illegal), `missing` is not
 * `empty`, `pay` (pay token) is not `paid` (a fee-charge group), and `argument` is left out of the
 * parameter group (`ApiException: arguments invalid` is a client exception, not the server's
 * `Invalid parameter`).
 */
import { STOPWORDS, stemsOf, tokenize } from './tokens.js';

const GROUPS: readonly (readonly string[])[] = [
  // `Lack access token`, `Parameters are missing`.
  ['lack', 'lacks', 'lacking', 'missing', 'absent', 'without'],
  // `Lack Authorization in http head`.
  ['head', 'header', 'headers'],
  // `The group is a fee-charge group`.
  ['fee-charge', 'paid', 'charged', 'chargeable', 'fee-based', 'fee-paying'],
  // `uin is frozen`, `the group is blocked by the security center`.
  ['frozen', 'freeze', 'blocked', 'suspended', 'banned', 'locked'],
  // `pay token has been abolished`, `access token is revoked`, `access_token has been deprecated`, `token invalidated`.
  ['abolished', 'revoked', 'invalidated', 'deprecated', 'obsolete', 'voided', 'revocation'],
  // `openid and openkey do not match`, `certificate mismatch`, `appkey … are inconsistent`.
  [
    ...['mismatch', 'mismatched', 'inconsistent', 'do not match', 'does not match', 'did not match', 'not matching'],
    ...["doesn't match", "don't match", "didn't match", 'doesnt match', 'dont match', 'didnt match'],
  ],
  // `exceeds the upper limit (500)`, `more than 10 minutes`, `too many scopes`.
  ['exceed', 'exceeds', 'exceeded', 'exceeding', 'too many', 'too much', 'more than', 'over the limit', 'beyond'],
  // `expired`, `Oauth Token Be overdue`, `a code older than 5 minutes`.
  ['expired', 'expire', 'expires', 'expiration', 'overdue', 'outdated', 'stale', 'too old', 'older than'],
  // `appid is illegal`, `invalid token`, `The push token is malformed`.
  ['illegal', 'invalid', 'malformed', 'not valid'],
  // `The client_secret is incorrect`, `the wrong parameter`.
  ['incorrect', 'wrong', 'erroneous', 'not correct'],
  // `binding groups is too frequent`, `Exceed the frequency limit`.
  ['frequent', 'frequently', 'frequency', 'too often'],
  // `flow control`, `throttling`, `rate limit`.
  ['throttled', 'throttling', 'throttle', 'flow control', 'rate limited', 'rate limiting'],
  // `Access denied.`
  ['denied', 'forbidden', 'refused'],
  // `client_id empty`, `cannot be left blank`.
  ['empty', 'blank'],
  // `timed out`, `timeout`.
  ['timeout', 'timed out', 'time out', 'timeouts'],
  // `maximal frequency`, `upper limit`.
  ['maximum', 'maximal', 'max', 'upper limit'],
  // `param field`, `parameter`.
  ['parameter', 'parameters', 'param', 'params'],
  // `network unstable`.
  ['unstable', 'flaky', 'intermittent', 'unreliable'],
  // `certificate`, `certs`.
  ['certificate', 'cert', 'certs'],
  // `The request packet is too large`.
  ['large', 'big', 'huge', 'oversized'],
];

/** A member of a group, as searched: its words, and those of them a text must have (no stopword). */
export interface LatinSynonym {
  readonly text: string;
  readonly words: readonly string[];
  readonly significant: readonly string[];
}

/** What is left of `doesn't`, `don't`, `isn't` in tokenize's words: the `not` of a phrase, a stopword. */
const CONTRACTED: ReadonlySet<string> = new Set(['doesn', 'don', 'didn', 'isn', 'aren', 'wasn', 'weren', 't']);

const significant = (words: readonly string[]) => words.filter((w) => w.length >= 2 && !STOPWORDS.has(w) && !CONTRACTED.has(w));

/** A synonym (or phrase) at the start of a question's words, and its group's other members. */
export interface LatinSynonymMatch {
  /** How many of the question's tokens the member spans (1 for a word). */
  readonly length: number;
  readonly member: LatinSynonym;
  readonly others: readonly LatinSynonym[];
}

const MEMBERS: readonly (readonly LatinSynonym[])[] = GROUPS.map((group) =>
  group.map((text) => {
    const words = tokenize(text);
    return { text, words, significant: significant(words) } satisfies LatinSynonym;
  }),
);

/** Per first word, the members opening with it (longest first), each with its group's other members. */
const BY_FIRST_WORD: ReadonlyMap<string, readonly LatinSynonymMatch[]> = (() => {
  const map = new Map<string, LatinSynonymMatch[]>();
  for (const group of MEMBERS) {
    for (const member of group) {
      const first = member.words[0] as string;
      const list = map.get(first) ?? [];
      list.push({ length: member.words.length, member, others: group.filter((m) => m !== member) });
      map.set(first, list);
    }
  }
  for (const list of map.values()) list.sort((a, b) => b.length - a.length);
  return map;
})();

/**
 * The group member that `tokens` (tokenize's words) has at `at`: a phrase of the group whole, or a
 * one-word member as written or in another form (`headers`, `suspended`, `lacking`). Undefined when
 * the word there is in no group.
 */
export function latinSynonymAt(tokens: readonly string[], at: number): LatinSynonymMatch | undefined {
  const token = tokens[at];
  if (token === undefined) return undefined;
  const opening = BY_FIRST_WORD.get(token);
  if (opening) {
    for (const match of opening) {
      if (match.length === 1 || match.member.words.every((w, k) => tokens[at + k] === w)) return match;
    }
  }
  for (const stem of stemsOf(token)) {
    const match = BY_FIRST_WORD.get(stem)?.find((m) => m.length === 1);
    if (match) return match;
  }
  return undefined;
}

/** Every member of every group, once: what the text index reads each of once. */
export const LATIN_SYNONYMS: readonly LatinSynonym[] = MEMBERS.flat();
