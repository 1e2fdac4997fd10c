/**
 * A Discord message payload (embeds and components as adapters/discord/render/messages.ts writes
 * them) as HTML that imitates Discord's dark theme: the bot's name and APP badge, the embed with its
 * colour bar, author line, linked title, description, fields and footer, then the rows of buttons
 * (Primary, Secondary, Success, Link) and selects (optionally drawn open). It reads only the
 * payload: whatever is in the picture is in the JSON the adapter sends.
 */
import type { APIEmbed } from 'discord.js';
import type { DiscordMessage } from '../../adapters/discord/render/limits.js';
import { escapeHtml, page, withCodeSpans } from './html.js';

export interface DiscordFrame {
  readonly channel: string;
  /** "Only you can see this" (a slash command's private card, a click's reply). */
  readonly ephemeral: boolean;
  /** The slash command that was used, drawn above the reply. */
  readonly command?: string;
  /** Draw the first select open, to show what it lists. */
  readonly openMenu?: boolean;
  /** The reply answers this message (an auto-reply): it is drawn first, and referenced. */
  readonly replyTo?: { readonly author: string; readonly text: string };
}

interface Component {
  type: number;
  style?: number;
  label?: string;
  url?: string;
  disabled?: boolean;
  placeholder?: string;
  options?: Array<{ label: string; value: string; description?: string }>;
}

/** Discord markdown as HTML: code, bold, underline, italics, links, mentions, `-#` small lines. */
export function markdownToHtml(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const small = line.startsWith('-# ');
      const html = withCodeSpans(escapeHtml(small ? line.slice(3) : line), (plain) =>
        plain
          .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
          .replace(/__([^_]+)__/g, '<u>$1</u>')
          .replace(/(^|[\s(])[*_]([^*_]+)[*_](?=$|[\s).,])/g, '$1<i>$2</i>')
          .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2">$1</a>')
          .replace(/&lt;@!?(\d+)&gt;/g, '<span class="mention">@someone</span>'),
      );
      return small ? `<span class="small">${html}</span>` : html;
    })
    .join('<br>');
}

function embedHtml(embed: APIEmbed): string {
  const color = `#${(embed.color ?? 0x1e1f22).toString(16).padStart(6, '0')}`;
  const parts: string[] = [];
  if (embed.author) parts.push(`<div class="author">${escapeHtml(embed.author.name)}</div>`);
  if (embed.title) {
    const title = markdownToHtml(embed.title);
    parts.push(`<div class="title">${embed.url ? `<a href="${escapeHtml(embed.url)}">${title}</a>` : title}</div>`);
  }
  if (embed.description) parts.push(`<div class="description">${markdownToHtml(embed.description)}</div>`);
  for (const field of embed.fields ?? []) {
    const name = field.name === '\u200b' ? '' : `<div class="field-name">${markdownToHtml(field.name)}</div>`;
    parts.push(`<div class="field">${name}<div class="field-value">${markdownToHtml(field.value)}</div></div>`);
  }
  if (embed.footer) parts.push(`<div class="footer">${escapeHtml(embed.footer.text)}</div>`);
  return `<div class="embed" style="border-left-color:${color}">${parts.join('')}</div>`;
}

/** Button styles by their API number: Primary 1, Secondary 2, Success 3, Danger 4, Link 5. */
const BUTTON_CLASS: Readonly<Record<number, string>> = { 1: 'primary', 2: 'secondary', 3: 'success', 4: 'danger', 5: 'secondary' };

function componentHtml(component: Component, open: boolean): string {
  if (component.type === 2) {
    const link = component.style === 5 ? ' <span class="ext">↗</span>' : '';
    const disabled = component.disabled ? ' disabled' : '';
    return `<span class="button ${BUTTON_CLASS[component.style ?? 2] ?? 'secondary'}${disabled}">${markdownToHtml(component.label ?? '')}${link}</span>`;
  }
  if (component.type === 3) {
    const select = `<div class="select"><span>${escapeHtml(component.placeholder ?? 'Make a selection')}</span><span class="chevron">⌄</span></div>`;
    if (!open) return `<div class="select-wrap">${select}</div>`;
    const options = (component.options ?? [])
      .map(
        (o) =>
          `<div class="opt"><div class="opt-label">${escapeHtml(o.label)}</div>${o.description ? `<div class="opt-desc">${escapeHtml(o.description)}</div>` : ''}</div>`,
      )
      .join('');
    return `<div class="select-wrap">${select}<div class="menu">${options}</div></div>`;
  }
  return `<span class="unknown">[component ${component.type}]</span>`;
}

function messageHtml(author: string, bot: boolean, body: string, avatar: string): string {
  return `<div class="msg"><div class="avatar ${avatar}">${escapeHtml(author === 'errcode' ? 'ec' : author.slice(0, 1).toUpperCase())}</div><div class="msg-body"><div class="meta"><b class="${bot ? 'bot-name' : ''}">${escapeHtml(author)}</b>${bot ? '<span class="app">APP</span>' : ''}<span class="time">Today at 10:24</span></div>${body}</div></div>`;
}

/** The payload as HTML, inside a Discord-like channel. */
export function discordHtml(message: DiscordMessage, frame: DiscordFrame): string {
  let opened = false;
  const rows = message.components
    .map((row) => {
      const components = row.components as unknown as Component[];
      const open = !!frame.openMenu && !opened && components.some((c) => c.type === 3);
      if (open) opened = true;
      return `<div class="row">${components.map((c) => componentHtml(c, open)).join('')}</div>`;
    })
    .join('');
  const content = message.content ? `<div class="content">${markdownToHtml(message.content)}</div>` : '';
  const embeds = message.embeds.map(embedHtml).join('');
  const only = frame.ephemeral ? '<div class="only-you">👁 Only you can see this · <a>Dismiss message</a></div>' : '';
  const reference = frame.replyTo
    ? `<div class="reference">↱ <b>@${escapeHtml(frame.replyTo.author)}</b> ${escapeHtml(frame.replyTo.text)}</div>`
    : frame.command
      ? `<div class="reference">↱ <b>@mei</b> used <span class="command">${escapeHtml(frame.command)}</span></div>`
      : '';
  const bot = `${reference}${messageHtml('errcode', true, `${content}${embeds}<div class="rows">${rows}</div>${only}`, 'bot')}`;
  const pasted = frame.replyTo ? messageHtml(frame.replyTo.author, false, `<div>${escapeHtml(frame.replyTo.text)}</div>`, 'person') : '';
  const head = `<div class="pane-head"><span class="hash">#</span> ${escapeHtml(frame.channel)}</div>`;
  const title = message.embeds[0]?.title ?? message.content ?? '';
  return page(`Discord: ${title}`, DISCORD_CSS, `<div class="discord">${head}${pasted}${bot}</div>`);
}

const DISCORD_CSS = `
.discord{background:#313338;color:#dbdee1;font-size:15px;line-height:1.375;border-radius:8px;overflow:hidden;padding-bottom:14px}
.pane-head{padding:12px 16px;border-bottom:1px solid #26272b;color:#f2f3f5;font-weight:bold;font-size:16px}
.hash{color:#80848e;font-size:20px;font-weight:normal}
.msg{display:flex;gap:16px;padding:4px 16px 2px}
.reference{color:#b5bac1;font-size:13px;padding:10px 16px 0 72px}
.reference b{color:#dbdee1;font-weight:600}
.command{color:#00a8fc}
.avatar{flex:0 0 40px;height:40px;border-radius:50%;color:#fff;font-weight:bold;display:flex;align-items:center;justify-content:center;font-size:14px;margin-top:2px}
.avatar.bot{background:#5865f2}.avatar.person{background:#eb459e}
.msg-body{flex:1;min-width:0}
.meta b{color:#f2f3f5;font-weight:600}
.app{background:#5865f2;color:#fff;font-size:10px;font-weight:bold;padding:1px 4px;border-radius:3px;margin-left:4px;vertical-align:2px}
.time{color:#949ba4;font-size:12px;margin-left:6px}
.content{margin:2px 0 4px}
.small{color:#949ba4;font-size:13px}
.embed{background:#2b2d31;border-left:4px solid;border-radius:4px;padding:8px 16px 12px 12px;margin-top:4px;max-width:520px}
.author{font-size:14px;font-weight:600;color:#f2f3f5;margin-top:8px}
.title{font-size:16px;font-weight:bold;color:#f2f3f5;margin-top:8px}
.title a{color:#00a8fc}
.description{font-size:14px;margin-top:8px}
.field{margin-top:8px;font-size:14px}
.field-name{font-weight:600;color:#f2f3f5;margin-bottom:2px}
.footer{font-size:12px;color:#b5bac1;margin-top:8px}
.rows{margin-top:6px}
.row{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 0;align-items:flex-start}
.button{display:inline-flex;align-items:center;height:32px;padding:0 16px;border-radius:8px;font-size:14px;font-weight:500;color:#fff;white-space:nowrap}
.button.primary{background:#5865f2}.button.secondary{background:#4e5058}.button.success{background:#248046}.button.danger{background:#da373c}
.button.disabled{opacity:.5}
.ext{font-size:12px;margin-left:6px}
.select{display:flex;justify-content:space-between;align-items:center;width:440px;height:40px;padding:0 12px;background:#1e1f22;border:1px solid #1e1f22;border-radius:4px;color:#949ba4;font-size:14px}
.chevron{font-size:16px;color:#dbdee1}
.menu{width:440px;background:#2b2d31;border:1px solid #1e1f22;border-radius:0 0 4px 4px;margin-top:-1px;padding:4px 0}
.opt{padding:6px 12px}.opt-label{color:#dbdee1;font-size:14px}.opt-desc{color:#949ba4;font-size:12px}
.only-you{color:#949ba4;font-size:12px;margin-top:6px}
.only-you a{color:#00a8fc}
code{font-family:"DejaVu Sans Mono",monospace;font-size:85%;background:#1e1f22;border-radius:4px;padding:1px 3px}
a{color:#00a8fc;text-decoration:none}
.mention{color:#c9cdfb;background:rgba(88,101,242,.3);border-radius:3px;padding:0 2px}
.unknown{color:#da373c}
`;
