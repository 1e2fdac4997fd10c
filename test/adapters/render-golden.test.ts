/**
 * The bytes each renderer sends, pinned for a table of real replies: asks in both languages (exact
 * codes, ambiguous codes, free text, no match, usage, a pasted secret), cards at every depth, with
 * ticks, a vote, a shared copy, compact answers and a reported no-match. Renderers are rewritten
 * for speed (npm run bench); this says the payloads did not change while they were. A deliberate
 * change to a card updates the golden files with `npx vitest run -u test/adapters/render-golden.test.ts`
 * and the diff shows, case by case, what changed on the wire.
 */
import { describe, expect, it } from 'vitest';
import { renderReply as renderDiscord } from '../../adapters/discord/render/messages.js';
import { renderReply as renderSlack } from '../../adapters/slack/render/blocks.js';
import type { Answer, EntryRef } from '../../src/engine/answer.js';
import type { CardState } from '../../src/interaction/state.js';
import { cardReply, compactAnswers, noMatch, Product } from '../../src/product/product.js';
import type { Reply } from '../../src/product/reply.js';
import type { Language } from '../../src/text.js';
import { testServices } from '../helpers/services.js';

const LANGS: readonly Language[] = ['en', 'zh'];
const QUERIES = [
  '100014',
  '6004',
  '11205',
  '6',
  '1',
  '-1',
  'token expired',
  'ret=-1 msg=login failed',
  '6004 access_token=ya29.a0AfH6SMBexampleexampleexample12345',
  'zzzz-not-a-code',
  '',
  'help',
];
/** Codes whose cards are drawn at each state below. */
const CARD_CODES = ['100014', '6004', '11205'];

async function replies(): Promise<Array<[string, Reply]>> {
  const services = testServices();
  const product = new Product(services, 'discord');
  const engine = services.engines.current;
  const out: Array<[string, Reply]> = [];
  for (const lang of LANGS) {
    for (const query of QUERIES) {
      const { reply } = await product.answerCommand(query, lang, { channel: 'C1', user: 'U1' });
      out.push([`ask ${lang} ${JSON.stringify(query)}`, reply]);
    }
  }
  const answers: Answer[] = CARD_CODES.map((code) => {
    const first = engine.lookup(code).answers[0];
    if (!first) throw new Error(`no answer for ${code}`);
    return first;
  });
  const states: Array<[string, Omit<CardState, 'entryKey' | 'lang'>]> = [
    ['fresh', { done: 0, depth: 0 }],
    ['ticked', { done: 0b101, depth: 0 }],
    ['causes', { done: 0b1, depth: 1 }],
    ['last-resort', { done: 0, depth: 2 }],
    ['voted', { done: 0, depth: 0, vote: 'helpful' }],
    ['with-query', { done: 0, depth: 0, query: 'token expired' }],
  ];
  for (const answer of answers) {
    const others: EntryRef[] = engine
      .lookup(answer.code, { limit: 9 })
      .answers.slice(1)
      .map((a) => ({
        entryId: a.entryId,
        entryKey: a.entryKey,
        catalogId: a.catalog.id,
        code: a.code,
        ...(a.main ? { main: a.main } : {}),
        title: a.title,
        section: a.section.name,
      }));
    for (const lang of LANGS) {
      for (const [name, partial] of states) {
        const state: CardState = { entryKey: answer.entryKey, lang, ...partial };
        out.push([`card ${answer.code} ${lang} ${name}`, cardReply({ answer, state, mode: 'private', others })]);
      }
      const state: CardState = { entryKey: answer.entryKey, lang, done: 0, depth: 0 };
      out.push([`card ${answer.code} ${lang} public`, cardReply({ answer, state, mode: 'public' }, [], '1400000000000000001')]);
    }
  }
  const nearest = engine.lookup('60040').suggestions;
  for (const lang of LANGS) {
    out.push([`compact ${lang}`, compactAnswers(answers, lang, { mute: true }, [])]);
    out.push([`compact ${lang} one`, compactAnswers(answers.slice(0, 1), lang, { mute: false }, [])]);
    out.push([`no-match ${lang} reported`, noMatch('60040', nearest, lang, true, [])]);
  }
  return out;
}

/** One line per case: a diff names the case that changed. */
const golden = (cases: Array<[string, Reply]>, render: (reply: Reply) => unknown) =>
  `${cases.map(([name, reply]) => `${name}\t${JSON.stringify(render(reply))}`).join('\n')}\n`;

describe('rendered payloads stay byte for byte what they were', () => {
  it('Discord', async () => {
    await expect(golden(await replies(), renderDiscord)).toMatchFileSnapshot('./golden/discord-payloads.txt');
  });

  it('Slack', async () => {
    await expect(golden(await replies(), renderSlack)).toMatchFileSnapshot('./golden/slack-payloads.txt');
  });
});
