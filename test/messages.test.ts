import { describe, expect, it } from 'vitest';
import { FAULT_CODES, FAULT_MESSAGES, faultMessage, languageOf, UI, ui } from '../src/messages.js';

describe("the bot's own messages are a closed list", () => {
  it('every fault code has exactly one message, in both languages, and nothing else has one', () => {
    expect(Object.keys(FAULT_MESSAGES).sort()).toEqual([...FAULT_CODES].sort());
    for (const code of FAULT_CODES) {
      expect(faultMessage(code, 'en').length).toBeGreaterThan(10);
      expect(faultMessage(code, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('every UI string exists in both languages with the same placeholders', () => {
    for (const [key, text] of Object.entries(UI)) {
      const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(names(text.zh), key).toEqual(names(text.en));
    }
    expect(ui('progress', 'en', { done: 2, total: 5 })).toBe('2 of 5 done');
  });

  it('picks Chinese for zh locales only', () => {
    expect(languageOf('zh-CN')).toBe('zh');
    expect(languageOf('zh_TW')).toBe('zh');
    expect(languageOf('zh')).toBe('zh');
    expect(languageOf('en-US')).toBe('en');
    expect(languageOf(undefined)).toBe('en');
  });
});
