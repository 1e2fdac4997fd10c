/** ERRCODE_STATE: the three shapes it accepts, and a clear refusal for everything else. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE_FILE,
  describeRedisUrl,
  describeStateSetting,
  parseStateSetting,
  StateSettingError,
} from '../../src/state/setting.js';

describe('ERRCODE_STATE', () => {
  it('unset or blank gives the caller’s default: SQLite under data/ for npm start, memory for the CLI', () => {
    expect(parseStateSetting(undefined)).toEqual({ kind: 'sqlite', file: DEFAULT_STATE_FILE });
    expect(parseStateSetting('  ')).toEqual({ kind: 'sqlite', file: DEFAULT_STATE_FILE });
    expect(parseStateSetting(undefined, { kind: 'memory' })).toEqual({ kind: 'memory' });
    expect(DEFAULT_STATE_FILE).toMatch(/^data[\\/]errcode-state\.sqlite$/);
  });

  it('reads memory, file paths and Redis URLs', () => {
    expect(parseStateSetting('memory')).toEqual({ kind: 'memory' });
    expect(parseStateSetting(' MEMORY ')).toEqual({ kind: 'memory' });
    expect(parseStateSetting('/var/lib/errcode/state.sqlite')).toEqual({ kind: 'sqlite', file: '/var/lib/errcode/state.sqlite' });
    expect(parseStateSetting('state.db')).toEqual({ kind: 'sqlite', file: 'state.db' });
    expect(parseStateSetting('C:\\errcode\\state.sqlite')).toEqual({ kind: 'sqlite', file: 'C:\\errcode\\state.sqlite' });
    expect(parseStateSetting('redis://localhost:6379')).toEqual({ kind: 'redis', url: 'redis://localhost:6379' });
    expect(parseStateSetting('rediss://user:pw@cache.internal:6380/2')).toEqual({
      kind: 'redis',
      url: 'rediss://user:pw@cache.internal:6380/2',
    });
    expect(parseStateSetting('REDIS://h')).toEqual({ kind: 'redis', url: 'REDIS://h' });
  });

  it.each([
    ['http://cache:6379', /http: is not a supported store/],
    ['postgres://db/errcode', /postgres: is not a supported store/],
    ['redis:localhost', /needs a host/],
    ['redis://', /not a valid URL|needs a host/],
    ['redis://cache:6379/errcode', /database number/],
    [':memory:', /write memory/],
    ['data/', /is a directory/],
  ])('refuses %s with a message naming the variable', (value, reason) => {
    expect(() => parseStateSetting(value)).toThrow(StateSettingError);
    expect(() => parseStateSetting(value)).toThrow(/^ERRCODE_STATE: /);
    expect(() => parseStateSetting(value)).toThrow(reason);
  });

  it('never shows a Redis password', () => {
    expect(describeRedisUrl('rediss://user:s3cret@cache.internal:6380/2')).toBe('rediss://cache.internal:6380/2');
    expect(describeStateSetting({ kind: 'redis', url: 'redis://:s3cret@h:1' })).toBe('redis redis://h:1');
    expect(() => parseStateSetting('redis://:s3cret@h:1/x')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
    );
  });
});
