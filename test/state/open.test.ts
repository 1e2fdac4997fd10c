/** openStateStore: the setting picks the backend; where node:sqlite is missing, memory with one warning. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/state/open.js';
import type { StateStore } from '../../src/state/store.js';
import { sqlite } from './backends.js';

const opened: StateStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'errcode-open-'));
  dirs.push(dir);
  return dir;
};

describe('openStateStore', () => {
  it('memory: no warnings', async () => {
    const { store, warnings, description } = await openStateStore({ kind: 'memory' });
    opened.push(store);
    expect([store.backend, warnings, description]).toEqual(['memory', [], 'memory']);
  });

  it.runIf(sqlite === undefined)('a SQLite path where node:sqlite does not exist: memory, and one warning that says why', async () => {
    const { store, warnings } = await openStateStore({ kind: 'sqlite', file: path.join(tempDir(), 'state.sqlite') });
    opened.push(store);
    expect(store.backend).toBe('memory');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/node:sqlite.*Node 22\.13.*kept in memory: lost on restart, not shared/);
  });

  it.runIf(sqlite !== undefined)(
    'a SQLite path: the file and its directory are created on first start, and state survives a restart',
    async () => {
      const file = path.join(tempDir(), 'nested', 'dir', 'state.sqlite');
      const first = await openStateStore({ kind: 'sqlite', file });
      expect([first.store.backend, first.warnings]).toEqual(['sqlite', []]);
      await first.store.mute('C1', 'x', 60_000);
      await first.store.recordVote({ platform: 'slack', entryId: 'e', userId: 'U1', vote: 'helpful' });
      const claim = await first.store.claim('ev', 60_000);
      await first.store.close();

      const second = await openStateStore({ kind: 'sqlite', file });
      opened.push(second.store);
      expect(claim.status).toBe('claimed');
      expect(await second.store.isMuted('C1', 'x')).toBe(true);
      expect((await second.store.claim('ev', 60_000)).status).toBe('taken');
      expect(await second.store.voteTallies()).toEqual([{ entryId: 'e', helpful: 1, notHelpful: 0 }]);
    },
  );

  it.runIf(sqlite !== undefined)('a file that is not a database is refused with the file named', async () => {
    const dir = tempDir();
    await expect(openStateStore({ kind: 'sqlite', file: dir })).rejects.toThrow(/^ERRCODE_STATE: cannot (open|use) /);
  });
});
