/**
 * The teaching operations' contract (issue 14): proposals and step credits, run by contract.test.ts
 * against every backend beside the other cases. Kept in their own file so the two sets change apart.
 */
import { expect } from 'vitest';
import { type ProposalInput, RETENTION_MS, type StateStore } from '../../src/state/store.js';
import type { TestClock } from './backends.js';

interface Ctx {
  readonly store: StateStore;
  readonly clock: TestClock;
}

const input = (fields: Partial<ProposalInput> = {}): ProposalInput => ({
  kind: 'add',
  platform: 'slack',
  proposer: 'U1',
  channelId: 'C1',
  code: '424242',
  catalogId: 'qq-msdk',
  sectionId: 'login',
  meaning: 'Login ticket expired',
  steps: ['Log in again', 'Refresh the ticket'],
  link: 'https://example.com/doc',
  ...fields,
});

export const TEACHING_CASES: Record<string, (ctx: Ctx) => Promise<void>> = {
  'a proposal is stored pending with who, when and where from, and read back whole': async ({ store, clock }) => {
    const created = await store.createProposal(input());
    expect(created).toMatchObject({ status: 'pending', proposer: 'U1', platform: 'slack', channelId: 'C1', createdAt: clock.now });
    expect(created.id).toMatch(/^p[0-9a-f]{10}$/);
    expect(await store.getProposal(created.id)).toEqual(created);
    expect(await store.getProposal('pnothere')).toBeUndefined();
    expect(await store.pendingProposals()).toEqual([created]);
  },
  'pending proposals are found by code (case and spaces aside), oldest first; decided ones drop out': async ({ store, clock }) => {
    const a = await store.createProposal(input({ code: '0x9B' }));
    clock.advance(10);
    const b = await store.createProposal(input({ code: ' 0x9b', proposer: 'U2' }));
    clock.advance(10);
    const other = await store.createProposal(input({ code: '1' }));
    expect((await store.pendingProposalsFor('0x9b')).map((p) => p.id)).toEqual([a.id, b.id]);
    await store.decideProposal(a.id, { decision: 'rejected', by: 'M1', platform: 'slack', at: clock.now });
    expect((await store.pendingProposalsFor('0X9B')).map((p) => p.id)).toEqual([b.id]);
    expect((await store.pendingProposals()).map((p) => p.id)).toEqual([b.id, other.id]);
    expect((await store.allProposals()).map((p) => [p.id, p.status])).toEqual([
      [a.id, 'rejected'],
      [b.id, 'pending'],
      [other.id, 'pending'],
    ]);
  },
  'a decision is taken once: the second maintainer sees who decided first': async ({ store, clock }) => {
    const p = await store.createProposal(input());
    const [first, second] = await Promise.all([
      store.decideProposal(p.id, { decision: 'approved', by: 'M1', platform: 'slack', at: clock.now }),
      store.decideProposal(p.id, { decision: 'rejected', by: 'M2', platform: 'discord', at: clock.now }),
    ]);
    const outcomes = [first.outcome, second.outcome].sort();
    expect(outcomes).toEqual(['already-decided', 'decided']);
    const winner = first.outcome === 'decided' ? first : second;
    const stored = await store.getProposal(p.id);
    if (winner.outcome !== 'decided') throw new Error('no winner');
    expect(stored?.status).toBe(winner.proposal.status);
    expect(stored?.decided?.by).toBe(winner.proposal.decided?.by);
    expect(await store.decideProposal('pnothere', { decision: 'approved', by: 'M1', platform: 'slack', at: 0 })).toEqual({
      outcome: 'missing',
    });
  },
  'many decisions at once on one proposal: exactly one wins': async ({ store, clock }) => {
    const p = await store.createProposal(input());
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.decideProposal(p.id, { decision: i % 2 ? 'approved' : 'rejected', by: `M${i}`, platform: 'slack', at: clock.now }),
      ),
    );
    expect(outcomes.filter((o) => o.outcome === 'decided')).toHaveLength(1);
  },
  'an edit replaces the fields of a pending proposal, records who, and is refused once decided': async ({ store, clock }) => {
    const p = await store.createProposal(input());
    clock.advance(5);
    const edited = await store.editProposal(
      p.id,
      { code: '424243', meaning: 'Ticket expired (edited)', steps: ['Log in again'] },
      { by: 'M1', platform: 'discord', at: clock.now },
    );
    if (edited.outcome !== 'edited') throw new Error(edited.outcome);
    expect(edited.proposal).toMatchObject({ code: '424243', meaning: 'Ticket expired (edited)', steps: ['Log in again'], proposer: 'U1' });
    expect(edited.proposal.link).toBeUndefined();
    expect(edited.proposal.edits).toEqual([{ by: 'M1', platform: 'discord', at: clock.now }]);
    expect(await store.getProposal(p.id)).toEqual(edited.proposal);
    expect((await store.pendingProposalsFor('424243')).map((x) => x.id)).toEqual([p.id]);
    expect(await store.pendingProposalsFor('424242')).toEqual([]);
    await store.decideProposal(p.id, { decision: 'approved', by: 'M2', platform: 'slack', at: clock.now });
    const late = await store.editProposal(p.id, { code: '1', meaning: 'x', steps: [] }, { by: 'M1', platform: 'slack', at: clock.now });
    expect(late.outcome).toBe('already-decided');
    expect((await store.getProposal(p.id))?.code).toBe('424243');
  },
  'fix credits: one per user per entry, a later one replaces it, counted per step': async ({ store }) => {
    expect(await store.fixStats('e1')).toEqual({ entryId: 'e1', fixed: 0, byStep: [] });
    expect(await store.recordFix({ platform: 'slack', entryId: 'e1', userId: 'U1', steps: [2] })).toEqual({ outcome: 'new' });
    expect(await store.recordFix({ platform: 'discord', entryId: 'e1', userId: 'U2', steps: [0, 2] })).toEqual({ outcome: 'new' });
    expect(await store.recordFix({ platform: 'slack', entryId: 'e1', userId: 'U3', steps: [] })).toEqual({ outcome: 'new' });
    expect(await store.fixStats('e1')).toEqual({ entryId: 'e1', fixed: 3, byStep: [1, 0, 2] });
    expect(await store.recordFix({ platform: 'slack', entryId: 'e1', userId: 'U1', steps: [1] })).toEqual({ outcome: 'changed' });
    expect(await store.fixStats('e1')).toEqual({ entryId: 'e1', fixed: 3, byStep: [1, 1, 1] });
    await store.recordFix({ platform: 'slack', entryId: 'e:2{x}', userId: 'U1', steps: [0] });
    expect(await store.allFixStats()).toEqual([
      { entryId: 'e1', fixed: 3, byStep: [1, 1, 1] },
      { entryId: 'e:2{x}', fixed: 1, byStep: [1] },
    ]);
  },
  'proposals and credits outlive a day but not the retention time': async ({ store, clock }) => {
    const p = await store.createProposal(input());
    await store.recordFix({ platform: 'slack', entryId: 'e1', userId: 'U1', steps: [0] });
    clock.advance(24 * 60 * 60 * 1000);
    expect((await store.getProposal(p.id))?.status).toBe('pending');
    expect((await store.fixStats('e1')).fixed).toBe(1);
    expect(RETENTION_MS).toBeGreaterThan(365 * 24 * 60 * 60 * 1000);
  },
};
