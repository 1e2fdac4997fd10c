/** The catalogs as the engine uses them: validated, normalised, every entry knowing where it lives. */
import type { Language, LocalText } from '../text.js';
import type { CodeSpan } from './codes.js';
import type { FieldName } from './schema.js';

export interface CatalogInfo {
  readonly id: string;
  readonly name: LocalText;
  readonly language: Language;
  readonly document: string;
  readonly title: string;
  /** The vendor's documentation page for the catalog's codes. */
  readonly docs?: string;
  readonly keywords: readonly string[];
  /** File the catalog was loaded from. */
  readonly file: string;
}

export interface TableInfo {
  /** `section.table`, unique within the catalog. */
  readonly id: string;
  readonly sectionId: string;
  readonly sectionHeading: string;
  readonly sectionName: LocalText;
  readonly heading?: string;
  readonly name?: LocalText;
  readonly url?: string;
  /** Documentation page of the section, else of the catalog. */
  readonly docs?: string;
  readonly field: FieldName;
  readonly mainField?: FieldName;
  readonly notation: 'decimal' | 'hex';
  /** Section and table keywords together, lower case. */
  readonly keywords: readonly string[];
}

export interface CatalogEntry {
  /** Stable and short: `catalog:section.table:main/code#variant`. Adapters put it in button values. */
  readonly id: string;
  readonly catalog: CatalogInfo;
  readonly table: TableInfo;
  readonly code: string;
  readonly span: CodeSpan;
  readonly aliases: readonly CodeSpan[];
  readonly misprints: readonly CodeSpan[];
  readonly main?: string;
  readonly variant?: string;
  readonly signals: readonly string[];
  readonly outcome: 'error' | 'success';
  /** The catalog's own headline; without one, the title is the description's first sentence. */
  readonly title?: LocalText;
  readonly description: LocalText;
  readonly solution?: LocalText;
  readonly causes: readonly LocalText[];
  readonly checklist: readonly LocalText[];
  readonly keywords: readonly string[];
  readonly note?: LocalText;
  /** The source's verbatim wording where the description cleans it up. */
  readonly sourceText?: string;
  /** Line of the entry in its catalog file. */
  readonly line: number;
}

export interface Catalog {
  readonly info: CatalogInfo;
  readonly tables: readonly TableInfo[];
  readonly entries: readonly CatalogEntry[];
}
