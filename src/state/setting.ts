/**
 * `ERRCODE_STATE`: where the bot keeps its state. One setting, three shapes:
 *   memory                       this process only, gone on exit (the CLI, tests)
 *   a file path                  SQLite, one process, survives restarts (the default for `npm start`)
 *   redis://… or rediss://…      Redis, shared by several processes (replicas, shards)
 */
import path from 'node:path';

export type StateSetting =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'redis'; readonly url: string };

/** Where `npm start` keeps its state when ERRCODE_STATE is not set (relative to the working directory). */
export const DEFAULT_STATE_FILE = path.join('data', 'errcode-state.sqlite');

export const DEFAULT_STATE_SETTING: StateSetting = { kind: 'sqlite', file: DEFAULT_STATE_FILE };

/** A malformed ERRCODE_STATE: the message names the variable and the shapes it accepts. */
export class StateSettingError extends Error {
  override readonly name = 'StateSettingError';
}

const EXPECTED = 'expected memory, a SQLite file path (such as data/errcode-state.sqlite), or a redis:// or rediss:// URL';

/** Parses ERRCODE_STATE; unset or blank gives `fallback` (SQLite for `npm start`, memory for the CLI). */
export function parseStateSetting(value: string | undefined, fallback: StateSetting = DEFAULT_STATE_SETTING): StateSetting {
  const text = value?.trim() ?? '';
  if (text === '') return fallback;
  if (text.toLowerCase() === 'memory') return { kind: 'memory' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === 'redis' || scheme === 'rediss') {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new StateSettingError(`ERRCODE_STATE: not a valid URL (${EXPECTED})`);
    }
    if (!text.slice(scheme.length + 1).startsWith('//') || url.hostname === '') {
      throw new StateSettingError('ERRCODE_STATE: a Redis URL needs a host, such as redis://localhost:6379');
    }
    if (url.pathname !== '' && url.pathname !== '/' && !/^\/\d{1,2}$/.test(url.pathname)) {
      throw new StateSettingError('ERRCODE_STATE: the path of a Redis URL is a database number, such as redis://localhost:6379/0');
    }
    return { kind: 'redis', url: text };
  }
  // A Windows drive letter ("C:\…") is a path; anything else with a scheme is a URL we do not speak.
  if (scheme !== undefined && !/^[a-z]:[\\/]/i.test(text)) {
    throw new StateSettingError(`ERRCODE_STATE: ${scheme}: is not a supported store (${EXPECTED})`);
  }
  if (text === ':memory:') throw new StateSettingError('ERRCODE_STATE: for state that is not kept, write memory');
  if (/[\\/]$/.test(text))
    throw new StateSettingError(`ERRCODE_STATE: ${text} is a directory; name the file, such as ${path.join(text, 'errcode-state.sqlite')}`);
  return { kind: 'sqlite', file: text };
}

/** The setting as logs may show it (no password). */
export function describeStateSetting(setting: StateSetting): string {
  if (setting.kind === 'memory') return 'memory';
  if (setting.kind === 'sqlite') return `sqlite ${path.resolve(setting.file)}`;
  return `redis ${describeRedisUrl(setting.url)}`;
}

/** `redis://user:secret@host:6379/0` -> `redis://host:6379/0`: what logs and messages may show. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return 'redis (unparseable URL)';
  }
}
