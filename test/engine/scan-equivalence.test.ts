/**
 * A faster scan must answer every text exactly as the scan before it did. The answers were recorded
 * in test/fixtures/scan-equivalence.jsonl (each result's SHA-256 over its JSON, with the ranked
 * entries beside it so a difference is readable); the texts are the eval probes' (stored with their
 * answers, as probes come and go) and generated ones (test/helpers/scan-corpus.ts, rebuilt by name).
 * To record again, only where a change of answers is intended: SCAN_EQUIVALENCE_RECORD=1.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/index.js';
import { createEngine } from '../../src/index.js';
import { probeTexts } from '../helpers/probe-texts.js';
import { generatedTexts } from '../helpers/scan-corpus.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = path.join(root, 'test/fixtures/scan-equivalence.jsonl');

interface Recorded {
  readonly name: string;
  /** Stored for probe texts; generated texts are rebuilt from their name. */
  readonly text?: string;
  readonly sha256: string;
  readonly considered: number;
  readonly answers: readonly string[];
}

const engine = createEngine();

function record(name: string, text: string | undefined, result: ScanResult): Recorded {
  return {
    name,
    ...(text !== undefined ? { text } : {}),
    sha256: createHash('sha256').update(JSON.stringify(result)).digest('hex'),
    considered: result.considered,
    answers: result.answers.map((a) => `${a.entryId} ${a.confidence}`),
  };
}

if (process.env.SCAN_EQUIVALENCE_RECORD === '1') {
  const recorded: Recorded[] = [];
  for (const [name, text] of probeTexts(root)) recorded.push(record(name, text, engine.scan(text)));
  for (const [name, text] of generatedTexts()) recorded.push(record(name, undefined, engine.scan(text)));
  writeFileSync(fixture, `${recorded.map((r) => JSON.stringify(r)).join('\n')}\n`);
}

describe('the scan answers every text as the recorded scan did', () => {
  const recorded = readFileSync(fixture, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Recorded);
  const generated = generatedTexts();

  it('the record covers probes, bench and hostile texts and random mixes', () => {
    const names = recorded.map((r) => r.name);
    expect(names.filter((n) => n.includes('.jsonl')).length).toBeGreaterThan(500);
    for (const name of generated.keys()) expect(names).toContain(name);
  });

  it('every recorded text, the same answers', { timeout: 120_000 }, () => {
    const differing: string[] = [];
    for (const r of recorded) {
      const text = r.text ?? generated.get(r.name);
      if (text === undefined) throw new Error(`no text for ${r.name}`);
      const now = record(r.name, r.text, engine.scan(text));
      if (now.sha256 !== r.sha256)
        differing.push(`${r.name}: ${JSON.stringify(now.answers)} (${now.considered}) was ${JSON.stringify(r.answers)} (${r.considered})`);
    }
    expect(differing).toEqual([]);
  });
});
