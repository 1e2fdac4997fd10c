/**
 * Discord's message limits, beside the renderer that keeps to them. discord.js builders throw on
 * some (custom_id, labels, embed parts) but not on six buttons in a row, six rows or content over
 * 2000 characters; `fitMessage` enforces all of them on every payload the adapter sends, and
 * `limitViolations` lists what a payload breaks (the tests' oracle).
 *
 * Lengths are counted in UTF-16 units, which is never fewer than Discord's characters: a payload
 * that fits here fits there.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APISelectMenuOption,
  type APIStringSelectComponent,
  ComponentType,
} from 'discord.js';

export const LIMITS = Object.freeze({
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Title, description, field names and values, footer and author, per embed and per message. */
  embedTotal: 6000,
  embedsPerMessage: 10,
  actionRows: 5,
  buttonsPerRow: 5,
  selectOptions: 25,
  selectOptionLabel: 100,
  selectOptionValue: 100,
  selectOptionDescription: 100,
  selectPlaceholder: 150,
  buttonLabel: 80,
  buttonUrl: 512,
  customId: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const);

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** What the renderer hands to discord.js: plain API JSON, so limits are ours to check. */
export interface DiscordMessage {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly components: ActionRow[];
}

/** At most `max` UTF-16 units, ending with … when cut, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return '…';
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** What Discord counts towards the 6000 characters of an embed. */
export function embedLength(embed: APIEmbed): number {
  let total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  total += embed.footer?.text.length ?? 0;
  total += embed.author?.name.length ?? 0;
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

/** Whether each part of the embed is within its own limit and the whole within `total` (nothing to cut). */
function embedFits(embed: APIEmbed, total: number): boolean {
  if ((embed.title?.length ?? 0) > LIMITS.embedTitle || (embed.description?.length ?? 0) > LIMITS.embedDescription) return false;
  if ((embed.footer?.text.length ?? 0) > LIMITS.footerText || (embed.author?.name.length ?? 0) > LIMITS.authorName) return false;
  const fields = embed.fields;
  if (fields) {
    if (fields.length > LIMITS.embedFields) return false;
    for (const f of fields) {
      const { name, value } = f;
      if (name.length === 0 || name.length > LIMITS.fieldName || value.length === 0 || value.length > LIMITS.fieldValue) return false;
    }
  }
  return embedLength(embed) <= total;
}

/**
 * Each part within its own limit, at most 25 fields, and the whole within `total`. An embed that
 * already fits (the renderers' budgets see to that) is returned as it is: fitMessage runs on every
 * reply, and copying every part of every card was a good part of a reply's cost (npm run bench).
 */
export function fitEmbed(embed: APIEmbed, total: number = LIMITS.embedTotal): APIEmbed {
  if (embedFits(embed, total)) return embed;
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncate(out.title, LIMITS.embedTitle);
  if (out.description !== undefined) out.description = truncate(out.description, LIMITS.embedDescription);
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, LIMITS.footerText) };
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, LIMITS.authorName) };
  if (out.fields) {
    out.fields = out.fields.slice(0, LIMITS.embedFields).map(
      (f): APIEmbedField => ({
        ...f,
        name: truncate(f.name, LIMITS.fieldName) || '\u200b',
        value: truncate(f.value, LIMITS.fieldValue) || '\u200b',
      }),
    );
  }
  // Over the total: the description gives way first (down to a readable head), then the last
  // fields, then the footer, then the description entirely.
  let excess = embedLength(out) - total;
  if (excess > 0 && out.description) {
    const keep = Math.max(Math.min(out.description.length, 200), out.description.length - excess);
    out.description = truncate(out.description, keep);
    excess = embedLength(out) - total;
  }
  while (excess > 0 && out.fields && out.fields.length > 0) {
    out.fields = out.fields.slice(0, -1);
    excess = embedLength(out) - total;
  }
  if (excess > 0 && out.footer) {
    delete out.footer;
    excess = embedLength(out) - total;
  }
  if (excess > 0 && out.description) out.description = truncate(out.description, Math.max(0, out.description.length - excess));
  if (excess > 0 && out.title) out.title = truncate(out.title, Math.max(1, out.title.length - (embedLength(out) - total)));
  return out;
}

function fitButton(button: APIButtonComponent): APIButtonComponent {
  return 'label' in button && button.label !== undefined && button.label.length > LIMITS.buttonLabel
    ? { ...button, label: truncate(button.label, LIMITS.buttonLabel) }
    : button;
}

/** Options unique, each value, label and description within its limit, at most 25, max_values within them. */
function selectFits(select: APIStringSelectComponent): boolean {
  const { options } = select;
  if (options.length > LIMITS.selectOptions || (select.placeholder?.length ?? 0) > LIMITS.selectPlaceholder) return false;
  if (select.max_values !== undefined && (select.max_values > options.length || select.max_values < 1)) return false;
  if (select.min_values !== undefined && select.min_values > Math.max(1, Math.min(select.max_values ?? 1, options.length))) return false;
  for (let i = 0; i < options.length; i += 1) {
    const o = options[i] as APISelectMenuOption;
    if (o.value.length > LIMITS.selectOptionValue || o.label.length > LIMITS.selectOptionLabel) return false;
    if ((o.description?.length ?? 0) > LIMITS.selectOptionDescription) return false;
    for (let j = 0; j < i; j += 1) if ((options[j] as APISelectMenuOption).value === o.value) return false;
  }
  return true;
}

function fitSelect(select: APIStringSelectComponent): APIStringSelectComponent {
  if (selectFits(select)) return select;
  const seen = new Set<string>();
  const unique = select.options.filter((o) => !seen.has(o.value) && o.value.length <= LIMITS.selectOptionValue && seen.add(o.value));
  const options = unique.slice(0, LIMITS.selectOptions).map((o) => ({
    ...o,
    label: truncate(o.label, LIMITS.selectOptionLabel),
    ...(o.description !== undefined ? { description: truncate(o.description, LIMITS.selectOptionDescription) } : {}),
  }));
  const max = Math.min(select.max_values ?? 1, options.length);
  return {
    ...select,
    options,
    ...(select.placeholder !== undefined ? { placeholder: truncate(select.placeholder, LIMITS.selectPlaceholder) } : {}),
    ...(select.max_values !== undefined ? { max_values: Math.max(1, max) } : {}),
    ...(select.min_values !== undefined ? { min_values: Math.min(select.min_values, Math.max(1, max)) } : {}),
  };
}

/** A row of at most five buttons, each custom_id and label within its limit. */
function buttonRowFits(row: ActionRow): boolean {
  if (row.components.length > LIMITS.buttonsPerRow) return false;
  for (const c of row.components) {
    if (c.type !== ComponentType.Button) return false;
    if ('custom_id' in c && c.custom_id.length > LIMITS.customId) return false;
    if ('label' in c && c.label !== undefined && c.label.length > LIMITS.buttonLabel) return false;
  }
  return true;
}

function fitRow(row: ActionRow): ActionRow | undefined {
  const first = row.components[0];
  if (first?.type === ComponentType.Button && buttonRowFits(row)) return row;
  const usable = row.components.filter((c) => !('custom_id' in c) || c.custom_id.length <= LIMITS.customId);
  const head = usable[0];
  if (!head) return undefined;
  // A select fills its row alone; buttons share one, five at most.
  if (head.type === ComponentType.StringSelect) {
    if (head.options.length === 0) return undefined;
    const select = fitSelect(head);
    return row.components.length === 1 && select === head ? row : { ...row, components: [select] };
  }
  if (head.type !== ComponentType.Button) return { ...row, components: [head] };
  const buttons = usable.filter((c): c is APIButtonComponent => c.type === ComponentType.Button).slice(0, LIMITS.buttonsPerRow);
  return { ...row, components: buttons.map(fitButton) };
}

/** The payload cut to every Discord limit: content, embeds (each and together), rows, buttons, selects. */
export function fitMessage(message: DiscordMessage): DiscordMessage {
  const embeds: APIEmbed[] = [];
  let room: number = LIMITS.embedTotal;
  for (const embed of message.embeds) {
    if (room < 50 || embeds.length === LIMITS.embedsPerMessage) break;
    const fitted = fitEmbed(embed, room);
    embeds.push(fitted);
    room -= embedLength(fitted);
  }
  const components: ActionRow[] = [];
  for (const row of message.components) {
    if (components.length === LIMITS.actionRows) break;
    const fitted = fitRow(row);
    if (fitted) components.push(fitted);
  }
  // Content first, as Discord's JSON has always had it (golden payloads).
  if (message.content === undefined) return { embeds, components };
  return { content: truncate(message.content, LIMITS.content), embeds, components };
}

/** Every limit the payload breaks, in words; empty when Discord would accept it. */
export function limitViolations(message: DiscordMessage): string[] {
  const problems: string[] = [];
  const over = (what: string, length: number, max: number) => {
    if (length > max) problems.push(`${what}: ${length} > ${max}`);
  };
  over('content', message.content?.length ?? 0, LIMITS.content);
  over('embeds', message.embeds.length, LIMITS.embedsPerMessage);
  let total = 0;
  message.embeds.forEach((embed, i) => {
    over(`embed ${i} title`, embed.title?.length ?? 0, LIMITS.embedTitle);
    over(`embed ${i} description`, embed.description?.length ?? 0, LIMITS.embedDescription);
    over(`embed ${i} footer`, embed.footer?.text.length ?? 0, LIMITS.footerText);
    over(`embed ${i} fields`, embed.fields?.length ?? 0, LIMITS.embedFields);
    for (const [j, field] of (embed.fields ?? []).entries()) {
      over(`embed ${i} field ${j} name`, field.name.length, LIMITS.fieldName);
      over(`embed ${i} field ${j} value`, field.value.length, LIMITS.fieldValue);
      if (field.name.length === 0 || field.value.length === 0) problems.push(`embed ${i} field ${j} is empty`);
    }
    over(`embed ${i} total`, embedLength(embed), LIMITS.embedTotal);
    total += embedLength(embed);
  });
  over('embeds total', total, LIMITS.embedTotal);
  over('action rows', message.components.length, LIMITS.actionRows);
  const ids = new Set<string>();
  message.components.forEach((row, r) => {
    const selects = row.components.filter((c) => c.type !== ComponentType.Button);
    if (selects.length > 0 && row.components.length > 1) problems.push(`row ${r} mixes a select with other components`);
    over(`row ${r} buttons`, row.components.length, LIMITS.buttonsPerRow);
    if (row.components.length === 0) problems.push(`row ${r} is empty`);
    for (const c of row.components) {
      if ('custom_id' in c) {
        over(`row ${r} custom_id`, c.custom_id.length, LIMITS.customId);
        if (ids.has(c.custom_id)) problems.push(`duplicate custom_id ${c.custom_id}`);
        ids.add(c.custom_id);
      }
      if (c.type === ComponentType.Button && 'label' in c) over(`row ${r} button label`, c.label?.length ?? 0, LIMITS.buttonLabel);
      if (c.type === ComponentType.StringSelect) {
        over(`row ${r} select options`, c.options.length, LIMITS.selectOptions);
        if (c.options.length === 0) problems.push(`row ${r} select has no options`);
        over(`row ${r} placeholder`, c.placeholder?.length ?? 0, LIMITS.selectPlaceholder);
        if ((c.max_values ?? 1) > c.options.length) problems.push(`row ${r} max_values over the option count`);
        const values = new Set<string>();
        for (const o of c.options) {
          over(`row ${r} option label`, o.label.length, LIMITS.selectOptionLabel);
          over(`row ${r} option value`, o.value.length, LIMITS.selectOptionValue);
          over(`row ${r} option description`, o.description?.length ?? 0, LIMITS.selectOptionDescription);
          if (values.has(o.value)) problems.push(`row ${r} duplicate option value ${o.value}`);
          values.add(o.value);
        }
      }
    }
  });
  return problems;
}
