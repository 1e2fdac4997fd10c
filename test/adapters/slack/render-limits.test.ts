/** The Block Kit renderer keeps every Slack limit, at the edges and with absurdly long answers. */
import { describe, expect, it } from 'vitest';
import { ACTION, MORE_ACTION_ID } from '../../../adapters/slack/actions.js';
import { renderReply } from '../../../adapters/slack/render/blocks.js';
import { escapeMrkdwn, slackTextToPlain } from '../../../adapters/slack/render/escape.js';
import {
  button,
  checkMessage,
  clamp,
  clampMrkdwn,
  fitBlocks,
  header,
  option,
  SLACK_LIMITS,
  type SlackMessage,
  section,
  splitMrkdwn,
} from '../../../adapters/slack/render/limits.js';
import type { Answer, EntryRef } from '../../../src/engine/answer.js';
import { createEngine } from '../../../src/index.js';
import type { CardMode } from '../../../src/interaction/card.js';
import { type CardState, MAX_TRACKED_STEPS } from '../../../src/interaction/state.js';
import { cardReply, compactAnswers, noMatch } from '../../../src/product/product.js';

const renderCard = (answer: Answer, state: CardState, others: EntryRef[], mode: CardMode = 'private') =>
  renderReply(cardReply({ answer, state, mode, others }));
const renderCompact = (answers: Answer[], lang: 'en' | 'zh') => renderReply(compactAnswers(answers, lang, { mute: true }, []));

const long = (n: number, word = 'word ') => word.repeat(Math.ceil(n / word.length)).slice(0, n);

function ref(i: number): EntryRef {
  return {
    entryId: `synthetic/table/${i}`,
    entryKey: `k${i.toString(36)}`,
    catalogId: 'synthetic',
    code: String(900000 + i),
    title: { en: long(300, `title ${i} <b>&amp; `), zh: long(300, '标题') },
    section: { en: long(200, 'section '), zh: long(200, '章节') },
  };
}

/** An answer far past every limit: 60 steps, 5000-character texts, <!channel> and & < > everywhere. */
function hugeAnswer(): Answer {
  const text = (n: number) => ({ en: `<!channel> & <@U123> ${long(n)}`, zh: `<!here> ${long(n, '中文内容')}` });
  return {
    entryId: 'synthetic/huge/1',
    entryKey: 'huge1',
    catalog: { id: 'synthetic', name: text(300), title: long(500, 'title ') },
    section: {
      id: 's',
      name: text(300),
      url: `https://example.com/${long(400, 'x')}`,
      docs: `https://example.com/docs/${long(3000, 'y')}`,
    },
    field: 'code',
    code: long(120, '9'),
    main: long(60, '8'),
    aliases: [],
    outcome: 'error',
    sourceLanguage: 'en',
    title: text(500),
    description: text(5000),
    solution: text(5000),
    causes: Array.from({ length: 40 }, (_, i) => text(200 + i)),
    checklist: Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? { en: `step ${i}` } : text(i % 2 ? 5000 : 80))),
    note: text(5000),
    provenance: { document: long(2000, 'doc '), section: long(2000, 'sec '), table: long(500), url: 'https://example.com/' },
    appliesTo: Array.from({ length: 30 }, (_, i) => ({
      entryId: `e${i}`,
      catalogId: 'c',
      section: text(300),
      url: `https://example.com/${i}`,
    })),
    related: Array.from({ length: 8 }, (_, i) => ref(i)),
    confidence: 0.999,
    why: Array.from({ length: 50 }, (_, i) => ({ kind: 'text' as const, detail: long(100 + i) })),
  };
}

function expectValid(message: SlackMessage): void {
  expect(checkMessage(message)).toEqual([]);
  // Nothing user- or catalog-provided can ping or link (values are never shown: the report button carries the query).
  expect(JSON.stringify(message, (key, v) => (key === 'value' ? undefined : v))).not.toMatch(/<!channel>|<!here>|<@U123>/);
}

describe('the card renderer with a huge answer', () => {
  const answer = hugeAnswer();
  const others = Array.from({ length: 30 }, (_, i) => ref(100 + i));

  for (const lang of ['en', 'zh'] as const) {
    for (const depth of [0, 1, 2] as const) {
      it(`stays within every limit (${lang}, depth ${depth}, all steps ticked)`, () => {
        const state: CardState = { entryKey: answer.entryKey, lang, done: 2 ** MAX_TRACKED_STEPS - 1, depth };
        const message = renderCard(answer, state, others);
        expectValid(message);
        expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      });
    }
  }

  it('gives each of the first 30 steps its own section and checkbox, then lists the rest as text', () => {
    const state: CardState = { entryKey: answer.entryKey, lang: 'en', done: 0b101, depth: 0 };
    const message = renderCard(answer, state, others);
    expectValid(message);
    const steps = message.blocks.filter((b) => b.block_id?.startsWith('errcode_step:'));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.length).toBeLessThanOrEqual(MAX_TRACKED_STEPS);
    const boxes = steps.map((b) => (b.type === 'section' ? b.accessory : undefined));
    expect(boxes.every((x) => x?.type === 'checkboxes' && x.action_id === ACTION.tick)).toBe(true);
    const ticked = boxes.map((x) => (x?.type === 'checkboxes' ? (x.initial_options?.length ?? 0) > 0 : false));
    expect(ticked.slice(0, 3)).toEqual([true, false, true]);
    // Too many blocks for Slack: the middle gives way, visibly, and the controls stay.
    expect(JSON.stringify(message.blocks)).toMatch(/… and \d+ more/);
    expect(message.blocks.some((b) => b.block_id?.startsWith('errcode_controls'))).toBe(true);
  });

  it('puts at most 100 menu options in groups, three visible buttons, and drops a docs URL Slack would refuse', () => {
    const message = renderCard(answer, { entryKey: 'huge1', lang: 'en', done: 0, depth: 0 }, others);
    const elements = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    const menu = elements.find((e) => e.type === 'static_select' && e.action_id === MORE_ACTION_ID);
    const groups = menu && 'option_groups' in menu ? (menu.option_groups ?? []) : [];
    expect(groups.map((g) => g.label.text)).toEqual(['Actions', 'Other meanings (30)', 'Related codes (8)']);
    const controls = message.blocks.find((b) => b.block_id?.startsWith('errcode_controls'));
    const buttons = controls?.type === 'actions' ? controls.elements : [];
    expect(buttons.length).toBeLessThanOrEqual(3);
    expect(buttons.every((b) => !('url' in b) || (b.url?.length ?? 0) <= SLACK_LIMITS.buttonUrl)).toBe(true);
  });

  it('a public copy has no checkboxes and no menu: one "Show fix checklist"', () => {
    const message = renderCard(answer, { entryKey: 'huge1', lang: 'en', done: 0b111, depth: 0 }, others, 'public');
    expectValid(message);
    const elements = message.blocks.flatMap((b) => [
      ...(b.type === 'actions' ? b.elements : []),
      ...(b.type === 'section' && b.accessory ? [b.accessory] : []),
    ]);
    expect(elements.map((e) => e.type)).toEqual(['button']);
    expect(elements[0] && 'action_id' in elements[0] ? elements[0].action_id : '').toBe(ACTION.showChecklist);
  });

  it('the compact auto-reply and the no-match reply stay within the limits too', () => {
    expectValid(renderCompact([answer, answer, answer], 'en'));
    expectValid(renderCompact([answer], 'zh'));
    expectValid(
      renderReply(
        noMatch(
          `<!channel> ${long(5000)}`,
          Array.from({ length: 9 }, (_, i) => ref(i)),
          'en',
          false,
          [],
        ),
      ),
    );
  });
});

describe('every bundled catalog entry', () => {
  const engine = createEngine();
  const entries = engine.catalogs.flatMap((c) => c.entries);

  it(`renders within every limit in both languages at every depth (${entries.length} entries)`, () => {
    const problems: string[] = [];
    for (const entry of entries) {
      const answer = engine.explain(entry.id);
      if (!answer) throw new Error(`no answer for ${entry.id}`);
      const others = engine.otherMeanings(entry.id, SLACK_LIMITS.selectOptions);
      for (const lang of ['en', 'zh'] as const) {
        for (const depth of [0, 1, 2] as const) {
          for (const mode of ['private', 'public'] as const) {
            const message = renderCard(answer, { entryKey: answer.entryKey, lang, done: 1, depth }, others, mode);
            for (const p of checkMessage(message)) problems.push(`${entry.id} ${lang} ${depth} ${mode}: ${p}`);
          }
        }
      }
      for (const p of checkMessage(renderCompact([answer], 'en'))) problems.push(`${entry.id} compact: ${p}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('limit helpers at the edges', () => {
  it('clamp keeps text at the limit and cuts one past it with "…"', () => {
    expect(clamp('a'.repeat(3000), 3000)).toBe('a'.repeat(3000));
    const cut = clamp('a'.repeat(3001), 3000);
    expect(cut).toHaveLength(3000);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair or an escaped entity', () => {
    const emoji = clamp(`${'a'.repeat(73)}😀😀`, 75);
    expect(emoji).toBe(`${'a'.repeat(73)}…`);
    const entity = clampMrkdwn(`${'a'.repeat(70)}&amp;&amp;`, 75);
    expect(entity).toBe(`${'a'.repeat(70)}…`);
    for (const part of splitMrkdwn(`${'a'.repeat(2998)}&amp;${'b'.repeat(4000)}`, 3000, 3)) {
      expect(part.length).toBeLessThanOrEqual(3000);
      expect(part).not.toMatch(/&[a-z]{0,4}$|^[a-z]{1,4};/);
    }
  });

  it('header 150, button 75, option 75: at the limit kept, past it cut', () => {
    expect(header('h'.repeat(150)).text.text).toHaveLength(150);
    expect(header('h'.repeat(151)).text.text).toMatch(/^h{149}…$/);
    expect(button('b'.repeat(75), 'id', 'v').text.text).toHaveLength(75);
    expect(button('b', 'id', 'v', { a11y: 'a'.repeat(76) }).accessibility_label).toHaveLength(75);
    expect(button('b'.repeat(76), 'id', 'v').text.text).toHaveLength(75);
    expect(option('o'.repeat(76), 'v', 'd'.repeat(80)).description?.text).toHaveLength(75);
  });

  it('refuses identifiers and values it would have to cut (they would not decode)', () => {
    expect(() => button('b', 'a'.repeat(256), 'v')).toThrow(RangeError);
    expect(() => button('b', 'id', 'v'.repeat(2001))).toThrow(RangeError);
    expect(button('b', 'a'.repeat(255), 'v'.repeat(2000)).value).toHaveLength(2000);
    expect(() => option('o', 'v'.repeat(151))).toThrow(RangeError);
  });

  it('fitBlocks keeps 50 blocks, the tail included, and says how many were left out', () => {
    const blocks = Array.from({ length: 60 }, (_, i) => section(`block ${i}`));
    const fitted = fitBlocks(blocks, 2, (n) => `… (+${n})`);
    expect(fitted).toHaveLength(50);
    expect(fitted.at(-1)).toBe(blocks[59]);
    expect(fitted.at(-2)).toBe(blocks[58]);
    expect(JSON.stringify(fitted.at(-3))).toContain('… (+11)');
    expect(fitBlocks(blocks.slice(0, 50), 2, () => 'x')).toHaveLength(50);
  });

  it('checkMessage notices what Slack would reject', () => {
    const tooMany = { text: 'x', blocks: Array.from({ length: 51 }, () => ({ type: 'divider' as const })) };
    expect(checkMessage(tooMany)).toEqual(['51 blocks (max 50)']);
    const longSection = { text: 'x', blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'a'.repeat(3001) } }] };
    expect(checkMessage(longSection)[0]).toContain('3001 characters');
    expect(checkMessage({ text: 'a'.repeat(4000), blocks: [] })[0]).toContain('text: 4000');
  });
});

describe('escaping', () => {
  it('escapes & < > and defuses @channel, @here, @everyone in outgoing mrkdwn', () => {
    expect(escapeMrkdwn('<!channel> a & b <@U1> @here')).toBe('&lt;!channel&gt; a &amp; b &lt;@U1&gt; @\u2060here');
  });

  it('reads incoming Slack text as typed: entities decoded, links to their URL, mentions dropped', () => {
    expect(slackTextToPlain('&lt;xml&gt; &amp; <https://a.example/x?y=1|a.example> <@U1> <!here> <#C1|general>')).toBe(
      '<xml> & https://a.example/x?y=1   general',
    );
  });
});
