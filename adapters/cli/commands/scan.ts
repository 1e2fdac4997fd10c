/** `errcode scan [--json] [FILE|-]`: what an auto-reply would say about this text. */
import { ENGINE_DEFAULTS } from '../../../src/engine/engine.js';
import { engineFor } from '../engine.js';
import { type CliIo, EXIT, line, readFileHead, UsageError } from '../io.js';
import { scanJson } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { renderScan } from '../render/text.js';
import type { CommonFlags } from './flags.js';

/** Bytes read from a file or stdin; the engine reads at most scanLimit characters of them anyway. */
const READ_LIMIT = ENGINE_DEFAULTS.scanLimit * 4;

export async function scanCommand(source: string | undefined, flags: CommonFlags, io: CliIo): Promise<number> {
  const engine = await engineFor(flags.catalogs, io.env, { noBundled: flags.noBundled });
  const text = source === undefined || source === '-' ? await readStdin(io.stdin) : readFileHead(source, READ_LIMIT).toString('utf8');
  const result = engine.scan(text);
  if (flags.json) line(io.stdout, JSON.stringify(scanJson(result, flags.lang), null, 2));
  else line(io.stdout, renderScan(result, flags.lang, styleFor(io.stdout, io.env)));
  return result.answers.length > 0 ? EXIT.matched : EXIT.nothing;
}

async function readStdin(stdin: NodeJS.ReadStream): Promise<string> {
  if (stdin.isTTY) throw new UsageError('scan reads a FILE or standard input; nothing was piped in (try: errcode scan app.log)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    if (size + buffer.length >= READ_LIMIT) {
      chunks.push(buffer.subarray(0, READ_LIMIT - size));
      size = READ_LIMIT;
      break;
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
