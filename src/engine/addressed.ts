/**
 * A message that opens by naming the bot is a question to it, whatever the platform made of the
 * name: `@errcode what is 6004` typed without picking the mention from the list reaches the bot as
 * plain text, `/errcode 100014` typed where commands do not run (a thread) is a message too, and
 * `errcode，80200003 是什么意思` calls it by name. The auto-reply scan answers only what a paste
 * shows well enough to speak unasked; someone who named the bot asked, and gets what an explicit
 * ask gets (src/engine/explicit.ts).
 *
 * The name followed by a space and a code within more words (`errcode 6004 again`) is how many
 * people write "error code", and `errcode: 6004` opens a log's key/value line: those stay the scan's
 * to read. The bot is called by its name after `@`, `/` or `!` (a greeting before it too: `Hi
 * @errcode!`), followed by a comma, a question mark or `bot`, followed by a question's word (`errcode
 * what's 100014`, `errcode 请问 …`), or as all of a short line with codes (`ERRCODE 0x711 0x41`);
 * and by its name closing a question (`what is -21, errcode?`, `80200001 这个是什么问题 @errcode`).
 * Not by a name inside a sentence (`we asked @errcode about 6004`).
 */

/** The names a message may call the bot by when the deployment gives none (the product's name). */
export const DEFAULT_BOT_NAMES: readonly string[] = ['errcode'];

const escapeRegExp = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Longest name read: a display name, not a paste. */
const NAME_LIMIT = 64;

/** Greetings before the name: `Hi @errcode!`, `hey errcode,`. */
const GREETING = String.raw`(?:(?:hi|hey|hello|yo|ok|嗨|你好|哈喽|哈啰)[\s,，!！]*)?`;
/** Words that open a question (after the bare name they say it is the bot asked). */
const QUESTION_WORD = String.raw`(?:(?:what(?:'s|s)?|which|how|why|is|does|do|can|could|explain|tell|help|meaning)\b|帮|请问|哪|怎么|为什么|这个|这|是什么|查|看看|看下|解释)`;
/**
 * A line of codes alone after the name, a scope word before them at most (`0x711 0x41`, `oidb -140?`,
 * `ret=-73`): what is asked, not a sentence (`errcode 6004 again` says "error code").
 */
const CODES_ONLY = /^(?:[a-z_][\w.-]{0,15}[ \t]+)?(?:[#=:\w./-]*\d[#=:\w./-]*[ \t]*){1,4}[?？]?$/i;
const CODES_ONLY_LIMIT = 48;

export class AddressReader {
  private readonly called: RegExp | undefined;
  /** The name then a question's word, or `bot`: `errcode what's 100014`, `errcode bot: 20042 …`. */
  private readonly calledAsking: RegExp | undefined;
  /** The name then a short line of codes: `ERRCODE 0x711 0x41`. */
  private readonly calledWithCodes: RegExp | undefined;
  /** A question the name closes: `what is -21, errcode?`, `80200001 这个是什么问题 @errcode`. */
  private readonly calledLast: RegExp | undefined;

  constructor(names: readonly string[] = DEFAULT_BOT_NAMES) {
    const usable = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0 && n.length <= NAME_LIMIT))];
    if (usable.length === 0) return;
    // Longest first: `errcode bot` before `errcode`.
    const alternation = usable
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|');
    // A name is whole: not the head of a longer word (`errcodes`, `errcode_count`).
    const end = '(?![\\p{L}\\p{N}_-])';
    this.called = new RegExp(
      `^[\\s>]*${GREETING}(?:[@＠/!！]\\s?(?:${alternation})${end}[\\s,，:：;；.。!！?？]*|(?:${alternation})${end}\\s*[,，?？!！][\\s,，:：;；.。!！?？]*)`,
      'iu',
    );
    this.calledAsking = new RegExp(
      `^[\\s>]*${GREETING}(?:${alternation})${end}(?:\\s+bot\\b\\s*[,，:：]?|\\s*[:：]?\\s*(?=${QUESTION_WORD}))\\s*`,
      'iu',
    );
    this.calledWithCodes = new RegExp(`^[\\s>]*(?:${alternation})${end}\\s+`, 'iu');
    this.calledLast = new RegExp(`(?:[,，]\\s*|\\s+)[@＠]?(?:${alternation})${end}\\s*[?？!！.。]*\\s*$`, 'iu');
  }

  /** The question after the bot's name, when the text opens by calling the bot; else undefined. */
  question(text: string): string | undefined {
    if (!this.called) return undefined;
    const head = text.length > 256 ? text.slice(0, 256) : text;
    const match = this.called.exec(head) ?? this.calledAsking?.exec(head);
    if (match) return nonEmpty(text.slice(match[0].length));
    // A short line: the name then codes alone, or the name closing the question.
    if (text.length > 256 || text.includes('\n')) return undefined;
    const withCodes = this.calledWithCodes?.exec(text);
    if (withCodes) {
      const rest = text.slice(withCodes[0].length).trim();
      return rest.length <= CODES_ONLY_LIMIT && CODES_ONLY.test(rest) ? nonEmpty(rest) : undefined;
    }
    const last = this.calledLast?.exec(text);
    return last ? nonEmpty(text.slice(0, last.index)) : undefined;
  }
}

function nonEmpty(rest: string): string | undefined {
  const trimmed = rest.trim();
  return /[\p{L}\p{N}]/u.test(trimmed) ? trimmed : undefined;
}
