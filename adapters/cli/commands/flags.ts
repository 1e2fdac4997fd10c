/** Flags shared by the commands, parsed and checked once. */
import { replyLanguage } from '../../../src/messages.js';
import type { Language } from '../../../src/text.js';
import { UsageError } from '../io.js';

export interface CommonFlags {
  readonly json: boolean;
  /** --limit N; unset, each command has its own default (a lookup DEFAULT_LIMIT, a scan the bot's few). */
  readonly limit?: number;
  /** The language of output that answers no question (a scan, a list): --lang, else the locale. */
  readonly lang: Language;
  /** What a reply's language is decided from, with the question (src/messages.ts replyLanguage). */
  readonly languageChoice: { readonly chosen?: Language; readonly locale?: string };
  readonly catalogs?: string;
  /** Only the catalogs given (--catalogs, ERRCODE_CATALOGS), without the bundled ones. */
  readonly noBundled: boolean;
}

export const DEFAULT_LIMIT = 10;

export function commonFlags(
  values: {
    json?: boolean;
    limit?: string;
    lang?: string;
    catalogs?: string;
    'no-bundled'?: boolean;
  },
  env: NodeJS.ProcessEnv,
): CommonFlags {
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 500))
    throw new UsageError('--limit takes a whole number from 1 to 500');
  const chosen = values.lang === undefined ? undefined : languageOf(values.lang);
  const locale = localeOf(env);
  const languageChoice = { ...(chosen ? { chosen } : {}), ...(locale ? { locale } : {}) };
  const noBundled = values['no-bundled'] ?? false;
  return {
    json: values.json ?? false,
    lang: replyLanguage(languageChoice),
    languageChoice,
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

/** The locale messages are shown in, as POSIX programs read it: LC_ALL, then LC_MESSAGES, then LANG (the first set). */
export function localeOf(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}
