/**
 * Chinese questions in other words than the row's: 校验 for 验证, 不通过 for 失败, 登陆 for 登录.
 * The question finds the row it describes, and a row in the asker's own words still leads.
 */
import { describe, expect, it } from 'vitest';
import { cjkVariants } from '../../src/engine/cjk-synonyms.js';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const top = (question: string) => engine.lookup(question).answers[0];

describe('cjkVariants', () => {
  it('reads each synonym of a word as the others of its group, combined', () => {
    const variants = cjkVariants('校验不通过');
    expect(variants).toContain('验证失败');
    expect(variants).toContain('校验失败');
    expect(variants).not.toContain('校验不通过');
  });

  it('reads 不过 as a failure only after what fails', () => {
    expect(cjkVariants('校验不过')).toContain('验证失败');
    expect(cjkVariants('不过网络')).toEqual([]);
  });

  it('has nothing for a word without synonyms, or a single character', () => {
    expect(cjkVariants('签名')).toEqual([]);
    expect(cjkVariants('败')).toEqual([]);
  });

  it('is bounded however many synonyms a run holds', () => {
    expect(cjkVariants('验证失败验证失败验证失败验证失败').length).toBeLessThanOrEqual(16);
  });
});

describe('a question in other words than the row', () => {
  it('校验不过 finds the row that says 验证失败', () => {
    const answer = top('id_token 的 issuer 校验不过是哪个错误码');
    expect(answer?.code).toBe('15005');
    expect(answer?.title.zh).toContain('issuer验证失败');
  });

  it('验证失败 and 核验不通过 find the row that says 签名校验失败', () => {
    for (const question of ['签名验证失败', '签名核验不通过']) expect(top(question)?.title.zh).toBe('签名校验失败');
  });

  it('登陆失败, as people type it, is answered as 登录失败 is', () => {
    expect(top('登陆失败')?.entryId).toBeDefined();
    expect(top('登陆失败')?.entryId).toBe(top('登录失败')?.entryId);
  });

  it('a row in the asker own words leads one in a synonym', () => {
    // 11205 says 过期 as asked; 31204 says 失效.
    expect(top('refresh_token过期')?.title.zh).toBe('refresh_token过期');
  });
});
