import { describe, expect, it } from 'vitest';
import { pastCodes, supersededCodes } from '../../src/engine/superseded.js';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const scanned = (text: string) => engine.scan(text).answers.map((a) => a.code);

describe('a code the message says is behind it, beside the one it sees now', () => {
  it('is read from the words around it, only when the message says what happens now', () => {
    expect([...supersededCodes('the 100014 is gone after reauth, now we get 100015')]).toEqual(['100014']);
    expect([...supersededCodes('yesterday it was 20155, today I see 20156 instead')]).toEqual(['20155']);
    expect([...supersededCodes('80300007 resolved, now push says 80300010')]).toEqual(['80300007']);
    expect([...supersededCodes('221002 已经没了，现在报 -182006')]).toEqual(['221002']);
    // Without a "now", nothing is superseded: a story about a fixed code is told whole.
    expect([...supersededCodes('the 100014 is gone after reauth')]).toEqual([]);
    // Two live errors stay two.
    expect([...supersededCodes('now we get 100014 and 100015')]).toEqual([]);
  });

  it('the scan explains the current code, not the one that is over', () => {
    expect(scanned('yesterday it was 20155, today on /oauth2/v3/token I see 20156 instead')[0]).toBe('20156');
    expect(scanned('qq group: the 221002 is gone after binding, now joinGroup gives -182006')).toEqual(['-182006']);
  });

  it('a lookup answers the current code; a question about the old code alone still gets it', () => {
    expect(engine.lookup('80300007 resolved after trimming spaces, now push says 80300010, what now?').answers[0]?.code).toBe('80300010');
    expect(engine.lookup('80300007 resolved after trimming spaces?').answers[0]?.code).toBe('80300007');
  });

  it('a code asked about that no catalog has is "no such code", not the success beside it', () => {
    const result = engine.lookup('errcode 31337 (the other call returned 0)');
    expect(result.status).toBe('not-found');
    expect(engine.lookup('ret=0').answers[0]?.outcome).toBe('success');
  });
});

describe('a code the message only supposes', () => {
  it('a counterfactual, a plan or a joke gets no reply; the code hit beside it is the one explained', () => {
    expect(scanned('let us alert when 1302 57303 exceeds 1%')).toEqual([]);
    expect(scanned('would be funny if 1101 20155 showed up in the demo haha')).toEqual([]);
    expect(scanned('假设 NSP_STATUS 102 出现，我们就重试一次')).toEqual([]);
    // An `if` about a time to come is a plan; one about a failure still going on reports it.
    expect(scanned('如果明天开服出现大面积 错误码：6004，就先切回旧版登录')).toEqual([]);
    expect(scanned('contingency: if we see a wave of 6004 at launch tomorrow, roll back the quick app login')).toEqual([]);
    expect(scanned('如果明天还报 错误码：6004 就回滚')).toEqual(['6004']);
    expect(scanned('hms push failed with 80300010 for every batch. if it were 80300007 I would know what to do')[0]).toBe('80300010');
  });

  it('a code supposed and then written for real is answered', () => {
    expect(scanned('if we ever get 80300007 we should refresh. well, here we are: {"code":"80300007","msg":"token invalid"}')).toEqual([
      '80300007',
    ]);
  });
});

describe('a code the message says is over, and nothing more', () => {
  it('news that an error was fixed gets no reply; one that came back, is still there or is asked about does', () => {
    for (const text of [
      'error 100014 was fixed last week',
      '上周 100014 错误已经修好了',
      'the 80300007 error has been resolved',
      '1101 20155 问题已修复',
      // The row's message between the code and the words saying it is over.
      '6004 get player info fail 已经解决了，装上华为游戏中心就好了，谢谢大家',
      '7005 PARAM ERROR 搞定了，appid 填错了',
      'we fixed the 1101/20155 errors yesterday, all good now',
      'thanks! the 6004 login fail went away after we switched login flows',
      'never mind the 221019, we picked another group and it bound fine',
      // The failure named in a few words and placed in time.
      'Retro INC-2291 (closed): the 6004 login failures on 10/22 were fixed by installing Huawei Game Center on the test phones.',
      'the 80300007 push failures were fixed',
      '6004 login fail was fixed last week',
      // A spike of it, over; "back to baseline" says it is over, not back.
      '80200003 spike resolved after the token refresh fix (v2.3.2), 0 errors since',
      'push 80200003 fixed in v2.3.2 (token refresh), back to baseline',
      // One code, and all quiet since.
      'the 57303 flood yesterday was us fetching a push access_token per request; moved to a cached token and it has been quiet for 24h',
    ]) {
      expect(pastCodes(text).size, text).toBeGreaterThan(0);
      expect(engine.scan(text).answers, text).toEqual([]);
    }
    // Said in a Slack link's label, read as its label.
    expect(engine.scan('<https://grafana.acme.io/d/push|80300007 spike> resolved').answers).toEqual([]);
    for (const text of [
      'error 100014 was fixed last week but it came back',
      'error 100014 was fixed? still see it',
      '上周 100014 错误修好了，今天又报了',
      'qq 登录 100014 token 过期还没解决了',
      'the 100014 qq login failures were fixed, but they came back today',
      'qq login 100014 was fixed, now it is back to square one',
      'qq login 100014 was quiet since monday but now it is back',
    ]) {
      expect(pastCodes(text).size, text).toBe(0);
      expect(engine.scan(text).answers[0]?.code, text).toBe('100014');
    }
  });

  it('a lookup of it is still answered: someone asked', () => {
    expect(engine.lookup('error 100014 was fixed last week').answers[0]?.code).toBe('100014');
  });
});

describe('a code the writer corrects to another', () => {
  it('is the slip, and the code after it is what the message is about', () => {
    expect([...supersededCodes('刚才说错了，推送报的不是 80200001，是 80200003')]).toEqual(['80200001']);
    expect([...supersededCodes('并非 6004 而是 6005')]).toEqual(['6004']);
    expect([...supersededCodes("sorry, not 80200001, it's 80200003")]).toEqual(['80200001']);
    expect(scanned('刚才说错了，推送报的不是 80200001，是 80200003')).toEqual(['80200003']);
  });

  it('needs the code it is corrected to', () => {
    expect([...supersededCodes('推送报的不是 80200001 这个错')]).toEqual([]);
    expect([...supersededCodes('it is not 80200001 for sure')]).toEqual([]);
  });
});
