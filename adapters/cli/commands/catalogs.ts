/** `errcode catalogs [--json]`: catalogs loaded, entry counts, sources. */
import { pick, plural } from '../../../src/text.js';
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
      `${style.bold(c.id.padEnd(18))} ${String(c.entries).padStart(5)} ${(c.entries === 1 ? 'entry' : 'entries').padEnd(7)}  ${String(c.tables).padStart(3)} ${(c.tables === 1 ? 'table' : 'tables').padEnd(6)}  ${pick(c.name, flags.lang)}`,
    );
    line(io.stdout, style.dim(`${''.padEnd(19)}source ${c.document} (${c.language}) · ${c.file}`));
  }
  line(io.stdout, `${plural(summary.length, 'catalog')}, ${plural(engine.size, 'entry', 'entries')}`);
  return EXIT.matched;
}
