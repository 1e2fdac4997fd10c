/**
 * Answer cards as Discord embeds. The card's content is decided in src/interaction/card.ts; this
 * file only lays it out within Discord's limits (./limits.ts), giving room to what matters most
 * when everything cannot fit: the code and its meaning, then what the reader asked for.
 */
import type { APIEmbed, APIEmbedField } from 'discord.js';
import { briefFixOf, type CardLink, type CardView } from '../../../src/interaction/card.js';
import { ui } from '../../../src/messages.js';
import { redactSecrets } from '../../../src/secrets.js';
import { type Language, squash } from '../../../src/text.js';
import { fitEmbed, LIMITS, truncate } from './limits.js';
import { say } from './texts.js';

export const COLORS = Object.freeze({ error: 0xe67e22, success: 0x2ecc71, notFound: 0x99aab5 } as const);

const DESCRIPTION_WITH_FIELDS = 2000;
const FOOTER_MAX = 300;
const WHY_MAX = 300;
const STEP_LINE_MAX = 400;
/** The lines naming a card's other meanings and the words that narrow them, each at most. */
const MEANINGS_LINE_MAX = 400;
/** Room kept for the "… and N more" line of a list cut short. */
const MORE_RESERVE = 24;

/** Characters left for one embed; each part takes from it in priority order. */
class Budget {
  constructor(public left: number) {}

  take(text: string, max: number): string {
    const taken = truncate(text, Math.max(0, Math.min(max, this.left)));
    this.left -= taken.length;
    return taken;
  }

  spend(count: number): void {
    this.left -= count;
  }
}

/**
 * Lines packed into fields of at most 1024 characters (the first named `name`, the rest with a
 * blank name), as many as the budget and `maxFields` allow; a list cut short says how many are left.
 */
function listFields(
  name: string,
  lines: readonly string[],
  budget: Budget,
  maxFields: number,
  lang: Language,
  lineMax: number,
): APIEmbedField[] {
  const fields: Array<{ name: string; value: string }> = [];
  const fieldName = truncate(name, LIMITS.fieldName);
  let shown = 0;
  for (const raw of lines) {
    const line = truncate(raw, Math.min(lineMax, LIMITS.fieldValue - MORE_RESERVE));
    const current = fields.at(-1);
    const opensField = !current || current.value.length + 1 + line.length > LIMITS.fieldValue - MORE_RESERVE;
    const nextName = fields.length === 0 ? fieldName : '\u200b';
    const cost = opensField ? nextName.length + line.length : 1 + line.length;
    if (cost > budget.left - MORE_RESERVE || (opensField && fields.length >= maxFields)) break;
    if (opensField || !current) fields.push({ name: nextName, value: line });
    else current.value += `\n${line}`;
    budget.spend(cost);
    shown += 1;
  }
  const last = fields.at(-1);
  if (last && shown < lines.length) {
    const more = `\n${say('moreSteps', lang, { count: lines.length - shown })}`;
    last.value += more;
    budget.spend(more.length);
  }
  return fields;
}

/**
 * "Why this matched" can quote field names from a paste, so it is redacted; it is also one of a
 * few dozen texts ("exact code", "from the field `ret`"), so a text found clean is remembered and
 * not scanned again. Only clean texts are kept (never one holding a secret), at most CLEAN_WHY_MAX.
 */
const cleanWhy = new Set<string>();
const CLEAN_WHY_MAX = 1024;

function redactedWhy(why: string): string {
  if (cleanWhy.has(why)) return why;
  const redacted = redactSecrets(why);
  if (redacted.found.length === 0 && redacted.text === why) {
    if (cleanWhy.size >= CLEAN_WHY_MAX) cleanWhy.clear();
    cleanWhy.add(why);
  }
  return redacted.text;
}

/**
 * The full answer card: author line = vendor › section (› endpoint); title = `code` — meaning,
 * linked to the vendor's documentation where there is one; description = the whole meaning and the
 * fix; fields = the checklist (each step once, ticked where it stands on a private card), what
 * "Still failing" revealed; footer = the source by its title and why it matched, in words.
 */
export function cardEmbed(view: CardView): APIEmbed {
  const lang = view.lang;
  const interactive = view.mode === 'private';
  const budget = new Budget(LIMITS.embedTotal);
  const title = budget.take(`\`${view.code}\` — ${view.title}`, LIMITS.embedTitle);
  const author = budget.take(authorLine(view), AUTHOR_MAX);
  const wording = view.sourceText ? ` · ${ui('sourceWording', lang)}: "${view.sourceText}"` : '';
  const footer = budget.take(
    `${ui('source', lang)}: ${view.source.title}${wording} · ${ui('why', lang)}: ${redactedWhy(view.why)}`,
    FOOTER_MAX + WHY_MAX,
  );

  const parts: string[] = [];
  if (view.success) parts.push(`✅ ${ui('success', lang)}`);
  // An ambiguous code says so on the card itself, first, where a cut never reaches: the links
  // are in "More options", whose placeholder alone read as one confident meaning.
  const ambiguity: string[] = [];
  if (view.otherMeaningsNote && interactive)
    ambiguity.push(`🔀 ${truncate(view.otherMeaningsNote, MEANINGS_LINE_MAX)} — _${ui('seeMoreOptions', lang)}_`);
  if (view.narrowHint) ambiguity.push(`🔎 ${truncate(view.narrowHint, MEANINGS_LINE_MAX)}`);
  if (ambiguity.length > 0) parts.push(ambiguity.join('\n'));
  if (view.meaning) parts.push(view.meaning);
  if (view.endpoint) parts.push(`${ui('endpoint', lang)}: ${view.endpoint}`);
  if (view.note) parts.push(`**${ui('note', lang)}:** ${view.note}`);
  if (view.fix) parts.push(`**${ui('solution', lang)}:** ${view.fix}`);
  if (view.noFix) parts.push(`_${view.noFix}_`);
  if (view.languageNote) parts.push(`_${view.languageNote}_`);
  if (view.voted) parts.push(`✅ ${view.voted}`);
  const hasFields = view.steps.length > 0 || view.diagnostics !== undefined || view.lastResort !== undefined;
  const description = budget.take(parts.join('\n\n'), hasFields ? DESCRIPTION_WITH_FIELDS : LIMITS.embedDescription);

  const checklistName = interactive && view.progress ? `${ui('checklist', lang)} — ${view.progress}` : ui('checklist', lang);
  const stepLines = view.steps.map(
    (s) =>
      // The credit first, so cutting a long step never loses it.
      (interactive ? `${s.done ? '✅' : '⬜'} ${s.index + 1}. ` : `${s.index + 1}. `) + (s.credit ? `_(${s.credit})_ ${s.text}` : s.text),
  );
  const d = view.diagnostics;
  const group = (key: FieldGroup): APIEmbedField[] => {
    switch (key) {
      case 'checklist':
        return listFields(checklistName, stepLines, budget, 10, lang, STEP_LINE_MAX);
      case 'causes':
        return listFields(
          ui('causes', lang),
          (d?.causes ?? []).map((c) => `• ${c}`),
          budget,
          5,
          lang,
          STEP_LINE_MAX,
        );
      case 'appliesTo':
        return listFields(
          ui('appliesTo', lang),
          (d?.appliesTo ?? []).map((p) => `• ${p}`),
          budget,
          4,
          lang,
          STEP_LINE_MAX,
        );
      case 'lastResort':
        return view.lastResort ? listFields(ui('stillFailing', lang), [view.lastResort], budget, 1, lang, LIMITS.fieldValue) : [];
    }
  };
  // Who asked "Still failing" has read the checklist: what it revealed gets the room first.
  let fields: APIEmbedField[];
  if (view.state.depth > 0) {
    const built: Partial<Record<FieldGroup, APIEmbedField[]>> = {};
    for (const key of REVEALED_FIRST) built[key] = group(key);
    fields = [];
    for (const key of DISPLAY_ORDER) for (const field of built[key] ?? []) fields.push(field);
  } else fields = group('checklist');

  // Built in the order Discord's JSON has always had (golden payloads), without spreading parts in.
  const embed: APIEmbed = { title };
  if (view.source.docs && view.source.docs.length <= URL_MAX) embed.url = view.source.docs;
  if (author) embed.author = { name: author };
  if (description) embed.description = description;
  embed.color = view.success ? COLORS.success : COLORS.error;
  embed.fields = fields;
  if (footer) embed.footer = { text: footer };
  return fitEmbed(embed);
}

type FieldGroup = 'checklist' | 'causes' | 'appliesTo' | 'lastResort';
/** Which group is given room first once "Still failing" revealed more, and the order they show in. */
const REVEALED_FIRST: readonly FieldGroup[] = ['lastResort', 'causes', 'appliesTo', 'checklist'];
const DISPLAY_ORDER: readonly FieldGroup[] = ['checklist', 'causes', 'appliesTo', 'lastResort'];

/**
 * The author line: vendor › section, kept to about one line. The endpoint URL goes below the
 * meaning instead: with it, 11205's author ran to three bold lines above the code.
 */
const AUTHOR_MAX = 120;

function authorLine(view: CardView): string {
  const suffix = view.endpoint ? ` › ${view.endpoint}` : '';
  return view.endpoint && view.context.endsWith(suffix) ? view.context.slice(0, -suffix.length) : view.context;
}

const COMPACT_TEXT_MAX = 700;
const COMPACT_FOOTER_MAX = 300;
const URL_MAX = 2000;

/** One answer in an auto-reply: the headline, where it lives and its fix as briefFixOf gives it, within the embed limits (fitEmbed). */
export function compactEmbed(view: CardView): APIEmbed {
  const lang = view.lang;
  const parts: string[] = [];
  const fix = briefFixOf(view);
  if (fix) parts.push(`**${ui('solution', lang)}:** ${fix.text}${fix.more ? ` _${fix.more}_` : ''}`);
  else if (view.noFix) parts.push(`_${view.noFix}_`);
  if (view.otherMeaningsNote) parts.push(`🔀 ${truncate(view.otherMeaningsNote, COMPACT_TEXT_MAX)}`);
  if (view.steps.length > 1) parts.push(`_${ui('checklistSteps', lang, { count: view.steps.length })}_`);
  return fitEmbed({
    title: truncate(`\`${view.code}\` — ${view.title}`, LIMITS.embedTitle),
    author: { name: truncate(authorLine(view), AUTHOR_MAX) },
    ...(parts.length > 0 ? { description: parts.join('\n\n') } : {}),
    color: view.success ? COLORS.success : COLORS.error,
    footer: { text: truncate(`${ui('source', lang)}: ${view.source.title} · ${ui('why', lang)}: ${view.why}`, COMPACT_FOOTER_MAX) },
  });
}

/** Nothing matched: say so (the query already redacted by the caller), list the nearest codes. */
export function noMatchEmbed(query: string, nearest: readonly CardLink[], lang: Language): APIEmbed {
  const lines = nearest.map((link) => `• ${truncate(link.label, 200)} _(${truncate(link.description, 100)})_`);
  const parts = lines.length > 0 ? [`**${ui('nearest', lang)}**`, ...lines, ''] : [];
  parts.push(ui('usage', lang));
  return fitEmbed({
    title: truncate(ui('noMatch', lang, { query: truncate(squash(query), 120) }), LIMITS.embedTitle),
    description: parts.join('\n'),
    color: COLORS.notFound,
  });
}
