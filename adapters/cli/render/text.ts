/** Human output: the answer, its numbered checklist, and the other meanings of an ambiguous code. */
import type { Answer, Clue, LookupResult } from '../../../src/engine/answer.js';
import {
  asksSameCode,
  type ClueLines,
  codeLabel,
  languageNoteOf,
  mainCodeNoteOf,
  noFixNoteOf,
  provenanceLine,
  tableLabel,
  whyInWords,
  whyLine,
} from '../../../src/interaction/card.js';
import { ui } from '../../../src/messages.js';
import { type Language, pick, squash } from '../../../src/text.js';
import { cutShortNote } from '../scan-input.js';
import { type ScanReport, shownAnswers, shownNote } from '../scan-report.js';
import type { Style } from './style.js';

/** Steps are numbered; long texts keep their own line breaks, indented under the step. */
function indent(text: string, by: string): string {
  return text.split('\n').join(`\n${by}`);
}

export function renderAnswer(answer: Answer, lang: Language, style: Style, clueLines?: ClueLines): string {
  const lines: string[] = [];
  const title = pick(answer.title, lang);
  lines.push(`${style.bold(style.code(codeLabel(answer)))}  ${style.bold(title)}`);
  const scope = [pick(answer.catalog.name, lang), pick(answer.section.name, lang)].join(' › ');
  const aliases = answer.aliases.length > 0 ? ` · ${ui('alsoWritten', lang)} ${answer.aliases.join(', ')}` : '';
  lines.push(
    style.dim(
      `  ${scope} · ${ui('field', lang)} ${answer.field}${answer.main ? ` ${answer.mainField ?? 'main'} ${answer.main}` : ''}${aliases}`,
    ),
  );
  const languageNote = languageNoteOf(answer, lang);
  if (languageNote) lines.push(`  ${style.warn(languageNote)}`);
  if (answer.outcome === 'success') lines.push(`  ${style.good(ui('success', lang))}`);
  const meaning = pick(answer.description, lang);
  if (meaning !== title) lines.push(`  ${ui('meaning', lang)}: ${indent(meaning, '    ')}`);
  const steps = answer.checklist.map((step) => pick(step, lang));
  const solution = answer.solution ? pick(answer.solution, lang) : undefined;
  // A checklist that is just the solution split into sentences says it once, as steps.
  const solutionIsSteps = solution !== undefined && squash(steps.join(' ')) === squash(solution);
  if (solution && !solutionIsSteps) lines.push(`  ${ui('solution', lang)}: ${indent(solution, '    ')}`);
  if (answer.causes.length > 0) {
    lines.push(`  ${ui('causes', lang)}:`);
    for (const cause of answer.causes) lines.push(`    - ${indent(pick(cause, lang), '      ')}`);
  }
  if (steps.length > 0) {
    lines.push(`  ${ui('checklist', lang)}:`);
    for (const [i, step] of steps.entries()) lines.push(`    ${i + 1}. ${indent(step, '       ')}`);
  }
  const noFix = noFixNoteOf(answer, lang);
  if (noFix) lines.push(`  ${style.dim(noFix)}`);
  if (answer.sourceText) lines.push(style.dim(`  ${ui('sourceWording', lang)}: "${answer.sourceText}"`));
  if (answer.note) lines.push(`  ${ui('note', lang)}: ${indent(pick(answer.note, lang), '    ')}`);
  if (answer.appliesTo.length > 1) {
    lines.push(`  ${ui('appliesTo', lang)}:`);
    for (const place of answer.appliesTo) lines.push(style.dim(`    - ${pick(place.section, lang)}${place.url ? ` ${place.url}` : ''}`));
  } else if (answer.section.url) {
    lines.push(style.dim(`  URL: ${answer.section.url}`));
  }
  lines.push(style.dim(`  ${ui('source', lang)}: ${provenanceLine(answer)}`));
  lines.push(style.dim(`  ${ui('why', lang)}: ${whyText(answer, lang, clueLines)}`));
  return lines.join('\n');
}

/** Clues that say the code itself was found, in some spelling: the answer is that code's, not a guess. */
const CODE_CLUES: ReadonlySet<Clue['kind']> = new Set(['code', 'alias', 'value', 'range', 'sign', 'misprint', 'main-code']);

/**
 * A code found as asked is said in the card's words ("exact code"): its confidence (0.67 for a
 * bare code) reads as doubt to a person. A match of words keeps the number, which then says how close.
 */
function whyText(answer: Answer, lang: Language, clueLines?: ClueLines): string {
  if (answer.why.some((clue) => CODE_CLUES.has(clue.kind))) return whyInWords(answer.why, lang, clueLines);
  return whyLine(answer.why, answer.confidence, lang, clueLines);
}

export function renderLookup(result: LookupResult, lang: Language, style: Style): string {
  const [first, ...others] = result.answers;
  const notes = result.notes.map((n) => style.warn(`note: ${n}`));
  if (!first) {
    const lines = [...notes, ui('noMatch', lang, { query: result.query.trim() })];
    if (result.suggestions.length > 0) {
      lines.push(`${ui('nearest', lang)}:`);
      for (const s of result.suggestions)
        lines.push(
          `  ${style.code(s.main ? `${s.main}/${s.code}` : s.code)}  ${pick(s.title, lang)} ${style.dim(`(${pick(s.section, lang)})`)}`,
        );
    }
    return lines.join('\n');
  }
  // `errcode 1101`: a main code, answered by the first sub-code under it; said before that answer.
  const mainNote = result.mode === 'code' ? mainCodeNoteOf(first, others, lang) : undefined;
  const lines = [...notes, ...(mainNote ? [style.warn(mainNote)] : []), renderAnswer(first, lang, style)];
  const where = (a: Answer) => `${a.catalog.id}\u0000${pick(a.section.name, lang)}`;
  // A section holding several tables (OIDB: 0x73a, 0x711) names the table too, as the cards do.
  const tables = new Map<string, Set<string | undefined>>();
  for (const a of result.answers) tables.set(where(a), (tables.get(where(a)) ?? new Set()).add(a.provenance.table));
  const placeOf = (a: Answer) => {
    const table = a.provenance.table && (tables.get(where(a))?.size ?? 0) > 1 ? ` › ${tableLabel(a.provenance.table)}` : '';
    return `${pick(a.catalog.name, lang)} › ${pick(a.section.name, lang)}${table}`;
  };
  const list = (label: string, answers: readonly Answer[]) => {
    if (answers.length === 0) return;
    lines.push('', style.bold(`${label} (${answers.length}):`));
    for (const other of answers) {
      lines.push(`  ${style.code(codeLabel(other))}  ${pick(other.title, lang)} ${style.dim(`· ${placeOf(other)}`)}`);
    }
  };
  if (result.mode === 'text') {
    list(ui('otherMatches', lang), others);
  } else {
    // `errcode 100014 100015` asks about two codes: the second is not another meaning of the first.
    list(
      ui('otherMeanings', lang),
      others.filter((o) => asksSameCode(first, o)),
    );
    list(
      ui('otherCodesAsked', lang),
      others.filter((o) => !asksSameCode(first, o)),
    );
  }
  return lines.join('\n');
}

export function renderScan(report: ScanReport, lang: Language, style: Style): string {
  const notes = report.notes.map((n) => style.warn(`note: ${n}`));
  // The cut is said first: what follows covers only the part scanned.
  if (!report.complete) notes.unshift(style.warn(`note: ${cutShortNote(report.kept)}`));
  if (report.answers.length === 0) {
    const nothing = report.complete
      ? 'No known error code worth a reply (the bot would stay silent).'
      : 'No known error code worth a reply in the part scanned.';
    return [...notes, style.dim(nothing)].join('\n');
  }
  const shown = shownNote(report);
  const answered = shownAnswers(report).map((a) => {
    const at = report.where.get(a.entryId);
    // Where in the input: the first line a reader of a long log would look at.
    return at
      ? `${renderAnswer(a, lang, style, at.clueLines)}\n  ${style.dim(`line ${at.line}: ${at.excerpt}`)}`
      : renderAnswer(a, lang, style);
  });
  return [...notes, ...answered, ...(shown ? [style.dim(shown)] : [])].join('\n\n');
}
