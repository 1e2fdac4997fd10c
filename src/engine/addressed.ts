/**
 * A message that opens by naming the bot is a question to it, whatever the platform made of the
 * name: `@errcode what is 6004` typed without picking the mention from the list reaches the bot as
 * plain text, `/errcode 100014` typed where commands do not run (a thread) is a message too, and
 * `errcode，80200003 是什么意思` calls it by name. The auto-reply scan answers only what a paste
 * shows well enough to speak unasked; someone who named the bot asked, and gets what an explicit
 * ask gets (src/engine/explicit.ts).
 *
 * The name alone, followed by a space and a code (`errcode 6004`), is how many people write "error
 * code", and `errcode: 6004` opens a log's key/value line: those stay the scan's to read. A name
 * after `@`, `/` or `!`, or followed by a comma or a question mark, is the bot called.
 */

/** The names a message may call the bot by when the deployment gives none (the product's name). */
export const DEFAULT_BOT_NAMES: readonly string[] = ['errcode'];

const escapeRegExp = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Longest name read: a display name, not a paste. */
const NAME_LIMIT = 64;

export class AddressReader {
  private readonly called: RegExp | undefined;

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
      `^[\\s>]*(?:[@＠/!！]\\s?(?:${alternation})${end}[\\s,，:：;；.。!！?？]*|(?:${alternation})${end}\\s*[,，?？!！][\\s,，:：;；.。!！?？]*)`,
      'iu',
    );
  }

  /** The question after the bot's name, when the text opens by calling the bot; else undefined. */
  question(text: string): string | undefined {
    if (!this.called) return undefined;
    const match = this.called.exec(text.length > 256 ? text.slice(0, 256) : text);
    if (!match) return undefined;
    const rest = text.slice(match[0].length).trim();
    return rest.length > 0 ? rest : undefined;
  }
}
