/**
 * Text crossing into and out of Slack. Outgoing: anything put into mrkdwn (catalog text, a query
 * quoted back) is escaped so it can never become a link, a user ping or `<!channel>`. Incoming:
 * Slack's own escaping and link markup are undone before the engine reads a message.
 */

/** Escapes &, <, > (Slack's control characters) and defuses @channel / @here / @everyone. */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** Inline code: backticks inside would end it early. */
export function inlineCode(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, "'")}\``;
}

/**
 * A Slack message's text as the person typed it: `<https://x|label>` becomes the URL, `<@U1>` and
 * `<!here>` are dropped, entities are decoded. (Pastes keep their URLs: the engine reads them.)
 */
export function slackTextToPlain(text: string): string {
  return text
    .replace(/<([^<>|]*)(?:\|([^<>]*))?>/g, (_whole, target: string, label: string | undefined) => {
      if (/^[@#!]/.test(target)) return label ?? '';
      return target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Whether raw Slack text mentions `userId` (`<@U123>` or `<@U123|name>`). */
export function mentions(text: string, userId: string | undefined): boolean {
  return !!userId && new RegExp(`<@${userId}(?:\\|[^>]*)?>`).test(text);
}
