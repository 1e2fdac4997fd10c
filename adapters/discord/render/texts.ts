/** The shared UI sentences under the names the Discord renderer uses. */
import { type UiKey, ui } from '../../../src/messages.js';
import type { Language } from '../../../src/text.js';

const KEYS = { noCodeFound: 'noCodeFound', sharedBy: 'sharedBy', moreSteps: 'moreItems', reported: 'reported' } as const satisfies Record<
  string,
  UiKey
>;

export type TextKey = keyof typeof KEYS;

export function say(key: TextKey, lang: Language, values: Record<string, string | number> = {}): string {
  return ui(KEYS[key], lang, values);
}
