/**
 * Work done in bounded steps. An index over 100,000 entries takes seconds to build; built in one
 * go on the bot's thread, nothing else runs meanwhile (not /livez, not Slack's 3 s acks). So each
 * index is built by a generator that yields every few entries: the synchronous constructors run it
 * to the end at once (the CLI wants the engine now, with nothing else to serve), and a reload runs
 * it in short time slices with the event loop turning in between. Same code, same result.
 */
export type Steps<T> = Generator<void, T, void>;

/** Entries indexed between two yields: small enough that a step is microseconds. */
export const STEP_ENTRIES = 256;

/** True every STEP_ENTRIES-th index: `if (stepDue(i)) yield;` in an index's build loop. */
export function stepDue(i: number): boolean {
  return i % STEP_ENTRIES === STEP_ENTRIES - 1;
}

/** Runs the steps to the end, now. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export interface SliceOptions {
  /** Longest run of steps before the event loop gets a turn. */
  readonly sliceMs?: number;
}

/** Default time slice: /livez and platform acks wait at most about this long for a build. */
export const SLICE_MS = 10;

/** Runs the steps in time slices, giving the event loop a turn (I/O included) between slices. */
export async function runStepsSliced<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  let deadline = performance.now() + sliceMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= deadline) {
      await turn();
      deadline = performance.now() + sliceMs;
    }
  }
}

/** One turn of the event loop: setImmediate runs after pending I/O callbacks, unlike a microtask. */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
