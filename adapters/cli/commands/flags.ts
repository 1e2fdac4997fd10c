/** Flags shared by the commands, parsed and checked once. */
import type { Language } from '../../../src/text.js';
import { UsageError } from '../io.js';

export interface CommonFlags {
  readonly json: boolean;
  /** --limit N; unset, each command has its own default (a lookup DEFAULT_LIMIT, a scan the bot's few). */
  readonly limit?: number;
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
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 500))
    throw new UsageError('--limit takes a whole number from 1 to 500');
  const lang = languageOf(values.lang ?? 'en');
  const noBundled = values['no-bundled'] ?? false;
  return {
    json: values.json ?? false,
    lang,
    noBundled,
    ...(limit !== undefined ? { limit } : {}),
    ...(values.catalogs ? { catalogs: values.catalogs } : {}),
  };
}

/** `zh`, `ZH`, `zh-CN`, `zh_TW`, `zh-Hans` are Chinese; `en`, `en-US` English (a locale tag's language part). */
export function languageOf(value: string): Language {
  const language = value.trim().toLowerCase().split(/[-_.]/)[0];
  if (language === 'en' || language === 'zh') return language;
  throw new UsageError('--lang takes en or zh (zh-CN and other zh-… tags are zh)');
}
