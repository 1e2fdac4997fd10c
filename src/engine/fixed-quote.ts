/**
 * A reply that quotes an earlier message's error and says in its own words that it is fixed:
 *
 *     > 6004 login fail 那个问题
 *     已解决，装了华为游戏中心就好了
 *
 * The quoted error is over, and the thread already had its answer: a scan does not read it, as it
 * does not read an alert's all-clear. A code written in the reply's own lines (`fixed, but now
 * 7001`) is still read, and so is the whole of a reply that asks (`> 6004 … 解决了吗?`) or says it
 * is not fixed.
 */
import { normaliseText, QUOTE_OPENER } from './normalise.js';
import type { Sighting } from './score.js';
import { namedBefore } from './tokens.js';

/** A quoted line as normaliseText knows one (it strips these marks, so they are read from the text as sent). */
const QUOTED_LINE = new RegExp(QUOTE_OPENER);
const ANY_QUOTED_LINE = new RegExp(QUOTE_OPENER, 'm');
/** Discord's block quote: the rest of the message is quoted. */
const BLOCK_QUOTE = /^[ ]{0,3}>>>/;
/** A mail's quote of a quote (`>> Login keeps looping …`, `> > …`): the older message, quoted too. */
const NESTED_QUOTE = /^[ ]{0,3}>[ ]?>[ ]/;
const ANY_NESTED_QUOTE = new RegExp(NESTED_QUOTE.source, 'm');

/** The poster's own words saying the problem is gone. */
const SAYS_FIXED =
  /\b(?:fixed|resolved|solved|sorted(?: it| out)?|works? now|working now|all good now|no longer (?:happens|failing|see(?:ing)? it)|(?:it'?s|it is|they'?re|all) gone|gone now|went away|back to normal)\b|已解决|解决了|搞定了?|修好了|好了|没问题了|正常了|消失了|没再出现/i;
/** … and the words that take it back or leave it open: a negation, a question, "still". */
const NOT_FIXED = /\b(?:not|never|isn't|wasn't|hasn't|haven't|didn't|still|yet)\b|n't\b|没|未|还是|仍|依然|[?？吗么]/i;

/**
 * A reply that opens by answering the quote "no" (`> does 0x73a ret 17 happen for us?` / `No.
 * Checked the last 7 days …`): the quoted error did not happen, unless the reply goes on to say it
 * does after all.
 */
const ANSWERS_NO = /^\s*(?:(?:no|nope|nah|never)\b(?![ \t]+(?:idea|clue)\b)|没有|没|从没|不会|不是)/i;
const MET_AFTER_ALL = /\b(?:yes|but|still|again|sometimes|now|today|until)\b|但是|还是|又|有时|现在|直到/i;

/**
 * The sightings (found in the normalised text) a scan reads: all of them, or for such a reply only
 * those its own lines write.
 */
export function withoutFixedQuote(sent: string, sightings: Sighting[]): Sighting[] {
  // Slack sends `>` as `&gt;`: decoded as normaliseText decodes it.
  const text = sent.includes('&gt;') ? sent.replaceAll('&gt;', '>') : sent;
  if (!ANY_QUOTED_LINE.test(text) && !ANY_NESTED_QUOTE.test(text)) return sightings;
  const own: string[] = [];
  let quoted = false;
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (inBlock || BLOCK_QUOTE.test(line)) {
      inBlock = true;
      quoted = true;
    } else if (QUOTED_LINE.test(line) || NESTED_QUOTE.test(line)) quoted = true;
    else own.push(line);
  }
  if (!quoted) return sightings;
  const ownText = own.join('\n');
  const answersNo = ANSWERS_NO.test(ownText) && !MET_AFTER_ALL.test(ownText);
  if (!answersNo && (!SAYS_FIXED.test(ownText) || NOT_FIXED.test(ownText))) return sightings;
  const ownNormalised = normaliseText(ownText);
  return sightings.filter((s) => writesCode(ownNormalised, s.raw));
}

/** Whether the text writes `raw` as a code: not only as a thing's number (`page 6004 in the wiki`, namedBefore). */
function writesCode(text: string, raw: string): boolean {
  for (let at = text.indexOf(raw); at >= 0; at = text.indexOf(raw, at + 1)) if (!namedBefore(text, at)) return true;
  return false;
}
