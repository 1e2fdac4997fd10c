/**
 * Scores a cases file (format: ../shared/eval/README.md) against the bundled catalogs.
 *   npm run eval -- FILE [--verbose]
 * Prints lookup top-1 accuracy, scan precision and scan recall, and exits 1 below the floors.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type Answer, createEngine } from '../src/index.js';

const FLOORS = { lookupTop1: 0.95, scanPrecision: 0.98, scanRecall: 0.95 } as const;

const caseSchema = z.object({
  id: z.string(),
  mode: z.enum(['lookup', 'scan']),
  text: z.string(),
  expect: z.union([z.literal('none'), z.object({ all: z.array(z.string()).min(1) }), z.object({ nomatch: z.literal(true) })]),
  note: z.string().optional(),
});
type EvalCase = z.infer<typeof caseSchema>;

/** Everything a user can read in an answer, both languages: what `expect.all` is checked against. */
export function answerText(answer: Answer): string {
  const texts = [answer.description, answer.solution, answer.note, ...answer.causes, ...answer.checklist];
  return [answer.code, answer.main ?? '', ...answer.aliases, answer.matchedAs ?? '', ...texts.flatMap((t) => (t ? [t.en, t.zh ?? ''] : []))]
    .join('\n')
    .toLowerCase();
}

function contains(answer: Answer | undefined, wanted: readonly string[]): boolean {
  if (!answer) return false;
  const text = answerText(answer);
  return wanted.every((w) => text.includes(w.toLowerCase()));
}

function main(argv: string[]): number {
  const file = argv.find((a) => !a.startsWith('--'));
  const verbose = argv.includes('--verbose');
  if (!file) {
    process.stderr.write('usage: npm run eval -- CASES.jsonl [--verbose]\n');
    return 2;
  }
  const cases: EvalCase[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const parsed = caseSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      cases.push(parsed.data);
    });
  const engine = createEngine();
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
  const fmt = (x: number) => x.toFixed(3);
  console.log(`cases: ${cases.length} (${lookups} lookup, ${cases.length - lookups} scan)`);
  console.log(`lookup top-1 accuracy: ${fmt(lookupTop1)} (${lookupRight}/${lookups}, floor ${FLOORS.lookupTop1})`);
  console.log(`scan precision: ${fmt(precision)} (${rightReplies}/${replies}, floor ${FLOORS.scanPrecision})`);
  console.log(`scan recall: ${fmt(recall)} (${rightReplies}/${deserved}, floor ${FLOORS.scanRecall})`);
  if (misses.length > 0 && (verbose || misses.length <= 20)) for (const m of misses) console.log(`  miss ${m}`);
  const pass = lookupTop1 >= FLOORS.lookupTop1 && precision >= FLOORS.scanPrecision && recall >= FLOORS.scanRecall;
  return pass ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
