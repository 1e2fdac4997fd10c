import { describe, expect, it } from 'vitest';
import { type CardAction, cardId, missingId, nearestId, parseCustomId } from '../../../adapters/discord/custom-ids.js';
import type { CardState } from '../../../src/interaction/state.js';

const state: CardState = { entryKey: '1dvoshb33p0', lang: 'zh', done: 2 ** 30 - 1, depth: 2 };
const ACTIONS: CardAction[] = ['steps', 'fail', 'lang', 'share', 'helpful', 'unhelpful', 'other', 'related', 'open', 'mute'];

describe('custom_ids', () => {
  it('round-trip every card action with the full state, well within 100 characters', () => {
    const ids = ACTIONS.map((action) => cardId(action, state));
    expect(new Set(ids).size).toBe(ACTIONS.length);
    for (const [i, id] of ids.entries()) {
      expect(id.startsWith('ec1:')).toBe(true);
      expect(id.length).toBeLessThanOrEqual(100);
      expect(parseCustomId(id)).toEqual({ kind: 'card', action: ACTIONS[i], state });
    }
  });

  it('cut a long report query to exactly 100 characters, never splitting a surrogate pair', () => {
    const id = missingId('en', `100099 ${'x'.repeat(300)}`);
    expect(id).toHaveLength(100);
    expect(parseCustomId(id)).toEqual({ kind: 'missing', lang: 'en', query: `100099 ${'x'.repeat(84)}` });

    const emoji = `${'a'.repeat(90)}😀😀`; // the first 😀 straddles the 91st character
    const cut = missingId('en', emoji);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith('a')).toBe(true);
    expect(parseCustomId(missingId('zh', 'a:b:c'))).toEqual({ kind: 'missing', lang: 'zh', query: 'a:b:c' });
  });

  it('parse the nearest-codes select', () => {
    expect(parseCustomId(nearestId('zh'))).toEqual({ kind: 'nearest', lang: 'zh' });
  });

  it('reject anything this version did not write', () => {
    for (const id of [
      '',
      'errcode:more:1002',
      'ec0:f:1.1dvoshb33p0.en.0.0',
      'ec2:f:1.1dvoshb33p0.en.0.0',
      'ec1:z:1.1dvoshb33p0.en.0.0',
      'ec1:f:2.1dvoshb33p0.en.0.0',
      'ec1:f:1.1dvoshb33p0.fr.0.0',
      'ec1:f:1.1dvoshb33p0.en.0.3',
      'ec1:f:1.1dvoshb33p0.en.0.0:extra',
      'ec1:f',
      'ec1:g:fr',
      'ec1:x:de:100',
      `ec1:x:en:${'x'.repeat(100)}`,
    ]) {
      expect(parseCustomId(id), id).toBeUndefined();
    }
  });
});
