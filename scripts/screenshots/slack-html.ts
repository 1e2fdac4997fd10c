/**
 * A Slack message payload (blocks as adapters/slack/render/blocks.ts writes them) as HTML that
 * imitates Slack's look: the bot's name and APP badge, sections in mrkdwn, context lines, a
 * checkbox beside each step, buttons, a static select (optionally drawn open), dividers. It reads
 * only the payload: whatever is in the picture is in the JSON the adapter sends.
 */
import type { SlackMessage } from '../../adapters/slack/render/blocks.js';
import { escapeHtml, page, withCodeSpans } from './html.js';

/** How the message sits in the client. */
export interface SlackFrame {
  readonly channel: string;
  /** "Only visible to you" (a slash command's reply, a click's private card). */
  readonly ephemeral: boolean;
  /** Draw the "More options" select open, to show what it lists. */
  readonly openMenu?: boolean;
  /** The reply is in this message's thread (an auto-reply): the thread pane is drawn. */
  readonly threadOf?: { readonly author: string; readonly text: string };
}

interface TextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
}
interface Option {
  text: TextObject;
  value: string;
  description?: TextObject;
}
interface Element {
  type: string;
  text?: TextObject;
  style?: 'primary' | 'danger';
  url?: string;
  placeholder?: TextObject;
  options?: Option[];
  option_groups?: Array<{ label: TextObject; options: Option[] }>;
  initial_options?: Option[];
}
interface Block {
  type: string;
  block_id?: string;
  text?: TextObject;
  accessory?: Element;
  elements?: Array<Element | TextObject>;
}

const EMOJI: Readonly<Record<string, string>> = { warning: '⚠️', white_check_mark: '✅', mag: '🔍' };

/** Slack mrkdwn (already escaped: `&`, `<`, `>` arrive as entities) as HTML. */
export function mrkdwnToHtml(text: string): string {
  return text
    .split(/(<[^<>]+>)/)
    .map((part) => {
      const markup = /^<([^<>|]+)(?:\|([^<>]*))?>$/.exec(part);
      if (markup) {
        const [, target = '', label] = markup;
        if (target.startsWith('@')) return `<span class="mention">@${escapeHtml(label ?? 'someone')}</span>`;
        if (target.startsWith('!')) return `<span class="mention">@${escapeHtml(target.slice(1))}</span>`;
        if (target.startsWith('#')) return `<span class="mention">#${escapeHtml(label ?? 'channel')}</span>`;
        return `<a href="${escapeHtml(target)}">${label ?? escapeHtml(target)}</a>`;
      }
      // Any stray character that is not an entity Slack wrote is escaped for the page.
      const safe = part.replace(/&(?!(amp|lt|gt);)/g, '&amp;').replace(/"/g, '&quot;');
      return withCodeSpans(safe, (plain) =>
        plain
          .replace(/:([a-z_]+):/g, (whole, name: string) => EMOJI[name] ?? whole)
          .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
          .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
          .replace(/(^|[\s(])~([^~\n]+)~/g, '$1<s>$2</s>'),
      ).replace(/\n/g, '<br>');
    })
    .join('');
}

function textHtml(text: TextObject | undefined): string {
  if (!text) return '';
  return text.type === 'mrkdwn' ? mrkdwnToHtml(text.text) : escapeHtml(text.text);
}

function optionHtml(option: Option): string {
  const description = option.description ? `<div class="opt-desc">${textHtml(option.description)}</div>` : '';
  return `<div class="opt"><div class="opt-text">${textHtml(option.text)}</div>${description}</div>`;
}

function elementHtml(element: Element, frame: SlackFrame): string {
  switch (element.type) {
    case 'button': {
      const style = element.style ? ` ${element.style}` : '';
      const link = element.url ? ' <span class="ext">↗</span>' : '';
      return `<span class="button${style}">${textHtml(element.text)}${link}</span>`;
    }
    case 'static_select':
    case 'overflow': {
      const select =
        element.type === 'overflow'
          ? '<span class="button overflow">⋯</span>'
          : `<span class="select">${textHtml(element.placeholder)}<span class="chevron">⌄</span></span>`;
      if (!frame.openMenu) return select;
      const groups = (element.option_groups ?? [{ label: { type: 'plain_text', text: '' }, options: element.options ?? [] }])
        .map(
          (group) =>
            `<div class="group">${group.label.text ? `<div class="group-label">${textHtml(group.label)}</div>` : ''}${group.options.map(optionHtml).join('')}</div>`,
        )
        .join('');
      return `<span class="menu-wrap">${select}<div class="menu">${groups}</div></span>`;
    }
    case 'checkboxes': {
      const ticked = new Set((element.initial_options ?? []).map((o) => o.value));
      return (element.options ?? [])
        .map((o) => `<span class="checkbox${ticked.has(o.value) ? ' checked' : ''}"><span class="box"></span>${textHtml(o.text)}</span>`)
        .join('');
    }
    default:
      return `<span class="unknown">[${escapeHtml(element.type)}]</span>`;
  }
}

function blockHtml(block: Block, frame: SlackFrame): string {
  switch (block.type) {
    case 'section': {
      const accessory = block.accessory ? `<div class="accessory">${elementHtml(block.accessory, frame)}</div>` : '';
      const step = block.block_id?.startsWith('errcode_step:') ? ' step' : '';
      return `<div class="section${step}"><div class="section-text">${textHtml(block.text)}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="context">${(block.elements ?? [])
        .map((e) => `<span class="context-el">${textHtml(e as TextObject)}</span>`)
        .join('')}</div>`;
    case 'actions':
      return `<div class="actions">${(block.elements ?? []).map((e) => elementHtml(e as Element, frame)).join('')}</div>`;
    case 'divider':
      return '<hr class="divider">';
    case 'header':
      return `<div class="header">${textHtml(block.text)}</div>`;
    default:
      return `<div class="unknown">[${escapeHtml(block.type)} block]</div>`;
  }
}

function messageHtml(author: string, badge: boolean, time: string, body: string, avatar: string): string {
  return `<div class="msg"><div class="avatar ${avatar}">${escapeHtml(author === 'errcode' ? 'ec' : author.slice(0, 1).toUpperCase())}</div><div class="msg-body"><div class="meta"><b>${escapeHtml(author)}</b>${badge ? '<span class="app">APP</span>' : ''}<span class="time">${time}</span></div>${body}</div></div>`;
}

/** The payload as HTML, inside a Slack-like pane. */
export function slackHtml(message: SlackMessage, frame: SlackFrame): string {
  const blocks = (message.blocks as unknown as Block[]).map((b) => blockHtml(b, frame)).join('');
  const only = frame.ephemeral ? '<div class="only-you">👁 Only visible to you</div>' : '';
  const bot = messageHtml('errcode', true, '10:24 AM', `${only}<div class="blocks">${blocks}</div>`, 'bot');
  const thread = frame.threadOf;
  const header = thread
    ? `<div class="pane-head"><b>Thread</b> <span class="muted">#${escapeHtml(frame.channel)}</span></div>`
    : `<div class="pane-head"><b>#${escapeHtml(frame.channel)}</b></div>`;
  const parent = thread
    ? `${messageHtml(thread.author, false, '10:23 AM', `<div class="plain">${escapeHtml(thread.text)}</div>`, 'person')}<div class="replies"><span>1 reply</span></div>`
    : '';
  return page(`Slack: ${message.text}`, SLACK_CSS, `<div class="slack">${header}${parent}${bot}</div>`);
}

const SLACK_CSS = `
.slack{background:#fff;color:#1d1c1d;font-size:15px;line-height:1.46668;border:1px solid #ddd;border-radius:8px;overflow:hidden;padding-bottom:12px}
.pane-head{padding:12px 20px;border-bottom:1px solid #e8e8e8;font-size:17px}
.muted{color:#616061;font-size:13px;font-weight:normal}
.msg{display:flex;gap:8px;padding:8px 20px}
.avatar{flex:0 0 36px;height:36px;border-radius:6px;color:#fff;font-weight:bold;display:flex;align-items:center;justify-content:center;font-size:14px}
.avatar.bot{background:#2eb67d}.avatar.person{background:#7c3085}
.msg-body{flex:1;min-width:0}
.meta{margin-bottom:2px}.meta b{font-weight:900}
.app{background:rgba(29,28,29,.13);color:rgba(29,28,29,.7);font-size:10px;font-weight:bold;padding:1px 3px;border-radius:2px;margin-left:4px;vertical-align:2px}
.time{color:#616061;font-size:12px;margin-left:6px}
.only-you{color:#616061;font-size:13px;margin-bottom:4px}
.plain{white-space:pre-wrap;font-family:"DejaVu Sans Mono",monospace;font-size:13px;background:#f8f8f8;border:1px solid #e8e8e8;border-radius:4px;padding:6px 8px}
.replies{display:flex;align-items:center;gap:8px;color:#616061;font-size:13px;padding:4px 20px}
.replies:after{content:"";flex:1;border-top:1px solid #e8e8e8}
.section{display:flex;gap:12px;align-items:flex-start;padding:4px 0}
.section-text{flex:1;word-wrap:break-word}
.section.step{padding:2px 0}
.accessory{flex:0 0 auto}
.context{display:flex;flex-wrap:wrap;gap:4px 12px;color:#616061;font-size:12px;padding:4px 0}
.context-el{display:inline}
.actions{display:flex;flex-wrap:wrap;gap:8px;padding:8px 0 4px;align-items:flex-start}
.button{display:inline-flex;align-items:center;height:32px;padding:0 12px;border:1px solid rgba(29,28,29,.3);border-radius:4px;font-size:14px;font-weight:bold;background:#fff;color:#1d1c1d;white-space:nowrap}
.button.primary{background:#007a5a;border-color:#007a5a;color:#fff}
.button.danger{background:#e01e5a;border-color:#e01e5a;color:#fff}
.button.overflow{padding:0 8px}
.ext{font-size:11px;margin-left:4px;color:#616061}
.select{display:inline-flex;align-items:center;justify-content:space-between;gap:24px;min-width:200px;height:32px;padding:0 10px;border:1px solid rgba(29,28,29,.3);border-radius:4px;font-size:14px;color:#616061;background:#fff}
.chevron{font-size:14px;line-height:8px}
.menu-wrap{display:inline-block}
.menu{margin-top:4px;width:480px;border:1px solid rgba(29,28,29,.13);border-radius:6px;box-shadow:0 4px 12px rgba(0,0,0,.12);padding:6px 0;background:#fff}
.group{padding:4px 0}.group+.group{border-top:1px solid #e8e8e8}
.group-label{font-size:12px;font-weight:bold;color:#616061;padding:4px 16px}
.opt{padding:4px 16px}.opt-text{font-size:14px}.opt-desc{font-size:12px;color:#616061}
.checkbox{display:inline-flex;align-items:center;gap:6px;font-size:14px}
.checkbox .box{width:16px;height:16px;border:1px solid rgba(29,28,29,.5);border-radius:4px;background:#fff;display:inline-flex;align-items:center;justify-content:center}
.checkbox.checked .box{background:#1264a3;border-color:#1264a3}
.checkbox.checked .box:after{content:"✓";color:#fff;font-size:12px;font-weight:bold}
.divider{border:0;border-top:1px solid #e8e8e8;margin:8px 0}
.header{font-size:18px;font-weight:900}
code{font-family:"DejaVu Sans Mono",monospace;font-size:12px;color:#e01e5a;background:rgba(29,28,29,.04);border:1px solid rgba(29,28,29,.13);border-radius:3px;padding:1px 3px}
a{color:#1264a3;text-decoration:none}
.mention{color:#1264a3;background:rgba(29,155,209,.1);border-radius:3px;padding:0 2px}
.unknown{color:#e01e5a}
`;
