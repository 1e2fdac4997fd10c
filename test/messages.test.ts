import { describe, expect, it } from 'vitest';
import {
  FAULT_CODES,
  FAULT_MESSAGES,
  faultMessage,
  languageOf,
  replyLanguage,
  UI,
  ui,
  writtenInChinese,
  writtenInEnglish,
} from '../src/messages.js';
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

  it('a question in English words is English; a code, a name or a payload is no language', () => {
    for (const q of [
      'token expired',
      'acess token expried',
      'appid is overload blocked',
      'login fails with {"error":1101}',
      '6004 get player info fail',
    ]) {
      expect(writtenInEnglish(q), q).toBe(true);
    }
    // One word may be a name (oidb, msdk); a payload's keys and values are a program's words, not the asker's.
    for (const q of [
      '100014',
      '1101 20155',
      'NSP_STATUS 102',
      'oidb 0x9b',
      'qq 6',
      '{"code":6004,"data":"get player info fail"}',
      'ret=-1 msg=login failed',
      '华为推送token无效',
      '',
    ]) {
      expect(writtenInEnglish(q), q).toBe(false);
    }
  });

  it('the choice wins, then the script of the question, then the locale, then the configured default', () => {
    expect(replyLanguage({ chosen: 'en', question: '登录失败', locale: 'zh_CN.UTF-8' })).toBe('en');
    expect(replyLanguage({ question: '登录失败', locale: 'en_US.UTF-8' })).toBe('zh');
    expect(replyLanguage({ question: '华为推送token无效', locale: 'en-US' })).toBe('zh');
    expect(replyLanguage({ question: 'token expired', locale: 'zh_TW' })).toBe('en');
    expect(replyLanguage({ question: 'token expired', locale: 'zh-CN', fallback: 'zh' })).toBe('en');
    expect(replyLanguage({ question: 'token expired', locale: 'C.UTF-8' })).toBe('en');
    // A bare code says nothing of a language: the locale, else the default.
    expect(replyLanguage({ question: '6004', locale: 'zh-CN' })).toBe('zh');
    expect(replyLanguage({ question: '6004', locale: 'en-US', fallback: 'zh' })).toBe('en');
    expect(replyLanguage({ question: '6004', fallback: 'zh' })).toBe('zh');
    // A locale in neither language (fr, C.UTF-8) is no choice between them.
    expect(replyLanguage({ question: '6004', locale: 'fr', fallback: 'zh' })).toBe('zh');
    expect(replyLanguage({ question: '6004', locale: 'C.UTF-8', fallback: 'zh' })).toBe('zh');
    expect(replyLanguage({})).toBe('en');
  });

  it('a paste is Chinese when written in Chinese; its English is a program talking, so the locale decides', () => {
    const log = '{"code":6004,"data":"get player info fail"} while logging in';
    expect(replyLanguage({ pasted: log, locale: 'zh-CN' })).toBe('zh');
    expect(replyLanguage({ pasted: log, fallback: 'zh' })).toBe('zh');
    expect(replyLanguage({ pasted: log, locale: 'en-US', fallback: 'zh' })).toBe('en');
    expect(replyLanguage({ pasted: `${log} 登录一直失败`, locale: 'en-US' })).toBe('zh');
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
