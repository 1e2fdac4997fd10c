/** The CLI run in-process, its streams captured: what a terminal would have shown, and the exit code. */
import { PassThrough } from 'node:stream';
import { run } from '../../adapters/cli/cli.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface CliRunOptions {
  /** Piped to standard input; without it, standard input is a terminal with nothing typed. */
  readonly stdin?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Standard output is a terminal (colour is allowed). */
  readonly tty?: boolean;
}

export async function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += String(d);
  });
  stderr.on('data', (d) => {
    err += String(d);
  });
  Object.assign(stdout, { isTTY: options.tty ?? false });
  Object.assign(stdin, { isTTY: options.stdin === undefined });
  stdin.end(options.stdin ?? '');
  const code = await run(args, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    env: options.env ?? {},
  });
  return { code, out, err };
}
