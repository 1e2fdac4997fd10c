/** Exact code look-up: by spelling, by value, and by range. Built once per catalog set. */
import type { CodeSpan } from '../catalog/codes.js';
import type { CatalogEntry } from '../catalog/model.js';
import { runSteps, type Steps, stepDue } from './steps.js';

export type SpellingKind = 'code' | 'alias' | 'misprint';

export interface Posting {
  readonly entry: CatalogEntry;
  readonly kind: SpellingKind;
  readonly span: CodeSpan;
}

const NO_POSTINGS: readonly Posting[] = Object.freeze([]);

export class CodeIndex {
  private readonly byValue = new Map<number, Posting[]>();
  private readonly ranges: Posting[] = [];
  private readonly byMain = new Map<number, CatalogEntry[]>();

  constructor(entries: readonly CatalogEntry[]) {
    runSteps(this.addAll(entries));
  }

  /** The same index, built in steps (src/engine/steps.ts). */
  static *build(entries: readonly CatalogEntry[]): Steps<CodeIndex> {
    const index = new CodeIndex([]);
    yield* index.addAll(entries);
    return index;
  }

  private *addAll(entries: readonly CatalogEntry[]): Steps<void> {
    for (let i = 0; i < entries.length; i += 1) {
      if (stepDue(i)) yield;
      const entry = entries[i] as CatalogEntry;
      this.add(entry, 'code', entry.span);
      for (const alias of entry.aliases) this.add(entry, 'alias', alias);
      for (const misprint of entry.misprints) this.add(entry, 'misprint', misprint);
      if (entry.main !== undefined) {
        const main = Number(entry.main);
        const list = this.byMain.get(main) ?? [];
        list.push(entry);
        this.byMain.set(main, list);
      }
    }
  }

  private add(entry: CatalogEntry, kind: SpellingKind, span: CodeSpan): void {
    if (span.isRange) {
      this.ranges.push({ entry, kind, span });
      return;
    }
    const list = this.byValue.get(span.low) ?? [];
    list.push({ entry, kind, span });
    this.byValue.set(span.low, list);
  }

  /** Every spelling whose value is `value`, and every range holding it. */
  find(value: number): readonly Posting[] {
    const exact = this.byValue.get(value) ?? NO_POSTINGS;
    let inRange: Posting[] | undefined;
    for (const p of this.ranges) {
      if (p.span.low > value || value > p.span.high) continue;
      inRange ??= [];
      inRange.push(p);
    }
    return inRange === undefined ? exact : [...exact, ...inRange];
  }

  /** The two-level entries under a main code, in catalog order. */
  underMain(value: number): readonly CatalogEntry[] {
    return this.byMain.get(value) ?? [];
  }

  /** Whether `sub` is a code under the main code `main` in some table (`20155` under `1101`). */
  isSubCodeOf(sub: number, main: number): boolean {
    for (const posting of this.find(sub)) if (posting.entry.main !== undefined && Number(posting.entry.main) === main) return true;
    return false;
  }

  /** True when some two-level entry has this main code. */
  isMainCode(value: number): boolean {
    return this.byMain.has(value);
  }

  /** Whether some entry is written with this single value (a member of values()). */
  hasValue(value: number): boolean {
    return this.byValue.has(value);
  }

  /** Sorted distinct single values, for "nearest codes" suggestions. */
  values(): number[] {
    return [...this.byValue.keys()].sort((a, b) => a - b);
  }
}
