#!/usr/bin/env node
/** `errcode` entry point: everything else is in cli.ts, so tests run it in-process. */
import { run } from './cli.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
