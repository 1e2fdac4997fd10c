import { describe, expect, it } from 'vitest';
import { FAULT_CODES, FAULT_MESSAGES, faultMessage, languageOf, replyLanguage, UI, ui, writtenInChinese } from '../src/messages.js';
import { plural } from '../src/text.js';

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

describe('the language of a reply', () => {
  it('a question written mostly in Chinese is Chinese; codes, field names and acronyms weigh nothing', () => {
    for (const q of ['华为推送token无效', '6004 登录失败', 'NSP_STATUS 102 推送失败', 'QQ 登录 100014', '登录失败']) {
      expect(writtenInChinese(q), q).toBe(true);
    }
    for (const q of ['100014', 'access token is expired 过期', 'acess token expried', 'qq 6', '']) {
      expect(writtenInChinese(q), q).toBe(false);
    }
  });

  it('the choice wins, then the question, then the locale, else English', () => {
    expect(replyLanguage({ chosen: 'en', question: '登录失败', locale: 'zh_CN.UTF-8' })).toBe('en');
    expect(replyLanguage({ question: '登录失败', locale: 'en_US.UTF-8' })).toBe('zh');
    expect(replyLanguage({ question: 'token expired', locale: 'zh_TW' })).toBe('zh');
    expect(replyLanguage({ question: 'token expired', locale: 'C.UTF-8' })).toBe('en');
    expect(replyLanguage({})).toBe('en');
  });
});

describe('counts', () => {
  it('take the noun in the number they need', () => {
    expect(plural(1, 'catalog')).toBe('1 catalog');
    expect(plural(0, 'catalog')).toBe('0 catalogs');
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(466, 'entry', 'entries')).toBe('466 entries');
  });
});
