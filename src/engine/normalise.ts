/**
 * Text as the platforms and programs deliver it, turned back into what was written or printed,
 * before any detector reads it: Slack's entities, links and mentions, Discord's fences, quotes and
 * mentions, typographic quotes, CRLF and odd spaces (tabs stay), terminal colour codes, logcat line
 * prefixes, stack frames, and `\uXXXX` / `\n` escapes inside JSON strings.
 *
 * Each step only removes wrapping or restores a character the wrapping stood for (a smart quote, a
 * full-width colon typed after a key); none adds a field name or a digit. That is what keeps chat
 * chat: a message that was no paste before is none after (test/engine/normalise.test.ts holds the
 * properties).
 * Every pattern is linear: no step backtracks over a long run of anything.
 */

interface Step {
  readonly name: string;
  /** A cheap test for what the step undoes; `facts`: what the same text holds, looked for once for every step. */
  readonly when: (text: string, facts: TextFacts) => boolean;
  readonly apply: (text: string) => string;
}

/**
 * ESC-introduced terminal sequences (colour, cursor, OSC titles and links), and colour codes whose
 * ESC was lost on the way through a copy (`[31mERROR[0m`): between a code and its key they hide it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC is what starts a terminal sequence.
const ANSI_CSI = /\u001b\[[0-?]{0,32}[ -/]{0,8}[@-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC and BEL open and close an OSC sequence.
const ANSI_OSC = /\u001b\][^\u0007\u001b]{0,2048}(?:\u0007|\u001b\\)/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC followed by one character.
const ANSI_OTHER = /\u001b[@-Z\\-_]/g;
const ANSI_LOST_ESC = /\[(?:\d{1,3};){0,4}\d{1,3}m/g;

/** Slack wraps links `<https://…|label>`, mentions `<@U…>`, channels `<#C…|name>`, `<!here>`. */
const SLACK_LINK = /<((?:https?|mailto|tel|ftp|slack):[^<>|\s]{1,2048})(?:\|([^<>]{0,512}))?>/gi;
const SLACK_USER = /<@([UWB][A-Z0-9]{2,30})(?:\|([^<>]{0,128}))?>/g;
const SLACK_CHANNEL = /<#([CGD][A-Z0-9]{2,30})(?:\|([^<>]{0,128}))?>/g;
const SLACK_SPECIAL = /<!([a-z]{1,16})(?:\^[^<>|]{0,256})?(?:\|([^<>]{0,256}))?>/g;
/** Discord's `<@123…>`, `<@!123…>`, `<@&123…>`, `<#123…>`, custom emoji and timestamps. */
const DISCORD_MENTION = /<(@[!&]?|#)\d{5,22}>/g;
const DISCORD_EMOJI = /<a?:(\w{1,32}):\d{5,22}>/g;
const DISCORD_TIMESTAMP = /<t:-?\d{1,16}(?::[tTdDfFR])?>/g;

/** The entities Slack escapes (`&lt;`, `&gt;`, `&amp;`) and the few HTML ones logs carry. */
const ENTITY = /&(lt|gt|amp|quot|apos|nbsp|#39|#x27|#34|#x22);/gi;
/** An encoded `=` or `:`, and the escapes decoded where one is: space, `"`, `&`, `'`, `,`, `-`, `/`, `:`, `=`, brackets and braces. */
const URL_ENCODED_MARK = /%3[ad]/i;
const URL_ESCAPE = /%(2[026c7df]|3[ad]|5[bd]|7[bd])/gi;
const ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
  '#x27': "'",
  '#34': '"',
  '#x22': '"',
};

/**
 * Characters that stand for another, replaced in one pass: line ends (CRLF, CR, Unicode line and
 * paragraph separators), odd spaces (no-break, thin, figure), and macOS/iOS smart quotes and
 * full-width quotes typed into a payload instead of pasted. Tabs stay: every detector reads them as
 * spaces already, and a tab-separated row is a table of data.
 */
const CHARACTER =
  /\r\n?|[\u2028\u2029\u0085\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u201c-\u201f\u2033\u00ab\u00bb\u301d\u301e\uff02\u2018-\u201b\u2032\uff07]/g;
/**
 * CHARACTER's characters past U+00FF, tested apart from the few below it (found by includes): on a
 * text with no character past U+00FF (most pastes of logs, keys and JSON) such a test costs nothing,
 * where the replace read the whole text to find nothing.
 */
const CHARACTER_PAST_LATIN1 = /[\u2028\u2029\u1680\u2000-\u200a\u202f\u205f\u201c-\u201f\u2033\u301d\u301e\uff02\u2018-\u201b\u2032\uff07]/;
const CHARACTER_LATIN1: readonly string[] = ['\r', '\u0085', '\v', '\f', '\u00a0', '\u00ab', '\u00bb'];
const mayHoldCharacter = (text: string, facts: TextFacts) =>
  CHARACTER_LATIN1.some((ch) => text.includes(ch)) || (facts.mayHoldWide() && CHARACTER_PAST_LATIN1.test(text));
const DOUBLE_QUOTE = /[\u201c-\u201f\u2033\u00ab\u00bb\u301d\u301e\uff02]/;
const SINGLE_QUOTE = /[\u2018-\u201b\u2032\uff07]/;

function plainCharacter(ch: string): string {
  if (ch.startsWith('\r') || ch === '\u2028' || ch === '\u2029' || ch === '\u0085') return '\n';
  if (DOUBLE_QUOTE.test(ch)) return '"';
  if (SINGLE_QUOTE.test(ch)) return "'";
  return ' ';
}

/**
 * Full-width digits, Latin letters and the signs a code is written with (`－４０１０`, `ret＝１７`),
 * typed with a CJK input method, and the minus sign U+2212 that word processors put before a
 * number: the ASCII character each stands for. Full-width punctuation otherwise stays (Chinese
 * prose uses it as punctuation).
 */
const FULLWIDTH_CODE_CHARACTER = /[\uff0b\uff0d\uff10-\uff19\uff1d\uff21-\uff3a\uff3f\uff41-\uff5a\u2212]/g;

const HAS_FULLWIDTH_CODE_CHARACTER = new RegExp(FULLWIDTH_CODE_CHARACTER.source);

/** Other scripts' decimal digits (Arabic-Indic, Persian, Devanagari, Bengali, Thai), as a class's ranges. */
const SCRIPT_DIGIT_RANGES = String.raw`\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u09e6-\u09ef\u0e50-\u0e59`;

/**
 * Every character past U+00FF that CHARACTER, FULLWIDTH_CODE_CHARACTER or OTHER_DIGIT rewrites, in a few ranges
 * (with some characters no step rewrites: the test only says whether to look closer). On a text
 * with CJK but none of them (most Chinese chat), one pass of this answers both, where each step's
 * own class read the whole text; CJK punctuation (，：；？（）) is left out, so such chat stays one pass.
 */
const WIDE_REWRITTEN = new RegExp(
  String.raw`[${SCRIPT_DIGIT_RANGES}\u1680\u2000-\u2212\u2500-\u257f\u301d\u301e\uff02-\uff07\uff0b\uff0d\uff10-\uff19\uff1d\uff21-\uff5a\ud835]`,
);

/**
 * Digits of other scripts and forms, read as the ASCII digits they are (`٦٠٠٤`, `𝟔𝟎𝟎𝟒`, `६००४`, a
 * keycap `6️⃣`), and fancy text's letters as ASCII letters (`𝚛𝚎𝚝`): a code copied from a localised
 * screen, a styled post or an emoji keyboard. Superscript and
 * subscript digits only as a run of three or more, or after their minus (`⁻⁴⁰¹⁰`): `10⁵` and a
 * footnote's `¹` stay as written.
 */
const OTHER_DIGIT = new RegExp(String.raw`[${SCRIPT_DIGIT_RANGES}]|\ud835[\udc00-\udea3\udfce-\udfff]|[0-9]\ufe0f?\u20e3`, 'g');
/** The math block's letters (`𝚛𝚎𝚝=-𝟺𝟶𝟷𝟶`): thirteen alphabets of 52, capitals first. */
const MATH_LETTERS_START = 0x1d400;
const MATH_LETTERS_END = 0x1d6a3;
const SCRIPT_DIGIT = /\p{Nd}/u;
const RAISED_DIGITS =
  /[\u207b\u208b]?[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{3,12}|[\u207b\u208b][\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{1,2}|[\u208b]?[\u2080-\u2089]{3,12}/g;
const RAISED: Readonly<Record<string, string>> = { '\u00b9': '1', '\u00b2': '2', '\u00b3': '3', '\u207b': '-', '\u208b': '-' };

/**
 * Whether a text with no ASCII digit may still hold a code in another form (OTHER_DIGIT, raised
 * digits, Chinese numerals read digit by digit): normalising brings its ASCII digits.
 */
export function mayHoldOtherDigits(text: string): boolean {
  return OTHER_DIGIT_MARK.test(text);
}
const OTHER_DIGIT_MARK = new RegExp(String.raw`[${SCRIPT_DIGIT_RANGES}\u2070-\u208b\ud835零〇]|\u20e3`);

function digitOf(form: string): string {
  const first = form.charCodeAt(0);
  // A keycap: the ASCII digit before its marks.
  if (first >= 48 && first <= 57) return form[0] as string;
  const point = form.codePointAt(0) as number;
  if (point >= MATH_LETTERS_START && point <= MATH_LETTERS_END) {
    const place = (point - MATH_LETTERS_START) % 52;
    return String.fromCharCode(place < 26 ? 65 + place : 97 + place - 26);
  }
  // Digits come in runs of ten (the math block has five runs in a row): the value is the place in the run.
  let start = point;
  while (start > point - 60 && SCRIPT_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return String((point - start) % 10);
}

function raisedDigits(run: string): string {
  let out = '';
  for (const ch of run) {
    const code = ch.charCodeAt(0);
    out += RAISED[ch] ?? String(code >= 0x2080 ? code - 0x2080 : code - 0x2070);
  }
  return out;
}

/**
 * Chinese numerals read digit by digit (`六零零四`, `一零零零一四`, `负四零一零`), as voice input and
 * dictation write a code: a run of four or more, a zero among them (`一二三四` may be prose; a number
 * of its own, `六千零四`, is not read).
 */
const CHINESE_DIGITS = /(负)?([零〇一二三四五六七八九]{4,12})/g;
const CHINESE_DIGIT_VALUE = '零一二三四五六七八九';

function chineseDigits(match: string, minus: string | undefined, run: string): string {
  if (!run.includes('零') && !run.includes('〇')) return match;
  let out = minus ? '-' : '';
  for (const ch of run) out += ch === '〇' ? '0' : String(CHINESE_DIGIT_VALUE.indexOf(ch));
  return ` ${out} `;
}

function asciiOf(ch: string): string {
  return ch === '\u2212' ? '-' : String.fromCharCode((ch.codePointAt(0) as number) - 0xfee0);
}

/**
 * An XML or SOAP element holding one value, `<ret>-4012</ret>` or `<ns:code type="int">80300007</ns:code>`:
 * its tag is the key, read as `ret=-4012`. Bounded tag, attribute and value lengths keep it linear.
 */
const XML_ELEMENT = /<((?:[A-Za-z_][\w.-]{0,40}:)?([A-Za-z_][\w.-]{0,40}))(?:\s([^<>]{0,200}))?>([^<>\n]{0,80})<\/\1>/g;
/**
 * A generic element named by its attribute, Windows' event data `<Data Name="NspStatus">31204</Data>`,
 * .NET settings `<add key="ret" …>`, `<Property Name="…">`: the attribute is the key, not the tag.
 */
const NAME_ATTRIBUTE = /^(?:[^<>]*\s)?(?:name|key)\s{0,2}=\s{0,2}["']([A-Za-z_][\w.-]{0,40})["']/i;
const GENERIC_ELEMENTS: ReadonlySet<string> = new Set([
  'data',
  'property',
  'field',
  'param',
  'parameter',
  'item',
  'entry',
  'value',
  'attribute',
  'add',
  'setting',
]);

/**
 * HTML's formatting and layout tags: they style a value, they do not name it (`<b>订单号</b>：<code>80300007</code>`).
 * `code` is also a payload's field (`<response><code>80300007</code></response>`): it styles only in a
 * text with other HTML markup, written bare (no namespace, no attribute).
 */
const HTML_FORMATTING = new Set(
  'b i u s em strong span small big sup sub mark kbd samp tt strike del ins font a p div li td th pre q cite abbr label'.split(' '),
);
const HTML_MARKUP = /<(?:b|i|u|em|strong|span|p|br|div|td|th|li|pre|a\s)[\s/>]/i;

function xmlKeyValue(tag: string, key: string, attributes: string | undefined, value: string, html: boolean): string {
  const bare = tag === key && attributes === undefined;
  if (bare && (HTML_FORMATTING.has(key.toLowerCase()) || (html && key.toLowerCase() === 'code'))) return ` ${value.trim()} `;
  const named = attributes !== undefined && GENERIC_ELEMENTS.has(key.toLowerCase()) ? NAME_ATTRIBUTE.exec(attributes)?.[1] : undefined;
  return ` ${named ?? key}=${value.trim()} `;
}

/**
 * An Apple property list's pair, `<key>ret</key> <integer>-4010</integer>`: the key element names
 * the value element after it, read as `ret=-4010` (XML_ELEMENT alone would read `key=ret integer=-4010`).
 */
const PLIST_PAIR = /<key>([A-Za-z_][\w.-]{0,40})<\/key>\s{0,40}<(integer|string|real)>([^<>\n]{0,80})<\/\2>/g;

/** A full-width colon after a key (`“ret”：17` typed with a Chinese IME); after Chinese it stays. */
const FULLWIDTH_COLON_AFTER_KEY = /([A-Za-z0-9_"'\]])\uff1a/g;

/**
 * Escapes inside a JSON string: `\u0022` (Go and Python escape quotes, `<`, `>`, `&` and every
 * non-ASCII character this way) and `\n`, `\t`, `\r` (a stack trace logged as one string).
 */
const UNICODE_ESCAPE = /\\{1,8}u([0-9a-fA-F]{4})/g;
const WHITESPACE_ESCAPE = /\\{1,8}[nrt]/g;

/** Discord and Markdown code fences (```` ```json ````), inline code ticks and bold/strike marks. */
const FENCE = /```[a-z0-9_+-]{0,20}(?=\s)|```/gi;
const TICK_OR_MARK = /`|\*{1,3}|~~/g;
/** What opens a quoted line: Discord `> ` and `>>> `, Slack's `&gt; ` once decoded; not `>=` or `>>`. */
export const QUOTE_OPENER = '^[ ]{0,3}(?:>>>|>)(?![>=])';
/** Quote marks at a line's start, with the space after them. */
const QUOTE_PREFIX = new RegExp(`${QUOTE_OPENER}[ ]?`, 'gm');

/**
 * logcat prefixes: `11-30 14:02:11.123  4321  4388 E Tag: …` (threadtime), `E/Tag( 4321): …`
 * (brief, time), and Android Studio's `2024-11-30 14:02:11.123  4321-4388  Tag  com.app  E  …`. The
 * process and thread ids are numbers next to error words, and five-digit ones look like codes.
 */
const LOGCAT_THREADTIME =
  /^(?:\d{4}-)?\d\d-\d\d[ ]\d\d:\d\d:\d\d[.,]\d{3}[ \t]{1,8}\d{1,7}[ \t]{1,8}\d{1,7}[ \t]{1,8}([VDIWEFA])[ \t]{1,8}/gm;
const LOGCAT_BRIEF = /^((?:(?:\d{4}-)?\d\d-\d\d[ ]\d\d:\d\d:\d\d[.,]\d{3}[ ]{1,8})?[VDIWEFA]\/[^\s(:]{1,64})[ ]{0,16}\([ ]{0,8}\d{1,7}\)/gm;
/** What every logcat prefix holds: a time with milliseconds, or a `E/Tag` level and tag (tried at line starts). */
const LOGCAT_MARK = /(?:\d{4}-)?\d\d-\d\d[ ]\d\d:\d\d:\d\d[.,]\d{3}[ \t]{1,8}(?:\d|[VDIWEFA]\/)|[VDIWEFA]\//y;
const LOGCAT_MARK_OPENS = '0123456789VDIWEFA';
const LOGCAT_STUDIO = /^\d{4}-\d\d-\d\d[ ]\d\d:\d\d:\d\d[.,]\d{3}[ \t]{1,8}\d{1,7}-\d{1,7}[ \t]{1,8}/gm;

/**
 * Stack frames (`at com.acme.Push.send(Push.java:88)`, `... 12 more`, Python's `File "x.py", line
 * 57, in send`): line numbers are not codes, and dropping the frames brings a chained exception's
 * `Caused by:` body next to the message it wraps.
 */
const JAVA_FRAME = /^[ \t]{0,16}at[ ]{1,4}[\w$.<>/-]{1,512}\([^()\n]{0,256}\)[ ]{0,8}(?:~?\[[^\]\n]{0,256}\])?[ ]{0,8}$\n?/gm;
/** What opens every frame line (tried at line starts): one test instead of a pass per frame shape. */
const FRAME_MARK = /[ \t]{0,16}(?:at[ ]|\.\.\.[ ]\d|File[ ]")/y;
const FRAME_MARK_OPENS = ' \ta.F';
const MORE_FRAMES = /^[ \t]{0,16}\.\.\.[ ]{1,4}\d{1,7}[ ]{1,4}(?:more|common frames omitted)[ ]{0,8}$\n?/gm;
/**
 * A code written apart right after an error word or key: read aloud from a phone (`错误码 7 0 0 1`),
 * copied from a screen that groups digits (`fails with 8010-0016`, `code 80 300 007`, `code
 * 80.300.007`) or from a spreadsheet (`errCode 70,020,002`). Joined only there; elsewhere `6 0 0 4`,
 * `2024-1022` or `1,302` stay as written, and a joined number that is no code is still no answer.
 */
const CODE_WRITTEN_APART =
  /((?:错误码|错误代码|返回码|报错|\b(?:error[ _]?code|errcode|err[ _]?code|ret[ _]?code|result[ _]?code|error|code|ret)|\b(?:fails?|failed|failing) with)[ \t]{0,3}[:=]?[ \t]{0,3})(\d(?: \d){3,11}|\d{2,4}-\d{4}|\d{1,3}(?:,\d{3}){1,3}|\d{1,3}(?:[ \u2009\u202f]\d{3}){2,3}|\d{1,3}(?:\.\d{3}){2,3})(?![\w.,-]|[ \t]\d)/gi;
/**
 * What each written-apart form holds (`\d \d \d`, `\d\d-\d{4}`, `\d,\d{3}`), tested first: most texts
 * have none of it. Each form is looked for from its separator, the digits before it checked behind:
 * opening with a digit, the pattern was tried at every digit of a long number.
 */
const WRITTEN_APART_MARK = / \d \d(?<=\d \d \d)|-\d{4}(?<=\d\d-\d{4})|,\d{3}(?<=\d,\d{3})|[ \u2009\u202f.]\d{3}[ \u2009\u202f.]\d{3}/;
/**
 * A body copied with its editor's line numbers (Postman's Pretty view, devtools, a code viewer):
 * `1 {` / `2   "sub_error": 20192,` / … / `5 }`. A run of three lines or more numbered one after
 * another, its first opening a JSON or XML body, loses its numbers; a numbered list or a table of
 * codes (`221001 …` / `221002 …`) opens no body and stays as written.
 */
const GUTTER_OPENS = /(?:^|\n)[ \t]{0,4}(\d{1,5})[ \t]+[{[<]/;
const GUTTER_LINE = /^([ \t]{0,4})(\d{1,5})(?:[ \t]|$)/;
const MIN_GUTTER_LINES = 3;

function withoutGutters(text: string): string {
  const lines = text.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i += 1) {
    const first = GUTTER_LINE.exec(lines[i] as string);
    if (!first || !/^[ \t]*[{[<]/.test((lines[i] as string).slice(first[0].length))) continue;
    let end = i + 1;
    let expected = Number(first[2]) + 1;
    for (; end < lines.length; end += 1, expected += 1) {
      const m = GUTTER_LINE.exec(lines[end] as string);
      if (!m || Number(m[2]) !== expected) break;
    }
    if (end - i < MIN_GUTTER_LINES) continue;
    for (let k = i; k < end; k += 1) lines[k] = (lines[k] as string).replace(GUTTER_LINE, '$1');
    changed = true;
    i = end - 1;
  }
  return changed ? lines.join('\n') : text;
}

const PYTHON_FRAME = /^[ \t]{0,16}File[ ]"[^"\n]{1,512}",[ ]line[ ]\d{1,7}(?:,[ ]in[ ][^\n]{0,256})?$\n?/gm;

/**
 * Box-drawing tables (ClickHouse's and SQLite's box modes, Polars, rich-text CLIs): their rules and
 * corners read as a Markdown table's, `│`, `┆` and `║` as its pipes, one character for one. A top
 * border with the column names in it (ClickHouse: `┌─ret─┬──────c─┐`) is the header row: its `─`
 * are spaces there.
 */
const BOX_DRAWING = /[\u2500-\u257f]/;
const BOX_LINE = /^[^\n]*[\u2500-\u257f][^\n]*$/gm;
const BOX_VERTICAL = /[\u2502\u2503\u2506\u2507\u250a\u250b\u254e\u254f\u2551]/g;
const BOX_JOINT = /[\u250c-\u254b\u2552-\u256c\u256d-\u2570]/g;
const BOX_HORIZONTAL = /[\u2500\u2501\u2504\u2505\u2508\u2509\u254c\u254d\u2550\u2574-\u257f]/g;
const HAS_LETTER = /[A-Za-z]/;

function boxDrawingAsPipes(text: string): string {
  return text.replace(BOX_LINE, (line) => {
    const piped = line.replace(BOX_VERTICAL, '|').replace(BOX_JOINT, '|');
    return piped.replace(BOX_HORIZONTAL, HAS_LETTER.test(piped) ? ' ' : '-');
  });
}

/**
 * A Markdown link (`[80300010](https://developer.huawei.com/…)`) as its label and its address apart,
 * as Slack's `<url|label>` reads; and LaTeX's text commands in inline maths (`$\text{resultCode} = 60180009$`)
 * as their words.
 */
const MARKDOWN_LINK = /\[([^\]\n]{1,200})\]\((https?:\/\/[^)\s]{1,2000})\)/g;
const LATEX_TEXT = /\\(?:text|mathrm|texttt|mathit|textrm)\{([^{}\n]{0,80})\}/g;

/** A step runs only when its cheap test finds what it undoes: most messages hold none of it. */
export const NORMALISE_STEPS: readonly Step[] = [
  {
    name: 'terminal colour codes',
    when: (t) => t.includes('\u001b') || t.includes('[0m') || t.includes('[39m'),
    apply: (t) => t.replace(ANSI_OSC, '').replace(ANSI_CSI, '').replace(ANSI_OTHER, '').replace(ANSI_LOST_ESC, ''),
  },
  { name: 'line ends, spaces and quotes', when: mayHoldCharacter, apply: (t) => t.replace(CHARACTER, plainCharacter) },
  {
    name: 'full-width digits, letters and signs',
    when: (t, facts) => facts.mayHoldWide() && HAS_FULLWIDTH_CODE_CHARACTER.test(t),
    apply: (t) => t.replace(FULLWIDTH_CODE_CHARACTER, asciiOf),
  },
  {
    name: 'other digit forms',
    when: (t, facts) => facts.mayHoldWide() && OTHER_DIGIT_MARK.test(t),
    apply: (t) => t.replace(OTHER_DIGIT, digitOf).replace(RAISED_DIGITS, raisedDigits),
  },
  { name: 'box-drawing tables', when: (t, facts) => facts.mayHoldWide() && BOX_DRAWING.test(t), apply: boxDrawingAsPipes },
  {
    name: 'chinese numerals read digit by digit',
    when: (t) => t.includes('零') || t.includes('〇'),
    apply: (t) => t.replace(CHINESE_DIGITS, chineseDigits),
  },
  { name: 'full-width colon after a key', when: (t) => t.includes('\uff1a'), apply: (t) => t.replace(FULLWIDTH_COLON_AFTER_KEY, '$1:') },
  {
    name: 'slack and discord links and mentions',
    when: (t) => t.includes('<'),
    apply: (t) => {
      // Each form only where its opening is there: a log's `<-` arrows need none of these passes.
      let out = t;
      out = linkLabels(out);
      if (out.includes('<@')) out = out.replace(SLACK_USER, (_, _id: string, name?: string) => `@${name || 'user'}`);
      if (out.includes('<#')) out = out.replace(SLACK_CHANNEL, (_, _id: string, name?: string) => `#${name || 'channel'}`);
      if (out.includes('<!')) out = out.replace(SLACK_SPECIAL, (_, word: string, label?: string) => label || `@${word}`);
      if (out.includes('<@') || out.includes('<#')) {
        out = out.replace(DISCORD_MENTION, (_, kind: string) => (kind === '#' ? '#channel' : kind === '@&' ? '@role' : '@user'));
      }
      if (out.includes('<a:') || out.includes('<:')) out = out.replace(DISCORD_EMOJI, ':$1:');
      if (out.includes('<t:')) out = out.replace(DISCORD_TIMESTAMP, '(time)');
      return out;
    },
  },
  { name: 'markdown links', when: (t) => t.includes(']('), apply: (t) => t.replace(MARKDOWN_LINK, '$1 ($2)') },
  { name: 'latex text commands', when: (t) => t.includes('\\text') || t.includes('\\math'), apply: (t) => t.replace(LATEX_TEXT, '$1') },
  {
    name: 'entities',
    when: (t) => t.includes('&'),
    apply: (t) => t.replace(ENTITY, (_, name: string) => ENTITIES[name.toLowerCase()] ?? ''),
  },
  {
    // A payload that travelled in a URL (`…/cb?error%3D1101%26sub_error%3D20155`, `%7B%22ret%22%3A-73%7D`):
    // an encoded `=` or `:` marks it. Only punctuation and space are decoded, once (`%253D` stays `%3D`).
    name: 'url-encoded payloads',
    // `%3` first: a literal search skips through a text the pattern reads character by character.
    when: (t) => t.includes('%3') && URL_ENCODED_MARK.test(t),
    apply: (t) => t.replace(URL_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
  },
  {
    name: 'xml elements',
    when: (t) => t.includes('</'),
    apply: (t) =>
      (t.includes('<key>')
        ? t.replace(PLIST_PAIR, (_, key: string, _type: string, value: string) => ` ${key}=${value.trim()} `)
        : t
      ).replace(XML_ELEMENT, (_, tag: string, key: string, attributes: string | undefined, value: string) =>
        xmlKeyValue(tag, key, attributes, value, HTML_MARKUP.test(t)),
      ),
  },
  {
    name: 'json string escapes',
    when: (t) => t.includes('\\'),
    apply: (t) => t.replace(UNICODE_ESCAPE, (_, hex: string) => unicodeChar(hex)).replace(WHITESPACE_ESCAPE, (m) => escapedSpace(m)),
  },
  {
    name: 'code fences and marks',
    when: (t) => t.includes('`') || t.includes('*') || t.includes('~~'),
    apply: (t) => t.replace(FENCE, ' ').replace(TICK_OR_MARK, ' '),
  },
  { name: 'quote marks', when: (t) => t.includes('>'), apply: (t) => t.replace(QUOTE_PREFIX, '') },
  {
    name: 'logcat prefixes',
    when: (_, facts) => facts.hasLineStart(LOGCAT),
    apply: (t) => t.replace(LOGCAT_THREADTIME, '$1 ').replace(LOGCAT_BRIEF, '$1').replace(LOGCAT_STUDIO, ''),
  },
  {
    name: 'stack frames',
    when: (_, facts) => facts.hasLineStart(FRAME),
    apply: (t) => t.replace(JAVA_FRAME, '').replace(MORE_FRAMES, '').replace(PYTHON_FRAME, ''),
  },
  { name: 'line-number gutters', when: (t) => GUTTER_OPENS.test(t), apply: withoutGutters },
  {
    name: 'codes written apart after an error word',
    when: (t) => WRITTEN_APART_MARK.test(t),
    apply: (t) => t.replace(CODE_WRITTEN_APART, (_, lead: string, code: string) => lead + code.replace(/[ ,-]/g, '')),
  },
];

/**
 * What the mentions, channels and timestamps above are read as (`@user`, `#channel`, `(time)`): words
 * of no error, left out of a question's search (a lone `<@221001…>` asks nothing, where `user`
 * found "The user has no phone number").
 */
export const MARKUP_PLACEHOLDER = /(?<![\w@#])(?:@(?:user|role|here|channel|everyone)|#channel)(?![\w-])|\(time\)/g;

/** Slack's links as their labels (`<https://…|80300007 spike> resolved` -> `80300007 spike resolved`), the rest as written. */
export function linkLabels(text: string): string {
  if (!text.includes('<') || !letterAfterLessThan(text)) return text;
  return text.replace(SLACK_LINK, (_, url: string, label?: string) => (label && !sameLink(url, label) ? `${url} ${label}` : url));
}

/** The text with every platform and log wrapping undone (one pass: `&amp;lt;` stays `&lt;`). */
export function normaliseText(text: string): string {
  let out = text;
  let facts = new TextFacts(out);
  for (const step of NORMALISE_STEPS) {
    if (!step.when(out, facts)) continue;
    out = step.apply(out);
    facts = new TextFacts(out);
  }
  return out;
}

/** The line-start marks (bits): a logcat prefix, a stack frame. */
const LOGCAT = 1;
const FRAME = 2;
/** `may`: what the pattern needs at fixed places, tested first (a log whose every line opens with a date). */
const MARKS: ReadonlyArray<{ bit: number; pattern: RegExp; may: (text: string, at: number) => boolean }> = [
  { bit: LOGCAT, pattern: LOGCAT_MARK, may: mayOpenLogcat },
  { bit: FRAME, pattern: FRAME_MARK, may: () => true },
];

/** LOGCAT_MARK's fixed places: `dd-dd ` or `dddd-dd-dd ` after a digit, `/` after a level letter. */
function mayOpenLogcat(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code < 48 || code > 57) return text.charCodeAt(at + 1) === 47;
  const dash = 45;
  const space = 32;
  return (
    (text.charCodeAt(at + 2) === dash && text.charCodeAt(at + 5) === space) ||
    (text.charCodeAt(at + 4) === dash && text.charCodeAt(at + 7) === dash && text.charCodeAt(at + 10) === space)
  );
}
/** By ASCII code: the marks a line opening with it may start, for the cheap test before the pattern. */
const MARK_OPENS = (() => {
  const opens = new Uint8Array(128);
  const add = (chars: string, bit: number) => {
    for (const ch of chars) opens[ch.charCodeAt(0)] = (opens[ch.charCodeAt(0)] as number) | bit;
  };
  add(LOGCAT_MARK_OPENS, LOGCAT);
  add(FRAME_MARK_OPENS, FRAME);
  return opens;
})();

/**
 * What one version of the text holds that several steps test, each looked for on first use and then
 * known to every step until one changes the text.
 *
 * Line-start marks: which marks (sticky patterns) match at the start of some line, as `^…` with the
 * `m` flag would, looked for in one walk over the line starts: a multiline `^` is tried at every
 * position of the text, and each mark walking the lines on its own walked them twice.
 */
class TextFacts {
  private lineStarts: number | undefined;
  private wide: boolean | undefined;

  constructor(private readonly text: string) {}

  hasLineStart(mark: number): boolean {
    this.lineStarts ??= lineStartMarks(this.text);
    return (this.lineStarts & mark) !== 0;
  }

  /** Whether the text may hold a character past U+00FF that a step rewrites (WIDE_REWRITTEN). */
  mayHoldWide(): boolean {
    this.wide ??= WIDE_REWRITTEN.test(this.text);
    return this.wide;
  }
}

function lineStartMarks(text: string): number {
  // `^` in multiline mode also follows \r, U+2028 and U+2029 (a decoded `\u2028` escape brings one
  // back): with one of those in the text, the multiline patterns themselves.
  if (text.includes('\r') || text.includes('\u2028') || text.includes('\u2029')) {
    let found = 0;
    for (const { bit, pattern } of MARKS) if (new RegExp(`^(?:${pattern.source})`, 'm').test(text)) found |= bit;
    return found;
  }
  let found = 0;
  for (let at = 0; at >= 0 && at <= text.length && found !== LOGCAT + FRAME; ) {
    const code = text.charCodeAt(at);
    const opens = code < 128 ? (MARK_OPENS[code] as number) & ~found : 0;
    for (const { bit, pattern, may } of MARKS) {
      if ((opens & bit) === 0 || !may(text, at)) continue;
      pattern.lastIndex = at;
      if (pattern.test(text)) found |= bit;
    }
    const next = text.indexOf('\n', at);
    at = next < 0 ? -1 : next + 1;
  }
  return found;
}

/**
 * Whether a `<` is followed by a latin letter (`/<[a-z]/i`), from each `<` found by indexOf: a
 * log's `<-` arrows are few, where the pattern read every character of the text.
 */
function letterAfterLessThan(text: string): boolean {
  for (let at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at + 1)) {
    // Setting bit 5 lower-cases exactly the ASCII capitals and moves no other character into a-z.
    const code = text.charCodeAt(at + 1) | 0x20;
    if (code >= 97 && code <= 122) return true;
  }
  return false;
}

/** `<https://a.b/c|a.b/c>`: the label only repeats the link. */
function sameLink(url: string, label: string): boolean {
  const bare = (s: string) =>
    s
      .replace(/^[a-z]+:(?:\/\/)?/i, '')
      .replace(/\/$/, '')
      .toLowerCase();
  return bare(url) === bare(label);
}

/** A decoded escape; a control character other than a line feed becomes a space. */
function unicodeChar(hex: string): string {
  const code = Number.parseInt(hex, 16);
  if (code < 0x20 || code === 0x7f) return code === 0x0a ? '\n' : ' ';
  return String.fromCharCode(code);
}

function escapedSpace(sequence: string): string {
  const letter = sequence[sequence.length - 1];
  return letter === 'n' || letter === 'r' ? '\n' : ' ';
}
