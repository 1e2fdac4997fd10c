/**
 * What an answer card shows, decided once for every platform: the headline, the context line, the
 * fix, the entry's note, the checklist with ticks and progress, what "Still failing" reveals, why it matched in words,
 * the source by its title, the links to other entries, and which controls it offers (controls.ts in
 * src/product). Renderers (Block Kit, Discord, terminal) only lay this out within their own limits.
 */
import type { Answer, Clue, EntryRef, NarrowingWord } from '../engine/answer.js';
import { type UiKey, ui } from '../messages.js';
import { type Language, type LocalText, pick, squash, wholeSentences } from '../text.js';
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

/**
 * Lists of other entries a card links to; `other-matches` when the card answers free text,
 * `other-codes` for the further codes a question asked about (`100014 100015`: not meanings of 100014).
 */
export type LinkKind = 'other-meanings' | 'other-matches' | 'other-codes' | 'related';

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
  /** The endpoint alone (the context line's last part), for a renderer that lays it out apart. */
  readonly endpoint?: string;
  readonly success: boolean;
  /** The whole description, when it says more than the title. */
  readonly meaning?: string;
  /**
   * The entry's note, in the card itself: what tells the code's variants apart (6004: read the
   * `data` message) or how to read the source, said before the fix rather than after a click.
   */
  readonly note?: string;
  /** What to do first; a one-step fix is only this, with no checklist. */
  readonly fix?: string;
  /**
   * Said in place of a fix when the source gives none (the OIDB tables): an empty card read as a
   * fix lost on the way. Never beside a fix or a checklist, never on a success code.
   */
  readonly noFix?: string;
  /** The checklist (two steps or more), each step once. */
  readonly steps: readonly CardStep[];
  /** `2 of 5 done`; empty when there is no checklist. */
  readonly progress: string;
  /**
   * What "Still failing" reveals next, which its label names: the causes (and the other places the
   * code applies), only those other places, or the last resort (what to bring to support); none at the end.
   */
  readonly deeper?: Deeper;
  /** Revealed by "Still failing" (depth >= 1). */
  readonly diagnostics?: {
    readonly causes: readonly string[];
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
  /**
   * `Other meanings (1): 1203/11205 — The token has expired (Revoke …)`: an ambiguous code says so
   * on the card itself, not only inside a closed menu (11205 read as one confident meaning).
   */
  readonly otherMeaningsNote?: string;
  /**
   * `Several meanings tie: add "qq" or "avatar" to narrow it down.`: a code whose meanings are
   * equally likely says which words, written beside it, pick one (the words the engine checked).
   */
  readonly narrowHint?: string;
  /** The reader's vote, said in place of the vote controls. */
  readonly voted?: string;
}

export type Deeper = 'causes' | 'places' | 'last-resort';

export interface CardInput {
  readonly answer: Answer;
  readonly state: CardState;
  readonly mode: CardMode;
  /** Other entries to link: other meanings of the code (or other matches of free text). */
  readonly others?: readonly EntryRef[];
  readonly othersKind?: 'other-meanings' | 'other-matches';
  /** The other codes the question asked about, each by its best meaning. */
  readonly otherCodes?: readonly EntryRef[];
  /** The code's meanings tie: the words that single each out (engine.narrowingWords). */
  readonly narrowing?: readonly NarrowingWord[];
}

/** How the question wrote the code an answer explains: as matched (`0X9B`, `17`), else the catalog's code. */
function askedAs(answer: Pick<Answer, 'matchedAs' | 'code' | 'main'>): string {
  return answer.matchedAs ?? codeLabel(answer);
}

/** Whether `other` answers the same code as `first` (another meaning), rather than another code of the question. */
export function asksSameCode(first: Answer, other: Answer): boolean {
  // `31204` asked: NSP_STATUS 31204 and the sub-code 1203/31204 are two meanings of what was asked.
  const spellings = [askedAs(first), codeLabel(first), first.code, ...first.aliases];
  const asked = askedAs(other);
  return spellings.includes(asked) || (other.matchedAs === undefined && spellings.includes(other.code));
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
  const given = fixAndSteps(answer, state);
  const { steps } = given;
  // No fix given, but the description itself says what to do (OIDB 0x74: `… Check whether the
  // incoming accesstoken is correct`): that is the fix, not "the source gives no fix".
  const told =
    given.fix === undefined && steps.length === 0 && answer.outcome !== 'success' ? fixToldIn(answer.description, lang) : undefined;
  const fix = told ? told.fix : given.fix;
  const meaning = told ? told.meaning : pick(answer.description, lang);
  const others = input.others === undefined ? [] : input.others.filter((r) => r.entryKey !== answer.entryKey);
  const otherCodes = input.otherCodes === undefined ? [] : input.otherCodes.filter((r) => r.entryKey !== answer.entryKey);
  const links: CardLinks[] = [];
  const othersKind = input.othersKind ?? 'other-meanings';
  if (others.length > 0) links.push(linksOf(othersKind, others, answer, lang));
  if (otherCodes.length > 0) links.push(linksOf('other-codes', otherCodes, answer, lang));
  const linked = [...others, ...otherCodes];
  const related = linked.length === 0 ? answer.related : answer.related.filter((r) => !linked.some((o) => o.entryKey === r.entryKey));
  if (related.length > 0) links.push(linksOf('related', related, answer, lang));
  const code = codeLabel(answer);
  // Property by property, in the order the card has always had (renderers and `--json` read it),
  // rather than a literal with a dozen conditional spreads: one is built for every reply (npm run bench).
  const card = { lang, state, mode, headline: `${code} — ${title}`, code, title } as Mutable<CardView>;
  card.context = contextLine(answer, lang);
  if (answer.section.url) card.endpoint = answer.section.url;
  card.success = answer.outcome === 'success';
  if (!meaningRepeatsTitle(answer.description, meaning, title, lang)) card.meaning = meaning;
  if (answer.note) card.note = pick(answer.note, lang);
  if (fix) card.fix = fix;
  else if (steps.length === 0 && answer.outcome !== 'success') card.noFix = ui('noFix', lang);
  card.steps = steps;
  card.progress = steps.length > 0 ? ui('progress', lang, { done: stepsDone(state, steps.length), total: steps.length }) : '';
  if (answer.outcome !== 'success' && state.depth < 2) card.deeper = deeperOf(answer, state.depth);
  if (state.depth >= 1) {
    const causes = answer.causes.map((c) => pick(c, lang));
    const appliesTo =
      answer.appliesTo.length > 1
        ? answer.appliesTo.map((p) => (p.url ? `${pick(p.section, lang)} (${p.url})` : pick(p.section, lang)))
        : [];
    card.diagnostics = { causes, appliesTo };
  }
  if (state.depth >= 2) card.lastResort = ui('lastResort', lang);
  if (answer.sourceText) card.sourceText = answer.sourceText;
  const languageNote = languageNoteOf(answer, lang);
  if (languageNote) card.languageNote = languageNote;
  card.why = whyInWords(answer.why, lang);
  card.source = answer.section.docs ? { title: answer.catalog.title, docs: answer.section.docs } : { title: answer.catalog.title };
  card.links = links;
  const meanings = links.find((l) => l.kind === 'other-meanings');
  const mainNote = mainCodeNoteOf(answer, others, lang);
  if (mainNote) card.otherMeaningsNote = mainNote;
  else if (meanings) card.otherMeaningsNote = otherMeaningsNoteOf(meanings);
  const narrowHint = narrowHintOf(input.narrowing ?? [], lang);
  if (narrowHint) card.narrowHint = narrowHint;
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

/**
 * A card's links; a link in the card's own section has no section below it: the card already says
 * where it is, and the same long section under every related code told them apart not at all
 * (11205's five related codes all read "Obtain user-level credentials / Refresh …").
 */
function linksOf(kind: LinkKind, refs: readonly EntryRef[], answer: Answer, lang: Language): CardLinks {
  const keys: Record<LinkKind, UiKey> = {
    'other-meanings': 'otherMeanings',
    'other-matches': 'otherMatches',
    'other-codes': 'otherCodesAsked',
    related: 'related',
  };
  const key = keys[kind];
  const ownSection = pick(answer.section.name, lang);
  const ownTable = answer.provenance.table;
  // A section that holds several tables (OIDB: 0x73a, 0x711) does not tell their rows apart alone.
  const tablesBySection = new Map<string, Set<string | undefined>>([[`${answer.catalog.id}\u0000${ownSection}`, new Set([ownTable])]]);
  for (const r of refs) {
    const where = `${r.catalogId}\u0000${pick(r.section, lang)}`;
    const tables = tablesBySection.get(where) ?? new Set();
    tables.add(r.table);
    tablesBySection.set(where, tables);
  }
  const items = refs.map((r) => {
    const link = linkOf(r, lang);
    const sameTable = r.catalogId === answer.catalog.id && link.description === ownSection && r.table === ownTable;
    if (sameTable) return { ...link, description: '' };
    const tables = tablesBySection.get(`${r.catalogId}\u0000${link.description}`);
    return r.table && tables && tables.size > 1 ? { ...link, description: `${link.description} › ${tableLabel(r.table)}` } : link;
  });
  return { kind, title: `${ui(key, lang)} (${refs.length})`, items };
}

/**
 * A table's heading, short enough for a menu option's description (Slack: 75 characters): what
 * it closes with in brackets names it (`… PayToken verification (0x73a)` is `0x73a`), else the
 * heading without its list letter (`A. Error codes uniformly returned by OIDB`).
 */
export function tableLabel(heading: string): string {
  const named = /\(([^()]{1,40})\)\s*$/u.exec(heading);
  if (named?.[1]) return named[1].trim();
  return heading.replace(/^[A-Za-z0-9]{1,2}\.\s+/u, '');
}

/** Other meanings named on the card, at most this many; the rest are counted in the title. */
const MEANINGS_NAMED = 2;

/** `Other meanings (3): A (where); B (where); …`: the first few by code, meaning and where they apply. */
function otherMeaningsNoteOf(links: CardLinks): string {
  const named = links.items
    .slice(0, MEANINGS_NAMED)
    .map((link) => (link.description ? `${link.label} (${link.description})` : link.label))
    .join('; ');
  return `${links.title}: ${named}${links.items.length > MEANINGS_NAMED ? '; …' : ''}`;
}

/** The clues of an entry reached by its own code, in some spelling, rather than by the main code over it. */
const OWN_CODE_CLUES: ReadonlySet<Clue['kind']> = new Set(['code', 'alias', 'value', 'range', 'misprint']);

/** `1101` reaching 1101/12304: its main code was asked (`main-code`), not its own code (`1101 12304`, `{"error":1101,"sub_error":12304}`). */
function reachedByMainAlone(why: readonly Clue[]): boolean {
  return why.some((clue) => clue.kind === 'main-code') && !why.some((clue) => OWN_CODE_CLUES.has(clue.kind));
}

/**
 * `1101` asked alone reaches the sub-codes under it, none more likely than another: the card says it
 * answers with the first of them because a main code names no one error, and how to ask for the one
 * meant, rather than reading as if 1101 meant "client_secret incorrect". Undefined for a question
 * that gave its sub-code, or a main code with a single sub-code (1103 is its 20153).
 */
export function mainCodeNoteOf(
  answer: Pick<Answer, 'why' | 'main' | 'mainField' | 'field' | 'code'>,
  others: readonly Pick<EntryRef, 'main'>[],
  lang: Language,
): string | undefined {
  if (answer.main === undefined || !reachedByMainAlone(answer.why)) return undefined;
  if (!others.some((other) => other.main === answer.main)) return undefined;
  return ui('mainCodeAlone', lang, {
    main: answer.main,
    mainField: answer.mainField ?? 'main',
    subField: answer.field,
    first: codeLabel(answer),
  });
}

/** Narrowing words named on the card, at most; the rest are left to the menu's other meanings. */
const NARROWING_NAMED = 4;

/** `Several meanings tie: add "qq", "avatar" or "revoke" to narrow it down.`, or nothing without words. */
function narrowHintOf(narrowing: readonly NarrowingWord[], lang: Language): string | undefined {
  const words = [...new Set(narrowing.map((n) => n.word))];
  if (words.length === 0) return undefined;
  const named = words.slice(0, NARROWING_NAMED).map((w) => (lang === 'zh' ? `“${w}”` : `"${w}"`));
  const more = words.length > NARROWING_NAMED;
  const last = named.pop() as string;
  const list =
    named.length === 0
      ? last
      : lang === 'zh'
        ? `${named.join('、')}${more ? '、' : '或'}${last}${more ? '…' : ''}`
        : `${named.join(', ')}${more ? ', ' : ' or '}${last}${more ? ', …' : ''}`;
  return ui('narrowHint', lang, { words: list });
}

/** `vendor › section › endpoint`: where the code lives, small print under the headline. */
export function contextLine(answer: Answer, lang: Language): string {
  return [pick(answer.catalog.name, lang), pick(answer.section.name, lang), answer.section.url].filter((x): x is string => !!x).join(' › ');
}

/**
 * "Still failing" one level deeper; an entry with nothing to show at depth 1 (no causes, no other
 * places; its note is on the card already) goes straight to the last resort rather than revealing
 * an empty section.
 */
export function nextDepth(answer: Answer, depth: CardState['depth']): CardState['depth'] {
  const hasDiagnostics = answer.causes.length > 0 || answer.appliesTo.length > 1;
  if (depth === 0 && !hasDiagnostics) return 2;
  return depth >= 1 ? 2 : 1;
}

/** What the next "Still failing" click reveals, for its label to name. */
function deeperOf(answer: Answer, depth: CardState['depth']): Deeper {
  if (nextDepth(answer, depth) === 2) return 'last-resort';
  return answer.causes.length > 0 ? 'causes' : 'places';
}

/** Where an entry comes from, as the CLI prints it: the source by its human title (the document's file name stays in `--json`), section, table, endpoint. */
export function provenanceLine(answer: Answer): string {
  const p = answer.provenance;
  const parts = [answer.catalog.title || p.document, p.section, p.table, p.url].filter((x): x is string => !!x);
  // A one-section document whose section heading is its title (the HMS Push FAQ) says it once.
  return parts.filter((part, i) => part !== parts[i - 1]).join(' › ');
}

/**
 * Said when the entry has no fix, no checklist and no instruction in its description (the card
 * decides the same in buildCard; the CLI asks here).
 */
export function noFixNoteOf(
  answer: Pick<Answer, 'solution' | 'checklist' | 'outcome' | 'description'>,
  lang: Language,
): string | undefined {
  const none = !answer.solution && answer.checklist.length === 0 && answer.outcome !== 'success';
  return none && !fixToldIn(answer.description, lang) ? ui('noFix', lang) : undefined;
}

/**
 * The longest fix a compact answer (an auto-reply, a mention's answer) shows before "Show fix
 * checklist", in characters: about four lines of a thread. Every platform's limit is far above it,
 * so it is the same on every platform.
 */
export const BRIEF_FIX_MAX = 400;

export interface BriefFix {
  /** Whole sentences of the fix (or of the first step), never half of one. */
  readonly text: string;
  /** Said after a fix cut short: where the rest is. */
  readonly more?: string;
}

/**
 * The fix as a compact answer shows it. With a checklist behind "Show fix checklist": the whole fix
 * when it fits BRIEF_FIX_MAX, else the sentences that fit and a pointer to that button (a mid-word
 * cut dropped 6004's Game Center, the fix). A one-step fix has no such button (hasChecklistToShow):
 * the answer is the one place it is said, so it is said whole, as the full card says it, within
 * the renderer's limits; cut to 400 it lost 20181's "Pass the grant_type value for your case" and
 * pointed at a button the reply did not have.
 */
export function briefFixOf(view: Pick<CardView, 'fix' | 'steps' | 'lang'>): BriefFix | undefined {
  const fix = view.fix ?? view.steps[0]?.text;
  if (fix === undefined) return undefined;
  if (!hasChecklistToShow(view)) return { text: squash(fix) };
  const brief = wholeSentences(fix, BRIEF_FIX_MAX);
  return brief.cut ? { text: brief.text, more: ui('fixMore', view.lang) } : { text: brief.text };
}

/** A fix the description tells, and the meaning said without it. */
interface ToldFix {
  readonly fix: string;
  readonly meaning: string;
}

/**
 * Sentences that open with what to do: an imperative the sources use (`Please …`, `Check …`,
 * `请…`, `检查…`). The Chinese rendering counts too: a garbled English sentence (`Contrast here to
 * view …`) is an instruction when its Chinese (`请对照此处查看 …`) is one.
 */
const INSTRUCTION_EN =
  /^(?:please|check|make sure|ensure|confirm|verify|contact|apply|retry|try|refer to|use|configure|add|go to|submit|reinstall|install|update|upgrade|wait|log in|register|enable|obtain|clear|restart|reauthori[sz]e)\b/i;
const INSTRUCTION_ZH = /^(?:请|检查|确认|确保|建议|务必|尝试|重试|联系)/u;

/**
 * Sentences of a description: after a `.` `!` `?` and white space (not a list item's number,
 * `1. OIDB …`, nor the dots of an address), or after a Chinese full stop.
 */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[^\d\s][.!?])\s+|(?<=[。！？])/u)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

const OPENERS = '([（【';
const CLOSERS = ')]）】';

/** Brackets left open or closed in excess: a part cut out of a bracketed aside (OIDB 0x5). */
function bracketBalance(text: string): number {
  let depth = 0;
  for (const char of text) {
    if (OPENERS.includes(char)) depth += 1;
    else if (CLOSERS.includes(char)) depth -= 1;
  }
  return depth;
}

/** Remembered per description (shared by an entry's answers): a card is built for every reply. */
const toldFixes = new WeakMap<LocalText, Partial<Record<Language, ToldFix | null>>>();

/**
 * The fix a description tells when the source gives none: its sentences after the first that say
 * what to do, in the reader's language; the meaning is the rest (the whole description when taking
 * them out would leave a bracket open). Undefined when no sentence after the first is an instruction.
 */
export function fixToldIn(description: LocalText, lang: Language): ToldFix | undefined {
  const known = toldFixes.get(description);
  const hit = known?.[lang];
  if (hit !== undefined) return hit ?? undefined;
  const found = computeToldFix(description, lang);
  toldFixes.set(description, { ...known, [lang]: found ?? null });
  return found;
}

function computeToldFix(description: LocalText, lang: Language): ToldFix | undefined {
  const text = pick(description, lang);
  const en = sentencesOf(description.en);
  const zh = description.zh === undefined ? [] : sentencesOf(description.zh);
  const inChinese = lang === 'zh' && description.zh !== undefined;
  const own = inChinese ? zh : en;
  const saysEn = (i: number) => INSTRUCTION_EN.test(en[i] ?? '');
  const saysZh = (i: number) => INSTRUCTION_ZH.test(zh[i] ?? '');
  // The two renderings say the same sentences when they count the same: then either tells.
  const aligned = en.length === zh.length;
  const instructs = (i: number) => (aligned ? saysEn(i) || saysZh(i) : inChinese ? saysZh(i) : saysEn(i));
  const fix: string[] = [];
  const rest: string[] = [];
  for (const [i, sentence] of own.entries()) (i > 0 && instructs(i) ? fix : rest).push(sentence);
  if (fix.length === 0) return undefined;
  let said = fix.join(lang === 'zh' ? '' : ' ');
  // An instruction that closed an aside (`… backend. Please configure it yourself: http://…)`) ends without its bracket.
  if (bracketBalance(said) < 0 && CLOSERS.includes(said.at(-1) ?? '')) said = said.slice(0, -1).trimEnd();
  const left = rest.join(lang === 'zh' ? '' : ' ');
  return { fix: said, meaning: bracketBalance(left) === 0 ? left : text };
}

/**
 * Whether a card has a checklist (two steps or more) to open: "Show fix checklist" is offered only
 * then, and only then does a compact answer's fix point at it (briefFixOf). A one-step fix is said
 * on the answer itself, and a button named for a checklist opened a card with that same one line.
 */
export function hasChecklistToShow(view: Pick<CardView, 'steps'>): boolean {
  return view.steps.length > 0;
}

/** Said in the reader's language when the entry has no rendering in it (the card and the CLI). */
export function languageNoteOf(answer: Pick<Answer, 'description'>, lang: Language): string | undefined {
  return lang === 'zh' && !answer.description.zh ? ui('englishOnly', lang) : undefined;
}

/** The terminal's why-line keeps the confidence number; chat cards use whyInWords. */
export function whyLine(why: readonly Clue[], confidence: number, lang: Language, lines?: ClueLines): string {
  // In the reader's words, as a card says it (`描述相近；关键词“access token”`), not clue kinds and the engine's English.
  return `${whyInWords(why, lang, lines)} (${ui('confidence', lang)} ${confidence.toFixed(2)})`;
}

/**
 * Of a scanned log, the line each quoted clue (its detail, lower case) was read on, where that is
 * not the code's own line: `the words "game center" (line 1)` tells a reader of a long log the
 * words came from elsewhere in it.
 */
export type ClueLines = ReadonlyMap<string, number>;

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

/** Clues that quote the text matched: one inside another already said is not said again. */
const QUOTING: ReadonlySet<Clue['kind']> = new Set(['keyword', 'message']);

/**
 * `exact code; from the field \`sub_error\`` — each reason once, in the reader's language: a quoted
 * word already inside an earlier quote (`"player"` after `"get player info fail"`) adds nothing.
 */
export function whyInWords(why: readonly Clue[], lang: Language, lines?: ClueLines): string {
  const seen = new Set<string>();
  const quoted: string[] = [];
  const words: string[] = [];
  for (const clue of why) {
    const detail = squash(clue.detail).slice(0, 80);
    if (QUOTING.has(clue.kind)) {
      const lower = detail.toLowerCase();
      if (quoted.some((q) => q.includes(lower))) continue;
      quoted.push(lower);
    }
    const line = QUOTING.has(clue.kind) ? lines?.get(clue.detail.toLowerCase()) : undefined;
    const said = ui(CLUE_WORDS[clue.kind], lang, { detail }) + (line === undefined ? '' : ui('whyOnLine', lang, { line }));
    if (seen.has(said)) continue;
    seen.add(said);
    words.push(said);
  }
  return words.join(lang === 'zh' ? '；' : '; ') || ui('whyCode', lang);
}
