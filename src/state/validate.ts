/** Small checks every backend shares, so they refuse and read back the same things. */
import { z } from 'zod';
import { type ChannelSettings, MAX_VALUE_LENGTH } from './store.js';

export function assertPositive(name: string, value: number): void {
  // A zero or negative TTL would "claim" without recording anything: a caller's bug, said at once.
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of milliseconds, got ${value}`);
}

/** A value for writeValue: a string of bounded length, with a positive TTL. */
export function assertValue(value: string, ttlMs: number): void {
  assertPositive('ttlMs', ttlMs);
  if (typeof value !== 'string') throw new TypeError('a stored value must be a string');
  if (value.length > MAX_VALUE_LENGTH)
    throw new RangeError(`a stored value may be at most ${MAX_VALUE_LENGTH} characters, got ${value.length}`);
}

const settingsSchema = z.object({ autoReply: z.boolean().optional() });

/** Settings as stored; unknown keys (a newer version's) are kept out, unreadable ones read as unset. */
export function readSettings(json: string | null | undefined): ChannelSettings {
  if (!json) return {};
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(json));
    return parsed.success ? withoutUndefined(parsed.data) : {};
  } catch {
    return {};
  }
}

export function mergeSettings(current: ChannelSettings, patch: ChannelSettings): ChannelSettings {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  const parsed = settingsSchema.safeParse(next);
  if (!parsed.success) throw new TypeError(`invalid channel settings: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return withoutUndefined(parsed.data);
}

function withoutUndefined(settings: ChannelSettings): ChannelSettings {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as ChannelSettings;
}
