/** `errcode catalogs [--json]`: catalogs loaded, entry counts, sources. */
import { pick } from '../../../src/text.js';
import { engineFor } from '../engine.js';
import { type CliIo, EXIT, line } from '../io.js';
import { styleFor } from '../render/style.js';
import type { CommonFlags } from './flags.js';

export async function catalogsCommand(flags: CommonFlags, io: CliIo): Promise<number> {
  const engine = await engineFor(flags.catalogs, io.env, { noBundled: flags.noBundled });
  const summary = engine.summary();
  if (flags.json) {
    line(
      io.stdout,
      JSON.stringify({ catalogs: summary.map((c) => ({ ...c, name: pick(c.name, flags.lang) })), entries: engine.size }, null, 2),
    );
    return EXIT.matched;
  }
  const style = styleFor(io.stdout, io.env);
  for (const c of summary) {
    line(
      io.stdout,
      `${style.bold(c.id.padEnd(18))} ${String(c.entries).padStart(5)} entries  ${String(c.tables).padStart(3)} tables  ${pick(c.name, flags.lang)}`,
    );
    line(io.stdout, style.dim(`${''.padEnd(19)}source ${c.document} (${c.language}) · ${c.file}`));
  }
  line(io.stdout, `${summary.length} catalogs, ${engine.size} entries`);
  return EXIT.matched;
}
