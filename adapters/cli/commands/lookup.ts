/** `errcode [--json] [--limit N] [--lang en|zh] [--catalogs DIRS] [--] <query...>` */
import { replyLanguage, ui } from '../../../src/messages.js';
import { isPastedLog } from '../../../src/product/paste.js';
import { redactSecrets } from '../../../src/secrets.js';
import { lookupFor } from '../engine.js';
import { type CliIo, EXIT, line } from '../io.js';
import { lookupJson } from '../render/json.js';
import { styleFor } from '../render/style.js';
import { renderLookup } from '../render/text.js';
import { type CommonFlags, DEFAULT_LIMIT } from './flags.js';

export async function lookupCommand(query: string, flags: CommonFlags, io: CliIo): Promise<number> {
  const asked = await lookupFor(query, flags.catalogs, io.env, { noBundled: flags.noBundled, limit: flags.limit ?? DEFAULT_LIMIT });
  const pasted = isPastedLog(query);
  // A pasted log's English is a program's words: only Chinese in it tells the reader's language.
  const lang = replyLanguage({ ...flags.languageChoice, ...(pasted ? { pasted: query } : { question: query }) });
  // A pasted log read as one question answers one code of it: say so, and what reads it whole.
  const noted = pasted ? { ...asked, notes: [...asked.notes, ui('pasteAsQuery', lang)] } : asked;
  // The question is echoed ("No catalog has …", --json's query): never with a credential pasted in it.
  const redacted = redactSecrets(query);
  const result = redacted.found.length > 0 ? { ...noted, query: redacted.text } : noted;
  if (redacted.found.length > 0) line(io.stderr, `errcode: ${ui('rotateSecretInput', lang, { kinds: redacted.found.join(', ') })}`);
  if (flags.json) line(io.stdout, JSON.stringify(lookupJson(result, lang), null, 2));
  else line(io.stdout, renderLookup(result, lang, styleFor(io.stdout, io.env)));
  return result.status === 'found' ? EXIT.matched : EXIT.nothing;
}
