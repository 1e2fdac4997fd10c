import { describe, expect, it } from 'vitest';
import { describingWords } from '../../src/engine/question-words.js';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const top = (query: string) => engine.lookup(query).answers[0];
const codes = (query: string) => engine.lookup(query).answers.map((a) => `${a.catalog.id}:${a.main ? `${a.main}/` : ''}${a.code}`);

describe('lookup by code, in every spelling the source gives', () => {
  it('finds a QQ platform code', () => {
    const answer = top('100014');
    expect(answer?.code).toBe('100014');
    expect(answer?.description.en).toBe('access token is expired');
    expect(answer?.solution?.en).toBe('Reauthorize');
    expect(answer?.checklist.map((s) => s.en)).toEqual(['Reauthorize']);
  });

  it('reads main.sub among words (tokeninfo 1500.15006) where the catalogs have the pair', () => {
    expect(codes('/errcode tokeninfo 1500.15006')[0]).toBe('huawei-account:1500/15006');
    expect(codes('1101.20155 token')[0]).toBe('huawei-account:1101/20155');
  });

  it('reads an identifier naming an error and ending in its code as that code; another identifier stays a word', () => {
    expect(top('err_100014')?.code).toBe('100014');
    expect(top('ERROR_CODE_6004')?.code).toBe('6004');
    expect(top('what does ERR_80300007 mean on push')?.code).toBe('80300007');
    expect(engine.lookup('build_6004').status).toBe('not-found');
  });

  it('reaches an OIDB row by hex, upper-case hex, signed and unsigned decimal', () => {
    for (const spelling of ['0x9b', '0X9B', 'oidb -101', 'oidb 155']) {
      expect(top(spelling)?.code, spelling).toBe('0x9b');
    }
    expect(top('0x9b')?.aliases).toEqual(['-101', '155']);
  });

  it('matches any code inside a range', () => {
    const answer = top('-500005');
    expect(answer?.code).toBe('-500003 ~ -500009');
    expect(answer?.description.en).toBe('Fail to parse the data returned by the server');
    expect(answer?.matchedAs).toBe('-500005');
    expect(top('0x711 0x37')?.code).toBe('0x37~0x38');
  });

  it('records the misprinted OIDB hex instead of copying it silently', () => {
    const answer = top('oidb 116');
    expect(answer?.code).toBe('0x74');
    expect(answer?.note?.en).toMatch(/0x71/);
    // The misprinted spelling still finds the row, after the row that really is 0x71.
    expect(codes('oidb 0x71').slice(0, 2)).toEqual(['qq-msdk:0x71', 'qq-msdk:0x74']);
  });

  it('reaches a hex-only table by decimal value (0x711 0x41 is 65)', () => {
    expect(top('0x711 65')?.code).toBe('0x41');
  });

  it('takes a query starting with a minus sign', () => {
    expect(top('-4008')?.description.en).toBe('Fail to verify AccessToken');
  });
});

describe('two-level Account Kit codes keep their main code', () => {
  it.each(['1101 20155', '1101/20155', 'error=1101 sub_error=20155', '20155 1101', 'error=1101 sub=20155', 'error=1101 subcode=20155'])(
    '%s',
    (query) => {
      const answer = top(query);
      expect(answer?.main).toBe('1101');
      expect(answer?.code).toBe('20155');
      expect(answer?.description.zh).toContain('code过期');
    },
  );

  it("a sub-code typed as sub= picks its own meaning among the main code's, not the first of them", () => {
    expect(top('tokeninfo error=1203 sub=100306')?.code).toBe('100306');
    expect(top('error=1203 sub_code=12303')?.code).toBe('12303');
  });

  it('1101/12304 and 1203/12304 are different meanings', () => {
    expect(top('1101 12304')?.description.zh).toBe('client_secret不正确。');
    expect(top('1203 12304')?.description.zh).toBe('无效的client_secret。');
  });

  it('11205 means refresh_token expired on /token and token expired on /revoke', () => {
    expect(top('1203 11205')?.description.zh).toBe('refresh_token过期。');
    expect(top('revoke 1203 11205')?.description.zh).toBe('token已过期。');
    expect(top('revoke 1203 11205')?.section.url).toBe('https://oauth-login.cloud.huawei.com/oauth2/v3/revoke');
  });
});

describe('a main code alone lists the codes under it', () => {
  it('1103 has one sub-code', () => {
    expect(top('1103')?.code).toBe('20153');
  });
  it('1101 lists its sub-codes, in source order', () => {
    const answers = engine.lookup('1101', { limit: 20 }).answers;
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.every((a) => a.main === '1101')).toBe(true);
    expect(answers[0]?.code).toBe('12304');
  });
});

describe('scope words in free text', () => {
  it('favour their table when the same text is in several', () => {
    expect(top('frequncy limit exceded game center')?.code).toBe('-4009');
    expect(top('一键登录 code过期')?.code).toBe('60180004');
  });
  it('still count as words of the description', () => {
    expect(top('the group is not a gmae group')?.code).toBe('221021');
  });
});

describe('ambiguous codes: every meaning, the likeliest first, words narrowing the scope', () => {
  it('-5: QQ platform first; oidb picks the OIDB row; both listed either way', () => {
    expect(codes('-5')[0]).toBe('qq-msdk:-5');
    expect(codes('-5')).toContain('qq-msdk:0xfb');
    expect(top('msdk -5')?.description.en).toBe('Signature verification fails');
    expect(top('oidb -5')?.description.en).toBe('Visit Type B user number');
  });

  it('0x10 in 0x73a is a pay token, in 0x711 an illegal appid', () => {
    expect(top('0x73a 0x10')?.description.en).toMatch(/^pay token is invalid/);
    expect(top('0x711 0x10')?.description.en).toBe('Appid is illegal');
  });

  it("a range seen as one of its values has that value's other meanings (17 in 0x10~0x11 is 0x11, not 0x10)", () => {
    const range = engine.scan('ret=17 from oidb decode0x711').answers[0];
    expect(range?.code).toBe('0x10~0x11');
    const others = engine.otherMeanings(range?.entryKey ?? '', 24, range?.matchedAs).map((r) => r.code);
    expect(others).toContain('0x11');
    expect(others).not.toContain('0x10');
  });

  it('field and endpoint words pick the table', () => {
    expect(top('nsp_status 6')?.field).toBe('NSP_STATUS');
    expect(top('errCode 6 getuserrisklevel')?.description.zh).toBe('Access Token无效或已过期。');
    expect(top('http 415 getuserrisklevel')?.description.zh).toBe('不支持的媒体类型');
    expect(top('qq 6')?.description.en).toBe('App is not registered');
    expect(top('hms push 80300007')?.catalog.id).toBe('hms-push');
  });

  it('groups one meaning listed by many endpoints into one answer that says where it applies', () => {
    const http500 = engine.lookup('http 500').answers.find((a) => a.field === 'http_status');
    expect(http500?.appliesTo.length).toBeGreaterThanOrEqual(12);
    const urls = new Set(http500?.appliesTo.map((p) => p.url));
    expect(urls.has('https://oauth-login.cloud.huawei.com/oauth2/v3/token')).toBe(true);
    expect(urls.has('https://account.cloud.huawei.com/user/getuserrisklevel')).toBe(true);
  });

  it('6004 alone is the generic entry; the message text picks a variant', () => {
    expect(top('6004')?.variant).toBeUndefined();
    expect(top('6004')?.description.en).toContain('data prompt');
    expect(top('6004 login fail')?.variant).toBe('login-fail');
    expect(top('6004 get player info fail')?.variant).toBe('get-player-info-fail');
  });
});

describe('free text, English and Chinese, typos included', () => {
  it('a four-letter word with a letter left out of a catalog word finds it (tokn, eror), as longer typos do', () => {
    // Read as its word, not left out: as sure as the question typed right, not a half match.
    const typed = top('access tokn expired');
    expect(typed?.title.en).toMatch(/access.?token.*expired/i);
    expect(typed?.confidence).toBeGreaterThan(0.8);
    expect(top('push tokn invalid')?.code).toBe('80300007');
    expect(top('push tokn invalid')?.confidence).toBeGreaterThan(0.8);
  });

  it('ranks the entry whose description the query spells, typos and all', () => {
    expect(top('acess token is expried')?.code).toBe('100014');
    expect(top('access token has expired')?.code).toBe('0x41');
  });

  it('finds Chinese descriptions and mixed text', () => {
    expect(top('refresh_token过期')?.code).toBe('11205');
    expect(top('实名信息不存在')?.code).toBe('70009019');
  });

  it('shows the source wording of a cleaned-up machine translation', () => {
    expect(top('80200003')?.sourceText).toBe('Oauth Token Be overdue');
  });

  it('finds a payload message', () => {
    const answer = top('appid is overload blocked');
    expect(answer?.code).toBe('57303');
    expect(answer?.main).toBe('1302');
  });
});

describe('the code a question asks about, among several', () => {
  it('the one the asker corrects to', () => {
    expect(top('not 20155, I mean 20158')?.code).toBe('20158');
    expect(top('不是 100015，我是说 100016')?.code).toBe('100016');
  });

  it('a comparison asks about its first code, whichever the catalogs list first', () => {
    expect(top('is 80200003 the same as 80200001?')?.code).toBe('80200003');
    expect(top('is 80200001 the same as 80200003?')?.code).toBe('80200001');
  });

  it('two main codes are two questions, not a main code and a sub-code it lacks', () => {
    const answers = engine.lookup('difference between 1103 and 1102').answers;
    expect(answers[0]?.main).toBe('1103');
    expect(answers.some((a) => a.main === '1102')).toBe(true);
    // A main code and one of its own sub-codes stay a pair; an unknown sub-code stays unknown.
    expect(codes('1101 20155')).toEqual(['huawei-account:1101/20155']);
    expect(engine.lookup('1101 20157').status).toBe('not-found');
  });

  it("a pasted conversation's dates, times and reaction counts are no codes asked about", () => {
    const thread = '[2024-10-22 10:32] bob: push to huawei returns 80200001 after we split the two apps\n[2024-10-22 10:33] carol: same';
    expect(top(thread)?.code).toBe('80200001');
    expect(top('joe  4:02 PM\ngamecenter friends ret -4010\n:+1: 3')?.code).toBe('-4010');
    expect(engine.lookup('hank  4:02 PM\nlunch?\n:shrug: 1').status).not.toBe('found');
    // A code after a colon is still a code.
    expect(top('ret: 6 on getTokenInfo')?.code).toBe('6');
    expect(top('decode0x711: 32')?.code).toBe('0x20');
    expect(top('oidb decode0x711:ret:0x43')?.code).toBe('0x43');
  });

  it("a share of a whole (repro 5/5) and a tracker's id (QA-6004, TC-LOGIN-0042) are no codes asked about", () => {
    expect(top('ret -4010 好友列表拉不出来 repro 5/5')?.code).toBe('-4010');
    expect(engine.lookup('TC-LOGIN-0042 用例失败').status).toBe('not-found');
    expect(engine.lookup('ticket QA-6004 failed').status).toBe('not-found');
    // A main code over its sub-code, two statuses, a platform or a field before the minus, a long code: still codes.
    expect(top('1101/20155')?.code).toBe('20155');
    expect(engine.lookup('got 404/500 from token endpoint').answers.map((a) => a.code)).toContain('404');
    expect(top('QQ-100014')?.code).toBe('100014');
    expect(top('RET-4010')?.code).toBe('-4010');
    expect(top('HMS-PUSH-80300007')?.code).toBe('80300007');
  });

  it('a key that names a field after a prefix of its own is that field', () => {
    const line = 'level=error msg="gamecenter friends" gc_ret=-4010 appid=1104512345 http_status=200 latency_ms=51';
    expect(top(line)?.code).toBe('-4010');
    const nginx = '"POST /rest.php?nsp_svc=huawei.oauth2.app.openIdToUnionId HTTP/1.1" 200 0 upstream_http_nsp_status=150028';
    expect(top(nginx)?.code).toBe('150028');
  });

  it('a count of things alone in a question naming a product, nothing else supporting its code: the words say which error', () => {
    const result = engine.lookup('HMS push: I put 1500 tokens into one message and the send gets rejected, is there a max?');
    expect(result.mode).toBe('text');
    expect(result.answers[0]?.code).toBe('80300010');
    // A count beside a code the words do support stays the code's question.
    expect(top('what does 1500 mean on tokeninfo')?.main).toBe('1500');
    expect(top('waited 30 seconds then got 6004')?.code).toBe('6004');
  });
});

describe('a long question', () => {
  it('is read by its opening and its close: the story, then what is asked', () => {
    const story = 'We moved the game servers last week and checked appid and appkey again. '.repeat(8);
    const result = engine.lookup(`QQ login trouble. ${story} What does MSDK ret -25 mean?`);
    expect(result.answers[0]?.code).toBe('-25');
    expect(result.notes.join(' ')).toMatch(/long query/);
  });
});

describe('codes written apart as screens and voice input give them', () => {
  it('digits spaced out, a dash between groups, digits spoken as words', () => {
    expect(top('6 0 0 4 login fail')?.code).toBe('6004');
    expect(top('8030-0007')?.code).toBe('80300007');
    expect(top('main error one one zero one sub error one two three zero four')?.code).toBe('12304');
    expect(top('push error eight zero two zero zero zero zero one')?.code).toBe('80200001');
  });

  it('an unknown code typed with a dash is "no such code", not answered by its halves', () => {
    expect(engine.lookup('8030-0099').status).toBe('not-found');
  });

  it('a main code and its sub-code with a dash stay a pair', () => {
    const pair = top('1101-20155');
    expect([pair?.main, pair?.code]).toEqual(['1101', '20155']);
  });
});

describe('counts and measurements around the code', () => {
  it('a date, a duration or a count in the question is not the code asked about', () => {
    expect(top('2024年10月22日升级后，手Q登录回调ret一直是-25，每次大概3秒就返回')?.code).toBe('-25');
    expect(top('qq login ret -25 after 3 seconds, retried 5 times')?.code).toBe('-25');
  });

  it("a review's star rating is no code: 1★ beside error 251003", () => {
    expect(top('App Store 1★: error 251003 when opening the friends tab')?.code).toBe('251003');
    expect(top('1')?.code).toBe('1');
  });

  it('a main code and its sub-code joined by a dot (1101.20172); a decimal is no pair', () => {
    expect(top('1101.20172')?.code).toBe('20172');
    for (const query of ['3.5', '1101.5']) expect(engine.lookup(query).status, query).toBe('not-found');
  });

  it('实名认证 names the real-name tables', () => {
    expect(top('实名认证 请求参数错误')?.entryId).toMatch(/real-name/);
  });

  it('a noun hyphened to the next word is no count: 1101 20158 user-facing? asks about 20158', () => {
    expect(top('1101 20158 user-facing?')?.code).toBe('20158');
  });

  it('a number alone is asked about even with a unit after it', () => {
    expect(top('6004次')?.code).toBe('6004');
  });
});

describe('honest no-match', () => {
  it.each(['424242', '打印机卡纸', 'printer paper jam', 'kubernetes pod crashloop'])('%s', (query) => {
    const result = engine.lookup(query);
    expect(result.status).toBe('not-found');
    expect(result.answers).toEqual([]);
  });

  // The vendor or product words around an unknown code say where to look, not which error it is.
  it.each(['华为推送报 80300099 咋整', '手Q游戏中心返回 -4038 是啥', 'hms push 80300099', 'game center ret -4038'])(
    '%s names a code no catalog has',
    (query) => {
      const result = engine.lookup(query);
      expect(result.status).toBe('not-found');
      expect(result.suggestions.length).toBeGreaterThan(0);
    },
  );

  it('words beyond the product name still find an entry beside an unknown code', () => {
    expect(engine.lookup('push 80300099 all the tokens are invalid').answers[0]?.code).toBe('80300007');
  });

  it('offers the nearest codes for an unknown number', () => {
    const result = engine.lookup('100017');
    expect(result.status).toBe('not-found');
    expect(result.suggestions.map((s) => s.code)).toContain('100016');
  });

  it('offers no code far off in value as a near one: 424242 is no hint of 251005', () => {
    expect(engine.lookup('424242').suggestions).toEqual([]);
    expect(engine.lookup('80300099').suggestions.map((s) => s.code)).toContain('80300010');
  });

  it('a question told in words gets one answer per meaning: 70009019 on two endpoints is one, applying to both', () => {
    const answers = engine.lookup('实名信息不存在').answers;
    expect(answers.filter((a) => a.code === '70009019')).toHaveLength(1);
    expect(answers[0]?.appliesTo.length).toBe(2);
  });

  it('suggests first the codes one typo away: a digit dropped, added, changed or two swapped', () => {
    expect(engine.lookup('10014').suggestions[0]?.code).toBe('100014');
    expect(engine.lookup('803000077').suggestions[0]?.code).toBe('80300007');
    expect(
      engine
        .lookup('80300070')
        .suggestions.map((s) => s.code)
        .slice(0, 2),
    ).toContain('80300007');
  });

  it('an empty query is its own status', () => {
    expect(engine.lookup('   ').status).toBe('empty-query');
  });
});

describe('answers carry what renderers need', () => {
  it('provenance, why, confidence, related codes and a short key', () => {
    const answer = top('1101 20155');
    expect(answer?.provenance.document).toBe('003_5f475475a65ed3f1.txt');
    expect(answer?.provenance.section).toBe('获取用户级凭证/刷新用户级凭证/获取应用级凭证');
    expect(answer?.why.map((c) => c.kind)).toEqual(expect.arrayContaining(['code', 'main-code']));
    expect(answer?.confidence).toBeGreaterThan(0.8);
    expect(answer?.related.length).toBeGreaterThan(0);
    expect(answer?.entryKey).toMatch(/^[0-9a-z]{1,11}$/);
    expect(engine.explain(answer?.entryKey ?? '')?.entryId).toBe(answer?.entryId);
  });

  it('otherMeanings lists the rest of an ambiguous code', () => {
    const qq = top('qq -5');
    const others = engine.otherMeanings(qq?.entryKey ?? '');
    expect(others.map((o) => o.code)).toContain('0xfb');
    expect(others.map((o) => o.entryId)).not.toContain(qq?.entryId);
  });

  it('suggest completes codes and words for autocomplete', () => {
    const byCode = engine.suggest('10001', 25);
    expect(byCode.length).toBeGreaterThan(3);
    expect(byCode.length).toBeLessThanOrEqual(25);
    expect(byCode.every((s) => s.query.startsWith('10001'))).toBe(true);
    expect(engine.suggest('overload', 5)[0]?.query).toBe('1302 57303');
  });
});

describe('a main code with words beside it', () => {
  it('the words pick among the sub-codes the main code spans (English or Chinese, with question words)', () => {
    for (const query of ['1500 id_token expired', '1500 id_token已过期', 'id_token 过期了 1500 是哪个子码']) {
      const answer = top(query);
      expect(`${answer?.main}/${answer?.code}`, query).toBe('1500/15006');
    }
  });

  it('without words, the main code keeps its own order; a sub-code given still wins over the words', () => {
    expect(`${top('1500')?.main}/${top('1500')?.code}`).toBe('1500/15003');
    expect(top('1500 15004 id_token expired')?.code).toBe('15004');
  });
});

describe('full-width digits, as a Chinese input method types them', () => {
  it('finds the code', () => {
    expect(top('２２１００５')?.code).toBe('221005');
    expect(top('ret：－４０１０')?.code).toBe('-4010');
  });
});

describe('OIDB results copied without 0x', () => {
  it('reads a value with a hex letter after ret as hex where an OIDB command or oidb is named', () => {
    expect(top('oidb ret cc when sending the group message')?.code).toBe('0xcc');
    expect(top('decode0x73a ret 5e')?.code).toBe('0x5e');
    expect(top('0x711 failed ret 4B ??')?.code).toBe('0x4b');
  });

  it('leaves the same letters alone where no hex table is named', () => {
    expect(engine.lookup('ret cc').status).toBe('not-found');
    expect(engine.lookup('code be careful').status).toBe('not-found');
  });
});

describe('a question told as a story', () => {
  it('one clause of a long sentence can carry the whole meaning', () => {
    expect(top('hms push refused my message because the content is sensitive, which error is that')?.code).toBe('80100016');
  });

  it('a clause of question words alone finds nothing by itself', () => {
    expect(engine.lookup('which error is that, any idea').status).toBe('not-found');
  });

  it('word forms and underscore words: refreshing is refresh, refresh_token is refresh and token', () => {
    const answer = top('token expired when refreshing huawei login');
    expect(answer?.code).toBe('11205');
    expect(answer?.description.en).toBe('The refresh_token has expired.');
  });

  it("words no catalog uses are the asker's own and do not count against a match", () => {
    expect(top('blimey, grafana shouts the uin is frozen on prod')?.code).toBe('0x70');
    expect(top('我们的服务器 reported openid to uin switch 失败 again')?.code).toBe('-182005');
  });

  it('two neighbouring words can carry the meaning when no clause does', () => {
    expect(top('sdk blurts the current system time mismatch, which one')?.code).toBe('-25');
  });

  it('pairs are not searched for a question naming a code the catalogs lack, nor do stray catalog words match', () => {
    expect(engine.lookup('msdk qq login callback says ret -99999').status).toBe('not-found');
    expect(engine.lookup('weather frozen today').status).toBe('not-found');
    expect(engine.lookup('squash commits before merging').status).toBe('not-found');
  });

  it('CJK words are counted by the characters they share, not by bigrams spanning two words', () => {
    expect(top('验证 id_token 的时候提示过期了')?.code).toBe('15006');
    expect(top('一键登录 code 过期了返回哪个 resultCode')?.code).toBe('60180004');
  });
});

describe('a code written apart or misread', () => {
  it('joins thousands separators, groups of four and OCR letters when the joined code exists', () => {
    expect(top('what is 100,014 from the qq api')?.code).toBe('100014');
    expect(top('一键登录返回 6018 0004')?.code).toBe('60180004');
    expect(top('screenshot says 1OOO14')?.code).toBe('100014');
    expect(top('ret 1000l4')?.code).toBe('100014');
  });

  it('leaves them as written when the joined code does not exist or the first group is a main code', () => {
    expect(top('1101 20155')?.code).toBe('20155');
    expect(engine.lookup('1,234,567').answers.some((a) => a.code === '1234567')).toBe(false);
    expect(engine.lookup('room 2024 1102').answers.some((a) => a.code === '20241102')).toBe(false);
    expect(engine.lookup('lOOl').status).not.toBe('found');
  });
});

describe('an endpoint path typed with a typo', () => {
  it('names the endpoint whose path it is within a typo of', () => {
    expect(top('/oauth2/v3/revok 1203 31218')?.description.en).toBe(top('/oauth2/v3/revoke 1203 31218')?.description.en);
    expect(top('/oauth2/v3/revok 1203 31218')?.description.en).not.toBe(top('/oauth2/v3/token 1203 31218')?.description.en);
  });
});

describe('several codes in one question', () => {
  it('the code asked about comes first: named twice, after "what is", before "mean", or "the second one"', () => {
    expect(top('had 100014 last week, now 100015 keeps coming: what is 100015')?.code).toBe('100015');
    expect(top('100014 then 100015 then 100015 again')?.code).toBe('100015');
    expect(top('does 100015 mean revoked? we also see 100014')?.code).toBe('100015');
    expect(top('first 100014, then after the fix 100015. what does the second one mean?')?.code).toBe('100015');
  });

  it('without a word saying which, the order stays as it was', () => {
    expect(top('100014 or 100015')?.code).toBe('100014');
  });

  it('a full stop after the code is no decimal point', () => {
    expect(top('the push send fails with 80300007.')?.code).toBe('80300007');
    expect(engine.lookup('v6.0').status).not.toBe('found');
  });
});

describe('a question told in words', () => {
  it('ranks a success status below a failure that matches as well', () => {
    const answers = engine.lookup('api call succeeded').answers;
    for (const answer of engine.lookup('the request protocol http instead of https').answers.slice(0, 1))
      expect(answer.outcome).toBe('error');
    expect(answers.length).toBeGreaterThan(0);
  });

  it('the word token alone names no endpoint: "token invalid" is the push error of that name', () => {
    expect(top('token invalid')?.code).toBe('80300007');
    expect(top('华为推送token无效')?.code).toBe('80300007');
  });

  it('the framing of an English question (sub error code, what does it return) is not searched for', () => {
    expect(top('id_token expired sub error code')?.code).toBe('15006');
    // `code` alone is an authorization code, `error` alone part of a description.
    expect(top('换 token 的时候提示 code 过期了，code 有效期到底多久？')?.code).toBe('20155');
    expect(top('fast app gameLogin PARAM ERROR what code is that')?.code).toBe('7005');
  });

  it("an entry's own phrase of three words and more, whole in the question, picks it", () => {
    expect(top('whats the huawei push error for too many tokens in one message')?.code).toBe('80300010');
  });

  it('找不到 (cannot find) reads as the 无法…找到 a description writes', () => {
    expect(top('tokeninfo 报 kid 找不到 JWT 公钥 是啥错')?.code).toBe('14004');
  });

  it('华为 names the vendor of every Huawei catalog, not the one section whose Chinese name opens with it', () => {
    expect(top('华为说 refresh token format 不对')?.code).toBe('20192');
  });
});

describe('numbers that are not the code asked about', () => {
  it("beside a code under an error field, the value of another key is that key's (platform=1, state=1)", () => {
    const ios = 'Error Domain=WGPlatformErrorDomain Code=100015 "(null)" UserInfo={platform=1, openid=8F3C2A1B9D7E6F50}';
    expect(engine.lookup(ios).answers[0]?.code).toBe('100015');
    expect(engine.lookup('https://example.com/callback?code=-73&state=1').answers.map((a) => a.code)).not.toContain('1');
    // Alone, such a value is still what is asked about.
    expect(engine.lookup('qq platform=1').answers[0]?.code).toBe('1');
  });

  it('a quoted JSON key is a key: the value of `retry` beside `"ret":100014` is no code asked about', () => {
    const answers = engine.lookup('{"ret":100014,"msg":"access token is expired"} retry=1').answers;
    expect(answers[0]?.code).toBe('100014');
    expect(answers.map((a) => a.code)).not.toContain('0x01');
  });

  it('a retry count and an OS version beside the code are the story around it', () => {
    expect(top('error_code=100014 after 3 retries on iOS 17, what does it mean?')?.code).toBe('100014');
    expect(top('80300007 on Android 14 after 2 attempts')?.code).toBe('80300007');
    // Alone, the number is still what is asked about.
    expect(top('room 6004')?.code).toBe('6004');
  });

  it('a long code under a key naming an error is as sure as after an error word', () => {
    const keyed = engine.lookup('error_code=100014').answers[0];
    const plain = engine.lookup('100014').answers[0];
    expect(keyed?.code).toBe('100014');
    expect(keyed?.confidence ?? 0).toBeGreaterThanOrEqual(plain?.confidence ?? 1);
  });

  it('a code the catalogs lack is "no such code" unless the words match an entry closely', () => {
    const teapot = "System.Net.WebException: The remote server returned an error: (418) I'm a teapot.";
    expect(engine.lookup(teapot).status).toBe('not-found');
    // Counts and durations are no code: the words still answer.
    const clock =
      "QQ openapi keeps rejecting us; our server's time differs from the current system time by ~15 minutes. which return code is that?";
    expect(engine.lookup(clock).status).toBe('found');
  });
});

describe('words that name the scope of an entry, or a list in the question', () => {
  it('a product named by a longer name (huawei push, hms push) places the question in its table as the bare word does', () => {
    expect(top('hms push token illegal')?.code).toBe('80300007');
    expect(top('huawei push token invalid')?.code).toBe('80300007');
    // Scoped by the table, not only the catalog: as sure as `push token invalid`.
    expect(top('huawei push token invalid')?.confidence).toBe(top('push token invalid')?.confidence);
  });

  it('an error message that is the description of a scoped entry is that entry, not a near one elsewhere', () => {
    expect(top('access token is expired')?.code).toBe('100014');
    expect(top('invalid access_token')?.code).toBe('102');
  });

  it('a duration beside a described error is the story around it, not the code', () => {
    expect(['20155', '60180004']).toContain(top('the code has expired; a code is valid for only 5 minutes')?.code);
  });

  it('counted things in a description (5 pieces a day) do not make the count the code', () => {
    const receiving =
      'The basic side limits the receiving frequency: the same user can receive up to 5 pieces a day (receive up to 1 piece a day from the same user), and the same user can receive up to 20 pieces a week';
    expect(top(receiving)?.code).toBe('901204');
  });

  it("a question quoting a row's measure with its unit (up to 5 pieces a day) asks for that row, not for code 5", () => {
    expect(top('which code is it when the same user can receive up to 5 pieces a day')?.code).toBe('901204');
    // The measure must be the row's own: a count the row does not state leaves the number asked about...
    expect(top('which code is it when the same user can receive 6 pieces a day')?.code).toBe('6');
    expect(top('QQ 5')?.code).toBe('5');
    // ...unless it is compared (`up to 6`, `over 1000`, `more than 500`): a limit told, which the words place.
    expect(top('which code is it when the same user can receive up to 6 pieces a day')?.code).toBe('901204');
    expect(top('hms push server asks for access_token too often and now gets flow controlled, over 1000 per 5 minutes')?.code).toBe(
      '57303',
    );
  });

  it("a code asked with a product's name is that product's, though another product has it matched more exactly", () => {
    // Push's 1302 is the main code over 57303; Account Kit's openIdToUnionId has NSP_STATUS 1302 itself.
    for (const q of ['push 1302', '推送 1302', 'hms push 1302']) expect(codes(q)[0], q).toBe('hms-push:1302/57303');
    expect(codes('openIdToUnionId 1302')[0]).toBe('huawei-account:1302');
    expect(codes('qq 6')[0]).toBe('qq-msdk:6');
  });

  it('a question in words is read without its asking words, placed in the product it names, and left unanswered when nothing fits', () => {
    expect(describingWords('华为快应用登录一直报参数不对，这是哪个错误码')).toBe('华为快应用登录一直报参数不对，');
    expect(describingWords('huawei quick app login fails, which code is this and what do I do?')).toBe('huawei quick app login fails,?');
    expect(describingWords('which code is this')).toBe('which code is this');
    // The asking words found rows worded with "code" and "do not match".
    expect(top('华为快应用登录一直报参数不对，这是哪个错误码')?.code).toBe('7005');
    // `push:` names the product: Account Kit's "Authorization header failed verification" reads closer, push's answer leads.
    expect(top('push: forgot the Authorization header, what error do I get')?.code).toBe('80200001');
    // A description sharing a word or two with a row and nothing of its meaning: no such code.
    expect(engine.lookup('QQ login oauth says the request has to be sent as POST, I used GET').status).toBe('not-found');
    expect(engine.lookup('Sign in with Apple fails because the user iCloud keychain is locked').status).toBe('not-found');
  });

  it("vague words answer a code's catch-all entry; its variant needs its own message or word", () => {
    const variantOf = (q: string) => engine.lookup(q).answers[0]?.variant ?? 'catch-all';
    expect(variantOf('login failed')).toBe('catch-all');
    expect(variantOf('登录失败')).toBe('catch-all');
    expect(variantOf('login fail')).toBe('login-fail');
    expect(variantOf('gamelogin invalid')).toBe('login-fail');
    expect(variantOf('get player info fail')).toBe('get-player-info-fail');
    expect(variantOf('获取玩家信息失败')).toBe('get-player-info-fail');
  });

  it('a code copied with a zero-width space inside it is the one number the reader sees', () => {
    expect(top('60180\u200b005')?.code).toBe('60180005');
    expect(top('8030\u20600007 push')?.code).toBe('80300007');
  });

  it('the numbers of a numbered list (1. … 2. …) are no codes', () => {
    const twoCases =
      'There are two cases: 1. OIDB addressing failure; 2. The backend thinks that uin is a reserved number or exceeds the current maximum uin';
    expect(top(twoCases)?.code).toBe('0xff');
    expect(codes('plan: 1. rotate the key 2. redeploy 3. watch the logs')).not.toContain('qq-msdk:1');
    // A lone "1." with no 2 beside it is still a code.
    expect(top('error 1. retry later')?.code).toBe('1');
  });

  it("words that describe one of a code's near meanings clearly answer that one; framing words do not", () => {
    // OIDB's 0xfb read signed and 0x711's range 0x10~0x11 score a little under QQ's -5 and 0x73a's 0x10.
    expect(top('-5 Visit Type B user number')?.description.en).toContain('Visit Type B user number');
    expect(top('0x10 appid is illegal')?.description.en).toContain('Appid is illegal');
    expect(top('-1 request parameters invalid')?.catalog.id).toBe('qq-msdk');
    expect(top('-5')?.description.en).toContain('Signature verification fails');
    // "fails with" says only that something failed: the first meaning stands.
    expect(top('fails with 0x12.')?.section.id).toBe(top('0x12')?.section.id);
  });

  it('a date written day or month first is no code (12/01/2026), and a code struck through is corrected', () => {
    expect(top('On 12/01/2026 with MSDK 5.30.001, players hit -4013 at login')?.code).toBe('-4013');
    expect(top('1/12/2026: -4013 for every QQ login')?.code).toBe('-4013');
    expect(engine.lookup('on 12/01/2026 players hit 424242').status).toBe('not-found');
    expect(top('~~-4020~~ -4021')?.code).toBe('-4021');
    expect(top('~-4020~ -4021')?.code).toBe('-4021');
    expect(top('~~-4020~~')?.code).toBe('-4020');
  });

  it("another vendor's product named alone is no such code, its words or its code matching ours or not", () => {
    const result = engine.lookup('wechat login fails: appsecret is wrong');
    expect(result.status).toBe('not-found');
    expect(result.notes.join(' ')).toContain('wechat');
    expect(engine.lookup('FirebaseAuthException 17009').status).toBe('not-found');
    expect(top('1203 17009 revoke')?.code).toBe('17009');
    expect(top('oidb 0x41 after a wechat token')?.code).toBe('0x41');
  });

  it("words of the catalogs' own rows said another way: too big, older than, a product's own table first", () => {
    expect(top('oidb request fails because the packet we send is too big')?.description.en).toContain('too large');
    expect(top('huawei oauth2 v3 token api: exchanging an authorization code that is older than 5 minutes')?.code).toBe('20155');
    // `access token` names Account Kit's token table too; the question names push.
    expect(top('hms push server: my access token is more than an hour old and sending now fails')?.code).toBe('80200003');
  });

  it("a platform's markup alone asks about no code; a date's label is no code", () => {
    for (const q of ['<@!221001000000000000>', '<@U06004ABC>', '<t:1733300000:R>', '<#C1101XYZ>'])
      expect(engine.lookup(q).status, q).toBe('not-found');
    expect(engine.lookup('   ').status).toBe('empty-query');
    expect(top('<t:1733300000:R> 6004')?.code).toBe('6004');
    expect(top('<!date^1733300000^{date_short}|Dec 4> 6004')?.code).toBe('6004');
    expect(engine.lookup('Dec 4').status).toBe('not-found');
  });

  it('numbers that write one row in several of its spellings answer that row', () => {
    // OIDB's 0x74 row is printed `0x71 -140 116`; 0x71 is also the hex of the -143/113 row.
    expect(top('0x71 -140 116')?.code).toBe('0x74');
    expect(top('oidb 0x71 -140')?.code).toBe('0x74');
    expect(top('0x71')?.description.en).toContain('employee account protection');
    // Signed and unsigned: OIDB's 0xfc, not QQ's -4.
    expect(top('-4 252')?.code).toBe('0xfc');
    expect(codes('100014 100015')).toEqual(['qq-msdk:100014', 'qq-msdk:100015']);
  });
});

describe('pasted captures asked about', () => {
  it("reads an access log's time and zone as a time, and a code in an escaped body", () => {
    const log =
      '10.0.3.7 - - [22/Oct/2024:16:10:39 +0800] "POST /gc/v1/friends/list HTTP/1.1" 200 61 resp_body="{\\"ret\\":-4007,\\"msg\\":\\"draw app friends fail\\"}"';
    expect(top(log)?.code).toBe('-4007');
  });

  it("reads a HAR header's name/value pair as that field's code", () => {
    const har =
      '{"url": "https://oauth-login.cloud.huawei.com/rest.php?nsp_svc=huawei.oauth2.app.openIdToUnionId", "status": 200, "headers": [{"name": "NSP_STATUS", "value": "1302"}]}';
    expect(codes(har)[0]).toBe('huawei-account:1302');
  });

  it("answers gRPC's own status as another system's", () => {
    expect(engine.lookup('grpc-status: 16 grpc-message: Unauthenticated').status).toBe('not-found');
  });
});

describe('a pasted log asked about', () => {
  const healthy = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `2024/10/22 02:00:${String(i).padStart(2, '0')} tokenmgr: app=10541150${i} token ok, expires in 3155s`,
    );

  it('is read as a scan reads a paste: the failure in its middle, a short code included', () => {
    const log = [
      '/errcode',
      ...healthy(12),
      'qqapi: GET /v3/user/get_info -> {"ret":-25,"msg":"timestamp out of range"}',
      ...healthy(12),
      "what's this?",
    ];
    const result = engine.lookup(log.join('\n'));
    expect(result.answers[0]?.code).toBe('-25');
  });

  it('finds no code in a long paste of healthy lines, where its numbers are no codes asked about', () => {
    const result = engine.lookup(['/errcode', ...healthy(30), "what's this?"].join('\n'));
    expect(result.status).toBe('not-found');
  });

  it('reads a short multi-line paste whole, as a question', () => {
    expect(top('(lldb) p resp.ret\n(Int32) $R0 = 221018\n(lldb) p resp.msg\n(String) $R1 = "bind too frequent"')?.code).toBe('221018');
  });
});

describe('several codes asked, words describing one', () => {
  it('answers the code the words describe clearly, not the first written', () => {
    expect(top('20155 and 20156, which one is the already-used code?')?.code).toBe('20156');
    expect(top('20155 and 20156')?.code).toBe('20155');
  });
});

describe("a review's star rating", () => {
  it('is a score, not a code', () => {
    expect(top('App Store ★1「QQでログインすると -4017 と表示されて遊べません」iPhone 15')?.code).toBe('-4017');
    expect(top('Google Play 1★ "QQ 로그인하면 -22 오류가 떠요"')?.code).toBe('-22');
  });
});

describe('a code asked about inside a name', () => {
  it("reads a file's, a metric's or a flag's name apart, and a service's name for its product", () => {
    expect(top('error_60180009.log')?.code).toBe('60180009');
    expect(top('push_errors_80300010_total')?.code).toBe('80300010');
    expect(top('oidb_0x73a_ret_17.log')?.description.en).toBe('pay token has expired');
    expect(top('qqlogin 6')?.description.en).toBe('App is not registered');
    expect(engine.lookup('build_6004').status).toBe('not-found');
  });
});
