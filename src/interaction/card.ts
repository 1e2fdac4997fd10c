/**
 * What an answer card shows, decided once for every platform: the texts in the reader's language,
 * the checklist with ticks and progress, what "Still failing" reveals, and the follow-ups.
 * Renderers (Block Kit, Discord embeds, terminal) only lay this out within their own limits.
 */
import type { Answer, Clue, EntryRef } from '../engine/answer.js';
import { ui } from '../messages.js';
import { type Language, pick } from '../text.js';
import { type CardState, isDone, stepsDone } from './state.js';

export interface CardStep {
  readonly index: number;
  readonly text: string;
  readonly done: boolean;
}

export interface CardLink {
  readonly entryKey: string;
  /** `-5 · OIDB: Visit Type B user number` */
  readonly label: string;
}

export interface CardView {
  readonly lang: Language;
  readonly state: CardState;
  /** `100014 · Tencent MSDK (QQ) · QQ platform` */
  readonly header: string;
  readonly code: string;
  readonly catalogName: string;
  readonly sectionName: string;
  readonly success: boolean;
  readonly meaning: string;
  readonly solution?: string;
  readonly steps: readonly CardStep[];
  /** `2 of 5 done`; empty when there is no checklist. */
  readonly progress: string;
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
  readonly provenance: string;
  readonly why: string;
  readonly otherMeanings: readonly CardLink[];
  readonly related: readonly CardLink[];
}

export function codeLabel(answer: Pick<Answer, 'code' | 'main'>): string {
  return answer.main ? `${answer.main}/${answer.code}` : answer.code;
}

export function linkOf(ref: EntryRef, lang: Language): CardLink {
  return {
    entryKey: ref.entryKey,
    label: `${ref.main ? `${ref.main}/` : ''}${ref.code} · ${pick(ref.section, lang)}: ${pick(ref.title, lang)}`,
  };
}

export function buildCard(answer: Answer, state: CardState, otherMeanings: readonly EntryRef[]): CardView {
  const lang = state.lang;
  const steps = answer.checklist.map((step, index) => ({ index, text: pick(step, lang), done: isDone(state, index) }));
  const catalogName = pick(answer.catalog.name, lang);
  const sectionName = pick(answer.section.name, lang);
  const missingLanguage = lang === 'zh' && !answer.description.zh;
  const view: CardView = {
    lang,
    state,
    header: `${codeLabel(answer)} · ${catalogName} · ${sectionName}`,
    code: codeLabel(answer),
    catalogName,
    sectionName,
    success: answer.outcome === 'success',
    meaning: pick(answer.description, lang),
    ...(answer.solution ? { solution: pick(answer.solution, lang) } : {}),
    steps,
    progress: steps.length > 0 ? ui('progress', lang, { done: stepsDone(state, steps.length), total: steps.length }) : '',
    ...(state.depth >= 1
      ? {
          diagnostics: {
            causes: answer.causes.map((c) => pick(c, lang)),
            ...(answer.note ? { note: pick(answer.note, lang) } : {}),
            appliesTo:
              answer.appliesTo.length > 1
                ? answer.appliesTo.map((p) => (p.url ? `${pick(p.section, lang)} (${p.url})` : pick(p.section, lang)))
                : [],
          },
        }
      : {}),
    ...(state.depth >= 2 ? { lastResort: ui('lastResort', lang) } : {}),
    ...(answer.sourceText ? { sourceText: answer.sourceText } : {}),
    ...(missingLanguage ? { languageNote: ui('englishOnly', lang) } : {}),
    provenance: provenanceLine(answer),
    why: whyLine(answer.why, answer.confidence, lang),
    otherMeanings: otherMeanings.map((r) => linkOf(r, lang)),
    related: answer.related.map((r) => linkOf(r, lang)),
  };
  return view;
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

export function provenanceLine(answer: Answer): string {
  const p = answer.provenance;
  return [p.document, p.section, p.table, p.url].filter((x): x is string => !!x).join(' › ');
}

export function whyLine(why: readonly Clue[], confidence: number, lang: Language): string {
  const clues = why.map((c) => `${c.kind}: ${c.detail}`).join('; ');
  return `${clues || 'match'} (${ui('confidence', lang)} ${confidence.toFixed(2)})`;
}
