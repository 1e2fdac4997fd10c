/**
 * The engine's platform-neutral answer. Renderers (terminal, Block Kit, Discord embeds) read these
 * and nothing else; nothing here knows how it will be shown.
 */
import type { CatalogEntry } from '../catalog/model.js';
import type { FieldName } from '../catalog/schema.js';
import type { Language, LocalText } from '../text.js';
import { shortKey } from './keys.js';
import { perEntry } from './per-entry.js';

/** One reason a match was chosen; `detail` is short and in English. */
export interface Clue {
  readonly kind:
    | 'code' // the code as the catalog spells it
    | 'alias' // another spelling the source gives (OIDB signed/unsigned decimal)
    | 'value' // same value in another notation (decimal reaching a hex table)
    | 'range' // inside a range such as -500003 ~ -500009
    | 'misprint' // a spelling the source printed by mistake
    | 'sign' // asked without its minus: the catalog's code is negative
    | 'main-code' // the companion main code of a two-level code
    | 'field' // the field the code arrived in (ret, NSP_STATUS, error/sub_error ...)
    | 'keyword' // a word naming the platform, section or endpoint
    | 'url' // an endpoint URL or nsp_svc name
    | 'message' // the payload's message text (get player info fail ...)
    | 'oidb' // the OIDB command (0x73a, 0x711) picking the table
    | 'text'; // free text matched the description or keywords
  readonly detail: string;
}

/** Where an entry comes from, for "provenance" lines. */
export interface Provenance {
  readonly document: string;
  readonly section: string;
  readonly table?: string;
  readonly url?: string;
}

/** One place a grouped meaning applies (HTTP 500 listed by twelve endpoints). */
export interface Place {
  readonly entryId: string;
  readonly catalogId: string;
  readonly section: LocalText;
  readonly url?: string;
}

/** A short pointer to another entry: other meanings, related codes, suggestions. */
export interface EntryRef {
  readonly entryId: string;
  readonly entryKey: string;
  readonly catalogId: string;
  readonly code: string;
  readonly main?: string;
  readonly title: LocalText;
  readonly section: LocalText;
  /**
   * The source's heading of the entry's table, where it has one: OIDB's PayToken (0x73a) and
   * accessToken (0x711) tables share the section "OIDB", and only this tells their rows apart.
   */
  readonly table?: string;
}

/** A word that, written beside an ambiguous code, makes the entry `entryKey` its one clear meaning. */
export interface NarrowingWord {
  readonly entryKey: string;
  /** As the catalogs write it (`qq`, `revoke`, `access token`). */
  readonly word: string;
}

export interface Answer {
  /** Entry id of the representative entry; pass it to `engine.explain` to get this answer back. */
  readonly entryId: string;
  /** Short stable key of the entry, for button values and custom_ids (engine.explain takes it too). */
  readonly entryKey: string;
  /** `title`: the source document's human title (cards name the source by it, never by file). */
  readonly catalog: { readonly id: string; readonly name: LocalText; readonly title: string };
  /** `url`: the endpoint; `docs`: the vendor's documentation page (the section's, else the catalog's). */
  readonly section: { readonly id: string; readonly name: LocalText; readonly url?: string; readonly docs?: string };
  readonly field: FieldName;
  readonly mainField?: FieldName;
  /** The code as the catalog writes it, its main code when two-level, other spellings. */
  readonly code: string;
  readonly main?: string;
  readonly aliases: readonly string[];
  /** What the user typed or the paste carried, when it differs from `code` (a value inside a range). */
  readonly matchedAs?: string;
  readonly variant?: string;
  readonly outcome: 'error' | 'success';
  readonly sourceLanguage: Language;
  /** One line: the description's first sentence. */
  readonly title: LocalText;
  readonly description: LocalText;
  readonly solution?: LocalText;
  readonly causes: readonly LocalText[];
  readonly checklist: readonly LocalText[];
  readonly note?: LocalText;
  /** The source's verbatim wording, where the description cleans up a garbled translation. */
  readonly sourceText?: string;
  readonly provenance: Provenance;
  /** Every place this same meaning applies, this one first; length 1 when it is not grouped. */
  readonly appliesTo: readonly Place[];
  /** Neighbouring codes of the same table (never another entry of this same code). */
  readonly related: readonly EntryRef[];
  /** 0..1; how sure the engine is that this is what the user meant. */
  readonly confidence: number;
  readonly why: readonly Clue[];
}

export type LookupStatus = 'found' | 'not-found' | 'empty-query';

export interface LookupResult {
  readonly query: string;
  readonly status: LookupStatus;
  /** `code`: answered by the code(s) asked for, the rest are other meanings; `text`: by free-text search. */
  readonly mode: 'code' | 'text';
  /** Best first. The first is the answer; the rest are the other meanings. */
  readonly answers: readonly Answer[];
  /** When nothing matched: the nearest codes, for "did you mean". */
  readonly suggestions: readonly EntryRef[];
  /** Notes for the user, e.g. that a long query was cut. */
  readonly notes: readonly string[];
}

export interface ScanResult {
  /** Codes worth a reply, best first; empty when the bot should stay silent. */
  readonly answers: readonly Answer[];
  /** Codes seen but not worth a reply on their own (low confidence, success codes), for diagnostics. */
  readonly considered: number;
  readonly notes: readonly string[];
}

/** A suggestion for autocomplete: what to put in the query and a one-line label. */
export interface Suggestion {
  readonly query: string;
  readonly label: LocalText;
  readonly entryId: string;
  readonly entryKey: string;
}

/** The entry's own title, else the description's first sentence, per entry, computed once. */
export const titleOf = perEntry(computeTitle);

function computeTitle(entry: CatalogEntry): LocalText {
  if (entry.title) return entry.title;
  const zh = entry.description.zh;
  return zh ? { en: firstSentence(entry.description.en), zh: firstSentence(zh) } : { en: firstSentence(entry.description.en) };
}

/**
 * The first line's first sentence: up to a `。`, or a `.` before white space, without its full stop.
 * A full stop that only numbers a list item ("two cases: 1. …") ends nothing. One inside brackets
 * ends the title before the bracket that is still open, so a title never stops mid-parenthesis
 * ("not configured (usually … backend. Please …)" is "not configured").
 * A scan rather than a look-behind search: a title is built for every entry an answer shows or
 * lists as related, and the search over a long first line was most of a first answer's cost.
 */
export function firstSentence(text: string): string {
  const newline = text.indexOf('\n');
  const line = newline === -1 ? text : text.slice(0, newline);
  let cut = -1;
  let depth = 0;
  let openedAt = -1;
  for (let i = 1; i <= line.length; i += 1) {
    const before = line.charCodeAt(i - 1);
    if (OPENING_BRACKETS.has(before)) {
      if (depth === 0) openedAt = i - 1;
      depth += 1;
      continue;
    }
    if (CLOSING_BRACKETS.has(before)) {
      if (depth > 0) depth -= 1;
      continue;
    }
    const endsSentence =
      before === IDEOGRAPHIC_FULL_STOP ||
      (before === FULL_STOP && i < line.length && WHITE_SPACE.test(line[i] as string) && !numbersListItem(line, i - 1));
    if (!endsSentence) continue;
    if (depth === 0) {
      cut = i;
      break;
    }
    const head = line.slice(0, openedAt).trim();
    if (head.length > 0) return head;
  }
  const sentence = (cut > 0 ? line.slice(0, cut) : line).trim();
  const last = sentence.charCodeAt(sentence.length - 1);
  return last === IDEOGRAPHIC_FULL_STOP || last === FULL_STOP ? sentence.slice(0, -1) : sentence;
}

/** The `.` at `at` follows a bare one- or two-digit number that opens the text or a clause: a list item's number. */
function numbersListItem(line: string, at: number): boolean {
  let start = at;
  while (start > 0 && at - start < 2 && isDigit(line.charCodeAt(start - 1))) start -= 1;
  if (start === at || (start > 0 && isDigit(line.charCodeAt(start - 1)))) return false;
  return start === 0 || LIST_NUMBER_BEFORE.test(line[start - 1] as string);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

const FULL_STOP = 0x2e;
const IDEOGRAPHIC_FULL_STOP = 0x3002;
/** ( [ （ 【 and their closers. */
const OPENING_BRACKETS = new Set([0x28, 0x5b, 0xff08, 0x3010]);
const CLOSING_BRACKETS = new Set([0x29, 0x5d, 0xff09, 0x3011]);
/** What stands before a list item's number: white space or the punctuation that introduces or separates items. */
const LIST_NUMBER_BEFORE = /^[\s:：;；,，、(（]$/u;
/** One character of `\s` as the u flag reads it. */
const WHITE_SPACE = /^\s$/u;

export const refOf = perEntry(computeRef);

function computeRef(entry: CatalogEntry): EntryRef {
  // Set one by one, in the order of the JSON refs have always had: a spread for `main` is a slow path.
  const ref = { entryId: entry.id, entryKey: shortKey(entry.id), catalogId: entry.catalog.id, code: entry.code } as {
    -readonly [K in keyof EntryRef]: EntryRef[K];
  };
  if (entry.main) ref.main = entry.main;
  ref.title = titleOf(entry);
  ref.section = entry.table.name ?? entry.table.sectionName;
  if (entry.table.heading) ref.table = entry.table.heading;
  return ref;
}
