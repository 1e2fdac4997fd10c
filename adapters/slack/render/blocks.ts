/**
 * The Block Kit renderer: lays out the product layer's replies (src/product/reply.ts) as Slack
 * messages. It decides nothing — which card, which controls, which words come from src/product and
 * src/interaction — and every text and value goes through render/limits.ts, so nothing it returns
 * breaks a Block Kit limit, whatever the catalog or the user sent.
 *
 * A card: headline, context line, meaning, the entry's note, "Fix", the checklist with one section per step and its
 * checkbox beside it, what "Still failing" revealed, at most three buttons, one "More options" menu,
 * and the source and why-it-matched in small print. A public copy shows the steps as text and one
 * "Show fix checklist".
 */
import type { types } from '@slack/bolt';
import { briefFixOf, type CardView } from '../../../src/interaction/card.js';
import { encodeState, MAX_TRACKED_STEPS } from '../../../src/interaction/state.js';
import { ui } from '../../../src/messages.js';
import type { Control } from '../../../src/product/controls.js';
import type {
  AnswersReply,
  CardReply,
  FormReply,
  NoMatchReply,
  Notice,
  Reply,
  ReviewReply,
  UsageReply,
} from '../../../src/product/reply.js';
import { type Language, squash } from '../../../src/text.js';
import {
  ACTION,
  BLOCK,
  encodeAddCode,
  encodeFormMeta,
  encodeReport,
  encodeReview,
  FORM_CALLBACK_ID,
  indexedAction,
  MORE_ACTION_ID,
  moreValue,
  openValue,
  stepBlockId,
} from '../actions.js';
import { escapeMrkdwn, inlineCode } from './escape.js';
import {
  actions,
  button,
  clamp,
  clampMrkdwn,
  context,
  fitBlocks,
  groupedSelect,
  mrkdwn,
  option,
  SLACK_LIMITS,
  type SlackMessage,
  section,
  splitMrkdwn,
} from './limits.js';

export type { SlackMessage } from './limits.js';

/** A long meaning or fix is split over at most this many sections, then cut. */
const MAX_SECTIONS_PER_TEXT = 2;
/** How long a quoted query may be (a compact answer's fix is cut by the card: briefFixOf). */
const QUOTE_MAX = 200;
/** The line naming a card's other meanings: two of them with where they apply. */
const MEANINGS_LINE_MAX = 400;
/**
 * Nearest codes offered as buttons on a no-match: with "Add it for my team" and "Ask maintainers to add it" a
 * row of five at most (seven in a row buried the one meant).
 */
const NEAREST_MAX = 3;

const esc = escapeMrkdwn;

/** Sections holding `text` (already escaped), split or cut to fit. */
function sections(text: string): types.SectionBlock[] {
  return splitMrkdwn(text, SLACK_LIMITS.sectionText, MAX_SECTIONS_PER_TEXT).map((part) => section(part));
}

function more(lang: Language): (count: number) => string {
  return (count) => esc(ui('moreItems', lang, { count }));
}

/**
 * Lines (escaped mrkdwn) joined within `max` characters; when they do not all fit, a last
 * "… and N more" line says how many were left out: a long list is shortened visibly, never rejected.
 */
function linesWithin(lines: readonly string[], max: number, moreLine: (count: number) => string): string {
  const out: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const left = lines.length - i - 1;
    const reserve = left > 0 ? moreLine(left).length + 1 : 0;
    const sep = out.length > 0 ? 1 : 0;
    if (out.length === 0 && line.length + reserve > max) {
      out.push(clampMrkdwn(line, max - reserve));
      length = out[0]?.length ?? 0;
    } else if (length + sep + line.length + reserve <= max) {
      out.push(line);
      length += sep + line.length;
    } else {
      out.push(moreLine(lines.length - i));
      break;
    }
  }
  return out.join('\n');
}

function oneLine(text: string, max: number): string {
  return clamp(squash(text), max);
}

/** `*`100014` — The access token is expired*` */
function headlineText(view: CardView): string {
  return `${inlineCode(view.code)} — *${esc(view.title)}*`;
}

function contextText(view: CardView): string[] {
  const parts = [esc(view.context)];
  if (view.success) parts.push(esc(ui('success', view.lang)));
  if (view.languageNote) parts.push(esc(view.languageNote));
  return parts;
}

/** The checklist: progress, then one section per step with its checkbox (private) or plain text (public). */
function checklistBlocks(view: CardView): types.KnownBlock[] {
  if (view.steps.length === 0) return [];
  const lang = view.lang;
  if (view.mode === 'public') {
    const lines = view.steps.map((s) => `${s.index + 1}. ${esc(squash(s.text))}`);
    return [section(`*${esc(ui('checklist', lang))}*\n${linesWithin(lines, SLACK_LIMITS.sectionText - 100, more(lang))}`)];
  }
  const blocks: types.KnownBlock[] = [context([`*${esc(ui('checklist', lang))}* · ${esc(view.progress)}`])];
  for (const step of view.steps) {
    // The credit goes first, so a long step cut to fit never loses it.
    const credit = step.credit ? ` _(${esc(step.credit)})_` : '';
    const text = `${clampMrkdwn(`${step.index + 1}. ${esc(step.text)}`, SLACK_LIMITS.sectionText - credit.length)}${credit}`;
    if (step.index >= MAX_TRACKED_STEPS) {
      blocks.push(section(text));
      continue;
    }
    const done = option(ui('markDone', lang), String(step.index));
    blocks.push({
      type: 'section',
      block_id: stepBlockId(step.index, view.state),
      text: mrkdwn(text),
      accessory: {
        type: 'checkboxes',
        action_id: ACTION.tick,
        options: [done],
        // Slack rejects an empty initial_options: leave it out when the step is not ticked.
        ...(step.done ? { initial_options: [done] } : {}),
      },
    });
  }
  return blocks;
}

function diagnosticBlocks(view: CardView): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [];
  const d = view.diagnostics;
  const lang = view.lang;
  if (d) {
    const bullet = (items: readonly string[]) => items.map((c) => `• ${esc(squash(c))}`);
    if (d.causes.length > 0)
      blocks.push(section(`*${esc(ui('causes', lang))}*\n${linesWithin(bullet(d.causes), SLACK_LIMITS.sectionText - 100, more(lang))}`));
    if (d.appliesTo.length > 0)
      blocks.push(
        section(`*${esc(ui('appliesTo', lang))}*\n${linesWithin(bullet(d.appliesTo), SLACK_LIMITS.sectionText - 100, more(lang))}`),
      );
  }
  if (view.lastResort) blocks.push(section(`:warning: ${esc(view.lastResort)}`));
  return blocks;
}

function controlButton(control: Control, value: string, actionId: string = ACTION[control.action]): types.Button {
  return button(control.label, actionId, value, {
    ...(control.emphasis === 'primary' ? { style: 'primary' } : {}),
    a11y: control.a11y,
    ...(control.url ? { url: control.url } : {}),
  });
}

/** The visible buttons, then one "More options" menu: the other controls and the links to other entries. */
function controlBlocks(reply: CardReply): types.KnownBlock[] {
  const view = reply.card;
  const value = encodeState(view.state);
  const blocks: types.KnownBlock[] = [];
  if (reply.controls.visible.length > 0) {
    blocks.push(
      actions(
        `${BLOCK.controls}:${view.state.entryKey}`,
        reply.controls.visible.map((c) => controlButton(c, value)),
      ),
    );
  }
  const groups = [
    {
      label: ui('actions', view.lang),
      options: reply.controls.more.map((c) => option(c.a11y === c.label ? c.label : `${c.label} — ${c.a11y}`, moreValue(c.action, value))),
    },
    ...view.links.map((links) => ({
      label: links.title,
      options: links.items.map((link) =>
        option(link.label, moreValue('open', openValue(link.entryKey, view.lang, view.state.query)), link.description),
      ),
    })),
  ];
  // The placeholder counts what the closed menu holds, as Discord's does (`More options · Other meanings (1)`).
  const counts = view.links.map((l) => l.title).join(' · ');
  const placeholder = counts ? `${ui('moreOptions', view.lang)} · ${counts}` : ui('moreOptions', view.lang);
  const menu = view.mode === 'private' ? groupedSelect(MORE_ACTION_ID, placeholder, groups) : undefined;
  // The entry in the block_id: a replaced card must not keep the menu's last choice.
  if (menu) blocks.push(actions(`${BLOCK.more}:${view.state.entryKey}`, [menu]));
  return blocks;
}

function footer(reply: CardReply): types.ContextBlock {
  const view = reply.card;
  const lang = view.lang;
  const source = view.source.docs ? `<${view.source.docs}|${esc(view.source.title)}>` : esc(view.source.title);
  const lines = [`*${esc(ui('source', lang))}:* ${source}`, `*${esc(ui('why', lang))}:* ${esc(view.why)}`];
  if (view.voted) lines.unshift(`:white_check_mark: ${esc(view.voted)}`);
  // The only mention errcode ever writes: the sharer's own id, from Slack's payload, checked.
  if (reply.sharedBy && /^[UW][A-Z0-9]{2,20}$/.test(reply.sharedBy)) {
    lines.push(esc(ui('sharedBy', lang, { user: '{user}' })).replace('{user}', `<@${reply.sharedBy}>`));
  }
  return context(lines);
}

function renderCard(reply: CardReply): SlackMessage {
  const view = reply.card;
  const lang = view.lang;
  const top: types.KnownBlock[] = [...warningBlocks(reply.notices), section(headlineText(view)), context(contextText(view))];
  // An ambiguous code says so under its headline; the links themselves are in "More options".
  if (view.otherMeaningsNote && view.mode === 'private')
    top.push(
      context([
        `:twisted_rightwards_arrows: ${esc(oneLine(view.otherMeaningsNote, MEANINGS_LINE_MAX))} — _${esc(ui('seeMoreOptions', lang))}_`,
      ]),
    );
  if (view.narrowHint) top.push(context([`:mag: ${esc(oneLine(view.narrowHint, MEANINGS_LINE_MAX))}`]));
  if (view.meaning) top.push(...sections(esc(view.meaning)));
  if (view.sourceText) top.push(context([`*${esc(ui('sourceWording', lang))}:* "${esc(view.sourceText)}"`]));
  if (view.note) top.push(...sections(`*${esc(ui('note', lang))}:* ${esc(view.note)}`));
  if (view.fix) top.push(...sections(`*${esc(ui('solution', lang))}:* ${esc(view.fix)}`));
  if (view.noFix) top.push(context([`_${esc(view.noFix)}_`]));
  top.push(...checklistBlocks(view), ...diagnosticBlocks(view));
  const tail: types.KnownBlock[] = [...controlBlocks(reply), footer(reply), ...noticeBlocks(reply.notices)];
  return { text: fallback(view.headline), blocks: fitBlocks([...top, ...tail], tail.length, more(lang)) };
}

/** Compact answers (an auto-reply, a mention): per code the headline, one-line fix, why, and its buttons. */
function renderAnswers(reply: AnswersReply): SlackMessage {
  const blocks: types.KnownBlock[] = [...warningBlocks(reply.notices)];
  reply.items.forEach(({ card: view, controls }, i) => {
    const value = encodeState(view.state);
    const fix = briefFixOf(view);
    const lines = [headlineText(view)];
    if (fix) lines.push(`*${esc(ui('solution', view.lang))}:* ${esc(fix.text)}${fix.more ? ` _${esc(fix.more)}_` : ''}`);
    else if (view.noFix) lines.push(`_${esc(view.noFix)}_`);
    if (view.otherMeaningsNote) lines.push(`:twisted_rightwards_arrows: ${esc(oneLine(view.otherMeaningsNote, MEANINGS_LINE_MAX))}`);
    if (view.steps.length > 1) lines.push(`_${esc(ui('checklistSteps', view.lang, { count: view.steps.length }))}_`);
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(section(lines.join('\n')), context([esc(view.context), `*${esc(ui('why', view.lang))}:* ${esc(view.why)}`]));
    // Slack rejects an actions block with no elements (a mention's answer with no fix has no button).
    if (controls.length > 0)
      blocks.push(
        actions(
          `${BLOCK.compact}:${i}`,
          controls.map((c) => controlButton(c, value, indexedAction(ACTION[c.action], i))),
        ),
      );
  });
  const tail = noticeBlocks(reply.notices);
  const summary = reply.items.map((item) => item.card.headline).join('; ');
  return { text: fallback(summary), blocks: fitBlocks([...blocks, ...tail], tail.length, more(reply.lang)) };
}

/** "No catalog has X", the nearest codes as buttons, and "Ask maintainers to add it". */
function renderNoMatch(reply: NoMatchReply): SlackMessage {
  const { lang } = reply;
  const quoted = esc(clamp(squash(reply.query), QUOTE_MAX));
  const blocks: types.KnownBlock[] = [...warningBlocks(reply.notices), section(ui('noMatch', lang, { query: quoted }))];
  const nearest = reply.nearest.slice(0, NEAREST_MAX);
  if (nearest.length > 0) {
    const lines = nearest.map((s) => `• ${esc(s.label)} _(${esc(s.description)})_`);
    blocks.push(section(`*${esc(ui('nearest', lang))}*\n${linesWithin(lines, SLACK_LIMITS.sectionText - 100, more(lang))}`));
  }
  const buttons: types.Button[] = nearest.map((s, i) =>
    button(s.label.split(' — ')[0] ?? s.label, indexedAction(ACTION.open, i), openValue(s.entryKey, lang), { a11y: s.label }),
  );
  if (reply.addCode) buttons.push(button(reply.addCode.label, ACTION.addCode, encodeAddCode(lang, clamp(reply.addCode.code, 64))));
  if (!reply.reported) buttons.push(button(ui('reportMissing', lang), ACTION.reportMissing, encodeReport(lang, clamp(reply.query, 200))));
  if (buttons.length > 0) blocks.push(actions(BLOCK.noMatch, buttons));
  if (reply.reported) blocks.push(context([esc(ui('reportThanks', lang))]));
  blocks.push(context([esc(ui('usage', lang))]), ...noticeBlocks(reply.notices));
  return { text: fallback(ui('noMatch', lang, { query: clamp(squash(reply.query), QUOTE_MAX) })), blocks };
}

function renderUsage(reply: UsageReply): SlackMessage {
  const blocks: types.KnownBlock[] = [...warningBlocks(reply.notices)];
  if (reply.lead) blocks.push(section(esc(reply.lead)));
  blocks.push(section(esc(reply.text)), ...noticeBlocks(reply.notices));
  return { text: fallback(reply.lead ?? reply.text), blocks };
}

/**
 * A credential warning leads the message, as on Discord: the pasted secret is to be rotated before
 * anything else is read, and small print at the end of a long card was read last or not at all.
 */
function warningBlocks(notices: readonly Notice[]): types.KnownBlock[] {
  const warnings = notices.filter((n) => n.kind === 'secret');
  return warnings.length > 0 ? [context(warnings.map((n) => `:warning: ${esc(n.text)}`))] : [];
}

/** The other notices as small print at the end: a query cut short, a suggestion not yet reviewed. */
function noticeBlocks(notices: readonly Notice[]): types.KnownBlock[] {
  const rest = notices.filter((n) => n.kind !== 'secret');
  const line = (n: Notice) => (n.kind === 'unreviewed' ? `:grey_question: _${esc(n.text)}_` : esc(n.text));
  return rest.length > 0 ? [context(rest.map(line))] : [];
}

/** `/errcode review`: each pending suggestion, its steps, and Approve / Edit / Reject. */
function renderReview(reply: ReviewReply): SlackMessage {
  const { lang } = reply;
  const blocks: types.KnownBlock[] = [...warningBlocks(reply.notices), section(`*${esc(reply.title)}*`)];
  reply.items.forEach((item, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    const steps = item.steps.map((step, n) => `${n + 1}. ${esc(step)}`);
    const lines = [esc(item.summary), ...(steps.length > 0 ? [linesWithin(steps, SLACK_LIMITS.sectionText - 600, more(lang))] : [])];
    if (item.link) lines.push(esc(item.link));
    blocks.push(section(clampMrkdwn(lines.join('\n'), SLACK_LIMITS.sectionText)));
    blocks.push(
      actions(
        `errcode_review:${item.id}`,
        item.controls.map((c) => controlButton(c, encodeReview(lang, item.id))),
      ),
    );
  });
  if (reply.more) blocks.push(context([esc(reply.more)]));
  const tail = noticeBlocks(reply.notices);
  blocks.push(...tail);
  return { text: fallback(reply.title), blocks: fitBlocks(blocks, tail.length, more(lang)) };
}

/** A modal view (views.open): one input per field; what it is for rides in private_metadata. */
export function renderForm(form: FormReply, channel: string | undefined): types.ModalView {
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    private_metadata: encodeFormMeta({ purpose: form.purpose, lang: form.lang, ...(channel ? { channel } : {}) }),
    title: { type: 'plain_text', text: clamp(form.title, 24) },
    submit: { type: 'plain_text', text: clamp(form.submit, 24) },
    close: { type: 'plain_text', text: form.lang === 'zh' ? '取消' : 'Cancel' },
    blocks: form.fields.map(
      (field): types.InputBlock => ({
        type: 'input',
        block_id: `errcode_form_${field.name}`,
        optional: !field.required,
        label: { type: 'plain_text', text: clamp(field.label, 2000) },
        element: {
          type: 'plain_text_input',
          action_id: field.name,
          multiline: field.multiline,
          max_length: field.maxLength,
          ...(field.value ? { initial_value: field.value.slice(0, field.maxLength) } : {}),
        },
      }),
    ),
  };
}

/** Any reply of the product layer as one Slack message. */
export function renderReply(reply: Reply): SlackMessage {
  switch (reply.kind) {
    case 'card':
      return renderCard(reply);
    case 'answers':
      return renderAnswers(reply);
    case 'no-match':
      return renderNoMatch(reply);
    case 'usage':
      return renderUsage(reply);
    case 'notice':
      return renderNotice(reply.text);
    case 'review':
      return renderReview(reply);
  }
}

/** One short sentence of errcode's own (confirmations, fault messages). */
export function renderNotice(text: string): SlackMessage {
  return { text: fallback(text), blocks: [section(esc(text))] };
}

/** The notification text: escaped, one line, within the limit. */
function fallback(text: string): string {
  return clampMrkdwn(esc(squash(text)), SLACK_LIMITS.fallbackText);
}
