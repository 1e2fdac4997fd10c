/** The Block Kit renderer keeps every Slack limit, at the edges and with absurdly long answers. */
import { describe, expect, it } from 'vitest';
import { ACTION, parseStepsBlockId } from '../../../adapters/slack/actions.js';
import { renderCard, renderCompactReply, renderNoMatch } from '../../../adapters/slack/render/blocks.js';
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
import { buildCard, type CardView } from '../../../src/interaction/card.js';
import { type CardState, MAX_TRACKED_STEPS } from '../../../src/interaction/state.js';

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
    catalog: { id: 'synthetic', name: text(300) },
    section: { id: 's', name: text(300), url: `https://example.com/${long(400, 'x')}` },
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
  // Nothing user- or catalog-provided can ping or link.
  expect(JSON.stringify(message)).not.toMatch(/<!channel>|<!here>|<@U123>/);
}

describe('the card renderer with a huge answer', () => {
  const answer = hugeAnswer();
  const others = Array.from({ length: 30 }, (_, i) => ref(100 + i));

  for (const lang of ['en', 'zh'] as const) {
    for (const depth of [0, 1, 2] as const) {
      it(`stays within every limit (${lang}, depth ${depth}, all steps ticked)`, () => {
        const state: CardState = { entryKey: answer.entryKey, lang, done: 2 ** MAX_TRACKED_STEPS - 1, depth };
        const message = renderCard(buildCard(answer, state, others), { shareable: true });
        expectValid(message);
        expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      });
    }
  }

  it('tracks the first 30 steps in three checkbox groups of ten, and says how many more there are', () => {
    const state: CardState = { entryKey: answer.entryKey, lang: 'en', done: 0b101, depth: 0 };
    const view: CardView = buildCard(answer, state, others);
    const message = renderCard(view, { shareable: true });
    const groups = message.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : [])).filter((e) => e.type === 'checkboxes');
    expect(groups.map((g) => g.options.length)).toEqual([10, 10, 10]);
    expect(groups[0]?.initial_options?.map((o) => o.value)).toEqual(['0', '2']);
    expect(groups.every((g) => g.action_id === ACTION.step)).toBe(true);
    // Cut step texts end in "…"; their full text is in a section above the group.
    const cut = groups[0]?.options.find((o) => o.text.text.endsWith('…'));
    expect(cut?.text.text.length).toBe(SLACK_LIMITS.optionText);
    // Steps 31..60 are listed, shortened with a visible "… and N more".
    const rest = JSON.stringify(message.blocks);
    expect(rest).toContain('*31.*');
    expect(rest).toMatch(/… and \d+ more/);
    // Each group's block_id carries the state back.
    const blockIds = message.blocks.filter((b) => b.block_id?.startsWith('errcode_steps')).map((b) => parseStepsBlockId(b.block_id ?? ''));
    expect(blockIds.map((p) => p?.chunk)).toEqual([0, 1, 2]);
    expect(blockIds[0]?.state).toEqual(state);
    expect(view.progress).toBe('2 of 60 done');
  });

  it('offers at most 25 other meanings and 5 related codes', () => {
    const message = renderCard(buildCard(answer, { entryKey: 'huge1', lang: 'en', done: 0, depth: 0 }, others), { shareable: false });
    const elements = message.blocks.flatMap((b) => [
      ...(b.type === 'actions' ? b.elements : []),
      ...(b.type === 'section' && b.accessory ? [b.accessory] : []),
    ]);
    const select = elements.find((e) => e.type === 'static_select');
    expect(select && 'options' in select ? select.options?.length : 0).toBe(SLACK_LIMITS.selectOptions);
    expect(select && 'placeholder' in select ? select.placeholder?.text : '').toBe('Other meanings (30)');
    const overflow = elements.find((e) => e.type === 'overflow');
    expect(overflow && 'options' in overflow ? overflow.options.length : 0).toBe(5);
    expect(elements.some((e) => e.type === 'button' && 'action_id' in e && e.action_id === ACTION.share)).toBe(false);
  });

  it('one related code is a button (an overflow menu needs two)', () => {
    const one = { ...answer, related: [ref(1)] };
    const message = renderCard(buildCard(one, { entryKey: 'huge1', lang: 'en', done: 0, depth: 0 }, []), { shareable: true });
    expectValid(message);
    const related = message.blocks.find((b) => b.block_id?.startsWith('errcode_related'));
    expect(related?.type === 'section' ? related.accessory?.type : undefined).toBe('button');
  });

  it('the compact auto-reply and the no-match reply stay within the limits too', () => {
    expectValid(renderCompactReply([answer, answer, answer], 'en'));
    expectValid(renderCompactReply([answer], 'zh'));
    const noMatch = renderNoMatch({
      query: `<!channel> ${long(5000)}`,
      suggestions: Array.from({ length: 9 }, (_, i) => ref(i)),
      lang: 'en',
      reportValue: `r1.en.${long(200)}`,
    });
    expectValid(noMatch);
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
          const message = renderCard(buildCard(answer, { entryKey: answer.entryKey, lang, done: 1, depth }, others), { shareable: true });
          for (const p of checkMessage(message)) problems.push(`${entry.id} ${lang} ${depth}: ${p}`);
        }
      }
      for (const p of checkMessage(renderCompactReply([answer], 'en'))) problems.push(`${entry.id} compact: ${p}`);
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
