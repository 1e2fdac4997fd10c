/**
 * The README pictures are drawn from the bot's real payloads (scripts/screenshots): these checks
 * read the HTML pages the screenshot script photographs, without a browser. Each step of the
 * checklist picture is there exactly once, the ticks are the ones the reducer applied, and every
 * label the payloads carry reaches the page.
 */
import { describe, expect, it } from 'vitest';
import { textOfHtml } from '../../scripts/screenshots/html.js';
import { realPayloads, SCENES, stepTexts } from '../../scripts/screenshots/payloads.js';
import { pictures } from '../../scripts/screenshots/pictures.js';

const payloads = await realPayloads();
const pages = new Map(pictures(payloads).map((p) => [p.name, p]));
const page = (name: string) => {
  const picture = pages.get(name);
  if (!picture) throw new Error(`no picture ${name}`);
  return picture.html;
};
const occurrences = (text: string, part: string) => text.split(part).length - 1;

/** Every plain_text string of a Slack payload (buttons, options, placeholders, group labels). */
function slackPlainTexts(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) slackPlainTexts(item, out);
  else if (node && typeof node === 'object') {
    const o = node as { type?: string; text?: unknown };
    if (o.type === 'plain_text' && typeof o.text === 'string') out.push(o.text);
    for (const value of Object.values(node)) slackPlainTexts(value, out);
  }
  return out;
}

/** Labels, option labels and descriptions, placeholders of a Discord payload's components. */
function discordLabels(message: (typeof payloads)['discord']['ambiguous']): string[] {
  return message.components.flatMap((row) =>
    row.components.flatMap((c) => {
      const o = c as { label?: string; placeholder?: string; options?: Array<{ label: string; description?: string }> };
      return [o.label, o.placeholder, ...(o.options ?? []).flatMap((opt) => [opt.label, opt.description])].filter(
        (t): t is string => typeof t === 'string',
      );
    }),
  );
}

describe('the README pictures', () => {
  it('are six: three scenes on each platform', () => {
    expect([...pages.keys()].sort()).toEqual(
      ['ambiguous', 'auto-reply', 'checklist'].flatMap((scene) => [`discord-${scene}`, `slack-${scene}`]).sort(),
    );
  });

  it.each(['slack-checklist', 'discord-checklist'])('%s shows each step of the real checklist exactly once', (name) => {
    const text = textOfHtml(page(name));
    const steps = stepTexts(payloads.checklistAnswer);
    expect(steps.length).toBeGreaterThan(SCENES.checklist.ticked.length);
    for (const step of steps) expect(occurrences(text, step), step).toBe(1);
    expect(text).toContain(`${SCENES.checklist.ticked.length} of ${steps.length} done`);
  });

  it('the checklist ticks are the ones the clicks applied through the reducer, on both platforms', () => {
    const ticked = SCENES.checklist.ticked.length;
    expect(occurrences(page('slack-checklist'), 'class="checkbox checked"')).toBe(ticked);
    expect(occurrences(page('discord-checklist'), 'class="button success"')).toBe(ticked);
    const slackTicked = payloads.slack.checklist.blocks.filter(
      (b) => b.type === 'section' && (b.accessory as { initial_options?: unknown[] } | undefined)?.initial_options?.length,
    );
    expect(slackTicked).toHaveLength(ticked);
  });

  it('the ambiguous pictures lead with the headline and show every label of the payload', () => {
    const headline = '1203/11205 — The refresh_token has expired';
    const slack = textOfHtml(page('slack-ambiguous'));
    const discord = textOfHtml(page('discord-ambiguous'));
    expect(slack).toContain(headline);
    expect(discord).toContain(headline);
    expect(slack).toContain('1203/11205 — The token has expired');
    const slackTexts = slackPlainTexts(payloads.slack.ambiguous.blocks);
    expect(slackTexts.length).toBeGreaterThan(5);
    for (const label of slackTexts) expect(slack, label).toContain(label.trim());
    const discordTexts = discordLabels(payloads.discord.ambiguous);
    expect(discordTexts.length).toBeGreaterThan(5);
    for (const label of discordTexts) expect(discord, label).toContain(label);
  });

  it('the auto-reply pictures show the paste and the reply under it', () => {
    for (const name of ['slack-auto-reply', 'discord-auto-reply']) {
      const text = textOfHtml(page(name));
      expect(text.indexOf(SCENES.paste)).toBeGreaterThanOrEqual(0);
      expect(text.indexOf('6004 — ')).toBeGreaterThan(text.indexOf(SCENES.paste));
      expect(text).toContain('Show fix checklist');
      expect(text).toContain('Not relevant');
    }
  });
});
