/**
 * Codes a message says are behind it, beside the one it is about now:
 *
 *     the 100014 is gone after reauth, now we get 100015 on every share call
 *     yesterday it was 20155, today on /oauth2/v3/token I see 20156 instead
 *     80300007 resolved after trimming spaces, now push says 80300010
 *
 * The earlier code is over; the reader wants the current one explained. Only when the message also
 * says what happens now (`now`, `today`, `instead`, 现在), and only codes it writes as gone, fixed or
 * past, so a message that lists two live errors keeps both.
 */

const CODE = String.raw`(-?(?:0x[0-9a-f]{1,8}|\d{1,12}))`;
/**
 * `X is gone`, `X was fixed`, `X error was fixed`, `X resolved`, `X spike resolved`, `X went away`, `X 没了`, `X 错误已经修好了`,
 * `X get player info fail 已经解决了`, `X … 搞定了` (the message text between); not `X over the last 15m`, a span of time;
 * the failure named in a word or two and placed in time (`the 6004 login failures on 10/22 were fixed`).
 */
const CODE_THEN_OVER = new RegExp(
  String.raw`(?<![\w.-])${CODE}(?![\w.])[ \t]{0,3}(?:(?:error|issue|bug|problem|failure|spike|surge|burst|wave|alert|incident|outage)s?[ \t]{1,3}|(?:[a-z]{2,16}[ \t]{1,3}){1,4}(?:error|issue|bug|problem|failure|fail)s?(?:[ \t]{1,3}(?:on|in|at|since|from)[ \t]{1,3}[\w/.:-]{1,16})?[ \t]{1,3}(?=(?:is|was|are|were|has been|have been|got)[ \t]|went away|disappeared))?(?:(?:is|was|are|were|has been|have been|got)[ \t]{1,3})?(?:gone|fixed|resolved|solved|over(?![ \t]{1,3}(?:the[ \t]{1,3})?(?:last|past|next|previous|an?[ \t]|\d))|went away|disappeared|no more)\b|(?<![\w.-])${CODE}(?![\w.])[^\d。！？!?\n，,；;]{0,40}?(?:的)?(?:那个)?(?:错误|报错|问题)?[ \t]{0,2}(?<![没未])(?:已经)?(?:没了|好了|解决了|不报了|消失了|修好了|已修复|修复了|已解决|搞定了?)`,
  'gi',
);
/** `fixed 100014`, `got rid of the 100014`, `fixed the 1101/20155 errors`, `never mind the 221019`, `no more 100014`, `yesterday it was 20155`, `昨天是 20155`. */
const OVER_THEN_CODE = new RegExp(
  String.raw`\b(?:fixed|resolved|solved|got rid of|no more|no longer (?:see|get)|never ?mind|nvm|yesterday (?:it )?(?:was|were|got|gave|returned)|before (?:it )?(?:was|got))[ \t]{1,3}(?:the[ \t]{1,3})?${CODE}(?:\/(\d{1,12}))?(?![\w.])|(?:昨天|之前|以前)(?:是|报|返回)?[ \t]{0,2}${CODE}(?!\d)`,
  'gi',
);
/** The message says what happens now. */
const NOW = /\b(?:now|today|instead|currently|these days|this time)\b|现在|今天|改成|变成|换成了/i;

/**
 * A code struck through, Discord's `~~-4020~~` or Slack's `~-4020~`: the writer corrected it (`~~-4020~~ -4021`).
 * Read before the marks are normalised away; a code left standing alone is still what the text is about.
 */
const STRUCK_CODE = new RegExp(String.raw`(?<!~)~~?[ \t]{0,2}${CODE}[ \t]{0,2}~~?(?!~)`, 'gi');

/**
 * A code the writer corrects to another: `不是 80200001，是 80200003`, `并非 6004 而是 6005`, `not
 * 80200001, it's 80200003`, `not 1101 but 1102`. The first is the slip; the one after it is meant.
 */
const CORRECTED = new RegExp(
  String.raw`(?:并不是|不是|并非)[ 	]{0,2}${CODE}(?![\w.])[ 	]{0,2}[，,、]?[ 	]{0,2}而?是[ 	]{0,2}-?(?:0x)?\d|\bnot[ 	]{1,3}${CODE}(?![\w.])[ 	]{0,2},?[ 	]{0,3}(?:but|it'?s|it is)[ 	]{1,3}(?:actually[ 	]{1,3})?-?(?:0x)?\d`,
  'gi',
);

/**
 * The codes (as written) a message says are behind it, when it also says what happens now, those
 * it strikes through and those it corrects to another; else none.
 */
export function supersededCodes(text: string): ReadonlySet<string> {
  const over = NOW.test(text) ? codesWrittenOver(text) : new Set<string>();
  if (text.includes('~')) for (const m of text.matchAll(STRUCK_CODE)) over.add((m[1] as string).toLowerCase());
  if (text.includes('是') || text.includes('not') || text.includes('Not') || text.includes('NOT'))
    for (const m of text.matchAll(CORRECTED)) over.add(((m[1] ?? m[2]) as string).toLowerCase());
  return over.size > 0 ? over : NONE;
}

/** The codes (as written, lower case) the text writes as gone, fixed or past (CODE_THEN_OVER, OVER_THEN_CODE). */
function codesWrittenOver(text: string): Set<string> {
  const over = new Set<string>();
  for (const m of text.matchAll(CODE_THEN_OVER)) over.add(((m[1] ?? m[2]) as string).toLowerCase());
  for (const m of text.matchAll(OVER_THEN_CODE)) {
    over.add(((m[1] ?? m[3]) as string).toLowerCase());
    // `fixed the 1101/20155 errors`: the sub-code is what was met.
    if (m[2] !== undefined) over.add(m[2]);
  }
  return over;
}

const NONE: ReadonlySet<string> = new Set();

/** The error is live, or asked about: it came back, it still fails, it is not fixed, a question. */
const STILL_LIVE =
  /\b(?:again|back(?! to (?:normal|baseline|green|zero))|still|not|never(?! ?mind)|reappear\w*|recur\w*|anyone|how|why|what)\b|n't\b|又|再次|还是|仍|依然|复现|没修|没有修|未修|没解决|未解决|怎么|为什么|[?？吗]/i;

/** A report saying all is as usual and nothing needs doing. */
const NOTHING_TO_DO =
  /\b(?:nothing to action|no action (?:needed|required)|nothing (?:actionable|to do here)|all (?:within|inside) (?:the )?(?:slo|usual band|normal range)|(?:everything|all) (?:is )?(?:inside|within) the usual band|all (?:green|nominal))\b|均在正常范围|都在正常范围|无需处理|无需跟进/i;

/**
 * The codes a message says are over and nothing more (`error 100014 was fixed last week`, `上周
 * 100014 错误已经修好了`): news of the past, not an error to explain now. None when the message says
 * one is live (`came back`, `still`, `not fixed`) or asks about it.
 */
export function pastCodes(text: string): ReadonlySet<string> {
  if (STILL_LIVE.test(text)) return NONE;
  // A routine report that says nothing needs doing (`all within SLO, nothing to action`): its codes are counts, not errors to fix.
  if (NOTHING_TO_DO.test(text)) return new Set([...text.matchAll(CODE_IN_WORDS)].map((m) => m[0].toLowerCase()));
  const over = codesWrittenOver(text);
  // `the 57303 flood yesterday was us fetching a token per request; cached now, quiet for 24h`: a
  // message of one code that says all has been quiet since tells its story.
  if (over.size === 0 && ALL_QUIET.test(text)) {
    const codes = new Set([...text.matchAll(CODE_IN_WORDS)].map((m) => m[0].toLowerCase()));
    if (codes.size === 1) return codes;
  }
  return over;
}

/** Words saying nothing has failed since: the error is over. */
const ALL_QUIET =
  /\b(?:(?:has|have) been quiet|quiet (?:since|for|ever since)|(?:zero|0|no) (?:errors?|failures?|occurrences?|alerts?) since|none since|not (?:seen|had) (?:it|one|any) since)\b|再没出现|没再出现|之后就没了|一直没再报/i;

/**
 * `we never saw 0x73a ret 17`, `haven't seen NSP_STATUS 102 since Friday`, `从没遇到过 -4013`: a code
 * the message says did not happen, its table or field words before it. None when the message says
 * it did after all (`until today`, `but now`, `again`).
 */
const NEVER_MET =
  /(?:\b(?:never[ \t]+(?:saw|seen|got|had|hit|get|see)|(?:have|has|had)(?:n'?t|[ \t]+not)[ \t]+(?:seen|got|had|hit)|did(?:n'?t|[ \t]+not)[ \t]+(?:see|get|hit))\b|(?:从来|从)?没(?:有)?(?:见过|遇到过?|碰到过?|出现过|报过))[ \t]{0,3}((?:[^\s,;:!?。，；：！？]{1,24}[ \t]{0,3}){1,4})/gi;
const MET_AFTER_ALL = /\b(?:until|till|again|still|now|today|but|except)\b|直到|之前|又|还是|现在|但是|除了/i;
/** A code among the words after the phrase: `0x73a ret 17` holds 0x73a and 17, `1101/20155` both. */
export const CODE_IN_WORDS = /(?<![\w.])-?(?:0x[0-9a-f]{1,8}|\d{1,12})(?![\w])/gi;

/** The codes (as written, lower case) the message says it never met (NEVER_MET); none when it says it did after all. */
export function neverMetCodes(text: string): ReadonlySet<string> {
  if (MET_AFTER_ALL.test(text)) return NONE;
  const codes = new Set<string>();
  for (const m of text.matchAll(NEVER_MET)) for (const code of (m[1] as string).matchAll(CODE_IN_WORDS)) codes.add(code[0].toLowerCase());
  return codes.size > 0 ? codes : NONE;
}

/** Of `items`, those the message does not say are over (pastCodes); possibly none. */
export function withoutPast<T extends { readonly raw: string }>(items: T[], past: ReadonlySet<string>): T[] {
  return past.size === 0 ? items : items.filter((s) => !past.has(s.raw.toLowerCase()));
}

/**
 * Of `items` (sightings, each with its code as written), those the message does not say are behind
 * it; all of them when that would leave none (a message about an old code only is still about it).
 */
export function withoutSuperseded<T extends { readonly raw: string }>(items: T[], over: ReadonlySet<string>): T[] {
  if (over.size === 0) return items;
  const current = items.filter((s) => !over.has(s.raw.toLowerCase()));
  return current.length > 0 ? current : items;
}

/**
 * Where a clause opens as a code that may happen rather than one that did: a counterfactual (`if it
 * were 80300007`), a plan (`let's alert when 1302 57303 exceeds 1%`), a joke (`would be funny if
 * 1101 20155 showed up`), `if … ever`, `imagine`, 假设, 万一, an `if` or 如果 about a time to come
 * (`if we see 6004 at launch tomorrow`, `如果明天开服出现 6004`, not `if it still fails tomorrow`). Not
 * a plain `if` or `when`: `if I log in with account B I get 100015` reports what happens.
 */
const HYPOTHETICAL =
  /\b(?:if (?:it|this|that|they) (?:were|was|had been)|if (?:we|you|they|it|i|one) ever|if\b[^.,;!?\n]{0,30}?\bever\b|imagine|what if|would be (?:funny|bad|nice|great|weird|cool) if|in case (?:of|we|it|they)|(?:alert|page|notify|warn)(?: us| me)? (?:when|if|once)|suppose|supposing)\b|\bif\b(?![^.;!?\n]{0,60}\b(?:still|again|keeps?|continues?)\b)(?=[^.;!?\n]{0,60}\b(?:tomorrow|tonight|next (?:week|month|release|build|patch)|at (?:the )?launch|after (?:the )?(?:launch|release|rollout))\b)|假设|假如|万一|要是|如果再|如果以后|如果(?![^，。；！？\n]{0,30}(?:还|又|继续|仍|依然))(?=[^，。；！？\n]{0,30}(?:明天|明早|后天|下周|下个月|将来|上线后|开服后|到时候|届时))|一旦/gi;
/** Where the clause a marker opens ends. */
const CLAUSE_END = /[.,;!?\n，。；！？…]/;

/**
 * The codes (as written, lower case) that the text writes only in clauses saying they may happen,
 * not that they did: `if we ever get 80300007 … well, here we are: {"code":"80300007"}` has it for real too.
 */
export function hypotheticalCodes(text: string): ReadonlySet<string> {
  HYPOTHETICAL.lastIndex = 0;
  const any = HYPOTHETICAL.test(text);
  // matchAll starts where the test left the pattern's lastIndex.
  HYPOTHETICAL.lastIndex = 0;
  if (!any) return NONE;
  const supposed = new Map<string, number>();
  for (const m of text.matchAll(HYPOTHETICAL)) {
    const from = (m.index as number) + m[0].length;
    const rest = text.slice(from, from + 80);
    const end = rest.search(CLAUSE_END);
    for (const c of (end < 0 ? rest : rest.slice(0, end)).matchAll(CODE_IN_WORDS)) {
      const code = c[0].toLowerCase();
      supposed.set(code, (supposed.get(code) ?? 0) + 1);
    }
  }
  if (supposed.size === 0) return NONE;
  const written = new Map<string, number>();
  for (const c of text.matchAll(CODE_IN_WORDS)) {
    const code = c[0].toLowerCase();
    if (supposed.has(code)) written.set(code, (written.get(code) ?? 0) + 1);
  }
  const codes = new Set<string>();
  for (const [code, count] of supposed) if ((written.get(code) ?? 0) <= count) codes.add(code);
  return codes;
}

/** Of `items`, those not in a clause that says the code may happen (hypotheticalCodes); possibly none. */
export function withoutHypothetical<T extends { readonly raw: string }>(items: T[], hypothetical: ReadonlySet<string>): T[] {
  return hypothetical.size === 0 ? items : items.filter((s) => !hypothetical.has(s.raw.toLowerCase()));
}
