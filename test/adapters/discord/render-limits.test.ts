import { ActionRowBuilder, type APIEmbed, ButtonStyle, ComponentType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { answerRows, cardRows } from '../../../adapters/discord/render/components.js';
import { cardEmbed, compactEmbed } from '../../../adapters/discord/render/embeds.js';
import {
  type ActionRow,
  type DiscordMessage,
  embedLength,
  fitMessage,
  limitViolations,
  truncate,
} from '../../../adapters/discord/render/limits.js';
import { renderReply } from '../../../adapters/discord/render/messages.js';
import type { Answer, EntryRef } from '../../../src/engine/answer.js';
import { buildCard, type CardMode } from '../../../src/interaction/card.js';
import type { CardState } from '../../../src/interaction/state.js';
import { cardReply, compactAnswers, noMatch, secretNotice } from '../../../src/product/product.js';
import type { Language } from '../../../src/text.js';

const long = (label: string, n = 5000) => ({ en: `${label} ${'x'.repeat(n)}`, zh: `${label} ${'字'.repeat(n)}` });

function ref(i: number): EntryRef {
  return {
    entryId: `synthetic:t:${i}`,
    entryKey: `k${i.toString(36)}`,
    catalogId: 'synthetic',
    code: String(100000 + i),
    title: long(`title ${i}`, 300),
    section: long(`section ${i}`, 300),
  };
}

/** Everything as long and as many as it can be: 60 steps, 5000-character texts, 40 links each. */
function hugeAnswer(): Answer {
  return {
    entryId: 'synthetic:t:0',
    entryKey: 'k0',
    catalog: { id: 'synthetic', name: long('catalog', 400), title: long('title', 400).en },
    section: {
      id: 's',
      name: long('section', 400),
      url: `https://example.com/${'p'.repeat(3000)}`,
      docs: `https://example.com/docs/${'d'.repeat(3000)}`,
    },
    field: 'code',
    code: '9'.repeat(300),
    main: '8'.repeat(100),
    aliases: [],
    outcome: 'error',
    sourceLanguage: 'en',
    title: long('title'),
    description: long('meaning'),
    solution: long('solution'),
    causes: Array.from({ length: 40 }, (_, i) => long(`cause ${i}`)),
    checklist: Array.from({ length: 60 }, (_, i) => long(`step ${i}`)),
    note: long('note'),
    provenance: { document: long('doc', 3000).en, section: long('sec', 3000).en, table: 't', url: 'https://example.com' },
    appliesTo: Array.from({ length: 40 }, (_, i) => ({
      entryId: `p${i}`,
      catalogId: 'synthetic',
      section: long(`place ${i}`),
      url: 'https://example.com/x',
    })),
    related: Array.from({ length: 40 }, (_, i) => ref(i + 1)),
    confidence: 0.5,
    why: Array.from({ length: 50 }, (_, i) => ({ kind: 'text' as const, detail: `clue ${i} ${'w'.repeat(200)}` })),
  };
}

const others = Array.from({ length: 40 }, (_, i) => ref(i + 100));

const view = (state: CardState, mode: CardMode = 'private', links: EntryRef[] = others) =>
  buildCard({ answer: hugeAnswer(), state, mode, others: links });
const card = (state: CardState, mode: CardMode = 'private') =>
  cardReply(
    { answer: hugeAnswer(), state, mode, others },
    [{ kind: 'note', text: 'note '.repeat(1000) }],
    mode === 'public' ? '1400000000000000001' : undefined,
  );

function expectWithinLimits(message: DiscordMessage) {
  expect(limitViolations(message)).toEqual([]);
  expect(message.components.length).toBeLessThanOrEqual(5);
  for (const row of message.components) expect(row.components.length).toBeLessThanOrEqual(5);
  expect((message.content ?? '').length).toBeLessThanOrEqual(2000);
  expect(message.embeds.reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(6000);
  // discord.js builders validate components on toJSON: they accept ours.
  for (const row of message.components) expect(() => new ActionRowBuilder(row).toJSON()).not.toThrow();
}

describe('the Discord renderer keeps every limit', () => {
  const states: CardState[] = [];
  for (const lang of ['en', 'zh'] as Language[])
    for (const depth of [0, 1, 2] as const)
      for (const done of [0, 0b1010101, 2 ** 30 - 1]) states.push({ entryKey: 'k0', lang, done, depth });

  it.each(states.map((s) => [`${s.lang} depth ${s.depth} done ${s.done.toString(2).length} bits`, s] as const))(
    'a 60-step answer of 5000-character texts (%s)',
    (_name, state) => {
      const message = renderReply(card(state));
      expectWithinLimits(message);
      const [embed] = message.embeds;
      expect(embed?.title?.length).toBeLessThanOrEqual(256);
      expect(embed?.description?.length).toBeGreaterThan(100);
      expect(embed?.footer?.text).toContain(state.lang === 'zh' ? '匹配依据' : 'Why this matched');
      // Step toggles fill the rows the controls leave; one row of at most three buttons; one menu.
      const buttonsRow = message.components.find((row) => row.components.some((c) => 'custom_id' in c && /^ec2:[fp]:/.test(c.custom_id)));
      expect(buttonsRow?.components.length ?? 0).toBeLessThanOrEqual(3);
      const menu = message.components.at(-1)?.components[0];
      expect(menu?.type === ComponentType.StringSelect && menu.options.length).toBe(25);
      expectWithinLimits(renderReply(card(state, 'public')));
    },
  );

  it('a list cut short says how much is left', () => {
    const embed = cardEmbed(view({ entryKey: 'k0', lang: 'en', done: 0, depth: 0 }, 'private', []));
    const checklist = (embed.fields ?? []).filter((f) => f.name.startsWith('Fix checklist') || f.name === '\u200b');
    expect(checklist.at(-1)?.value).toMatch(/… and \d+ more$/);
  });

  it('still failing gives the revealed diagnostics room before the checklist', () => {
    const embed = cardEmbed(view({ entryKey: 'k0', lang: 'en', done: 0, depth: 2 }, 'private', []));
    const names = (embed.fields ?? []).map((f) => f.name);
    expect(names).toContain('Possible causes');
    expect(names).toContain('Still failing');
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
  });

  it('compact answers: at most 5 answers shown, each row two buttons, embeds together within 6000', () => {
    const answers = Array.from({ length: 12 }, (_, i) => ({ ...hugeAnswer(), entryKey: `k${i}` }));
    const reply = compactAnswers(answers, 'en', { mute: true }, [
      secretNotice(['access-token'], 'en'),
      { kind: 'note', text: 'w'.repeat(3000) },
    ]);
    const message = renderReply(reply);
    expectWithinLimits(message);
    expect(message.components.length).toBeLessThanOrEqual(5);
    for (const item of reply.items.slice(0, 3)) expect(compactEmbed(item.card).description?.length).toBeLessThan(2000);
  });

  it('no match with a 5000-character query: title and custom_id fit', () => {
    const message = renderReply(noMatch('q'.repeat(5000), others, 'en', false, [{ kind: 'note', text: 'n'.repeat(3000) }]));
    expectWithinLimits(message);
    const report = message.components.at(-1)?.components[0];
    expect(report && 'custom_id' in report && report.custom_id.length).toBe(100);
  });
});

describe('the limits at their edges', () => {
  it('truncate keeps text at the limit, cuts one over with …, never splits a surrogate pair', () => {
    expect(truncate('a'.repeat(256), 256)).toHaveLength(256);
    const cut = truncate('a'.repeat(257), 256);
    expect(cut).toHaveLength(256);
    expect(cut.endsWith('…')).toBe(true);
    const emoji = truncate(`${'a'.repeat(254)}😀b`, 256);
    expect(emoji).toBe(`${'a'.repeat(254)}…`);
    expect(truncate('abc', 0)).toBe('');
  });

  it('fields: 1024 kept, 1025 cut; 26 fields become 25; a 6000-character embed is kept whole', () => {
    const exact: APIEmbed = {
      title: 't'.repeat(256),
      description: 'd'.repeat(4096 - 256 - 1024 - 1),
      fields: [{ name: 'n', value: 'v'.repeat(1024) }],
    };
    expect(embedLength(exact)).toBe(4096);
    const fields = Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: i === 0 ? 'v'.repeat(1025) : 'v' }));
    const fitted = fitMessage({ embeds: [exact, { title: 'x', fields }], components: [] });
    expect(fitted.embeds[0]).toEqual(exact);
    expect(fitted.embeds[1]?.fields).toHaveLength(25);
    expect(fitted.embeds[1]?.fields?.[0]?.value).toHaveLength(1024);

    const full: APIEmbed = {
      title: 't'.repeat(256),
      description: 'd'.repeat(4096),
      fields: [
        { name: 'n'.repeat(256), value: 'v'.repeat(1024) },
        { name: 'm'.repeat(100), value: 'w'.repeat(268) },
      ],
    };
    expect(embedLength(full)).toBe(6000);
    expect(fitMessage({ embeds: [full], components: [] }).embeds[0]).toEqual(full);
    const over = { ...full, footer: { text: 'f' } };
    expect(embedLength(fitMessage({ embeds: [over], components: [] }).embeds[0] ?? {})).toBe(6000);
  });

  it('content 2000 kept, 2001 cut; 11 embeds and 12,000 characters across embeds are cut to fit', () => {
    expect(fitMessage({ content: 'c'.repeat(2000), embeds: [], components: [] }).content).toHaveLength(2000);
    expect(fitMessage({ content: 'c'.repeat(2001), embeds: [], components: [] }).content).toHaveLength(2000);
    const embeds = Array.from({ length: 11 }, () => ({ description: 'd'.repeat(1100) }));
    const fitted = fitMessage({ embeds, components: [] });
    expect(fitted.embeds.length).toBeLessThanOrEqual(10);
    expect(limitViolations(fitted)).toEqual([]);
  });

  it('six rows become five, six buttons in a row become five, a select stands alone with at most 25 options', () => {
    const button = (id: string) => ({
      type: ComponentType.Button as const,
      style: ButtonStyle.Primary as const,
      custom_id: id,
      label: 'l'.repeat(81),
    });
    const rows: ActionRow[] = Array.from({ length: 6 }, (_, r) => ({
      type: ComponentType.ActionRow,
      components: Array.from({ length: 6 }, (_, b) => button(`r${r}b${b}`)),
    }));
    rows[0] = {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: 'sel',
          max_values: 30,
          options: Array.from({ length: 30 }, (_, i) => ({ label: 'o'.repeat(101), value: `v${i}` })),
        },
        button('extra'),
      ],
    };
    const before: DiscordMessage = { embeds: [], components: rows };
    expect(limitViolations(before).length).toBeGreaterThan(0);
    const fitted = fitMessage(before);
    expect(limitViolations(fitted)).toEqual([]);
    expect(fitted.components).toHaveLength(5);
    expect(fitted.components[0]?.components).toHaveLength(1);
    expect(fitted.components[1]?.components).toHaveLength(5);
  });

  it('what fits is sent untouched; one unit over any select or button limit is cut', () => {
    const option = (i: number) => ({
      label: 'l'.repeat(99) + (i % 10),
      value: `${'v'.repeat(97)}${String(i).padStart(3, '0')}`,
      description: 'd'.repeat(100),
    });
    const select = {
      type: ComponentType.StringSelect as const,
      custom_id: 'c'.repeat(100),
      placeholder: 'p'.repeat(150),
      min_values: 1,
      max_values: 25,
      options: Array.from({ length: 25 }, (_, i) => option(i)),
    };
    const selectRow: ActionRow = { type: ComponentType.ActionRow, components: [select] };
    const button = (i: number, label = 'b'.repeat(80)) => ({
      type: ComponentType.Button as const,
      style: ButtonStyle.Secondary as const,
      custom_id: `${'i'.repeat(99)}${i}`,
      label,
    });
    const buttonRow: ActionRow = { type: ComponentType.ActionRow, components: [0, 1, 2, 3, 4].map((i) => button(i)) };
    const exact: DiscordMessage = { embeds: [], components: [selectRow, buttonRow] };
    expect(limitViolations(exact)).toEqual([]);
    const kept = fitMessage(exact);
    expect(kept.components[0]).toBe(selectRow);
    expect(kept.components[1]).toBe(buttonRow);

    const withSelect = (changed: Partial<typeof select>) =>
      fitMessage({ embeds: [], components: [{ type: ComponentType.ActionRow, components: [{ ...select, ...changed }] }] });
    const overs: Array<Partial<typeof select>> = [
      { placeholder: 'p'.repeat(151) },
      { max_values: 26, options: Array.from({ length: 26 }, (_, i) => option(i)) },
      { options: [{ ...option(0), label: 'l'.repeat(101) }, option(1)], max_values: 2 },
      { options: [{ ...option(0), description: 'd'.repeat(101) }, option(1)], max_values: 2 },
      { options: [{ ...option(0), value: 'v'.repeat(101) }, option(1), option(2)], max_values: 2 },
      { options: [option(0), option(0), option(1)], max_values: 2 },
      { options: [option(0), option(1)], max_values: 3 },
    ];
    for (const over of overs) {
      const before: DiscordMessage = { embeds: [], components: [{ type: ComponentType.ActionRow, components: [{ ...select, ...over }] }] };
      expect(limitViolations(before).length).toBeGreaterThan(0);
      expect(limitViolations(withSelect(over))).toEqual([]);
    }
    // limitViolations does not list a min_values over the options; fitMessage cuts it all the same.
    const minOver = withSelect({ options: [option(0), option(1)], max_values: 2, min_values: 3 }).components[0]?.components[0];
    expect(minOver).toMatchObject({ min_values: 2, max_values: 2 });
    const longLabel = fitMessage({ embeds: [], components: [{ type: ComponentType.ActionRow, components: [button(0, 'b'.repeat(81))] }] });
    expect(limitViolations(longLabel)).toEqual([]);
    expect(longLabel.components[0]?.components[0]).toMatchObject({ label: `${'b'.repeat(79)}…` });
    const blank = fitMessage({ embeds: [{ title: 't', fields: [{ name: '', value: 'v' }] }], components: [] });
    expect(blank.embeds[0]?.fields?.[0]?.name).toBe('\u200b');
  });

  it('a custom_id over 100 characters never leaves the renderer', () => {
    const row: ActionRow = {
      type: ComponentType.ActionRow,
      components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id: 'x'.repeat(101), label: 'too long' }],
    };
    expect(fitMessage({ embeds: [], components: [row] }).components).toEqual([]);
  });

  it('card rows and answer rows are planned within 5 rows of 5', () => {
    expect(cardRows(card({ entryKey: 'k0', lang: 'en', done: 0, depth: 0 })).length).toBeLessThanOrEqual(5);
    const items = compactAnswers(
      Array.from({ length: 9 }, () => hugeAnswer()),
      'en',
      { mute: true },
      [],
    ).items;
    expect(answerRows(items)).toHaveLength(5);
  });
});
