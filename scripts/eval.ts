/**
 * npm run eval -- FILE [--verbose]: scores a cases file (format: ../shared/eval/README.md) against
 * the bundled catalogs; prints lookup top-1 accuracy, scan precision and scan recall, and exits 1
 * below the floors.
 */
import { loadEngine } from '../src/load-engine.js';
import { FLOORS, readCases, scoreCases } from './eval-score.js';

async function main(argv: string[]): Promise<number> {
  const file = argv.find((a) => !a.startsWith('--'));
  const verbose = argv.includes('--verbose');
  if (!file) {
    process.stderr.write('usage: npm run eval -- CASES.jsonl [--verbose]\n');
    return 2;
  }
  const score = scoreCases(await loadEngine(), readCases(file));
  const fmt = (x: number) => x.toFixed(3);
  console.log(`cases: ${score.cases} (${score.lookups} lookup, ${score.cases - score.lookups} scan)`);
  console.log(`lookup top-1 accuracy: ${fmt(score.lookupTop1)} (${score.lookupRight}/${score.lookups}, floor ${FLOORS.lookupTop1})`);
  console.log(`scan precision: ${fmt(score.precision)} (${score.rightReplies}/${score.replies}, floor ${FLOORS.scanPrecision})`);
  console.log(`scan recall: ${fmt(score.recall)} (${score.rightReplies}/${score.deserved}, floor ${FLOORS.scanRecall})`);
  if (score.misses.length > 0 && (verbose || score.misses.length <= 20)) for (const m of score.misses) console.log(`  miss ${m}`);
  return score.pass ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
