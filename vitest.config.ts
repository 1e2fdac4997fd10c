/**
 * One place for the test gate's time budgets. The suite runs on 2-core machines that are often busy
 * with something else (CI, a second build, another developer's tests): a test that fails only because
 * the machine is slow is a broken test. So every wait polls for its condition, and the budgets below
 * are ceilings for a slow machine, not expectations; a passing test takes what it takes.
 *
 * Two kinds of test file, one budget each:
 * - unit: the engine, catalogs, renderers, and the adapters driven through their real clients
 *   against the fakes in-process;
 * - heavy: tests that start node processes, push 10 MB pastes, floods of thousands of messages or
 *   long property runs. Add a file here rather than giving a test its own number.
 */
import { defineConfig } from 'vitest/config';

const HEAVY = [
  'test/faults/**/*.test.ts',
  'test/runtime/start-process.test.ts',
  'test/eval.test.ts',
  'test/adapters/slack/auto-reply.test.ts',
  'test/adapters/discord/auto-reply.test.ts',
  'test/import/hostile.test.ts',
  'test/state/redis.test.ts',
  'test/state/processes.test.ts',
  // Replicas behind a balancer on one redis-server, and a 600-message flood through 1, 2 and 3 of them.
  'test/adapters/slack/replicas.test.ts',
  'test/runtime/kill-restart.test.ts',
  // Connection lifecycles: real outages, timeouts and redelivery intervals, each seconds long.
  'test/adapters/slack/socket-lifecycle.test.ts',
  'test/adapters/discord/lifecycle.test.ts',
  // Teaching (issue 14): both real clients, a catalog reload per approval, the CLI.
  'test/product/teaching.test.ts',
  'test/adapters/cli/proposals.test.ts',
  // The CLI as a process: a 3 MB log piped in, a 17 MB file past the scan cap.
  'test/adapters/cli/cli-review.test.ts',
  // Discord processes killed and restarted against the fake, sharded processes.
  'test/runtime/discord-processes.test.ts',
  // Issue 11: engines built at once and in slices over generated catalogs, thousands of questions each.
  'test/engine/build-in-steps.test.ts',
  // Every code of two catalogs looked up twice: from the code index and over everything loaded.
  'test/code-lookup-equivalence.test.ts',
];

export default defineConfig({
  test: {
    // expect.poll waits for a condition; its ceiling is generous, since it returns as soon as it holds.
    expect: { poll: { timeout: 10_000, interval: 20 } },
    teardownTimeout: 15_000,
    // Two cores: at most two test files at once, so one file's servers and clients are not starved.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: HEAVY, testTimeout: 30_000, hookTimeout: 30_000 },
      },
      {
        extends: true,
        test: { name: 'heavy', include: HEAVY, testTimeout: 120_000, hookTimeout: 60_000 },
      },
    ],
  },
});
