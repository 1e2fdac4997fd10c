/**
 * One place for the test gate's time budgets. The suite runs on 2-core machines that are often busy
 * with something else (CI, a second build): a test that fails only because the machine is slow is a
 * broken test. So every wait polls for its condition, and the budgets below are ceilings for a slow
 * machine, not expectations. A test that needs more (a process start, a 10 MB paste, a fuzz run)
 * states its own budget where it is written, via `heavy`.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Default budget of one test and of one hook (a fake platform plus a real client starting).
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 15_000,
    // expect.poll waits for a condition; its ceiling is generous, since it returns as soon as it holds.
    expect: { poll: { timeout: 10_000, interval: 20 } },
    // Two cores: at most two test files at once, so one file's servers and clients are not starved.
    maxWorkers: 2,
  },
});
