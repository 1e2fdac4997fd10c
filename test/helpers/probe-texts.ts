/**
 * Every eval fixture's text (test/fixtures/eval and eval-open), named `file id`, in file order:
 * what the recorded equivalence tests run through the engine besides their generated corpora.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readCases } from '../../scripts/eval-score.js';

export function probeTexts(root: string): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  for (const dir of ['test/fixtures/eval', 'test/fixtures/eval-open']) {
    const files = readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.jsonl'));
    for (const file of files.sort()) {
      for (const c of readCases(path.join(root, dir, file))) texts.push([`${file} ${c.id}`, c.text]);
    }
  }
  return texts;
}
