import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldFor } from '../../src/engine/fields.js';
import { normaliseText } from '../../src/engine/normalise.js';
import { TRADITIONAL_FOLD_LIMIT } from '../../src/engine/traditional.js';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const top = (text: string) => engine.scan(text).answers[0];

describe('scan finds errors in pastes', () => {
  it('reads JSON inside a Markdown code fence', () => {
    const answer = top('login broke again:\n```json\n{"code": 6004, "data": "login fail"}\n```');
    expect(answer?.code).toBe('6004');
    expect(answer?.variant).toBe('login-fail');
  });

  it('reads escaped JSON inside a JSON string, twice nested', () => {
    const inner = JSON.stringify({ error: 1101, sub_error: 20155, error_description: 'code expired' });
    const outer = JSON.stringify({ level: 'error', body: JSON.stringify({ raw: inner }) });
    const answer = top(outer);
    expect(answer?.main).toBe('1101');
    expect(answer?.code).toBe('20155');
  });

  it('pairs error and sub_error across a pretty-printed body', () => {
    const answer = top('resp = {\n  "error": 1203,\n  "sub_error": 12304,\n  "error_description": "invalid client"\n}');
    expect(answer?.description.zh).toBe('无效的client_secret。');
  });

  it('uses the endpoint URL to pick the table', () => {
    const revoke = top('POST https://oauth-login.cloud.huawei.com/oauth2/v3/revoke -> {"error":1203,"sub_error":11205}');
    expect(revoke?.description.zh).toBe('token已过期。');
    const token = top('POST https://oauth-login.cloud.huawei.com/oauth2/v3/token -> {"error":1203,"sub_error":11205}');
    expect(token?.description.zh).toBe('refresh_token过期。');
  });

  it('uses nsp_svc to pick the endpoint of an NSP_STATUS header', () => {
    const answer = top('POST /rest.php?nsp_svc=GOpen.User.getInfo\n< HTTP/1.1 200 OK\n< NSP_STATUS: 70020002');
    expect(answer?.description.zh).toBe('内部网络错误。');
    const risk = top('getuserrisklevel returned {"errCode":70020002}');
    expect(risk?.description.zh).toBe('接口内部超时');
  });

  it('converts the OIDB decimal ret to the table picked by the command', () => {
    expect(top('"msg": "oidb decode0x73a failed, ret: 17"')?.code).toBe('0x11');
    expect(top('oidb decode0x711 failed, ret: 65')?.code).toBe('0x41');
    expect(top('oidb decode0x711 failed, ret: 0x34')?.code).toBe('0x32~0x36');
  });

  it('the 6004 payload message picks the variant', () => {
    expect(top('{"code":6004,"data":"get player info fail"}')?.variant).toBe('get-player-info-fail');
    expect(top('{"code":6004,"data":"Login FAIL"}')?.variant).toBe('login-fail');
    // The same message in Chinese picks it too, in a paste and in a question.
    expect(top('快应用登录报错 {"code":6004,"data":"获取玩家信息失败"}')?.variant).toBe('get-player-info-fail');
    expect(engine.lookup('6004 获取玩家信息失败').answers[0]?.variant).toBe('get-player-info-fail');
  });

  it('an HTTP status only counts with its endpoint, and a body code outranks it', () => {
    expect(top('GET https://account.cloud.huawei.com/user/getuserrisklevel -> HTTP 415')?.code).toBe('415');
    const answers = engine.scan(
      'POST https://oauth-login.cloud.huawei.com/oauth2/v3/token <- 400 {"error":1101,"sub_error":20155}',
    ).answers;
    expect(answers[0]?.code).toBe('20155');
    expect(answers.some((a) => a.field === 'http_status')).toBe(false);
  });

  it("an HTTP status is its own request's, not the status row of another line's endpoint", () => {
    const push = 'POST https://push-api.cloud.huawei.com/v1/123/messages:send';
    const token = 'GET https://oauth-login.cloud.huawei.com/oauth2/v3/token';
    // Push's messages:send has no status rows: its 503 is no token-endpoint 503, however written.
    expect(engine.scan(`${push} -> 503\n${token} -> 200`).answers).toEqual([]);
    expect(engine.scan(`${push} status=503\n${token} status=200`).answers).toEqual([]);
    expect(engine.scan(`${token} -> 200\n${push}\n<- HTTP/1.1 503 Service Unavailable`).answers).toEqual([]);
    // Found by its reason phrase, a status is still its request's: the token endpoint has no 415 row.
    const risk = 'GET https://account.cloud.huawei.com/user/getuserrisklevel';
    expect(engine.scan(`${token} -> HTTP/1.1 415 Unsupported Media Type\n${risk} -> 200`).answers).toEqual([]);
    // The same lines the other way round: each status is its own endpoint's row.
    expect(top(`${push} -> 200\n${token} -> 503`)?.entryId).toBe('huawei-account:token.http:503');
    expect(top(`${risk} -> HTTP/1.1 415 Unsupported Media Type\n${token} -> 200`)?.entryId).toBe('huawei-account:user-risk-level.http:415');
    // A status line of its own answers the request line nearest above it.
    const certs = 'GET https://oauth-login.cloud.huawei.com/oauth2/v3/certs';
    expect(top(`${push} -> 200\n${certs}\n<- HTTP/1.1 503 Service Unavailable`)?.entryId).toBe('huawei-account:jwks.http:503');
    expect(top(`${certs}\n<- HTTP/1.1 503 Service Unavailable\n${push} -> 200`)?.entryId).toBe('huawei-account:jwks.http:503');
  });

  it('a long code alone in a sentence counts only next to its platform words', () => {
    expect(top('推送文案被拦了 80100016，说包含敏感信息')?.code).toBe('80100016');
    expect(top('the push failed with 80300007 again')?.code).toBe('80300007');
    expect(engine.scan('ticket 80300007 closed yesterday').answers).toEqual([]);
    expect(engine.scan('push uid=80300007 ok').answers).toEqual([]);
  });

  it('a code after a Chinese return word, or beside a word form of its description, in a chat line', () => {
    expect(top('QQ login 返回 -12，debug 号登不上')?.code).toBe('-12');
    expect(top('QQ login returned -12 for our debug account')?.code).toBe('-12');
    expect(engine.scan('我们返回 500 个用户').answers).toEqual([]);
    expect(top('QQ 好友接口又报 251003 了')?.code).toBe('251003');
    expect(engine.scan('QQ 日报 251003 份').answers).toEqual([]);
    // What a dialog showed (`提示`), said of a code as `returned` is: its platform named, it is answered.
    expect(top('QQ好友赠送体力时提示 901204')?.code).toBe('901204');
    expect(engine.scan('系统提示 901204').answers).toEqual([]);
    // A failure said just before the verb (`failed, returned`, `失败，返回`): the verb reports its code.
    expect(top('分享给好友失败，返回 901203，今天这个号已经发了十几条')?.code).toBe('901203');
    expect(top('share to a friend failed, returned 901203')?.code).toBe('901203');
    expect(engine.scan('returned 901203').answers).toEqual([]);
    expect(engine.scan('the job failed yesterday. today it returned 123456').answers).toEqual([]);
    // Achievements are the Game Center's (its rows report achievement data): they name its table.
    expect(top('早\n昨晚灰度之后\n成就上报那块开始报 -4014\n谁有空看下')?.code).toBe('-4014');
    // `QQ 登录`, typed with a space, names the QQ platform as `QQ登录` does.
    expect(top('QQ 登录返回 -71，是不是 openid 和 openkey 对不上？')?.code).toBe('-71');
  });

  it('a main code and one of its own sub-codes written together name their table', () => {
    expect(top('同 1101/20155')?.code).toBe('20155');
    expect(top('1302 57303 again, token flood')?.code).toBe('57303');
    expect(top('revoke 又 1203/11205 了')?.main).toBe('1203');
    expect(top('问题原因：code 已经被使用过（错误码 1101 / 20156）')?.code).toBe('20156');
    // Not a measure, a thing's number, a path or a pair the catalogs do not hold.
    for (const text of ['took 1101 20155 ms', 'room 1101 20155', '/api/1101/20155', '1101/20157', '1101 020155', 'HP 6004/7005'])
      expect(engine.scan(text).answers, text).toEqual([]);
  });

  it("two of the entry's own rare words beside a short code are enough to answer it", () => {
    const story = 'CS: player changed his QQ password yesterday, now every login kicks him out with error -73.';
    expect(top(story)?.code).toBe('-73');
    // One rare word is not: the short code stays below the bar it needs.
    expect(engine.scan('CS: player changed his QQ avatar yesterday, now every login kicks him out with error -73.').answers).toEqual([]);
    expect(engine.scan('版本号返回 6.11').answers).toEqual([]);
  });

  it('a code in brackets after an error word, as Chinese writes it out', () => {
    expect(top('HMS Push 下发失败，报错【80300007】')?.code).toBe('80300007');
    expect(top('hms push: error code [80300007]')?.code).toBe('80300007');
    expect(engine.scan('[12:00:01] [pool-3] [80300007] push ok').answers).toEqual([]);
  });

  it('报 said of what failed is an error word; where 报 ends a noun (日报, 海报) the number is its own', () => {
    expect(top('发 ark 消息报 225008，两个号确实不是好友')?.code).toBe('225008');
    expect(top('qq登录报了 100014')?.code).toBe('100014');
    expect(engine.scan('今天的日报 225008 号已经发了').answers).toEqual([]);
    expect(engine.scan('海报 225008 版本定稿了').answers).toEqual([]);
  });
  it('what the app showed (toast, shows, displayed), quoted or not, is said of a code as returned is', () => {
    expect(top('Log in with QQ. Actual: toast "100014" and empty list')?.code).toBe('100014');
    expect(top('QQ 登录后 toast “100014” 然后列表为空')?.code).toBe('100014');
    expect(engine.scan('Log in with QQ. The lobby shows 100014 players today').answers).toEqual([]);
  });

  it('a small word linking the code to what says it is one: fails with, response was, spike of, crashes on', () => {
    expect(top('we configured the Ark share scene and the share still fails with 225009, do we wait?')?.code).toBe('225009');
    expect(top('Game Center profile page is blank; response was -4017 after she switched QQ accounts')?.code).toBe('-4017');
    expect(top('spike of -4009 from Game Center right after the leaderboard launch')?.code).toBe('-4009');
    expect(top('the app crashes on -4017 in game center')?.code).toBe('-4017');
    // The same small words before a count or a page number, or after a word that says no failure.
    for (const text of ['the build failed with 100014 warnings', 'page 2 of 100014', 'we went with 80300007', 'the answer was 100014']) {
      expect(engine.scan(text).answers, text).toEqual([]);
    }
  });

  it('a comparison in code under review names the field: e.code == 80300007, err.sub_error === 20156', () => {
    expect(top('PR: `except HmsError as e: if e.code == 80300007: remove_token(e.token)`, careful')?.code).toBe('80300007');
    expect(top('why `if (err.code === 1101 && err.sub_error === 20156) return ok;`?')?.code).toBe('20156');
    expect(top('catching `resultCode == "60010012"` and retrying will not help')?.code).toBe('60010012');
    expect(engine.scan('if (count == 100) break; set retries == 3').answers).toEqual([]);
  });

  it('是 or 为 between a field and its value, as Chinese says it (NSP_STATUS 是 105)', () => {
    expect(top('实名校验接口（verifyRealName）响应头 NSP_STATUS 是 105，最近改过请求地址')?.code).toBe('105');
  });

  it('a code glued to a Chinese error word, as Chinese writes it (提示错误6004); a count after the verb is none', () => {
    expect(top('华为快游戏一直提示错误6004')?.code).toBe('6004');
    for (const text of ['返回6004个结果', '日报6004份', '共充值6004元']) expect(engine.scan(text).answers, text).toEqual([]);
  });

  it("Taiwan's words for push and return: 推播服務回傳 80200001", () => {
    expect(top('推播服務（華為）回傳 80200001，用 A 應用的憑證推 B 應用')?.code).toBe('80200001');
  });

  it('error code, errorCode, error_code and 返回码 before a long code, and the full-width colon a Chinese IME types', () => {
    for (const text of [
      '错误码：100014',
      '返回码：100014',
      'error code: 100014',
      'Error code 100014',
      'errorCode: 100014',
      'error_code: 100014',
    ]) {
      expect(top(text)?.code, text).toBe('100014');
    }
    for (const text of ['zip code 100014', 'promo code 100014', 'the code 100014 is our office']) {
      expect(engine.scan(text).answers, text).toEqual([]);
    }
  });

  it("a zero-padded number after an error word is a counter or a clock (logrus's ERRO[0032]), no code", () => {
    const line = 'ERRO[0032] login failed status=200 body={"ret":-4008,"msg":"check accesstoken fail"}  source=console';
    // 32 is OIDB 0x711's 0x20 (openid is illegal); the record's ret is what failed.
    expect(engine.scan(line).answers.map((a) => a.code)).toEqual(['-4008']);
    expect(engine.scan('ERRO[0032] oidb 0x711 call finished').answers).toEqual([]);
  });

  it("a code's phrase counts from its own paragraph and log record, not from lines away", () => {
    expect(engine.scan('login failed\n\n\nwe shipped 6004 builds this year').answers).toEqual([]);
    expect(engine.scan('login failed\na\nb\nc\nd\nwe shipped 6004 x').answers).toEqual([]);
    expect(engine.scan('ERROR login failed {}\nINFO user 12345 bought 6004 gems for 100 coins').answers).toEqual([]);
    // A pretty-printed body and a record's continuation lines still vouch.
    expect(top('{\n  "code": 6004,\n  "data": "get player info fail"\n}')?.code).toBe('6004');
    expect(top('2024-10-22 10:00:01 E/Login: login fail\n  code=6004')?.code).toBe('6004');
  });

  it('a header written as a name/value pair (HAR files, SDK dumps) is that field', () => {
    const har = JSON.stringify({
      request: { url: 'https://oauth-api.cloud.huawei.com/rest.php?nsp_fmt=JSON&nsp_svc=huawei.oauth2.user.getTokenInfo' },
      response: { status: 200, headers: [{ name: 'NSP_STATUS', value: '102' }] },
    });
    expect(top(har)?.code).toBe('102');
    expect(engine.scan('{"name":"retries","value":"102"}').answers).toEqual([]);
  });

  it('a camelCase identifier names a platform by its humps together (GameCenterClient: game center)', () => {
    expect(top('GameCenterSdk callback => {"Result":{"ErrCode":-4016}}')?.code).toBe('-4016');
  });

  it('reads prefixed keys, result=, flag= and identifiers naming the platform', () => {
    expect(top('level=warn oidb_cmd=0x89a oidb_ret=0xc9 group=778812')?.code).toBe('0xc9');
    expect(top('E/OidbClient: rsp{result=148, errmsg=""}')?.code).toBe('0x94');
    expect(top('E/MSDK: [WGQQLogin] OnLoginNotify platform=qq flag=-23 desc=openkey invalid')?.code).toBe('-23');
  });

  it("curl's http_code line, with the endpoint in the command", () => {
    const answer = top("curl -s -o /dev/null -w '%{http_code}' https://oauth-login.cloud.huawei.com/oauth2/v3/token\n405");
    expect(answer?.code).toBe('405');
  });

  it('every answer says why and how sure', () => {
    const answer = top('E/MSDK: [WGQQLogin] OnLoginNotify platform=qq ret=-73');
    expect(answer?.code).toBe('-73');
    expect(answer?.why.length).toBeGreaterThan(0);
    expect(answer?.confidence).toBeGreaterThan(0.7);
  });
});

describe('codes as people write them around other text', () => {
  it('a long code with the error word after it, as Chinese asks what it is', () => {
    expect(top('11205是什么错误')?.code).toBe('11205');
    expect(top('华为登录返回 11205 是什么错误')?.code).toBe('11205');
    expect(top('推送一直 80300007错误')?.code).toBe('80300007');
    // A short number needs its place named, as with the word before it; a count is no code.
    expect(engine.scan('500错误').answers).toEqual([]);
    expect(engine.scan('今天有 500 个错误').answers).toEqual([]);
    expect(engine.scan('改了 6004 的错误提示文案').answers).toEqual([]);
  });

  it('a code in brackets after an error word, in English or Chinese', () => {
    for (const text of [
      'game center report failed (-4012)',
      '手Q游戏中心上报成就失败（-4012），时间戳传的 1398575082',
      '游戏中心报错【-4012】',
    ]) {
      expect(top(text)?.code, text).toBe('-4012');
    }
    expect(engine.scan('upload failed (3 times)').answers).toEqual([]);
  });

  it("a sentence's full stop after a key's value, not a decimal point", () => {
    expect(top('bind the QQ group: the client shows ret=221005. He is not the owner')?.code).toBe('221005');
    expect(engine.scan('qq group ret=221005.5').answers).toEqual([]);
  });

  it('the value of a named key is an id, not a bare code (a key naming an error field still counts)', () => {
    expect(engine.scan('{"op":"bindQQGroup","ret":0,"msg":"success","guild_id":"221005"}').answers).toEqual([]);
    expect(engine.scan('qq group bind: order_id=221005 ok').answers).toEqual([]);
    expect(top('qq group bind failed {"op":"bindQQGroup","ret":"221005"}')?.code).toBe('221005');
    expect(top('bind qq group: 221005')?.code).toBe('221005');
  });

  it('a key naming an error says what an error word says: error_code=100014 reads as error_code: 100014', () => {
    for (const text of ['login failed error_code=100014', '{"error_code": 100014}', 'errCode=100014', 'login failed error_code: 100014']) {
      expect(top(text)?.code, text).toBe('100014');
    }
    // A key that names no error (`code`, `ret`) still needs the platform named for a bare-looking paste.
    expect(engine.scan('code=100014').answers).toEqual([]);
    expect(top('qq login code=100014')?.code).toBe('100014');
  });

  it("6004's variants are told apart by the payload's own message, not by a log's words that hold it", () => {
    expect(top('huawei quick app {"code":6004,"data":"login fail"}')?.variant).toBe('login-fail');
    expect(top('quick app: login failed, code 6004')?.variant).toBeUndefined();
    expect(top('6004 login failed again on the huawei quick app')?.variant).toBeUndefined();
  });

  it('a duration, a byte count or a batch number is no code, even beside an endpoint URL', () => {
    const token = 'POST https://oauth-login.cloud.huawei.com/oauth2/v3/token';
    expect(engine.scan(`${token} 200\nINFO processed 500 events in 11205 ms`).answers).toEqual([]);
    expect(engine.scan(`${token} 200\nuploaded 17009 bytes`).answers).toEqual([]);
    expect(engine.scan(`${token} 200\nbatch 20156 done`).answers).toEqual([]);
    // A code and the noun it is about still reads as the code.
    expect(top('hms push: 80100016 message has sensitive words')?.code).toBe('80100016');
  });

  it("Huawei's own NSP_STATUS header carries a short code as surely as a long one; an error key a negative one", () => {
    expect(top('HTTP/1.1 200 OK\nContent-Type: application/json\nNSP_STATUS: 6')?.code).toBe('6');
    expect(top('{"NSP_STATUS":"6"}')?.code).toBe('6');
    expect(engine.scan('status 6, nsp 6').answers).toEqual([]);
    expect(top('onLoginFailed(errCode=-4008)')?.code).toBe('-4008');
    // No HTTP status is 6004: HMS ApiException's statusCode names the code.
    expect(top('statusCode=6004')?.code).toBe('6004');
  });

  it("a number named by the noun before it is that thing's id, not a code (群 221001, room 6004, invoice 100014)", () => {
    expect(engine.scan('玩家一群 221001 已满，请加二群 221002').answers).toEqual([]);
    expect(engine.scan('qq group bind is full: group 221005, try room 221001').answers).toEqual([]);
    expect(engine.scan('push invoice 80300007 is paid, huawei push credits renewed').answers).toEqual([]);
    // The same numbers after an error word, or with no naming noun, still count.
    expect(top('绑群报错 221001')?.code).toBe('221001');
    expect(top('qq group bind failed: 221005')?.code).toBe('221005');
    expect(top('huawei push failed 80300007')?.code).toBe('80300007');
  });

  it('an exception or error class before a code is an error word by its last hump (PlatformException(-4017)', () => {
    expect(top('qq game center: PlatformException(-4017, getRecentGames failed, null, null)')?.code).toBe('-4017');
    expect(top('E/MSDK: com.tencent.msdk.ApiException: 100014')?.code).toBe('100014');
    // Still only an error word: a negative four-digit code after it is one (since session 33), a short
    // code needs its platform named, and another vendor's code no catalog has stays silent.
    expect(top('PlatformException(-4017, getRecentGames failed, null, null)')?.code).toBe('-4017');
    expect(engine.scan('PlatformException(-21, signIn failed, null, null)').answers).toEqual([]);
    expect(engine.scan('Error Domain=NSURLErrorDomain Code=-1001 "The request timed out."').answers).toEqual([]);
  });

  it('an acronym before a capitalised word is a hump of a camelCase name (QQLogin names QQ login)', () => {
    expect(top('2024-10-22 16:10:39.512 23871-23902 W/QQLogin: ret=-24 cost=3012ms retry=2')?.code).toBe('-24');
  });

  it('a CSV export reads each column by its header; commas in prose make no table', () => {
    const csv = 'exported:\n```\ntime,endpoint,error,sub_error,count\n2024-10-22 08:00,/oauth2/v3/token,1101,20182,37\n```';
    const answer = top(csv);
    expect([answer?.main, answer?.code]).toEqual(['1101', '20182']);
    expect(top('qq login failures\n"ret","openid","count"\n"-24","abc","3"')?.code).toBe('-24');
    expect(engine.scan('names, ages, cities\nbob, 37, 6004').answers).toEqual([]);
    expect(engine.scan('ret,count,time\nwe ran it, 6004 times, ok').answers).toEqual([]);
    // A header cell named like an Object member is no field.
    for (const name of ['constructor', '__proto__', 'toString']) expect(fieldFor(name)).toBeUndefined();
    expect(fieldFor('NSP_STATUS')).toBe('NSP_STATUS');
  });
});

describe('precision first: chat full of numbers stays silent', () => {
  it.each([
    'PR #6004 is up for review',
    'we have 500 users in the closed beta now',
    'Meeting ID 845 6004 1101',
    'Tomcat started on port(s): 8080 (http)',
    'listening on 127.0.0.1:3000, pid 20155',
    'version 6.11.0.300 released, build 1101',
    'took 1500ms, exit code 0',
    '{"code":0,"msg":"ok","data":{"userId":100014}}',
    '{"ret":0,"msg":"success"}',
    'HTTP/1.1 200 OK\nContent-Length: 102',
    'push sent fine: {"code":"80000000","msg":"Success"}',
    'line 6004: unexpected token',
    'see issue 80300007 in our tracker',
    'price is $1302 per year',
    '2024-10-22 16:10:39.102 I/Choreographer: Skipped 102 frames',
    '{"code": 404, "message": "not found"}',
    'status: 503 from our own nginx',
    '{"ret": 5}',
    'ret=1 after retry',
  ])('%s', (text) => {
    expect(engine.scan(text).answers).toEqual([]);
  });

  it('a config listing codes to retry, or a log line stating that policy, is no report; the same code failing is', () => {
    const yaml = 'push:\n  retry_on:\n    - 80300007\n    - 100014 # access token expired\n  max_retries: 3';
    expect(engine.scan(yaml).answers).toEqual([]);
    expect(engine.scan('hms push:\n  retry_codes: [80300007, 100014]').answers).toEqual([]);
    expect(engine.scan('2024-10-22 10:00:01 DEBUG [push] retry policy: will retry on 80300007, 80100003').answers).toEqual([]);
    expect(engine.scan('hms push retryable codes: 80300007, 80100003').answers).toEqual([]);
    // In a log past a message's length too: the policy line is read wherever it is.
    const boot = '2024-10-22 10:00:01 DEBUG [push] retry policy: will retry on 80300007, 80100003';
    const filler = Array.from(
      { length: 1000 },
      (_, i) => `2024-10-22 10:00:${String(i % 60).padStart(2, '0')} INFO [push] batch ${i} sent ok`,
    );
    expect([boot, ...filler].join('\n').length).toBeGreaterThan(TRADITIONAL_FOLD_LIMIT);
    expect(engine.scan([boot, ...filler].join('\n')).answers).toEqual([]);
    // The code met, beside the config or in a line of its own, is answered.
    expect(top(`${yaml}\nERROR push failed: 80300007`)?.code).toBe('80300007');
    expect(top([boot, ...filler, '2024-10-22 10:10:00 ERROR [push] send failed: 80300007'].join('\n'))?.code).toBe('80300007');
    expect(top('WARN push: retrying on 80300007 (attempt 2/3)')?.code).toBe('80300007');
    expect(top('push: the retry on 80300007 failed too')?.code).toBe('80300007');
    // A chat's bullets under a heading are no config's keys.
    expect(top('push errors today:\n- 80300007\n- 80100003')?.code).toBe('80300007');
  });

  it('a success code is never a reply', () => {
    expect(engine.scan('{"code":0}').answers).toEqual([]);
    expect(engine.scan('oidb decode0x73a failed, ret: 0').answers).toEqual([]);
  });

  it('stays silent on a reply that quotes an error and says it is fixed, and reads the rest', () => {
    const quote = '> 6004 login fail 那个问题';
    expect(engine.scan(`${quote}\n已解决，装了华为游戏中心就好了，感谢各位`).answers).toEqual([]);
    expect(engine.scan('&gt; hms push returns 80300007\nfixed it, thanks!').answers).toEqual([]);
    // Asked, or not fixed: the quote is still the question.
    expect(top(`${quote}\n解决了吗？`)?.code).toBe('6004');
    expect(top(`${quote}\nstill not fixed for me`)?.code).toBe('6004');
    expect(top(`${quote}\n还是没解决`)?.code).toBe('6004');
    // The reply's own code is read: the fix moved the error on.
    expect(top(`${quote}\nfixed that one, now {"code": 7005}`)?.code).toBe('7005');
    // Without a quote, "fixed" says nothing about the code beside it.
    expect(top('6004 login fail, fixed? no, still failing')?.code).toBe('6004');
  });
});

describe('bounded work on hostile input', () => {
  it('a 10 MB paste is read only up to the scan limit, with a note', () => {
    const huge = `${'x'.repeat(10 * 1024 * 1024)} {"ret":-4035}`;
    const result = engine.scan(huge);
    expect(result.notes.join(' ')).toMatch(/first/);
    expect(result.answers).toEqual([]);
  });

  it('100k-digit numbers, binary bytes and deep nesting do not throw', () => {
    expect(() => engine.scan(`ret=${'9'.repeat(100_000)}`)).not.toThrow();
    expect(engine.scan(`ret=${'9'.repeat(100_000)}`).answers).toEqual([]);
    const binary = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    expect(() => engine.scan(binary)).not.toThrow();
    const nested = `${'['.repeat(10_000)}{"ret":-4035}${']'.repeat(10_000)}`;
    expect(top(nested)?.code).toBe('-4035');
  });

  it('digits split by an invisible character are not a code', () => {
    expect(engine.scan('{"code":"6004\u200b1","data":"get player info fail"}').answers).toEqual([]);
    expect(top('\u202e{"error":1101,"sub_error":20155}')?.code).toBe('20155');
  });

  it('regex-hostile text finishes', () => {
    const hostile = `${'ret'.repeat(50_000)}${'='.repeat(50_000)}${'"'.repeat(50_000)}${'0x'.repeat(50_000)}`;
    const started = performance.now();
    engine.scan(hostile);
    engine.lookup(hostile);
    // A generous bound: catastrophic backtracking takes minutes, not seconds.
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('property: scan and lookup never throw and stay bounded', () => {
  const fragments = fc.constantFrom(
    'ret=',
    '"code":',
    'NSP_STATUS: ',
    '{"error":1101,"sub_error":',
    'oidb decode0x73a failed, ret: ',
    '0x',
    '-',
    '\\"',
    '```',
    '{',
    '}',
    '6004',
    'login fail',
    '中文',
    '\u200b',
    '\u202e',
  );
  const messy = fc.array(fc.oneof(fragments, fc.string(), fc.integer().map(String)), { maxLength: 40 }).map((parts) => parts.join(' '));

  it('scan', () => {
    fc.assert(
      fc.property(messy, (text) => {
        const result = engine.scan(text);
        expect(result.answers.length).toBeLessThanOrEqual(5);
        for (const answer of result.answers) {
          expect(answer.outcome).toBe('error');
          expect(answer.confidence).toBeGreaterThan(0);
        }
      }),
      { seed: 20261121, numRuns: 400 },
    );
  });

  it('lookup', () => {
    fc.assert(
      fc.property(messy, (text) => {
        const result = engine.lookup(text, { limit: 5 });
        expect(['found', 'not-found', 'empty-query']).toContain(result.status);
        expect(result.answers.length).toBeLessThanOrEqual(5);
      }),
      { seed: 20261121, numRuns: 400 },
    );
  });
});

describe('a main code written beside its sub-code in prose', () => {
  it('picks the sub-code under that main code, not the first main code that has it', () => {
    const answers = engine.scan('换了新的 client secret 之后刷新 token 一直报 1203 12304，是不是 AGC 没同步？').answers;
    expect(answers.map((a) => `${a.main}/${a.code}`)).toEqual(['1203/12304']);
    const other = engine.scan('token call fails with 1101 12304 after the client secret change').answers;
    expect(other[0] && `${other[0].main}/${other[0].code}`).toBe('1101/12304');
  });
});

describe('XML and SOAP bodies', () => {
  it("reads an Apple property list's key and the value after it", () => {
    const plist =
      'Game Center feed call fails, response plist:\n<dict>\n\t<key>ret</key>\n\t<integer>-4010</integer>\n\t<key>msg</key>\n\t<string>get uin failed</string>\n</dict>';
    expect(top(plist)?.code).toBe('-4010');
    expect(top('push relay failed: <dict><key>code</key><string>80300007</string></dict>')?.code).toBe('80300007');
    expect(engine.scan('<dict><key>CFBundleVersion</key><string>80300007</string></dict>').answers).toEqual([]);
  });

  it('reads an element holding the code', () => {
    const answers = engine.scan(
      'game center achievement report keeps failing:\n<response><ret>-4012</ret><msg>report expired</msg></response>',
    ).answers;
    expect(answers[0]?.code).toBe('-4012');
  });
});

describe('shapes blind probe 60 found', () => {
  const codes = (text: string) => engine.scan(text).answers.map((a) => a.entryId);

  it("a body copied with its editor's line numbers (Postman's Pretty view) is read as the body", () => {
    const body = '1 {\n2   "sub_error": 20192,\n3   "error_description": "invalid refresh_token",\n4   "error": 1101\n5 }';
    expect(codes(`Postman → Huawei / refresh user token\nStatus: 400 Bad Request\n${body}`)[0]).toBe(
      'huawei-account:token.error:1101/20192',
    );
    // A table of consecutive codes opens no body: its numbers stay codes.
    expect(normaliseText('221001 公会已绑定群\n221002 绑群失败\n221003 x')).toContain('221002');
  });

  it('a key of several words or camelCase humps ending in an outcome key is that field', () => {
    expect(codes('[GM] channel=qq openid=6A3F09C2\n[GM] last_login_ret=-4013 (gamecenter)')[0]).toBe('qq-msdk:game-center.ret:-4013');
    expect(codes('gamecenter lastLoginRet=-4013')[0]).toBe('qq-msdk:game-center.ret:-4013');
    expect(codes('hms push pushErrorCode=80300007')[0]).toBe('hms-push:push-server.code:80300007');
    // `versionCode`, `secretRet`: no outcome named.
    expect(codes('<manifest android:versionCode="80100016" android:versionName="8.1.0">')).toEqual([]);
  });

  it('a class named for its endpoint names the endpoint', () => {
    expect(codes('WARN OpenIdToUnionIdClient - NSP_STATUS=31204 for 37 of 2000 lookups')[0]).toBe(
      'huawei-account:openid-to-unionid.nsp:31204',
    );
  });

  it('a code the message says it never met, or a quoted question answered no, gets no reply', () => {
    expect(codes('we never saw 0x73a ret 17')).toEqual([]);
    expect(codes('we have not seen oidb ret 0xcc since Friday')).toEqual([]);
    expect(codes('从没遇到过 NSP_STATUS 102')).toEqual([]);
    expect(codes('> does 0x73a ret 17 happen for us?\nNo. Checked the last 7 days of oidb logs: nothing to fix.')).toEqual([]);
    // Met after all, or the reply says yes.
    expect(codes('we never saw 0x73a ret 17 until today, now it fails every call')).toEqual(['qq-msdk:oidb.0x73a:0x11']);
    expect(codes('> does 0x73a ret 17 happen for us?\nyes, 0x73a ret 17 on every pay call')).toEqual(['qq-msdk:oidb.0x73a:0x11']);
  });
});

describe('shapes blind probe 62 found', () => {
  const codes = (text: string) => engine.scan(text).answers.map((a) => a.entryId);

  it('a unit on the next line is no unit of the number: the code stands', () => {
    const trace = 'Fatal Exception: PushSendException: HMS push server rejected request: 80200003\nusers affected: 1 (server-side worker)';
    expect(codes(trace)).toEqual(['hms-push:push-server.code:80200003']);
    expect(codes('hms push sent to 80200003 users')).toEqual([]);
  });

  it("psql's table (pipes between the columns, a -+- rule) is read by its column names", () => {
    const table =
      ' platform |  ret  | count\n----------+-------+-------\n qq_gc    | -4010 |  5123\n(1 row)\nQQ Game Center failing right now';
    expect(codes(table)[0]).toBe('qq-msdk:game-center.ret:-4010');
    expect(codes('we ship a|b test on 6004 day')).toEqual([]);
  });
});

describe('shapes blind probe 64 found', () => {
  const codes = (text: string) => engine.scan(text).answers.map((a) => a.entryId);

  it('a translated player report keeps its Japanese or Korean error word, and its 「」『』 around the code', () => {
    expect(codes('「QQ でログインしようとすると『エラーコード：-4010』と表示されて進めません」 Game Center 経由のログインです。')).toEqual([
      'qq-msdk:game-center.ret:-4010',
    ]);
    expect(codes('QQ ログインでエラーコード 100014 が出ます')).toEqual(['qq-msdk:qq-platform.ret:100014']);
    expect(codes('华为推送返回「80300010」，可是 token 只有一个啊')[0]).toBe('hms-push:push-server.code:80300010');
  });
});

describe('shapes blind probe 65 found', () => {
  const codes = (text: string) => engine.scan(text).answers.map((a) => a.entryId);

  it("a wiki's code table under a ret column is documentation beside the payload it explains", () => {
    const text =
      '| ret | meaning | action |\n|---|---|---|\n| 17 | pay token expired | refresh |\n| 19 | appid mismatch | check config |\n\n' +
      'We keep getting `oidb decode0x73a failed, ret: 19` on the pay page since this morning';
    expect(codes(text)).toEqual(['qq-msdk:oidb.0x73a:0x13']);
  });

  it("a form dump's key: value lines hold values, not codes met; its ret line is still read", () => {
    expect(codes('Feedback #90001\nplayer_level: 6004\nscore: 221018\nguild: 80200001\nstars: 5')).toEqual([]);
    expect(codes('platform: qq\nstep: join group\nret: 221018\nmsg: too frequent')).toEqual(['qq-msdk:qq-group.ret:221018']);
  });

  it('a service that answers, responds or replies with a code returns it', () => {
    expect(codes('QQ Game Center keeps answering -4021 for every openid')).toEqual(['qq-msdk:game-center.ret:-4021']);
    expect(codes('QQ Game Center replies -4021')).toEqual(['qq-msdk:game-center.ret:-4021']);
  });
});

describe('keys as wrappers and event logs write them (blind probe 67)', () => {
  it("a Windows event's <Data Name=…> element is keyed by its Name; another element's name stays the key", () => {
    const event = (name: string) =>
      `<EventData><Data Name="Url">https://oauth-api.cloud.huawei.com/rest.php?nsp_svc=huawei.oauth2.user.getTokenInfo</Data><Data Name="${name}">31204</Data></EventData>`;
    expect(top(event('NspStatus'))?.code).toBe('31204');
    expect(normaliseText('<Data Name="NspStatus">31204</Data>')).toContain('NspStatus=31204');
    expect(normaliseText('<ret type="int">-4012</ret>')).toContain('ret=-4012');
    expect(top(event('ProcessId'))).toBeUndefined();
  });

  it('a generic return-code key on an endpoint whose table is Huawei status header still reads that table', () => {
    for (const text of [
      '华为渠道 openid 转 unionid 接口 返回码=150028，玩家ID 300125',
      'openIdToUnionId ret=150028',
      'openIdToUnionId code=150028',
    ])
      expect(top(text)?.code, text).toBe('150028');
  });

  it('a negative four-digit code after an error word is a paste on its own, as after a field key', () => {
    expect(top('keeps saying error -4010 when I claim rewards')?.code).toBe('-4010');
    expect(top('玩家反馈：登录失败(-4010) pls help')?.code).toBe('-4010');
    expect(top('PlatformException(-4017, getRecentGames failed, null, null)')?.code).toBe('-4017');
    expect(top('排行榜读不出来，错误码 -4019')?.code).toBe('-4019');
    // A short one still needs its platform named.
    expect(top('error -21 again')).toBeUndefined();
  });

  it("a queue's offset or partition numbered by the noun before it is no code", () => {
    expect(top('Committed offset 80300007 for partition push-results-6; lag=1302')).toBeUndefined();
    expect(top('consumer offset 80300007 error: 80300007 Token Invalid')?.code).toBe('80300007');
  });
});

describe("another vendor's SDK (blind probes 68 and 69)", () => {
  it('a message about another vendor naming none of the catalogs is not answered; one naming ours beside it is', () => {
    expect(top('global build email login: FirebaseAuthException [17009] The password is invalid')).toBeUndefined();
    expect(top('oidb decode0x711 failed, ret: 0x4A  (user logged in with wechat token maybe?)')?.code).toBe('0x4a');
    expect(top('joinGroup → ret -182005 for users who logged in via WeChat first')?.code).toBe('-182005');
  });

  it('a quoted question answered in the reply and said to be gone is not answered again', () => {
    expect(top("> what does -4009 mean on game center?\nit's their frequency limit, we backed off to 60s and it's gone")).toBeUndefined();
    expect(top('> what does -4009 mean on game center?\nno idea, we still get it')?.code).toBe('-4009');
  });
});

describe('values as scripting languages print them (blind probe 77)', () => {
  it("a Lua table's [key]= and a .NET dictionary's [key, value] name the field", () => {
    expect(top('[ToLua] dump(resp) gamecenter.getFriends\n{\n  [ret]=-4009,\n  [msg]="freq limit",\n}')?.code).toBe('-4009');
    expect(top('qq game center: {["ret"] = -4009, ["msg"] = "freq limit"}')?.code).toBe('-4009');
    expect(top('[HmsPushSender] Debug.LogError: push send failed, response = { [code, 80300010], [msg, too many tokens] }')?.code).toBe(
      '80300010',
    );
  });

  it("an enum's constants and a var_export'd retry list define codes, and a failure logged beside them is read", () => {
    const source = 'enum class PushError(val code: Int) {\n    TOKEN_INVALID(80300007),\n    OAUTH_EXPIRED(80200003),\n}';
    expect(top(source)).toBeUndefined();
    expect(top(`${source}\nand prod logs: push failed {"code":"80300007"}`)?.code).toBe('80300007');
    expect(
      top("var_export($config['push']):\narray (\n  'retry_on' => \n  array (\n    0 => 80200003,\n    1 => 1302,\n  ),\n)"),
    ).toBeUndefined();
  });

  it("another vendor named with words any vendor's rows share is that vendor's; a file named after it is not", () => {
    expect(engine.lookup('wechat pay signature verification fails').status).toBe('not-found');
    expect(engine.lookup('apple sign in: refresh token revoked, invalid_grant').status).toBe('not-found');
    expect(top('nginx: open() "/usr/share/nginx/html/apple-touch-icon.png" failed, but qq login ret=-73')?.code).toBe('-73');
  });
});

describe('what a description says in other words', () => {
  it('reads "Fail to X" said as "X failed", a four-letter word with two inner letters swapped too', () => {
    expect(top('game center -4008 verify accesstoken failed')?.code).toBe('-4008');
    expect(top('game center -4008 verify accesstoken fial 🙄')?.code).toBe('-4008');
    expect(top('we ran -4008 checks to verify accesstoken')).toBeUndefined();
  });
});

describe("an access log's numbers", () => {
  it('reads the number after the status as the size of the response', () => {
    const log = [
      '10.0.3.7 - - [22/Oct/2024:16:10:39 +0800] "POST /oauth2/v3/token HTTP/1.1" 200 1101 "-" "okhttp/4.12.0"',
      '10.0.3.9 - - [22/Oct/2024:16:10:40 +0800] "GET /oauth2/v3/certs HTTP/1.1" 200 20155 "-" "okhttp/4.12.0"',
    ].join('\n');
    expect(engine.scan(log).answers).toEqual([]);
  });
});

describe('what other systems print beside the vendors', () => {
  it("reads Android's onActivityResult result code as the Activity's", () => {
    expect(engine.scan('I HMSSDK_HuaweiIdAuth: onActivityResult requestCode=8888 resultCode=-1').answers).toEqual([]);
  });

  it('reads a failure followed by `ret=0 after retry` as recovered', () => {
    const log = [
      '16:00:26 [notify] qq channel oidb cmd=0xd50 ret=-102 (timeout 3000ms), retry 1/3',
      '16:00:27 [notify] qq channel oidb cmd=0xd50 ret=0 after retry',
      '16:01:17 [notify] hms channel batch=311 tokens=0 code=80300010 msg="the number of tokens in the message body exceeds the default value"',
    ].join('\n');
    expect(top(log)?.code).toBe('80300010');
  });
});

describe('a code a fix tried did not end', () => {
  it('reads `still` and 还是 before a code as `returned`, where the text names its table', () => {
    expect(top('checked the certificate fingerprint in AGC three times, still -1 on quick app login (rpk 1.0.7)')?.code).toBe('-1');
    expect(top('game center returns -4008/-4009 again since the 2.14.0 (build 20431) release')?.code).toBe('-4008');
    expect(top('still 500 users in the beta, all fine')).toBeUndefined();
  });
});

describe('error objects as languages print them', () => {
  it("reads a description without its copula (`openkey illegal`) beside a bare code, an Erlang tuple's", () => {
    expect(top('qq_auth crashed with {error,{qq_platform,-23,<<"openkey illegal">>}}')?.code).toBe('-23');
  });

  it("reads a number after PHP's or Ruby's arrow as its key's value", () => {
    expect(
      engine.scan('Array\n(\n    [ret] => 0\n    [data] => Array\n        (\n            [guild_id] => 221007\n        )\n)').answers,
    ).toEqual([]);
  });
});

describe('Japanese and Korean error words after the code', () => {
  it('reads `-4010 오류` and `-24 エラー` as `error -4010`', () => {
    expect(top('QQ 로그인에서 -4010 오류')?.code).toBe('-4010');
    expect(top('Google Play ★1 "QQ 친구 목록 열면 251004 오류가 떠요. 갤럭시 S24, 버전 1.9.0"')?.code).toBe('251004');
  });
});

describe('tables as command-line tools print them', () => {
  it("reads a box-drawing table's columns, a ClickHouse border's names as its header", () => {
    const clickhouse =
      'SELECT ret, count() AS c FROM msdk.qq_openapi_log\n┌─ret─┬──────c─┐\n│   0 │ 773104 │\n│ -23 │   9188 │\n└─────┴────────┘\n-23 jumped after the release';
    expect(top(clickhouse)?.code).toBe('-23');
    const polars =
      '┌────────────────┬──────┬────────────┬────────┐\n│ svc            ┆ http ┆ NSP_STATUS ┆ n      │\n╞════════════════╪══════╪════════════╪════════╡\n│ verifyRealName ┆ 200  ┆ null       ┆ 31204  │\n└────────────────┴──────┴────────────┴────────┘';
    expect(engine.scan(polars).answers).toEqual([]);
  });

  it('reads an aligned table under a header of names (gcloud, kubectl)', () => {
    const gcloud =
      'HTTP_CODE  NSP_STATUS  COUNT\n200        1302        6120\nbackfill job is hammering openIdToUnionId, is this the throttle?';
    expect(top(gcloud)?.code).toBe('1302');
  });
});

describe("services' names and metrics' samples", () => {
  it("reads a product in a service's name (oidbclient, qqlogin-…) and a metric's sample as no code", () => {
    expect(top('oidbclient.Call cmd=0x5e1 ret=-1 uin=10001')?.description.en).toContain('OIDB addressing failure');
    expect(engine.scan('realname_svc_requests_total{status="200"} 70009019').answers).toEqual([]);
  });
});

describe('markup around a code', () => {
  it("reads HTML's formatting tags as styling, not as a field's name", () => {
    expect(engine.scan('<b>订单号</b>：<code>80300007</code>　金额：<b>¥64.00</b>　状态：已支付').answers).toEqual([]);
  });

  it("reads LaTeX's text commands as their words", () => {
    expect(top('按文档 $\\text{resultCode} = 60180009$ 是不是说海外服务器拿不到手机号？')?.code).toBe('60180009');
  });
});
