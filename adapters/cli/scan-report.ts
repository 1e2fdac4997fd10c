/** What `errcode scan` found in a whole input, for both renderers. */
import type { Answer } from '../../src/engine/answer.js';
import type { ClueLines } from '../../src/interaction/card.js';
import { plural } from '../../src/text.js';
import type { KeptPart } from './scan-input.js';

/** Where a code was seen: its line (1 for the first line read) and that line, trimmed. */
export interface FoundAt {
  readonly line: number;
  readonly excerpt: string;
  /** The lines of the answer's quoted clues that were read on another line than the code's. */
  readonly clueLines?: ClueLines;
}

export interface ScanReport {
  /** Every code found worth a reply, one per entry, best first (more than are shown). */
  readonly answers: readonly Answer[];
  /** Where each answer's code was first seen, by entry id (absent when it is not written as such). */
  readonly where: ReadonlyMap<string, FoundAt>;
  readonly notes: readonly string[];
  /** How many of them to show (--limit). */
  readonly limit: number;
  /** The input held more than could be read again to count them: `answers` is a lower bound. */
  readonly foundAtLeast: boolean;
  readonly bytesRead: number;
  /** False when the input went on past the most a scan reads. */
  readonly complete: boolean;
  /** Of an input cut short, the part read: a long file's last part, standard input's first. */
  readonly kept: KeptPart;
}

export function shownAnswers(report: ScanReport): readonly Answer[] {
  return report.answers.slice(0, report.limit);
}

/** `5 of 8 codes shown; --limit N for more`, when some were left out. */
export function shownNote(report: ScanReport): string | undefined {
  const found = report.answers.length;
  const shown = Math.min(found, report.limit);
  if (shown === found && !report.foundAtLeast) return undefined;
  const of = report.foundAtLeast ? `at least ${found}` : String(found);
  return shown < found
    ? `${shown} of ${of} codes shown; --limit N for more`
    : `${plural(shown, 'code')} shown; there may be more than could be counted`;
}
