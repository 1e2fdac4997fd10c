/**
 * The --json contract other tools rely on: `{"query", "matches": [...]}` (scan: `{"matches", "found", "complete"}`),
 * best first. Texts are strings in the chosen language; `i18n` carries every text field of the
 * answer in both languages (`zh: null` where the catalog has no Chinese), causes and note included.
 */
import type { Answer, LookupResult } from '../../../src/engine/answer.js';
import { codeLabel, languageNoteOf } from '../../../src/interaction/card.js';
import { type Language, type LocalText, pick } from '../../../src/text.js';
import { cutShortNote } from '../scan-input.js';
import { type ScanReport, shownAnswers, shownNote } from '../scan-report.js';

export function matchJson(answer: Answer, lang: Language) {
  const text = (t: LocalText | undefined) => (t ? pick(t, lang) : null);
  const both = (t: LocalText | undefined) => (t ? { en: t.en, zh: t.zh ?? null } : null);
  return {
    catalog: answer.catalog.id,
    code: answer.code,
    main: answer.main ?? null,
    // The code as a reader writes it, its main code first (`1101/20155`): what `jq '.matches[0].label'` wants.
    label: codeLabel(answer),
    aliases: answer.aliases,
    matched_as: answer.matchedAs ?? null,
    variant: answer.variant ?? null,
    outcome: answer.outcome,
    section: answer.section.id,
    section_name: text(answer.section.name),
    field: answer.field,
    main_field: answer.mainField ?? null,
    url: answer.section.url ?? null,
    title: text(answer.title),
    description: text(answer.description),
    solution: text(answer.solution),
    causes: answer.causes.map((c) => pick(c, lang)),
    checklist: answer.checklist.map((c) => pick(c, lang)),
    note: text(answer.note),
    source_text: answer.sourceText ?? null,
    confidence: answer.confidence,
    why: answer.why.map((c) => `${c.kind}: ${c.detail}`),
    applies_to: answer.appliesTo.map((p) => ({
      section: pick(p.section, lang),
      url: p.url ?? null,
      entry_id: p.entryId,
      i18n: { section: both(p.section) },
    })),
    related: answer.related.map((r) => ({
      code: r.code,
      main: r.main ?? null,
      title: pick(r.title, lang),
      entry_id: r.entryId,
      i18n: { title: both(r.title) },
    })),
    provenance: answer.provenance,
    source_language: answer.sourceLanguage,
    // The card's notice where the entry has no text in the chosen language.
    language_note: languageNoteOf(answer, lang) ?? null,
    entry_id: answer.entryId,
    i18n: {
      catalog_name: both(answer.catalog.name),
      section_name: both(answer.section.name),
      title: both(answer.title),
      description: both(answer.description),
      solution: both(answer.solution),
      causes: answer.causes.map(both),
      checklist: answer.checklist.map(both),
      note: both(answer.note),
    },
  };
}

export function lookupJson(result: LookupResult, lang: Language) {
  return {
    query: result.query,
    status: result.status,
    // `code`: the codes asked about were found (confidence: how sure the meaning is); `text`: the
    // words matched descriptions (confidence: how well). Compare confidences within one mode.
    mode: result.mode,
    matches: result.answers.map((a) => matchJson(a, lang)),
    suggestions: result.suggestions.map((s) => ({ code: s.code, main: s.main ?? null, title: pick(s.title, lang), entry_id: s.entryId })),
    notes: [...result.notes, ...languageNotes(result.answers.slice(0, 1), lang)],
  };
}

function languageNotes(answers: readonly Answer[], lang: Language): string[] {
  return answers.flatMap((a) => languageNoteOf(a, lang) ?? []);
}

/** `found`: every code found (`matches` holds --limit of them); `complete: false`: the input was cut short. */
export function scanJson(report: ScanReport, lang: Language) {
  const shown = shownNote(report);
  return {
    // Each match says where its code was first seen: `line` (1 for the first line read) and the line itself.
    matches: shownAnswers(report).map((a) => ({
      ...matchJson(a, lang),
      line: report.where.get(a.entryId)?.line ?? null,
      excerpt: report.where.get(a.entryId)?.excerpt ?? null,
    })),
    found: report.answers.length,
    found_at_least: report.foundAtLeast,
    complete: report.complete,
    bytes_read: report.bytesRead,
    notes: [...report.notes, ...(shown ? [shown] : []), ...(report.complete ? [] : [cutShortNote(report.kept)])],
  };
}
