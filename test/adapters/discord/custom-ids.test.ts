import { describe, expect, it } from 'vitest';
import {
  addCodeId,
  cardId,
  formId,
  missingId,
  moreActionValue,
  moreId,
  moreOpenValue,
  nearestId,
  parseComponent,
  parseFormId,
  reviewId,
  stepId,
} from '../../../adapters/discord/custom-ids.js';
import { type CardState, QUERY_IN_STATE_MAX } from '../../../src/interaction/state.js';
import { CARD_ACTIONS } from '../../../src/product/actions.js';

const state: CardState = { entryKey: '1dvoshb33p0', lang: 'zh', done: 2 ** 30 - 1, depth: 2, vote: 'helpful' };
const STATELESS = new Set(['tick', 'open', 'reportMissing', 'addCode', 'approve', 'editProposal', 'reject']);
const BUTTONS = CARD_ACTIONS.filter(
  (a): a is Exclude<(typeof CARD_ACTIONS)[number], 'tick' | 'open' | 'reportMissing' | 'addCode' | 'approve' | 'editProposal' | 'reject'> =>
    !STATELESS.has(a),
);

describe('custom_ids', () => {
  it('teaching (issue 14): Add it for my team, review buttons and the modal round-trip; anything else is stale', () => {
    expect(parseComponent(addCodeId('en', '424242'))).toEqual({ action: 'addCode', lang: 'en', query: '424242' });
    for (const action of ['approve', 'editProposal', 'reject'] as const) {
      expect(parseComponent(reviewId(action, 'zh', 'p0123456789'))).toEqual({ action, lang: 'zh', proposalId: 'p0123456789' });
    }
    expect(parseComponent('ec2:v:en:not-an-id')).toBeUndefined();
    for (const purpose of [{ kind: 'add' }, { kind: 'fix', entryKey: 'abc123' }, { kind: 'edit', proposalId: 'p0a' }] as const) {
      expect(parseFormId(formId('en', purpose))).toEqual({ lang: 'en', purpose });
    }
    expect(parseFormId('ec2:q:en:edit:../x')).toBeUndefined();
    expect(parseFormId('ec2:q:xx:add')).toBeUndefined();
  });

  it('round-trip every card action with the full state, well within 100 characters', () => {
    const ids = BUTTONS.map((action) => cardId(action, state));
    expect(new Set(ids).size).toBe(BUTTONS.length);
    for (const [i, id] of ids.entries()) {
      expect(id.startsWith('ec2:')).toBe(true);
      expect(id.length).toBeLessThanOrEqual(100);
      expect(parseComponent(id)).toEqual({ action: BUTTONS[i], state });
    }
    const step = stepId(state, 29);
    expect(step.length).toBeLessThanOrEqual(100);
    expect(parseComponent(step)).toEqual({ action: 'tick', state, step: 29, done: false });
    expect(parseComponent(stepId({ ...state, done: 0 }, 3))).toEqual({ action: 'tick', state: { ...state, done: 0 }, step: 3, done: true });
  });

  it('a free-text query at its longest still fits: the step toggle of the last step is exactly 100 characters', () => {
    const widest: CardState = { ...state, entryKey: 'z'.repeat(16), query: 'q'.repeat(QUERY_IN_STATE_MAX) };
    const step = stepId(widest, 29);
    expect(step).toHaveLength(100);
    expect(parseComponent(step)).toEqual({ action: 'tick', state: widest, step: 29, done: false });
    for (const action of BUTTONS) expect(parseComponent(cardId(action, widest))).toEqual({ action, state: widest });
    expect(parseComponent(moreId(widest), [moreOpenValue('abc')])).toEqual({ action: 'open', state: widest, entryKey: 'abc' });
  });

  it('the "More options" select carries actions and entries in its values', () => {
    const id = moreId(state);
    expect(parseComponent(id, [moreActionValue('language')])).toEqual({ action: 'language', state });
    expect(parseComponent(id, [moreOpenValue('abc123')])).toEqual({ action: 'open', state, entryKey: 'abc123' });
    expect(parseComponent(id, ['a:t'])).toBeUndefined();
    expect(parseComponent(id, ['o:NOT A KEY'])).toBeUndefined();
    expect(parseComponent(id, [])).toBeUndefined();
  });

  it('cut a long report query to exactly 100 characters, never splitting a surrogate pair', () => {
    const id = missingId('en', `100099 ${'x'.repeat(300)}`);
    expect(id).toHaveLength(100);
    expect(parseComponent(id)).toEqual({ action: 'reportMissing', lang: 'en', query: `100099 ${'x'.repeat(84)}` });

    const emoji = `${'a'.repeat(90)}😀😀`; // the first 😀 straddles the 91st character
    const cut = missingId('en', emoji);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith('a')).toBe(true);
    expect(parseComponent(missingId('zh', 'a:b:c'))).toEqual({ action: 'reportMissing', lang: 'zh', query: 'a:b:c' });
  });

  it('parse the nearest-codes select into opening the chosen entry', () => {
    expect(parseComponent(nearestId('zh'), ['abc'])).toEqual({
      action: 'open',
      state: { entryKey: 'abc', lang: 'zh', done: 0, depth: 0 },
      entryKey: 'abc',
    });
  });

  it('reject anything this version did not write', () => {
    for (const id of [
      '',
      'errcode:more:1002',
      'ec0:f:1.1dvoshb33p0.en.0.0',
      'ec1:f:1.1dvoshb33p0.en.0.0',
      'ec2:q:2.1dvoshb33p0.en.0.0.0',
      'ec2:f:3.1dvoshb33p0.en.0.0.0',
      'ec2:f:2.1dvoshb33p0.fr.0.0.0',
      'ec2:f:2.1dvoshb33p0.en.0.3.0',
      'ec2:f:2.1dvoshb33p0.en.0.0.q',
      'ec2:f:2.1dvoshb33p0.en.0.0.0:extra',
      'ec2:t:2.1dvoshb33p0.en.0.0.0',
      'ec2:t:2.1dvoshb33p0.en.0.0.0:x',
      'ec2:f',
      'ec2:g:fr',
      'ec2:x:de:100',
      `ec2:x:en:${'x'.repeat(100)}`,
    ]) {
      expect(parseComponent(id), id).toBeUndefined();
    }
  });
});
