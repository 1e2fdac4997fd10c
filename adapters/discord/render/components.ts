/**
 * Buttons and selects, from the controls the product layer decided (src/product/controls.ts).
 * Rows are planned, never overflowed: a private card has its step toggles (five to a row), one row
 * of at most three buttons, and one "More options" select; a public copy has one button. Every
 * custom_id comes from ../custom-ids.ts. Styles follow Discord's guidelines: one Primary action,
 * Secondary for the rest, Link for the documentation, no red (Danger) for feedback.
 */
import { type APIButtonComponent, type APISelectMenuOption, ButtonStyle, ComponentType } from 'discord.js';
import type { CardLink, CardView } from '../../../src/interaction/card.js';
import { MAX_TRACKED_STEPS } from '../../../src/interaction/state.js';
import { ui } from '../../../src/messages.js';
import type { Control } from '../../../src/product/controls.js';
import type { CardReply, ReviewReply } from '../../../src/product/reply.js';
import type { Language } from '../../../src/text.js';
import { addCodeId, cardId, missingId, moreActionValue, moreId, moreOpenValue, nearestId, reviewId, stepId } from '../custom-ids.js';
import { type ActionRow, LIMITS, truncate } from './limits.js';
import { say } from './texts.js';

function button(
  customId: string,
  label: string,
  style: ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success,
  disabled = false,
): APIButtonComponent {
  const made: APIButtonComponent = { type: ComponentType.Button, custom_id: customId, label: truncate(label, LIMITS.buttonLabel), style };
  if (disabled) made.disabled = true;
  return made;
}

function linkButton(url: string, label: string): APIButtonComponent {
  return { type: ComponentType.Button, url, label: truncate(label, LIMITS.buttonLabel), style: ButtonStyle.Link };
}

const row = (...components: ActionRow['components']): ActionRow => ({ type: ComponentType.ActionRow, components });

/** An entry as a select option: code and meaning as the label, the section below it. */
function linkOption(link: CardLink, value: string): APISelectMenuOption {
  return {
    label: truncate(link.label, LIMITS.selectOptionLabel),
    value,
    ...(link.description ? { description: truncate(link.description, LIMITS.selectOptionDescription) } : {}),
  };
}

function controlButton(control: Control, view: CardView): APIButtonComponent | undefined {
  if (control.url) return control.url.length <= LIMITS.buttonUrl ? linkButton(control.url, control.label) : undefined;
  if (
    control.action === 'tick' ||
    control.action === 'reportMissing' ||
    control.action === 'addCode' ||
    control.action === 'approve' ||
    control.action === 'editProposal' ||
    control.action === 'reject'
  )
    return undefined;
  return button(
    cardId(control.action, view.state),
    control.label,
    control.emphasis === 'primary' ? ButtonStyle.Primary : ButtonStyle.Secondary,
  );
}

/** Rows of step toggles, each step's number with a tick when done; as many rows as `rows` allows. */
function stepRows(view: CardView, rows: number): ActionRow[] {
  const tickable = view.steps.slice(0, Math.min(rows * LIMITS.buttonsPerRow, MAX_TRACKED_STEPS));
  const out: ActionRow[] = [];
  for (let i = 0; i < tickable.length; i += LIMITS.buttonsPerRow) {
    const buttons = tickable
      .slice(i, i + LIMITS.buttonsPerRow)
      .map((step) =>
        button(
          stepId(view.state, step.index),
          `${step.done ? '✓' : '☐'} ${step.index + 1}`,
          step.done ? ButtonStyle.Success : ButtonStyle.Secondary,
        ),
      );
    out.push(row(...buttons));
  }
  return out;
}

/** `Other meanings (4)` without its count: what the regex / \(\d+\)$/ strips, without a regex run per reply. */
function withoutCount(title: string): string {
  const open = title.lastIndexOf(' (');
  if (open < 0 || title.length - open < 4 || !title.endsWith(')')) return title;
  for (let i = open + 2; i < title.length - 1; i += 1) {
    const c = title.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return title;
  }
  return title.slice(0, open);
}

/** The "More options" select: the controls the card does not show, then its links to other entries. */
function moreRow(reply: CardReply): ActionRow | undefined {
  const view = reply.card;
  const options: APISelectMenuOption[] = [];
  for (const control of reply.controls.more) {
    const option: APISelectMenuOption = {
      label: truncate(control.label, LIMITS.selectOptionLabel),
      value: moreActionValue(control.action),
    };
    if (control.a11y !== control.label) option.description = truncate(control.a11y, LIMITS.selectOptionDescription);
    options.push(option);
  }
  const seen = new Set<string>();
  for (const links of view.links) {
    const group = withoutCount(links.title);
    for (const link of links.items) {
      if (seen.has(link.entryKey)) continue;
      seen.add(link.entryKey);
      options.push({
        label: truncate(link.label, LIMITS.selectOptionLabel),
        value: moreOpenValue(link.entryKey),
        description: truncate(link.description ? `${group} · ${link.description}` : group, LIMITS.selectOptionDescription),
      });
    }
  }
  if (options.length === 0) return undefined;
  const counts = view.links.map((l) => l.title).join(' · ');
  return row({
    type: ComponentType.StringSelect,
    custom_id: moreId(view.state),
    placeholder: truncate(counts ? `${ui('moreOptions', view.lang)} · ${counts}` : ui('moreOptions', view.lang), LIMITS.selectPlaceholder),
    options: options.slice(0, LIMITS.selectOptions),
  });
}

/** A card's rows: step toggles (private), the visible buttons, the "More options" select. */
export function cardRows(reply: CardReply): ActionRow[] {
  const view = reply.card;
  const buttons: APIButtonComponent[] = [];
  for (const control of reply.controls.visible) {
    const made = controlButton(control, view);
    if (made) buttons.push(made);
  }
  const more = view.mode === 'private' ? moreRow(reply) : undefined;
  const room = LIMITS.actionRows - (buttons.length > 0 ? 1 : 0) - (more ? 1 : 0);
  const rows = view.mode === 'private' ? stepRows(view, room) : [];
  if (buttons.length > 0) rows.push(row(...buttons));
  if (more) rows.push(more);
  return rows;
}

/** One row per answer of an auto-reply or answer list, labelled with the code when there are several. */
export function answerRows(items: ReadonlyArray<{ card: CardView; controls: readonly Control[] }>): ActionRow[] {
  const several = items.length > 1;
  return items.slice(0, LIMITS.actionRows).map(({ card, controls }) => {
    const suffix = several ? ` · ${card.code}` : '';
    const buttons = controls
      .map((c) => controlButton({ ...c, label: `${c.label}${suffix}` }, card))
      .filter((b): b is APIButtonComponent => b !== undefined);
    return row(...buttons);
  });
}

/** No match: pick one of the nearest codes, or report the missing one (once). */
export function noMatchRows(
  lang: Language,
  query: string,
  nearest: readonly CardLink[],
  reported: boolean,
  addCode?: { readonly code: string; readonly label: string },
): ActionRow[] {
  const rows: ActionRow[] = [];
  const options = nearest.slice(0, LIMITS.selectOptions).map((link) => linkOption(link, link.entryKey));
  const unique = options.filter((o, i) => options.findIndex((p) => p.value === o.value) === i);
  if (unique.length > 0) {
    rows.push(
      row({
        type: ComponentType.StringSelect,
        custom_id: nearestId(lang),
        placeholder: truncate(`${ui('nearest', lang)} (${unique.length})`, LIMITS.selectPlaceholder),
        options: unique,
      }),
    );
  }
  const report = reported
    ? button(missingId(lang, query), `✅ ${say('reported', lang)}`, ButtonStyle.Secondary, true)
    : button(missingId(lang, query), ui('reportMissing', lang), ButtonStyle.Secondary);
  rows.push(addCode ? row(button(addCodeId(lang, addCode.code), addCode.label, ButtonStyle.Secondary), report) : row(report));
  return rows;
}

/** `/errcode review`: one row per suggestion, Approve / Edit / Reject. */
export function reviewRows(reply: ReviewReply): ActionRow[] {
  return reply.items
    .slice(0, LIMITS.actionRows)
    .map((item) =>
      row(
        ...item.controls.flatMap((c) =>
          c.action === 'approve' || c.action === 'editProposal' || c.action === 'reject'
            ? [
                button(
                  reviewId(c.action, reply.lang, item.id),
                  c.label,
                  c.emphasis === 'primary' ? ButtonStyle.Primary : ButtonStyle.Secondary,
                ),
              ]
            : [],
        ),
      ),
    );
}
