#!/usr/bin/env node
/** `errcode` entry point: everything else is in cli.ts, so tests run it in-process. */
import { run } from './cli.js';

// `errcode import page.html | head` closes the pipe while errcode still writes: the reader has
// what it wanted, so end quietly with 0, as cat and grep do, not with an unhandled EPIPE stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
