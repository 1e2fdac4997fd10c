/**
 * Scoring of cases files (format: ../shared/eval/README.md): lookup top-1 accuracy, scan precision
 * and scan recall. Used by `npm run eval` and by the regression test over test/fixtures/eval.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Answer } from '../src/engine/answer.js';
import type { Engine } from '../src/engine/engine.js';

export const FLOORS = { lookupTop1: 0.95, scanPrecision: 0.98, scanRecall: 0.95 } as const;

const caseSchema = z.object({
  id: z.string(),
  mode: z.enum(['lookup', 'scan']),
  text: z.string(),
  expect: z.union([z.literal('none'), z.object({ all: z.array(z.string()).min(1) }), z.object({ nomatch: z.literal(true) })]),
  note: z.string().optional(),
});
export type EvalCase = z.infer<typeof caseSchema>;

/** Everything a user can read in an answer, both languages: what `expect.all` is checked against. */
export function answerText(answer: Answer): string {
  const texts = [answer.description, answer.solution, answer.note, ...answer.causes, ...answer.checklist];
  return [
    answer.code,
    answer.main ?? '',
    ...answer.aliases,
    answer.matchedAs ?? '',
    answer.sourceText ?? '',
    ...texts.flatMap((t) => (t ? [t.en, t.zh ?? ''] : [])),
  ]
    .join('\n')
    .toLowerCase();
}

function contains(answer: Answer | undefined, wanted: readonly string[]): boolean {
  if (!answer) return false;
  const text = answerText(answer);
  return wanted.every((w) => text.includes(w.toLowerCase()));
}

export function readCases(file: string): EvalCase[] {
  const cases: EvalCase[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const parsed = caseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      cases.push(parsed.data);
    });
  return cases;
}

export interface Score {
  readonly cases: number;
  readonly lookups: number;
  readonly lookupRight: number;
  readonly replies: number;
  readonly rightReplies: number;
  readonly deserved: number;
  readonly lookupTop1: number;
  readonly precision: number;
  readonly recall: number;
  readonly misses: readonly string[];
  readonly pass: boolean;
}

export function scoreCases(engine: Engine, cases: readonly EvalCase[]): Score {
  let lookups = 0;
  let lookupRight = 0;
  let replies = 0;
  let rightReplies = 0;
  let deserved = 0;
  const misses: string[] = [];
  for (const c of cases) {
    if (c.mode === 'lookup') {
      lookups += 1;
      const result = engine.lookup(c.text);
      const top = result.answers[0];
      const ok = c.expect === 'none' ? !top : 'nomatch' in c.expect ? result.status === 'not-found' : contains(top, c.expect.all);
      if (ok) lookupRight += 1;
      else misses.push(`${c.id} lookup ${JSON.stringify(c.text)} -> ${top ? `${top.entryId}: ${top.title.en}` : result.status}`);
    } else {
      const top = engine.scan(c.text).answers[0];
      if (top) replies += 1;
      if (c.expect === 'none' || 'nomatch' in c.expect) {
        if (top) misses.push(`${c.id} scan should stay silent, replied ${top.entryId}: ${top.title.en}`);
        continue;
      }
      deserved += 1;
      if (contains(top, c.expect.all)) rightReplies += 1;
      else misses.push(`${c.id} scan ${JSON.stringify(c.text.slice(0, 80))} -> ${top ? `${top.entryId}: ${top.title.en}` : 'silent'}`);
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  const lookupTop1 = ratio(lookupRight, lookups);
  const precision = ratio(rightReplies, replies);
  const recall = ratio(rightReplies, deserved);
  const pass = lookupTop1 >= FLOORS.lookupTop1 && precision >= FLOORS.scanPrecision && recall >= FLOORS.scanRecall;
  return { cases: cases.length, lookups, lookupRight, replies, rightReplies, deserved, lookupTop1, precision, recall, misses, pass };
}
