/**
 * The Block Kit renderer: lays out what buildCard decided (CardView) and the other neutral results
 * as Slack messages. Every text and value goes through render/limits.ts, so nothing it returns
 * breaks a Block Kit limit, whatever the catalog or the user sent.
 */
import type { types } from '@slack/bolt';
import type { Answer, EntryRef } from '../../../src/engine/answer.js';
import { type CardStep, type CardView, codeLabel } from '../../../src/interaction/card.js';
import { encodeState, MAX_TRACKED_STEPS } from '../../../src/interaction/state.js';
import { ui } from '../../../src/messages.js';
import { type Language, pick, squash } from '../../../src/text.js';
import { ACTION, BLOCK, indexedAction, openValue, stepsBlockId } from '../actions.js';
import { escapeMrkdwn, inlineCode } from './escape.js';
import {
  actions,
  button,
  clamp,
  clampMrkdwn,
  context,
  fitBlocks,
  header,
  mrkdwn,
  option,
  plain,
  SLACK_LIMITS,
  type SlackMessage,
  section,
  splitMrkdwn,
} from './limits.js';

export type { SlackMessage } from './limits.js';

/** A long meaning or fix is split over at most this many sections, then cut. */
const MAX_SECTIONS_PER_TEXT = 2;
/** How long a quoted query, a one-line fix or a fallback summary may be. */
const QUOTE_MAX = 200;
const ONE_LINE_MAX = 200;

export interface CardOptions {
  /** The card is only visible to the reader (ephemeral): offer "Share in channel". */
  readonly shareable: boolean;
  /** Slack user id of whoever shared the card into the channel. */
  readonly sharedBy?: string;
}

const esc = escapeMrkdwn;

/** Sections holding `text` (already escaped), split or cut to fit. */
function sections(text: string): types.SectionBlock[] {
  return splitMrkdwn(text, SLACK_LIMITS.sectionText, MAX_SECTIONS_PER_TEXT).map((part) => section(part));
}

/** "… and N more", escaped. */
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
      // The previous line reserved room for exactly this.
      out.push(moreLine(lines.length - i));
      break;
    }
  }
  return out.join('\n');
}

function oneLine(text: string, max: number): string {
  return clamp(squash(text), max);
}

function stepLabel(step: CardStep): string {
  return `${step.index + 1}. ${squash(step.text)}`;
}

/** Checklist: progress, then checkboxes in chunks of ten; the full text above a chunk whose steps were cut. */
function checklistBlocks(view: CardView): types.KnownBlock[] {
  if (view.steps.length === 0) return [];
  const blocks: types.KnownBlock[] = [section(`*${esc(ui('checklist', view.lang))}* · ${esc(view.progress)}`)];
  const tracked = view.steps.slice(0, MAX_TRACKED_STEPS);
  for (let start = 0, chunk = 0; start < tracked.length; start += SLACK_LIMITS.checkboxOptions, chunk += 1) {
    const steps = tracked.slice(start, start + SLACK_LIMITS.checkboxOptions);
    const cut = steps.filter((s) => stepLabel(s).length > SLACK_LIMITS.optionText || s.text.includes('\n'));
    if (cut.length > 0) {
      const perStep = Math.floor(SLACK_LIMITS.sectionText / cut.length) - 1;
      const text = cut.map((s) => clampMrkdwn(`*${s.index + 1}.* ${esc(s.text)}`, perStep)).join('\n');
      blocks.push(section(text));
    }
    const done = steps.filter((s) => s.done).map((s) => option(stepLabel(s), String(s.index)));
    const checkboxes: types.Checkboxes = {
      type: 'checkboxes',
      action_id: ACTION.step,
      options: steps.map((s) => option(stepLabel(s), String(s.index))),
      // Slack rejects an empty initial_options: leave it out when nothing is ticked.
      ...(done.length > 0 ? { initial_options: done } : {}),
    };
    blocks.push(actions(stepsBlockId(chunk, view.state), [checkboxes]));
  }
  const untracked = view.steps.slice(MAX_TRACKED_STEPS);
  if (untracked.length > 0) {
    blocks.push(
      section(
        linesWithin(
          untracked.map((s) => `*${s.index + 1}.* ${esc(squash(s.text))}`),
          SLACK_LIMITS.sectionText,
          more(view.lang),
        ),
      ),
    );
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
    if (d.note) blocks.push(...sections(`*${esc(ui('note', lang))}*\n${esc(d.note)}`));
    if (d.appliesTo.length > 0)
      blocks.push(
        section(`*${esc(ui('appliesTo', lang))}*\n${linesWithin(bullet(d.appliesTo), SLACK_LIMITS.sectionText - 100, more(lang))}`),
      );
  }
  if (view.lastResort) blocks.push(section(`:warning: ${esc(view.lastResort)}`));
  return blocks;
}

function controlBlocks(view: CardView, options: CardOptions): types.KnownBlock[] {
  const lang = view.lang;
  const value = encodeState(view.state);
  const controls: types.Button[] = [];
  if (view.state.depth < 2 && !view.success) controls.push(button(ui('stillFailing', lang), ACTION.stillFailing, value));
  controls.push(button(ui('language', lang), ACTION.language, value));
  if (options.shareable) controls.push(button(ui('share', lang), ACTION.share, value, 'primary'));
  controls.push(button(`:thumbsup: ${ui('helpful', lang)}`, ACTION.helpful, value));
  controls.push(button(`:thumbsdown: ${ui('notHelpful', lang)}`, ACTION.notHelpful, value));
  const blocks: types.KnownBlock[] = [actions(`${BLOCK.controls}:${view.state.entryKey}`, controls)];

  if (view.otherMeanings.length > 0) {
    const shown = view.otherMeanings.slice(0, SLACK_LIMITS.selectOptions);
    const select: types.StaticSelect = {
      type: 'static_select',
      action_id: indexedAction(ACTION.open, 0),
      placeholder: plain(`${ui('otherMeanings', lang)} (${view.otherMeanings.length})`, SLACK_LIMITS.placeholderText),
      options: shown.map((link) => option(link.label, openValue(link.entryKey, lang))),
    };
    // The entry in the block_id: a replaced card must not keep the select's last choice.
    blocks.push(actions(`${BLOCK.links}:${view.state.entryKey}`, [select]));
  }

  if (view.related.length > 0) {
    const shown = view.related.slice(0, SLACK_LIMITS.overflowOptionsMax);
    const codes = shown.map((link) => inlineCode(link.label.split(' · ')[0] ?? link.label)).join(', ');
    const first = shown[0];
    const accessory: types.Overflow | types.Button =
      shown.length >= SLACK_LIMITS.overflowOptionsMin || !first
        ? {
            type: 'overflow',
            action_id: indexedAction(ACTION.open, 1),
            options: shown.map((link) => option(link.label, openValue(link.entryKey, lang))),
          }
        : button(clamp(first.label, SLACK_LIMITS.buttonText), indexedAction(ACTION.open, 1), openValue(first.entryKey, lang));
    blocks.push({
      type: 'section',
      block_id: `${BLOCK.related}:${view.state.entryKey}`,
      text: mrkdwn(`*${esc(ui('related', lang))}:* ${codes}`),
      accessory,
    });
  }
  return blocks;
}

/** The full answer card: meaning, fix, ticking checklist, diagnostics by depth, follow-ups, provenance. */
export function renderCard(view: CardView, options: CardOptions): SlackMessage {
  const lang = view.lang;
  const top: types.KnownBlock[] = [header(view.header)];
  if (view.success) top.push(context([esc(ui('success', lang))]));
  if (view.languageNote) top.push(context([esc(view.languageNote)]));
  top.push(...sections(`*${esc(ui('meaning', lang))}*\n${esc(view.meaning)}`));
  if (view.sourceText) top.push(context([`*${esc(ui('sourceWording', lang))}:* "${esc(view.sourceText)}"`]));
  const stepsText = squash(view.steps.map((s) => s.text).join(' '));
  // A checklist that is just the fix split into sentences says it once, as steps.
  if (view.solution && squash(view.solution) !== stepsText) top.push(...sections(`*${esc(ui('solution', lang))}*\n${esc(view.solution)}`));
  top.push(...checklistBlocks(view), ...diagnosticBlocks(view));

  const footer = [`*${esc(ui('source', lang))}:* ${esc(view.provenance)}`, `*${esc(ui('why', lang))}:* ${esc(view.why)}`];
  // The only mention errcode ever writes: the sharer's own id, from Slack's payload, checked.
  if (options.sharedBy && /^[UW][A-Z0-9]{2,20}$/.test(options.sharedBy)) {
    footer.push(esc(ui('sharedBy', lang, { user: '{user}' })).replace('{user}', `<@${options.sharedBy}>`));
  }
  const tail: types.KnownBlock[] = [...controlBlocks(view, options), context(footer)];
  const blocks = fitBlocks([...top, ...tail], tail.length, more(lang));
  return { text: fallback(`${view.header}: ${view.meaning}`), blocks };
}

/** The auto-reply to a paste: per code one short section (code, title, one-line fix, confidence) and two buttons. */
export function renderCompactReply(answers: readonly Answer[], lang: Language): SlackMessage {
  const blocks: types.KnownBlock[] = [];
  answers.forEach((answer, i) => {
    const value = encodeState({ entryKey: answer.entryKey, lang, done: 0, depth: 0 });
    const firstStep = answer.checklist[0];
    const fix = answer.solution ? pick(answer.solution, lang) : firstStep ? pick(firstStep, lang) : undefined;
    const where = `${pick(answer.catalog.name, lang)} · ${pick(answer.section.name, lang)}`;
    const lines = [`*${esc(codeLabel(answer))}* · ${esc(where)}`, esc(oneLine(pick(answer.title, lang), ONE_LINE_MAX))];
    if (fix) lines.push(`*${esc(ui('solution', lang))}:* ${esc(oneLine(fix, ONE_LINE_MAX))}`);
    if (i > 0) blocks.push({ type: 'divider' });
    blocks.push(
      section(lines.join('\n')),
      context([esc(`${ui('confidence', lang)} ${answer.confidence.toFixed(2)}`)]),
      actions(`${BLOCK.compact}:${i}`, [
        button(ui('showChecklist', lang), indexedAction(ACTION.showChecklist, i), value, 'primary'),
        button(ui('notRelevant', lang), indexedAction(ACTION.notRelevant, i), value),
      ]),
    );
  });
  const summary = answers.map((a) => `${codeLabel(a)}: ${pick(a.title, lang)}`).join('; ');
  return { text: fallback(summary), blocks: fitBlocks(blocks, 0, more(lang)) };
}

export interface NoMatchInput {
  /** What the user asked, already redacted; quoted back escaped and cut. */
  readonly query: string;
  readonly suggestions: readonly EntryRef[];
  readonly lang: Language;
  /** Value of the "Report missing code" button; after a report, leave it out. */
  readonly reportValue?: string;
  readonly reported?: boolean;
}

/** "No catalog has X", the nearest codes as buttons, and "Report missing code". */
export function renderNoMatch(input: NoMatchInput): SlackMessage {
  const { lang } = input;
  const quoted = esc(clamp(squash(input.query), QUOTE_MAX));
  const blocks: types.KnownBlock[] = [section(ui('noMatch', lang, { query: quoted }))];
  const suggestions = input.suggestions.slice(0, 5);
  if (suggestions.length > 0) {
    const lines = suggestions.map((s) => `• ${inlineCode(codeLabel(s))} ${esc(pick(s.title, lang))} _(${esc(pick(s.section, lang))})_`);
    blocks.push(section(`*${esc(ui('nearest', lang))}*\n${linesWithin(lines, SLACK_LIMITS.sectionText - 100, more(lang))}`));
  }
  const buttons: types.Button[] = suggestions.map((s, i) =>
    button(codeLabel(s), indexedAction(ACTION.open, i + 2), openValue(s.entryKey, lang)),
  );
  if (input.reportValue && !input.reported) buttons.push(button(ui('reportMissing', lang), ACTION.reportMissing, input.reportValue));
  if (buttons.length > 0) blocks.push(actions(BLOCK.noMatch, buttons));
  if (input.reported) blocks.push(context([esc(ui('reportThanks', lang))]));
  blocks.push(context([esc(ui('usage', lang))]));
  return { text: fallback(ui('noMatch', lang, { query: clamp(squash(input.query), QUOTE_MAX) })), blocks };
}

/** How to use errcode, optionally after a first line (e.g. "no known error code in that message"). */
export function renderUsage(lang: Language, lead?: string): SlackMessage {
  const blocks: types.KnownBlock[] = [];
  if (lead) blocks.push(section(esc(lead)));
  blocks.push(section(esc(ui('usage', lang))));
  return { text: fallback(lead ?? ui('usage', lang)), blocks };
}

/** One short sentence of errcode's own (confirmations, fault messages). */
export function renderNotice(text: string): SlackMessage {
  return { text: fallback(text), blocks: [section(esc(text))] };
}

/** The message with one more context line at the end, still within the block limit. */
export function withNote(message: SlackMessage, note: string): SlackMessage {
  return { ...message, blocks: [...message.blocks.slice(0, SLACK_LIMITS.blocksPerMessage - 1), context([esc(note)])] };
}

/** The notification text: escaped, one line, within the limit. */
function fallback(text: string): string {
  return clampMrkdwn(esc(squash(text)), SLACK_LIMITS.fallbackText);
}
