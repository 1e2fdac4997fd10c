/**
 * `.env` support for `npm start` and `npm run discord:register`: the README tells people to put their
 * tokens there. Node reads the file itself (`process.loadEnvFile`, Node 20.12+), so there is no
 * dotenv dependency. A variable already set in the environment wins over the file, as with
 * `node --env-file`: a deployment's real environment is never overridden by a stray file.
 */
import { statSync } from 'node:fs';
import path from 'node:path';

export class EnvFileError extends Error {
  override readonly name = 'EnvFileError';
}

/**
 * Loads `.env` from `dir` (the working directory) into `process.env` when it exists. Returns the
 * file's path, or undefined when there is none. Throws EnvFileError for a file that exists but cannot
 * be read (a directory, no permission); the message names the file, never its contents.
 */
export function loadEnvFileIfExists(dir: string = process.cwd()): string | undefined {
  const file = path.resolve(dir, '.env');
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EnvFileError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  // A FIFO or a directory would block or fail inside the reader: refuse it with a clear message.
  if (!isFile) throw new EnvFileError(`${file}: not a regular file`);
  try {
    process.loadEnvFile(file);
  } catch (error) {
    throw new EnvFileError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return file;
}
