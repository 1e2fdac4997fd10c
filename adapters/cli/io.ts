/** What a CLI command may touch; tests pass their own. */
export interface CliIo {
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly env: NodeJS.ProcessEnv;
}

/** Exit statuses: the contract scripts rely on. */
export const EXIT = Object.freeze({ matched: 0, nothing: 1, usage: 2 } as const);

/** Bad usage or unreadable input: one line on stderr, exit 2. */
export class UsageError extends Error {}

export function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}
