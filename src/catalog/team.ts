/**
 * The team catalog: what maintainers approved from chat, as one ordinary catalog file (`team.yaml`
 * in ERRCODE_TEAM_CATALOGS), loaded like any other catalog directory. errcode only ever writes this
 * file: a suggestion never changes a bundled or custom catalog, it adds a team entry (with a team
 * note when the code is already known elsewhere).
 *
 * Every write is validated by the same loader that reads catalogs (parseCatalogText) before it
 * lands, and lands atomically: a temporary file in the same directory, flushed, then renamed over
 * the old one, so a reader (a reload, `errcode validate`) sees the old file or the new one, never
 * half of one.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { formatProblem } from './files.js';
import { parseCatalogText } from './load.js';
import type { CatalogInput, EntryInput, SectionInput } from './schema.js';

export const TEAM_CATALOG_FILE = 'team.yaml';
export const TEAM_CATALOG_ID = 'team';
/** The section a suggestion with no (usable) scope goes to. */
export const GENERAL_SECTION = 'general';

/** One approved suggestion as the team catalog records it. */
export interface TeamEntry {
  readonly proposalId: string;
  readonly code: string;
  /** `qq-msdk/login`-like scope the proposer gave; undefined: the general section. */
  readonly catalogId?: string;
  readonly sectionId?: string;
  readonly meaning: string;
  readonly steps: readonly string[];
  readonly link?: string;
  /** The code is already answered by this entry elsewhere: the team entry is a note beside it. */
  readonly noteOn?: { readonly catalog: string; readonly title: string };
  /** `proposal p1 by slack:U1, approved by discord:M1 on 2026-12-01` */
  readonly provenance: string;
}

export class TeamCatalogError extends Error {
  override readonly name = 'TeamCatalogError';
}

export function teamCatalogFile(dir: string): string {
  return path.join(dir, TEAM_CATALOG_FILE);
}

/** The section id a scope maps to: `<catalog>.<section>` in the id alphabet, or `general`. */
export function teamSectionId(catalogId: string | undefined, sectionId: string | undefined): string {
  const clean = (s: string | undefined) =>
    (s ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+|-+$/g, '')
      .slice(0, 60);
  const parts = [clean(catalogId), clean(sectionId)].filter((p) => p.length > 0);
  return parts.length > 0 ? parts.join('.') : GENERAL_SECTION;
}

function emptyCatalog(): CatalogInput {
  return {
    catalog: TEAM_CATALOG_ID,
    name: 'Team catalog',
    language: 'en',
    source: {
      document: TEAM_CATALOG_FILE,
      title: 'Team catalog (approved suggestions)',
      note: 'Written by errcode when a maintainer approves a suggestion from chat; every entry says who proposed and approved it.',
    },
    sections: [],
  } as unknown as CatalogInput;
}

/** The file as plain data (failsafe: every scalar a string, as the loader reads it), or a new one. */
function readCurrent(file: string): CatalogInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyCatalog();
    throw new TeamCatalogError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const checked = parseCatalogText(text, file);
  if (!checked.ok)
    throw new TeamCatalogError(`${file} is not a valid catalog now; fix it first:\n${checked.problems.map(formatProblem).join('\n')}`);
  return parseDocument(text, { schema: 'failsafe' }).toJS() as CatalogInput;
}

function entryOf(entry: TeamEntry, variant: string | undefined): EntryInput {
  const notes: string[] = [];
  if (entry.noteOn) notes.push(`Team note beside the ${entry.noteOn.catalog} entry "${entry.noteOn.title}".`);
  if (entry.link) notes.push(`See ${entry.link}`);
  const steps = entry.steps.filter((s) => s.trim().length > 0);
  return {
    code: entry.code,
    ...(variant ? { variant } : {}),
    description: entry.meaning,
    ...(steps.length === 1 ? { solution: steps[0] } : {}),
    ...(steps.length > 1 ? { checklist: steps } : {}),
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
    provenance: entry.provenance,
  } as EntryInput;
}

/** The catalog with `entry` added (pure; the caller validates and writes). */
export function withTeamEntry(current: CatalogInput, entry: TeamEntry): CatalogInput {
  const sectionId = teamSectionId(entry.catalogId, entry.sectionId);
  const sections = [...current.sections] as SectionInput[];
  let index = sections.findIndex((s) => s.id === sectionId);
  if (index < 0) {
    const heading = sectionId === GENERAL_SECTION ? 'General' : [entry.catalogId, entry.sectionId].filter(Boolean).join(' › ');
    sections.push({ id: sectionId, heading, name: heading, tables: [] } as unknown as SectionInput);
    index = sections.length - 1;
  }
  const section = sections[index] as SectionInput;
  const table = section.tables[0] ?? { id: 'codes', field: 'code' as const, entries: [] };
  // The same code twice in one section: the later one is told apart by its proposal id.
  const taken = table.entries.some((e) => e.code.trim().toLowerCase() === entry.code.trim().toLowerCase() && !e.variant);
  const entries = [...table.entries, entryOf(entry, taken ? entry.proposalId : undefined)];
  sections[index] = { ...section, tables: [{ ...table, entries }, ...section.tables.slice(1)] } as SectionInput;
  return { ...current, sections };
}

/** Validated text of the catalog, or a TeamCatalogError naming the problems. */
export function renderTeamCatalog(catalog: CatalogInput, file: string): string {
  const text = `# errcode team catalog: approved suggestions. errcode rewrites this file on each approval.\n${stringify(catalog, { lineWidth: 0 })}`;
  const checked = parseCatalogText(text, file);
  if (!checked.ok) throw new TeamCatalogError(checked.problems.map(formatProblem).join('\n'));
  return text;
}

/** Adds `entry` to the team catalog in `dir` (created if needed): validated, then atomically replaced. */
export function addTeamEntry(dir: string, entry: TeamEntry): { readonly file: string } {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new TeamCatalogError(`cannot create ${dir}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const file = teamCatalogFile(dir);
  const text = renderTeamCatalog(withTeamEntry(readCurrent(file), entry), file);
  writeAtomically(file, text);
  return { file };
}

/** Temp file in the same directory (same file system), flushed, renamed over the target. */
export function writeAtomically(file: string, text: string): void {
  // Not *.yaml: a reload listing the directory meanwhile never picks the temporary file up.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new TeamCatalogError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}
