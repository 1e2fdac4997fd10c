/** Human output: the answer, its numbered checklist, and the other meanings of an ambiguous code. */
import type { Answer, LookupResult, ScanResult } from '../../../src/engine/answer.js';
import { codeLabel, provenanceLine, whyLine } from '../../../src/interaction/card.js';
import { ui } from '../../../src/messages.js';
import { type Language, pick, squash } from '../../../src/text.js';
import type { Style } from './style.js';

/** Steps are numbered; long texts keep their own line breaks, indented under the step. */
function indent(text: string, by: string): string {
  return text.split('\n').join(`\n${by}`);
}

export function renderAnswer(answer: Answer, lang: Language, style: Style): string {
  const lines: string[] = [];
  const title = pick(answer.title, lang);
  lines.push(`${style.bold(style.code(codeLabel(answer)))}  ${style.bold(title)}`);
  const scope = [pick(answer.catalog.name, lang), pick(answer.section.name, lang)].join(' › ');
  const aliases = answer.aliases.length > 0 ? ` · also written ${answer.aliases.join(', ')}` : '';
  lines.push(
    style.dim(`  ${scope} · field ${answer.field}${answer.main ? ` ${answer.mainField ?? 'main'} ${answer.main}` : ''}${aliases}`),
  );
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
  if (answer.sourceText) lines.push(style.dim(`  ${ui('sourceWording', lang)}: "${answer.sourceText}"`));
  if (answer.note) lines.push(`  ${ui('note', lang)}: ${indent(pick(answer.note, lang), '    ')}`);
  if (answer.appliesTo.length > 1) {
    lines.push(`  ${ui('appliesTo', lang)}:`);
    for (const place of answer.appliesTo) lines.push(style.dim(`    - ${pick(place.section, lang)}${place.url ? ` ${place.url}` : ''}`));
  } else if (answer.section.url) {
    lines.push(style.dim(`  URL: ${answer.section.url}`));
  }
  lines.push(style.dim(`  ${ui('source', lang)}: ${provenanceLine(answer)}`));
  lines.push(style.dim(`  ${ui('why', lang)}: ${whyLine(answer.why, answer.confidence, lang)}`));
  return lines.join('\n');
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
  const lines = [...notes, renderAnswer(first, lang, style)];
  if (others.length > 0) {
    lines.push('', style.bold(`${ui(result.mode === 'text' ? 'otherMatches' : 'otherMeanings', lang)} (${others.length}):`));
    for (const other of others) {
      lines.push(
        `  ${style.code(codeLabel(other))}  ${pick(other.title, lang)} ${style.dim(`· ${pick(other.catalog.name, lang)} › ${pick(other.section.name, lang)}`)}`,
      );
    }
  }
  return lines.join('\n');
}

export function renderScan(result: ScanResult, lang: Language, style: Style): string {
  const notes = result.notes.map((n) => style.warn(`note: ${n}`));
  if (result.answers.length === 0)
    return [...notes, style.dim('No known error code worth a reply (the bot would stay silent).')].join('\n');
  return [...notes, ...result.answers.map((a) => renderAnswer(a, lang, style))].join('\n\n');
}
