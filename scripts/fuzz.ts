/**
 * npm run fuzz [-- --runs N] [-- --seed S] [-- --path P]: a long fast-check run of the engine's
 * properties (scripts/fuzz-properties.ts) over engine.scan and engine.lookup. The seed is printed
 * first, so a failure can be replayed exactly; a failure prints the shrunk counterexample and
 * exits 1. test/faults/fuzz.test.ts runs the same properties briefly with a fixed seed.
 */
import fc from 'fast-check';
import { loadEngine } from '../src/load-engine.js';
import { type FuzzProperty, fuzzProperties, preview } from './fuzz-properties.js';

const DEFAULT_RUNS = 20_000;

interface Options {
  readonly runs: number;
  readonly seed: number;
  readonly path: string | undefined;
  readonly only: string | undefined;
}

const USAGE = 'usage: npm run fuzz -- [--runs N] [--seed S] [--path P --only NAME]';

function parseArgs(argv: readonly string[]): Options {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (!['--runs', '--seed', '--path', '--only'].includes(flag) || value === undefined)
      throw new Error(`fuzz: unknown or incomplete option ${flag}\n${USAGE}`);
    values.set(flag, value);
    i += 1;
  }
  const integer = (flag: string, fallback: number, min: number): number => {
    const raw = values.get(flag);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`fuzz: ${flag} must be an integer >= ${min}, got ${raw}\n${USAGE}`);
    return n;
  };
  // fast-check seeds are 32-bit integers.
  const seed = integer('--seed', Math.floor(Math.random() * 2 ** 31), -(2 ** 31)) | 0;
  const path = values.get('--path');
  const only = values.get('--only');
  // A replay path belongs to one property's run.
  if (path !== undefined && only === undefined) throw new Error(`fuzz: --path needs --only NAME\n${USAGE}`);
  return { runs: integer('--runs', DEFAULT_RUNS, 1), seed, path, only };
}

function runOne(entry: FuzzProperty, options: Options): boolean {
  const started = performance.now();
  const details = fc.check(entry.property, {
    numRuns: options.runs,
    seed: options.seed,
    ...(options.path !== undefined ? { path: options.path } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  if (!details.failed) {
    const rate = Math.round(details.numRuns / Math.max(seconds, 1e-6));
    const slowest = `slowest call ${entry.slowest.ms.toFixed(1)} ms (${entry.slowest.length} characters)`;
    console.log(`fuzz: ${entry.name}: ${details.numRuns} runs in ${seconds.toFixed(1)} s (${rate} runs/s), ${slowest}, ok`);
    return true;
  }
  const error = details.errorInstance instanceof Error ? details.errorInstance : new Error(String(details.errorInstance));
  console.error(
    [
      `fuzz: ${entry.name}: FAILED after ${details.numRuns} runs (${details.numShrinks} shrinks): ${error.message}`,
      `  counterexample: ${preview(details.counterexample?.[0])}`,
      `  replay: npm run fuzz -- --seed ${details.seed} --path ${details.counterexamplePath ?? ''} --only ${entry.name}`,
      ...(error.name === 'PropertyViolation' ? [] : [`  ${(error.stack ?? '').split('\n').slice(0, 6).join('\n  ')}`]),
    ].join('\n'),
  );
  return false;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  console.log(`fuzz: seed ${options.seed}, ${options.runs} runs per property (replay with --seed ${options.seed})`);
  const engine = await loadEngine();
  const properties = fuzzProperties(engine).filter((p) => options.only === undefined || p.name === options.only);
  if (properties.length === 0) throw new Error(`fuzz: no property named ${options.only}`);
  let ok = true;
  for (const entry of properties) ok = runOne(entry, options) && ok;
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
