/**
 * Block Kit limits the Slack renderer keeps, and the helpers that keep them. Every text and value
 * the renderer emits goes through one of these, so a long catalog entry or a long paste is cut
 * here, never rejected by Slack (`invalid_blocks`). `checkMessage` lists what a message breaks;
 * tests run it on every rendered message.
 */
import type { types } from '@slack/bolt';

export const SLACK_LIMITS = Object.freeze({
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  actionValue: 2000,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  optionDescription: 75,
  optionValue: 150,
  placeholderText: 150,
  accessibilityLabel: 75,
  optionGroupLabel: 75,
  /** Options of one static_select, over all its groups. */
  selectOptionsTotal: 100,
  buttonUrl: 3000,
  checkboxOptions: 10,
  /** Slack allows 100 options in a static_select; a card offers at most this many. */
  selectOptions: 25,
  overflowOptionsMin: 2,
  overflowOptionsMax: 5,
  /** The top-level `text` (notification fallback); Slack truncates long ones, we stay well below 4000. */
  fallbackText: 3000,
} as const);

export const ELLIPSIS = '…';

/** `text` cut to `max` UTF-16 units (never more characters than Slack counts), ending in "…" when cut. */
export function clamp(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - ELLIPSIS.length));
  // Do not leave half of a surrogate pair at the end.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}

/** Like `clamp` for escaped mrkdwn: a cut never leaves half an entity (`&am…`) behind. */
export function clampMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = clamp(text, max).slice(0, -ELLIPSIS.length);
  return `${cut.replace(/&[a-z]{0,4}$/, '')}${ELLIPSIS}`;
}

/**
 * Splits escaped mrkdwn into at most `maxParts` pieces of at most `max` characters, at line breaks
 * or spaces where it can; the last piece is clamped when the text does not fit.
 */
export function splitMrkdwn(text: string, max: number, maxParts: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max && parts.length < maxParts - 1) {
    const window = rest.slice(0, max);
    let at = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (at < max / 2) at = max;
    let head = rest.slice(0, at);
    // Do not split an entity or a surrogate pair.
    const entity = /&[a-z]{0,4}$/.exec(head);
    if (entity) head = head.slice(0, entity.index);
    if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
    parts.push(head.trimEnd());
    rest = rest.slice(head.length).trimStart();
  }
  parts.push(clampMrkdwn(rest, max));
  return parts.filter((p) => p.length > 0);
}

// ----- text objects and elements, clamped -----------------------------------------------------

/**
 * Slack does not parse plain_text for mentions; the word joiner after `<` keeps it that way should
 * such text ever be copied into mrkdwn (a catalog entry quoting `<!channel>` stays inert).
 */
export function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: clamp(text.replace(/<([!@#])/g, '<\u2060$1'), max) || ' ', emoji: true };
}

/** `text` must already be escaped (render/escape.ts). */
export function mrkdwn(text: string, max: number = SLACK_LIMITS.sectionText): types.MrkdwnElement {
  return { type: 'mrkdwn', text: clampMrkdwn(text, max) || ' ' };
}

export function section(text: string, blockId?: string): types.SectionBlock {
  return { type: 'section', ...(blockId ? { block_id: id(blockId, SLACK_LIMITS.blockId) } : {}), text: mrkdwn(text) };
}

export function header(text: string): types.HeaderBlock {
  return { type: 'header', text: plain(text, SLACK_LIMITS.headerText) };
}

export function context(texts: readonly string[]): types.ContextBlock {
  return {
    type: 'context',
    elements: texts.slice(0, SLACK_LIMITS.contextElements).map((t) => mrkdwn(t, SLACK_LIMITS.contextText)),
  };
}

export function button(
  text: string,
  actionId: string,
  value: string,
  options: { style?: 'primary' | 'danger'; a11y?: string; url?: string } = {},
): types.Button {
  return {
    type: 'button',
    text: plain(text, SLACK_LIMITS.buttonText),
    action_id: id(actionId, SLACK_LIMITS.actionId),
    value: id(value, SLACK_LIMITS.actionValue),
    ...(options.style ? { style: options.style } : {}),
    ...(options.a11y ? { accessibility_label: clamp(options.a11y, SLACK_LIMITS.accessibilityLabel) } : {}),
    // A URL too long for Slack is left off: the button still works as a plain click.
    ...(options.url && options.url.length <= SLACK_LIMITS.buttonUrl ? { url: options.url } : {}),
  };
}

/** A static_select of option groups (empty groups left out), within the 100-option limit. */
export function groupedSelect(
  actionId: string,
  placeholder: string,
  groups: ReadonlyArray<{ label: string; options: types.PlainTextOption[] }>,
): types.StaticSelect | undefined {
  let room: number = SLACK_LIMITS.selectOptionsTotal;
  const option_groups = groups
    .filter((g) => g.options.length > 0)
    .map((g) => {
      const options = g.options.slice(0, room);
      room -= options.length;
      return { label: plain(g.label, SLACK_LIMITS.optionGroupLabel), options };
    })
    .filter((g) => g.options.length > 0);
  if (option_groups.length === 0) return undefined;
  return {
    type: 'static_select',
    action_id: id(actionId, SLACK_LIMITS.actionId),
    placeholder: plain(placeholder, SLACK_LIMITS.placeholderText),
    option_groups,
  };
}

export function option(text: string, value: string, description?: string): types.PlainTextOption {
  return {
    text: plain(text, SLACK_LIMITS.optionText),
    value: id(value, SLACK_LIMITS.optionValue),
    ...(description ? { description: plain(description, SLACK_LIMITS.optionDescription) } : {}),
  };
}

export function actions(blockId: string, elements: types.ActionsBlockElement[]): types.ActionsBlock {
  return { type: 'actions', block_id: id(blockId, SLACK_LIMITS.blockId), elements: elements.slice(0, SLACK_LIMITS.actionsElements) };
}

/**
 * Identifiers and values are never cut silently: a cut one would not decode. Whatever builds them
 * keeps them short (state strings are ~30 characters); this throws if one does not.
 */
function id(value: string, max: number): string {
  if (value.length === 0 || value.length > max)
    throw new RangeError(`Block Kit identifier or value of ${value.length} characters (1..${max})`);
  return value;
}

/**
 * At most `blocksPerMessage` blocks: when there are more, the ones before `keepTail` are cut and a
 * context line says how many were left out (the tail, with the buttons, stays).
 */
export function fitBlocks(blocks: types.KnownBlock[], keepTail: number, moreText: (left: number) => string): types.KnownBlock[] {
  const max = SLACK_LIMITS.blocksPerMessage;
  if (blocks.length <= max) return blocks;
  const tail = blocks.slice(blocks.length - keepTail);
  const room = max - tail.length - 1;
  const head = blocks.slice(0, room);
  const left = blocks.length - keepTail - room;
  return [...head, context([moreText(left)]), ...tail];
}

// ----- checking a whole message ----------------------------------------------------------------

export interface SlackMessage {
  readonly text: string;
  readonly blocks: types.KnownBlock[];
}

/** Every limit a message breaks, as readable lines; empty when Slack would accept it. */
export function checkMessage(message: SlackMessage): string[] {
  const L = SLACK_LIMITS;
  const problems: string[] = [];
  const over = (what: string, value: string | undefined, max: number, min = 1) => {
    if (value === undefined) return;
    if (value.length > max || value.length < min) problems.push(`${what}: ${value.length} characters (allowed ${min}..${max})`);
  };
  over('text', message.text, L.fallbackText);
  if (message.blocks.length > L.blocksPerMessage) problems.push(`${message.blocks.length} blocks (max ${L.blocksPerMessage})`);
  const blockIds = new Set<string>();
  const checkOption = (where: string, o: types.PlainTextOption | types.Option) => {
    over(`${where} option text`, o.text.text, L.optionText);
    over(`${where} option value`, o.value, L.optionValue);
    over(`${where} option description`, o.description?.text, L.optionDescription);
  };
  const checkElement = (where: string, e: { type: string } & Record<string, unknown>) => {
    const el = e as Record<string, unknown> & { action_id?: string };
    over(`${where} action_id`, el.action_id, L.actionId);
    if (e.type === 'button') {
      const b = e as unknown as types.Button;
      over(`${where} button text`, b.text.text, L.buttonText);
      over(`${where} button value`, b.value, L.actionValue);
      over(`${where} accessibility_label`, b.accessibility_label, L.accessibilityLabel);
      over(`${where} url`, b.url, L.buttonUrl);
    } else if (e.type === 'checkboxes') {
      const c = e as unknown as types.Checkboxes;
      if (c.options.length > L.checkboxOptions || c.options.length === 0)
        problems.push(`${where} checkboxes: ${c.options.length} options (1..${L.checkboxOptions})`);
      for (const o of c.options) checkOption(where, o);
      if (c.initial_options && c.initial_options.length === 0) problems.push(`${where} checkboxes: empty initial_options`);
    } else if (e.type === 'static_select') {
      const s = e as unknown as types.StaticSelect;
      const groups = s.option_groups ?? [];
      const options = [...(s.options ?? []), ...groups.flatMap((g) => g.options)];
      if (s.options && s.option_groups) problems.push(`${where} static_select: both options and option_groups`);
      if (options.length > L.selectOptionsTotal || options.length === 0)
        problems.push(`${where} static_select: ${options.length} options (1..${L.selectOptionsTotal})`);
      for (const g of groups) over(`${where} option group label`, g.label.text, L.optionGroupLabel);
      const values = new Set<string>();
      for (const o of options) {
        checkOption(where, o);
        if (o.value !== undefined && values.has(o.value)) problems.push(`${where} static_select: duplicate option value ${o.value}`);
        if (o.value !== undefined) values.add(o.value);
      }
      over(`${where} placeholder`, s.placeholder?.text, L.placeholderText);
    } else if (e.type === 'overflow') {
      const o = e as unknown as types.Overflow;
      if (o.options.length < L.overflowOptionsMin || o.options.length > L.overflowOptionsMax)
        problems.push(`${where} overflow: ${o.options.length} options (${L.overflowOptionsMin}..${L.overflowOptionsMax})`);
      for (const opt of o.options) checkOption(where, opt);
    }
  };
  message.blocks.forEach((block, i) => {
    const where = `block ${i} (${block.type})`;
    if (block.block_id !== undefined) {
      over(`${where} block_id`, block.block_id, L.blockId);
      if (blockIds.has(block.block_id)) problems.push(`${where}: duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    if (block.type === 'header') over(`${where} text`, block.text.text, L.headerText);
    if (block.type === 'section') {
      over(`${where} text`, block.text?.text, L.sectionText);
      if (block.accessory) checkElement(`${where} accessory`, block.accessory as never);
    }
    if (block.type === 'context') {
      if (block.elements.length > L.contextElements) problems.push(`${where}: ${block.elements.length} elements`);
      for (const e of block.elements) if ('text' in e) over(`${where} element`, e.text, L.contextText);
    }
    if (block.type === 'actions') {
      if (block.elements.length > L.actionsElements) problems.push(`${where}: ${block.elements.length} elements`);
      const actionIds = new Set<string>();
      for (const e of block.elements) {
        checkElement(where, e as never);
        const actionId = (e as { action_id?: string }).action_id;
        if (actionId !== undefined && actionIds.has(actionId)) problems.push(`${where}: duplicate action_id ${actionId}`);
        if (actionId !== undefined) actionIds.add(actionId);
      }
    }
  });
  return problems;
}
