/**
 * Errors a paste shows recovering, line by line: what a long paste (a chat export, a log tail)
 * says after the error, where superseded.ts reads what a message says about it.
 *
 *     [09:01] bot-alert: 🔥 FIRING gc_sync_errors ret=-4009 rate 221/min
 *     [09:12] bot-alert: ✅ RESOLVED gc_sync_errors ret=-4009 (duration 11m)
 *
 *     {"msg":"send failed, refreshing access token and retrying","resp":{"code":"80200003"}}
 *     {"msg":"sent","attempt":2,"resp":{"code":"80000000","msg":"Success"}}
 *
 * A code an alert's all-clear names, whose last line says it has been quiet since, or whose last
 * failing line says it is retried and is followed by a success, is over, unless a later line reports
 * it again.
 */
import { CODE_IN_WORDS } from './superseded.js';

/**
 * An alert's all-clear line (after a chat export's time and speaker): `✅ RESOLVED …`, `[RESOLVED] …`, `告警恢复`,
 * a ticket's `SOLVED: …`, a status page's `Resolved - … works again`, Sentry's `was marked as Resolved`, Opsgenie's `Alert closed`.
 */
const RESOLVED_MARK =
  /(?:^|[\s:\]】✅])(?:\[RESOLVED\]|RESOLVED\b|Resolved:|(?:SOLVED|FIXED)[:：]|【已恢复】|\[已恢复\]|告警恢复|已恢复[:：]|已解决[:：])/;
/** The same said in words, any case. */
const RESOLVED_WORDS = /\b(?:marked (?:as )?resolved|alert closed|closed by auto-?close)\b/i;
/**
 * A status page's `Resolved - …` update, when it says the service works again: one telling what failed
 * and why (a postmortem's summary) is read for that code.
 */
const STATUS_PAGE_RESOLVED = /(?:^|\n)[ \t]*Resolved[ \t]+[-–—][ \t]/;
const WORKS_AGAIN = /\b(?:works?|working) again\b|\boperational\b|\bback to normal\b|\brestored\b/i;
const RESOLVED_LINE = {
  test: (line: string) =>
    RESOLVED_MARK.test(line) || RESOLVED_WORDS.test(line) || (STATUS_PAGE_RESOLVED.test(line) && WORKS_AGAIN.test(line)),
};
/** …and the words on the line that take it back: it is still there, it came back (not `works again`). */
const STILL_THERE =
  /\b(?:still|(?<!\b(?:works?|working|worked|up|normal|fine|ok)[ \t])again|but|not|came back|back again)\b|n't\b|还是|仍|又|但是/i;
/** A line saying the code has not come back since (`NSP_STATUS 102 count has been 0 since`, `flat at 0`). */
const QUIET_LINE =
  /\b(?:has|have) been (?:0|zero|flat|quiet)\b|\b(?:0|zero|no) (?:errors?|failures?|occurrences?) since\b|\bflat at (?:0|zero)\b|\bback to baseline\b|再没出现|没再出现/i;
/** A failing line saying it is tried again. */
const RETRYING = /\bretry(?:ing)?\b|\bretries\b|\bwill retry\b|\bre-?sending\b|重试/i;
/** A line of success: the retried call went through (`ret=0 after retry` too). */
const SUCCEEDED =
  /\bsuccess(?:ful|fully)?\b|\bsucceeded\b|成功|\b(?:ret|code|errcode|result)["']?\s?[=:]\s?0(?![\d.])[^\n]{0,30}?\b(?:after|on) (?:the |a )?(?:\d+(?:st|nd|rd|th) )?retr(?:y|ies)\b/i;
/** A retry said to have gone through. */
const RETRY_SUCCEEDED =
  /\b(?:retry|retried|resend|resent|second attempt)\b[^\n]{0,30}?\b(?:succeeded|worked|went through|passed)\b|重试成功/i;
/** The catalogs' success codes a retry's success may quote (push's 80000000, ret 0). */
const SUCCESS_CODE = /^(?:0|80000000)$/;
/** How many lines after a retried failure its success may stand. */
const RETRY_REACH = 5;

function codesIn(line: string): Set<string> {
  return new Set([...line.matchAll(CODE_IN_WORDS)].map((m) => m[0].toLowerCase()));
}

/** The codes (as written, lower case) of `candidates` that the text shows recovered. */
export function recoveredCodes(text: string, candidates: ReadonlySet<string>): ReadonlySet<string> {
  if (candidates.size === 0) return NONE;
  const resolves = RESOLVED_LINE.test(text);
  const retries = RETRYING.test(text) && SUCCEEDED.test(text);
  if (!resolves && !retries && !QUIET_LINE.test(text)) return NONE;
  const lines = text.split('\n');
  // For each candidate, the line it was last written on and whether that line (or what follows) ends it.
  const over = new Map<string, boolean>();
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const codes = codesIn(line);
    for (const code of codes) {
      if (!candidates.has(code)) continue;
      over.set(
        code,
        !STILL_THERE.test(line) &&
          ((resolves && RESOLVED_LINE.test(line)) || QUIET_LINE.test(line) || (retries && retriedAndSucceeded(lines, i))),
      );
    }
  }
  const out = new Set<string>();
  for (const [code, isOver] of over) if (isOver) out.add(code);
  return out;
}

function retriedAndSucceeded(lines: readonly string[], at: number): boolean {
  const line = lines[at] as string;
  if (!RETRYING.test(line)) return false;
  // `got 80200003, refreshed the token and the retry succeeded`: the success told after the code, on its line.
  const success = RETRY_SUCCEEDED.exec(line);
  if (success && [...line.matchAll(CODE_IN_WORDS)].every((m) => (m.index as number) < success.index || SUCCESS_CODE.test(m[0])))
    return true;
  for (let k = at + 1; k < lines.length && k <= at + RETRY_REACH; k += 1) if (SUCCEEDED.test(lines[k] as string)) return true;
  return false;
}

const NONE: ReadonlySet<string> = new Set();
