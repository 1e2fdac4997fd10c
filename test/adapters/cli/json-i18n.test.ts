/**
 * `--json`'s `i18n` carries every text of an answer in both languages: whatever Chinese the catalog
 * holds for an answer (causes and notes included) is in the JSON, whichever `--lang` was asked for.
 */
import { describe, expect, it } from 'vitest';
import { matchJson } from '../../../adapters/cli/render/json.js';
import { type Answer, createEngine, type LocalText } from '../../../src/index.js';

const engine = createEngine();
const entries = engine.catalogs.flatMap((c) => c.entries);

/** Every text of an answer (en and zh), found by walking it: a field added later is covered too. */
function textsOf(value: unknown, out: LocalText[] = []): LocalText[] {
  if (Array.isArray(value)) for (const v of value) textsOf(v, out);
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.en === 'string') out.push(record as unknown as LocalText);
    else for (const v of Object.values(record)) textsOf(v, out);
  }
  return out;
}

describe('--json i18n', () => {
  it('holds every text of every answer in both languages', () => {
    for (const entry of entries) {
      const answer = engine.explain(entry.id) as Answer;
      for (const lang of ['en', 'zh'] as const) {
        const json = matchJson(answer, lang);
        const i18n = JSON.stringify([json.i18n, json.applies_to.map((p) => p.i18n), json.related.map((r) => r.i18n)]);
        for (const text of textsOf(answer)) {
          expect(i18n, `${entry.id}: ${text.en}`).toContain(JSON.stringify(text.en).slice(1, -1));
          if (text.zh) expect(i18n, `${entry.id}: ${text.zh}`).toContain(JSON.stringify(text.zh).slice(1, -1));
        }
      }
    }
  });

  it('carries the Chinese causes of "会话失效，session timeout" with --lang en', () => {
    const entry = entries.find((e) => e.table.sectionId === 'get-user-info' && e.code === '6' && e.causes.length > 0);
    const answer = engine.explain(entry?.id ?? '') as Answer;
    const json = matchJson(answer, 'en');
    expect(json.description).toBe(answer.description.en);
    expect(json.i18n.description?.zh).toContain('会话失效');
    expect(json.i18n.causes).toHaveLength(answer.causes.length);
    expect(json.i18n.causes.map((c) => c?.zh)).toEqual(answer.causes.map((c) => c.zh ?? null));
    expect(json.i18n.causes.every((c) => typeof c?.zh === 'string' && c.zh.length > 0)).toBe(true);
  });
});
