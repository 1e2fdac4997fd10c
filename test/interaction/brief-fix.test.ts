/**
 * A compact answer (an auto-reply, a mention's answer) says its fix briefly and points at the rest
 * only where the rest is: "More under Show fix checklist" beside that button, never without it.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';
import { BRIEF_FIX_MAX, briefFixOf } from '../../src/interaction/card.js';
import { ui } from '../../src/messages.js';
import { compactAnswers } from '../../src/product/product.js';
import { type Language, squash } from '../../src/text.js';

const engine = createEngine();
const LANGS: readonly Language[] = ['en', 'zh'];
const answers = engine.catalogs
  .flatMap((c) => c.entries)
  .map((entry) => {
    const answer = engine.explain(entry.id);
    if (!answer) throw new Error(`no answer for ${entry.id}`);
    return answer;
  });

function compactOf(code: string, lang: Language) {
  const answer = answers.find((a) => a.code === code);
  if (!answer) throw new Error(`no entry ${code}`);
  const item = compactAnswers([answer], lang, { mute: true }, []).items[0];
  if (!item) throw new Error(`no compact answer for ${code}`);
  return { brief: briefFixOf(item.card), buttons: item.controls.map((c) => c.action), fix: item.card.fix };
}

describe('the brief fix of a compact answer', () => {
  it.each(LANGS)(
    'every bundled entry (%s): the pointer to the rest only beside "Show fix checklist", and no fix lost without it',
    (lang) => {
      let pointed = 0;
      for (const answer of answers) {
        const item = compactAnswers([answer], lang, { mute: true }, []).items[0];
        if (!item) throw new Error(`no compact answer for ${answer.entryKey}`);
        const brief = briefFixOf(item.card);
        const hasButton = item.controls.some((c) => c.action === 'showChecklist');
        if (brief?.more !== undefined) {
          pointed += 1;
          expect(hasButton, answer.entryKey).toBe(true);
        }
        // With no checklist to open, the reply is the one place the fix is said: all of it.
        if (!hasButton && item.card.fix !== undefined) expect(brief?.text, answer.entryKey).toBe(squash(item.card.fix));
      }
      // Not vacuous in English: 60180007's fix runs past the brief, beside its two-step checklist.
      if (lang === 'en') expect(pointed).toBeGreaterThan(0);
    },
  );

  it('a one-step fix longer than the brief (20181) is said whole, with no pointer and no button', () => {
    const { brief, buttons, fix } = compactOf('20181', 'en');
    expect(fix?.length).toBeGreaterThan(BRIEF_FIX_MAX);
    expect(buttons).not.toContain('showChecklist');
    expect(brief?.more).toBeUndefined();
    expect(brief?.text).toContain('Pass the grant_type value for your case');
  });

  it('a fix longer than the brief beside a checklist (60180007) ends on a whole sentence and points at the button', () => {
    const { brief, buttons, fix } = compactOf('60180007', 'en');
    expect(fix?.length).toBeGreaterThan(BRIEF_FIX_MAX);
    expect(buttons).toContain('showChecklist');
    expect(brief?.more).toBe(ui('fixMore', 'en'));
    expect(brief?.text.length).toBeLessThanOrEqual(BRIEF_FIX_MAX);
    expect(brief?.text.endsWith('.')).toBe(true);
  });
});
