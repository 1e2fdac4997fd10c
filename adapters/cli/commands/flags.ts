/** Flags shared by the commands, parsed and checked once. */
import type { Language } from '../../../src/text.js';
import { UsageError } from '../io.js';

export interface CommonFlags {
  readonly json: boolean;
  readonly limit: number;
  readonly lang: Language;
  readonly catalogs?: string;
  /** Only the catalogs given (--catalogs, ERRCODE_CATALOGS), without the bundled ones. */
  readonly noBundled: boolean;
}

export const DEFAULT_LIMIT = 10;

export function commonFlags(values: {
  json?: boolean;
  limit?: string;
  lang?: string;
  catalogs?: string;
  'no-bundled'?: boolean;
}): CommonFlags {
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit takes a whole number from 1 to 500');
  const lang = values.lang ?? 'en';
  if (lang !== 'en' && lang !== 'zh') throw new UsageError('--lang takes en or zh');
  const noBundled = values['no-bundled'] ?? false;
  return { json: values.json ?? false, limit, lang, noBundled, ...(values.catalogs ? { catalogs: values.catalogs } : {}) };
}
