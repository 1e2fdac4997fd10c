/**
 * Teaching errcode from chat (issue 14), once for every surface: what a suggestion may say, who may
 * review it, and what approving does. The chat product (product.ts) and the CLI (`errcode approve`)
 * both come here, so approving from Slack, Discord or a terminal writes the team catalog the same way.
 *
 * A suggestion is cleaned before it is stored: credentials redacted (src/secrets.ts), control
 * characters and chat mentions taken out, each field capped. Renderers escape it again on the way
 * out, as they do every catalog text. Approving never touches a bundled or custom catalog: it adds
 * a team entry to the team catalog (src/catalog/team.ts), a team note when the code is known already.
 */
import { readFileSync, rmSync } from 'node:fs';
import { CODE_PATTERN } from '../catalog/schema.js';
import { addTeamEntry, TEAM_CATALOG_ID, TeamCatalogError, teamCatalogFile, writeAtomically } from '../catalog/team.js';
import type { Engine } from '../engine/engine.js';
import { type UiKey, ui } from '../messages.js';
import type { ReloadOutcome } from '../runtime/reload.js';
import { redactSecrets, type SecretKind } from '../secrets.js';
import type { TeachingServices } from '../services.js';
import type { Proposal, ProposalFields, StateStore } from '../state/store.js';
import { type Language, pick } from '../text.js';

export type { TeachingServices } from '../services.js';

/** Caps per field, in characters: a suggestion is a note, not a document. */
export const PROPOSAL_LIMITS = Object.freeze({ code: 64, scope: 120, meaning: 500, step: 300, steps: 12, link: 500 });

/** The form's fields as typed (every surface's modal gives these five). */
export interface FormValues {
  readonly code: string;
  readonly scope: string;
  readonly meaning: string;
  readonly steps: string;
  readonly link: string;
}

export type Cleaned =
  | { readonly ok: true; readonly fields: ProposalFields; readonly secrets: readonly SecretKind[] }
  | { readonly ok: false; readonly reason: string };

/** Chat mention and link markup of both platforms: `<@U1>`, `<!here>`, `<#C1>`, `<@&123>`, `@everyone`. */
const MENTION = /<[@#!][^<>\s]{0,80}>|@(everyone|here|channel)\b/gi;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

function cleanText(text: string, max: number, secrets: Set<SecretKind>): string {
  const redacted = redactSecrets(text);
  for (const kind of redacted.found) secrets.add(kind);
  const plain = redacted.text
    .replace(CONTROL, '')
    .replace(MENTION, (m) => m.replace(/[<>@!#&]/g, ''))
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

/** `qq-msdk/login`, `qq-msdk › login`, `qq-msdk`: catalog and section ids, when given. */
export function parseScope(scope: string): { catalogId?: string; sectionId?: string } {
  const [catalog, section] = scope
    .split(/\s*(?:\/|›|>)\s*/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => /^[a-z0-9][a-z0-9._-]{0,59}$/.test(s));
  return { ...(catalog ? { catalogId: catalog } : {}), ...(section ? { sectionId: section } : {}) };
}

export function scopeText(fields: { catalogId?: string | undefined; sectionId?: string | undefined }): string {
  return [fields.catalogId, fields.sectionId].filter(Boolean).join('/');
}

/** The form's values as a proposal may hold them, or why they cannot be stored (in `lang`). */
export function cleanProposal(values: FormValues, lang: Language): Cleaned {
  const secrets = new Set<SecretKind>();
  const code = cleanText(values.code, PROPOSAL_LIMITS.code, secrets).replace(/\s+/g, '');
  if (!CODE_PATTERN.test(code)) return { ok: false, reason: ui('proposalBadCode', lang, { code: code.slice(0, 40) }) };
  const meaning = cleanText(values.meaning.replace(/\s+/g, ' '), PROPOSAL_LIMITS.meaning, secrets);
  if (meaning.length === 0) return { ok: false, reason: ui('proposalEmpty', lang) };
  const steps = values.steps
    .split(/\r?\n/)
    .map((line) => cleanText(line.replace(/^\s*(?:\d+[.)]|[-*•])\s+/, ''), PROPOSAL_LIMITS.step, secrets))
    .filter((line) => line.length > 0)
    .slice(0, PROPOSAL_LIMITS.steps);
  const rawLink = values.link.trim();
  let link: string | undefined;
  if (rawLink) {
    try {
      const url = new URL(rawLink);
      if ((url.protocol !== 'https:' && url.protocol !== 'http:') || rawLink.length > PROPOSAL_LIMITS.link) throw new Error('scheme');
      link = url.toString();
    } catch {
      return { ok: false, reason: ui('proposalBadLink', lang) };
    }
    if (redactSecrets(link).found.length > 0) return { ok: false, reason: ui('proposalBadLink', lang) };
  }
  const scope = parseScope(cleanText(values.scope, PROPOSAL_LIMITS.scope, secrets));
  return { ok: true, fields: { code, ...scope, meaning, steps, ...(link ? { link } : {}) }, secrets: [...secrets] };
}

export function isMaintainer(teaching: TeachingServices | undefined, platform: string, user: string): boolean {
  return teaching?.maintainers[platform]?.includes(user) ?? false;
}

export interface Decider {
  readonly platform: string;
  readonly user: string;
}

export type DecisionResult =
  | {
      readonly outcome: 'approved';
      readonly proposal: Proposal;
      readonly file: string;
      readonly reload: ReloadOutcome | undefined;
    }
  | { readonly outcome: 'rejected'; readonly proposal: Proposal }
  | { readonly outcome: 'already-decided'; readonly proposal: Proposal }
  | { readonly outcome: 'missing' }
  | { readonly outcome: 'no-team-dir' }
  | { readonly outcome: 'write-failed'; readonly reason: string };

/** The lock every writer of the team catalog takes, through the store: replicas share it too. */
const TEAM_LOCK_KEY = 'teaching:team-catalog';
const TEAM_LOCK_TTL_MS = 30_000;
const TEAM_LOCK_WAIT_MS = 10_000;

async function withTeamLock<T>(state: StateStore, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + TEAM_LOCK_WAIT_MS;
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    const claim = await state.claim(TEAM_LOCK_KEY, TEAM_LOCK_TTL_MS);
    if (claim.status === 'claimed') {
      try {
        return await work();
      } finally {
        await state.releaseClaim(TEAM_LOCK_KEY, claim.token).catch(() => false);
      }
    }
    if (claim.status === 'unavailable') throw new TeamCatalogError(`the state store is unavailable: ${claim.error}`);
    if (Date.now() > deadline) throw new TeamCatalogError('another approval is still writing the team catalog; try again');
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * Approves a pending proposal: the entry is written to the team catalog (validated, atomic), then
 * the decision recorded — both under the team-catalog lock. If another maintainer decided in
 * between, the file is put back as it was. Then the catalogs are reloaded.
 */
export async function approveProposal(
  state: StateStore,
  teaching: TeachingServices,
  engine: Engine,
  id: string,
  by: Decider,
  now: number = Date.now(),
): Promise<DecisionResult> {
  const dir = teaching.teamCatalogDir;
  if (!dir) return { outcome: 'no-team-dir' };
  let result: DecisionResult;
  try {
    result = await withTeamLock(state, async (): Promise<DecisionResult> => {
      const proposal = await state.getProposal(id);
      if (!proposal) return { outcome: 'missing' };
      if (proposal.status !== 'pending') return { outcome: 'already-decided', proposal };
      const file = teamCatalogFile(dir);
      const before = readIfExists(file);
      const noteOn = knownElsewhere(engine, proposal);
      addTeamEntry(dir, {
        proposalId: proposal.id,
        code: proposal.code,
        ...(proposal.catalogId ? { catalogId: proposal.catalogId } : {}),
        ...(proposal.sectionId ? { sectionId: proposal.sectionId } : {}),
        meaning: proposal.meaning,
        steps: proposal.steps,
        ...(proposal.link ? { link: proposal.link } : {}),
        ...(noteOn ? { noteOn } : {}),
        provenance: `proposal ${proposal.id} by ${proposal.platform}:${proposal.proposer}, approved by ${by.platform}:${by.user} on ${new Date(now).toISOString().slice(0, 10)}`,
      });
      const decided = await state.decideProposal(id, { decision: 'approved', by: by.user, platform: by.platform, at: now });
      if (decided.outcome !== 'decided') {
        restore(file, before);
        return decided.outcome === 'missing' ? { outcome: 'missing' } : { outcome: 'already-decided', proposal: decided.proposal };
      }
      return { outcome: 'approved', proposal: decided.proposal, file, reload: undefined };
    });
  } catch (error) {
    if (error instanceof TeamCatalogError) return { outcome: 'write-failed', reason: error.message };
    throw error;
  }
  if (result.outcome !== 'approved') return result;
  return { ...result, reload: await teaching.reload('approval') };
}

export async function rejectProposal(state: StateStore, id: string, by: Decider, now: number = Date.now()): Promise<DecisionResult> {
  const decided = await state.decideProposal(id, { decision: 'rejected', by: by.user, platform: by.platform, at: now });
  if (decided.outcome === 'missing') return { outcome: 'missing' };
  if (decided.outcome === 'already-decided') return { outcome: 'already-decided', proposal: decided.proposal };
  return { outcome: 'rejected', proposal: decided.proposal };
}

/** The bundled or custom entry this code already has, for the team note (never the team catalog's own). */
function knownElsewhere(engine: Engine, proposal: Proposal): { catalog: string; title: string } | undefined {
  const answer = proposal.entryId
    ? engine.explain(proposal.entryId)
    : engine
        .lookup(proposal.code, { limit: 5 })
        .answers.find((a) => a.code.toLowerCase() === proposal.code.toLowerCase() && a.catalog.id !== TEAM_CATALOG_ID);
  if (!answer || answer.catalog.id === TEAM_CATALOG_ID) return undefined;
  return { catalog: answer.catalog.id, title: pick(answer.title, 'en') };
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function restore(file: string, before: string | undefined): void {
  if (before === undefined) rmSync(file, { force: true });
  else writeAtomically(file, before);
}

/** What a decision tells whoever made it, in their language. */
export function decisionText(result: DecisionResult, id: string, lang: Language): string {
  const t = (key: UiKey, values: Record<string, string | number> = {}) => ui(key, lang, { id, ...values });
  switch (result.outcome) {
    case 'approved': {
      const said = t('proposalApproved', { code: result.proposal.code, file: result.file });
      return result.reload && !result.reload.ok ? `${said} ${t('proposalWriteFailed', { reason: result.reload.reason })}` : said;
    }
    case 'rejected':
      return t('proposalRejected', { code: result.proposal.code });
    case 'already-decided':
      return t('proposalAlready', { status: result.proposal.status, by: result.proposal.decided?.by ?? '?' });
    case 'missing':
      return t('proposalMissing');
    case 'no-team-dir':
      return t('proposalNoTeamDir');
    case 'write-failed':
      return t('proposalWriteFailed', { reason: result.reason.split('\n')[0] ?? '' });
  }
}
