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
/** `X is gone`, `X was fixed`, `X resolved`, `X went away`, `X 没了`. */
const CODE_THEN_OVER = new RegExp(
  String.raw`(?<![\w.-])${CODE}(?![\w.])[ \t]{0,3}(?:(?:is|was|are|were|has been|got)[ \t]{1,3})?(?:gone|fixed|resolved|solved|over|went away|disappeared|no more)\b|(?<![\w.-])${CODE}(?![\w.])[ \t]{0,2}(?:已经)?(?:没了|好了|解决了|不报了|消失了|修好了)`,
  'gi',
);
/** `fixed 100014`, `got rid of the 100014`, `no more 100014`, `yesterday it was 20155`, `昨天是 20155`. */
const OVER_THEN_CODE = new RegExp(
  String.raw`\b(?:fixed|resolved|solved|got rid of|no more|no longer (?:see|get)|yesterday (?:it )?(?:was|were|got|gave|returned)|before (?:it )?(?:was|got))[ \t]{1,3}(?:the[ \t]{1,3})?${CODE}(?![\w.])|(?:昨天|之前|以前)(?:是|报|返回)?[ \t]{0,2}${CODE}(?!\d)`,
  'gi',
);
/** The message says what happens now. */
const NOW = /\b(?:now|today|instead|currently|these days|this time)\b|现在|今天|改成|变成|换成了/i;

/** The codes (as written) a message says are behind it, when it also says what happens now; else none. */
export function supersededCodes(text: string): ReadonlySet<string> {
  if (!NOW.test(text)) return NONE;
  const over = new Set<string>();
  for (const m of text.matchAll(CODE_THEN_OVER)) over.add(((m[1] ?? m[2]) as string).toLowerCase());
  for (const m of text.matchAll(OVER_THEN_CODE)) over.add(((m[1] ?? m[2]) as string).toLowerCase());
  return over;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Of `items` (sightings, each with its code as written), those the message does not say are behind
 * it; all of them when that would leave none (a message about an old code only is still about it).
 */
export function withoutSuperseded<T extends { readonly raw: string }>(items: T[], over: ReadonlySet<string>): T[] {
  if (over.size === 0) return items;
  const current = items.filter((s) => !over.has(s.raw.toLowerCase()));
  return current.length > 0 ? current : items;
}
