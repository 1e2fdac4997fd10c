/**
 * Traditional Chinese read as the catalogs' Simplified: questions and chat messages from Taiwan and
 * Hong Kong find the rows their Simplified spelling finds.
 */
import { describe, expect, it } from 'vitest';
import { foldTraditional, TRADITIONAL_FOLD_LIMIT } from '../../src/engine/traditional.js';
import { createEngine } from '../../src/index.js';

const engine = createEngine();

describe('foldTraditional', () => {
  it('folds Traditional characters and keeps every offset', () => {
    const text = 'QQ登錄 簽名校驗失敗 ret=-5，華為帳號 code過期';
    const folded = foldTraditional(text);
    expect(folded).toBe('QQ登录 签名校验失败 ret=-5，华为帐号 code过期');
    expect(folded.length).toBe(text.length);
  });

  it('leaves Simplified, Latin and ambiguous characters as they are', () => {
    for (const text of ['签名校验失败', 'token expired 100014', '著名']) expect(foldTraditional(text)).toBe(text);
  });
});

describe('Traditional questions and messages', () => {
  it('a question in words finds the row its Simplified spelling finds', () => {
    const traditional = engine.lookup('QQ登錄 簽名校驗失敗').answers[0]?.entryId;
    expect(traditional).toBeDefined();
    expect(traditional).toBe(engine.lookup('QQ登录 签名校验失败').answers[0]?.entryId);
  });

  it('a chat message names its platform in Traditional', () => {
    expect(engine.scan('QQ遊戲中心 一直報 -4010').answers[0]?.code).toBe('-4010');
    expect(engine.scan('QQ游戏中心 一直报 -4010').answers[0]?.code).toBe('-4010');
  });

  it('a paste longer than a message is read as written', () => {
    const filler = 'x'.repeat(TRADITIONAL_FOLD_LIMIT);
    expect(engine.scan(`QQ遊戲中心 一直報 -4010\n${filler}`).answers).toEqual([]);
    expect(engine.scan(`QQ游戏中心 一直报 -4010\n${filler}`).answers[0]?.code).toBe('-4010');
  });
});
