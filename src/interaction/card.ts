/**
 * What an answer card shows, decided once for every platform: the headline, the context line, the
 * fix, the checklist with ticks and progress, what "Still failing" reveals, why it matched in words,
 * the source by its title, the links to other entries, and which controls it offers (controls.ts in
 * src/product). Renderers (Block Kit, Discord, terminal) only lay this out within their own limits.
 */
import type { Answer, Clue, EntryRef } from '../engine/answer.js';
import { type UiKey, ui } from '../messages.js';
import { type Language, type LocalText, pick, squash } from '../text.js';
import { type CardState, isDone, stepsDone } from './state.js';

export interface CardStep {
  readonly index: number;
  readonly text: string;
  readonly done: boolean;
  /** `fixed it for 7 of 9`: how many who marked this entry fixed had this step ticked (issue 14). */
  readonly credit?: string;
}

export interface CardLink {
  readonly entryKey: string;
  /** `6 — App is not registered`: the code and what it means there. */
  readonly label: string;
  /** `QQ platform`: where that meaning comes from. */
  readonly description: string;
}

/** Lists of other entries a card links to; `other-matches` when the card answers free text. */
export type LinkKind = 'other-meanings' | 'other-matches' | 'related';

export interface CardLinks {
  readonly kind: LinkKind;
  /** `Other meanings (4)` */
  readonly title: string;
  readonly items: readonly CardLink[];
}

/** A private card is the reader's own (ticks, votes, "Still failing"); a public copy is read-only. */
export type CardMode = 'private' | 'public';

export interface CardView {
  readonly lang: Language;
  readonly state: CardState;
  readonly mode: CardMode;
  /** `100014 — The access token is expired`: notification and screen-reader text too. */
  readonly headline: string;
  readonly code: string;
  readonly title: string;
  /** `Tencent MSDK (QQ) › QQ platform` (› endpoint) */
  readonly context: string;
  readonly success: boolean;
  /** The whole description, when it says more than the title. */
  readonly meaning?: string;
  /** What to do first; a one-step fix is only this, with no checklist. */
  readonly fix?: string;
  /** The checklist (two steps or more), each step once. */
  readonly steps: readonly CardStep[];
  /** `2 of 5 done`; empty when there is no checklist. */
  readonly progress: string;
  /** What "Still failing" reveals next: the causes and notes, or only the last resort; none at the end. */
  readonly deeper?: 'causes' | 'last-resort';
  /** Revealed by "Still failing" (depth >= 1). */
  readonly diagnostics?: {
    readonly causes: readonly string[];
    readonly note?: string;
    readonly appliesTo: readonly string[];
  };
  /** Revealed at depth 2. */
  readonly lastResort?: string;
  /** The source's verbatim wording where the description cleans up a garbled translation. */
  readonly sourceText?: string;
  /** Shown in the reader's language when the entry has no rendering in it. */
  readonly languageNote?: string;
  /** `exact code; from the field \`ret\`` — words, never a confidence number. */
  readonly why: string;
  /** The source document's human title, and its documentation page where the catalog gives one. */
  readonly source: { readonly title: string; readonly docs?: string };
  readonly links: readonly CardLinks[];
  /** The reader's vote, said in place of the vote controls. */
  readonly voted?: string;
}

export interface CardInput {
  readonly answer: Answer;
  readonly state: CardState;
  readonly mode: CardMode;
  /** Other entries to link: other meanings of the code (or other matches of free text). */
  readonly others?: readonly EntryRef[];
  readonly othersKind?: Exclude<LinkKind, 'related'>;
}

export function codeLabel(answer: Pick<Answer, 'code' | 'main'>): string {
  return answer.main ? `${answer.main}/${answer.code}` : answer.code;
}

/** An entry as a link: code and meaning as the label, the section as its description. */
export function linkOf(ref: EntryRef, lang: Language): CardLink {
  return { entryKey: ref.entryKey, label: `${codeLabel(ref)} — ${pick(ref.title, lang)}`, description: pick(ref.section, lang) };
}

interface FixTexts {
  readonly fix?: string;
  /** The checklist's steps; empty when it is one step (then it is the fix). */
  readonly steps: readonly string[];
}

/** The fix and the checklist's texts in one language, each said once: a one-step checklist is the fix. */
function fixTextsOf(solutionText: LocalText | undefined, checklist: readonly LocalText[], lang: Language): FixTexts {
  const solution = solutionText ? pick(solutionText, lang) : undefined;
  const texts = checklist.map((step) => pick(step, lang));
  if (texts.length <= 1) {
    const parts = [solution, texts[0]].filter((t): t is string => !!t);
    const unique = parts.filter((t, i) => parts.findIndex((o) => squash(o) === squash(t)) === i);
    return unique.length > 0 ? { fix: unique.join('\n'), steps: [] } : { steps: [] };
  }
  // A checklist that is the fix split into sentences says it once, as steps.
  const solutionIsSteps = solution !== undefined && squash(solution) === squash(texts.join(' '));
  return solution && !solutionIsSteps ? { fix: solution, steps: texts } : { steps: texts };
}

/**
 * The same texts for the same entry every time, remembered per checklist (shared by an entry's
 * answers, as its description is): the squashing is not redone on every reply.
 */
const fixTexts = new WeakMap<readonly LocalText[], Array<FixTexts & { lang: Language; solution: LocalText | undefined }>>();

function fixAndSteps(answer: Answer, state: CardState): { fix?: string; steps: CardStep[] } {
  const lang = state.lang;
  const known = fixTexts.get(answer.checklist);
  let texts = known?.find((k) => k.lang === lang && k.solution === answer.solution);
  if (!texts) {
    texts = { ...fixTextsOf(answer.solution, answer.checklist, lang), lang, solution: answer.solution };
    // Two languages per entry; a checklist object shared more widely is simply not remembered.
    if (!known) fixTexts.set(answer.checklist, [texts]);
    else if (known.length < 4) known.push(texts);
  }
  const steps = texts.steps.map((text, index) => ({ index, text, done: isDone(state, index) }));
  return texts.fix !== undefined ? { fix: texts.fix, steps } : { steps };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function buildCard(input: CardInput): CardView {
  const { answer, state, mode } = input;
  const lang = state.lang;
  const title = pick(answer.title, lang);
  const meaning = pick(answer.description, lang);
  const { fix, steps } = fixAndSteps(answer, state);
  const others = input.others === undefined ? [] : input.others.filter((r) => r.entryKey !== answer.entryKey);
  const links: CardLinks[] = [];
  const othersKind = input.othersKind ?? 'other-meanings';
  if (others.length > 0) links.push(linksOf(othersKind, others, lang));
  const related = others.length === 0 ? answer.related : answer.related.filter((r) => !others.some((o) => o.entryKey === r.entryKey));
  if (related.length > 0) links.push(linksOf('related', related, lang));
  const code = codeLabel(answer);
  // Property by property, in the order the card has always had (renderers and `--json` read it),
  // rather than a literal with a dozen conditional spreads: one is built for every reply (npm run bench).
  const card = { lang, state, mode, headline: `${code} — ${title}`, code, title } as Mutable<CardView>;
  card.context = contextLine(answer, lang);
  card.success = answer.outcome === 'success';
  if (!meaningRepeatsTitle(answer.description, meaning, title, lang)) card.meaning = meaning;
  if (fix) card.fix = fix;
  card.steps = steps;
  card.progress = steps.length > 0 ? ui('progress', lang, { done: stepsDone(state, steps.length), total: steps.length }) : '';
  if (answer.outcome !== 'success' && state.depth < 2) card.deeper = nextDepth(answer, state.depth) === 1 ? 'causes' : 'last-resort';
  if (state.depth >= 1) {
    const causes = answer.causes.map((c) => pick(c, lang));
    const appliesTo =
      answer.appliesTo.length > 1
        ? answer.appliesTo.map((p) => (p.url ? `${pick(p.section, lang)} (${p.url})` : pick(p.section, lang)))
        : [];
    card.diagnostics = answer.note ? { causes, note: pick(answer.note, lang), appliesTo } : { causes, appliesTo };
  }
  if (state.depth >= 2) card.lastResort = ui('lastResort', lang);
  if (answer.sourceText) card.sourceText = answer.sourceText;
  const languageNote = languageNoteOf(answer, lang);
  if (languageNote) card.languageNote = languageNote;
  card.why = whyInWords(answer.why, lang);
  card.source = answer.section.docs ? { title: answer.catalog.title, docs: answer.section.docs } : { title: answer.catalog.title };
  card.links = links;
  if (state.vote) card.voted = ui(state.vote === 'helpful' ? 'votedHelpful' : 'votedNotHelpful', lang);
  return card;
}

/** The same sentence, give or take white space and a closing full stop. */
function sameWords(a: string, b: string): boolean {
  const plain = (t: string) => squash(t).replace(/[。.]$/u, '');
  return plain(a) === plain(b);
}

/**
 * Whether the entry's meaning only repeats its title, remembered per description: answers share
 * their entry's texts (src/engine/answers.ts builds them once per entry), and squashing a long
 * description on every reply was a good part of building a card (npm run bench). Keyed by the
 * text object, so a reloaded catalog starts afresh; the title is checked, never assumed.
 */
const repeatsTitle = new WeakMap<LocalText, { lang: Language; title: string; same: boolean }[]>();

function meaningRepeatsTitle(description: LocalText, meaning: string, title: string, lang: Language): boolean {
  const known = repeatsTitle.get(description);
  const hit = known?.find((k) => k.lang === lang && k.title === title);
  if (hit) return hit.same;
  const same = sameWords(meaning, title);
  if (!known) repeatsTitle.set(description, [{ lang, title, same }]);
  else if (known.length < 4) known.push({ lang, title, same });
  return same;
}

function linksOf(kind: LinkKind, refs: readonly EntryRef[], lang: Language): CardLinks {
  const key: UiKey = kind === 'other-meanings' ? 'otherMeanings' : kind === 'other-matches' ? 'otherMatches' : 'related';
  return { kind, title: `${ui(key, lang)} (${refs.length})`, items: refs.map((r) => linkOf(r, lang)) };
}

/** `vendor › section › endpoint`: where the code lives, small print under the headline. */
export function contextLine(answer: Answer, lang: Language): string {
  return [pick(answer.catalog.name, lang), pick(answer.section.name, lang), answer.section.url].filter((x): x is string => !!x).join(' › ');
}

/**
 * "Still failing" one level deeper; an entry with nothing to show at depth 1 (no causes, note or
 * other places) goes straight to the last resort rather than revealing an empty section.
 */
export function nextDepth(answer: Answer, depth: CardState['depth']): CardState['depth'] {
  const hasDiagnostics = answer.causes.length > 0 || answer.note !== undefined || answer.appliesTo.length > 1;
  if (depth === 0 && !hasDiagnostics) return 2;
  return depth >= 1 ? 2 : 1;
}

/** Where an entry comes from, as the CLI prints it: the source by its human title (the document's file name stays in `--json`), section, table, endpoint. */
export function provenanceLine(answer: Answer): string {
  const p = answer.provenance;
  return [answer.catalog.title || p.document, p.section, p.table, p.url].filter((x): x is string => !!x).join(' › ');
}

/** Said in the reader's language when the entry has no rendering in it (the card and the CLI). */
export function languageNoteOf(answer: Pick<Answer, 'description'>, lang: Language): string | undefined {
  return lang === 'zh' && !answer.description.zh ? ui('englishOnly', lang) : undefined;
}

/** The terminal's why-line keeps the confidence number; chat cards use whyInWords. */
export function whyLine(why: readonly Clue[], confidence: number, lang: Language): string {
  const clues = why.map((c) => `${c.kind}: ${c.detail}`).join('; ');
  return `${clues || 'match'} (${ui('confidence', lang)} ${confidence.toFixed(2)})`;
}

const CLUE_WORDS: Readonly<Record<Clue['kind'], UiKey>> = {
  code: 'whyCode',
  alias: 'whyAlias',
  value: 'whyValue',
  range: 'whyRange',
  misprint: 'whyMisprint',
  sign: 'whySign',
  'main-code': 'whyMainCode',
  field: 'whyField',
  keyword: 'whyKeyword',
  url: 'whyUrl',
  message: 'whyMessage',
  oidb: 'whyOidb',
  text: 'whyText',
};

/** `exact code; from the field \`sub_error\`` — each kind of reason once, in the reader's language. */
export function whyInWords(why: readonly Clue[], lang: Language): string {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const clue of why) {
    const detail = squash(clue.detail).slice(0, 80);
    const said = ui(CLUE_WORDS[clue.kind], lang, { detail });
    if (seen.has(said)) continue;
    seen.add(said);
    words.push(said);
  }
  return words.join('; ') || ui('whyCode', lang);
}
