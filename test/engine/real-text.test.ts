/**
 * Errors as programs print them and people type them: header and map shapes, field names without a
 * separator, misspelt error words, tables, OkHttp's arrows, and the OIDB command named anywhere.
 * Rankings are asserted by entry, not by score.
 */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const top = (text: string) => engine.scan(text).answers[0];
const silent = (text: string) => expect(engine.scan(text).answers.map((a) => a.entryId)).toEqual([]);

describe('headers and maps in the shapes programs print them', () => {
  it.each([
    ['Go http.Header', 'getTokenInfo header=map[Content-Length:[0] Content-Type:[application/json] Nsp_status:[102]]'],
    ['Go %#v', 'getTokenInfo http.Header{"Nsp_status":[]string{"102"}, "Server":[]string{"elb"}}'],
    ['Java Map<String, List<String>>', 'getTokenInfo headers {Content-Type=[application/json], Nsp-Status=[102]}'],
    ['Java Nsp-Status=N', 'getTokenInfo response headers: Nsp-Status=102, Content-Length=0'],
    ['Python dict', "getTokenInfo headers={'Content-Type': 'application/json', 'NSP_STATUS': '102'}"],
    ['Python header tuples', "getTokenInfo [('Content-Type', 'application/json'), ('NSP_STATUS', '102')]"],
    ['Node rawHeaders', "getTokenInfo rawHeaders: [ 'content-type', 'application/json', 'nsp_status', '102' ]"],
    ['Ruby to_hash', 'getTokenInfo {"nsp_status"=>["102"], "server"=>["elb"]}'],
    ['Perl/Ruby =>', 'getTokenInfo: nsp_status => 102'],
    ['curl -i, HTTP/2 lower case', 'nsp_svc=huawei.oauth2.user.getTokenInfo\nHTTP/2 200\ncontent-type: application/json\nnsp_status: 102'],
  ])('%s', (_shape, text) => {
    const answer = top(text);
    expect(answer?.code).toBe('102');
    expect(answer?.description.zh).toBe('无效的access_token。');
  });

  it('PHP print_r keys pair a sub_error with its error', () => {
    const answer = top('print_r($resp): Array ( [error] => 1101 [sub_error] => 20155 [error_description] => code expired )');
    expect(answer?.main).toBe('1101');
    expect(answer?.code).toBe('20155');
  });

  it('a list or a pair that names no field is not a code', () => {
    silent('ids=[102] and ("port", "8080") and [count] => 6004');
  });
});

describe('a field name followed by a space is a weaker clue than a separator', () => {
  it('reads sub_error N, NSP_STATUS N, flag N in a sentence', () => {
    expect(top('token endpoint says sub_error 20155 error 1101')?.code).toBe('20155');
    expect(top('getTokenInfo returns HTTP 200 but NSP_STATUS 6, details in #alerts')?.description.zh).toBe('access_token过期。');
    expect(top('MSDK QQ login returns flag -24 for players who switched accounts')?.code).toBe('-24');
  });

  it('ranks below the same field with a separator', () => {
    const spaced = top('NSP_STATUS 102');
    const marked = top('NSP_STATUS: 102');
    expect(spaced?.code).toBe('102');
    expect((spaced?.confidence ?? 1) < (marked?.confidence ?? 0)).toBe(true);
  });

  it('a short number after a field word in chat still needs its scope', () => {
    silent('flag 5 on the map, status 500 in the tracker');
  });
});

describe('misspelt error words and keys', () => {
  it.each([
    ['eror', 'getting eror 100016 from the graph api right after login', '100016'],
    ['faild', 'authentcation faild 80200001 again and the Authorization header is definitely there', '80200001'],
    ['erorr with the endpoint URL', 'erorr 502 from https://account-api.cloud.huawei.com/oauth2/v6/quickLogin/getPhoneNumber', '502'],
    ['misspelt key', 'push: eror_code=80300007', '80300007'],
    ['returned, scope named', 'in #qq-login: QQ platform returned -21 for half the users', '-21'],
    // `qq login` names the QQ platform table and, holding `qq`, the catalog too: as sure as `QQ登录报错 -73`.
    ['short code after error, platform named in a phrase', 'qq login error -73', '-73'],
    ['returned, scope named by the table alone', 'QQ platform returned -21', '-21'],
  ])('%s', (_name, text, code) => {
    expect(top(text)?.code).toBe(code);
  });

  it('a description matches with a typo', () => {
    expect(top('onResult(code = -4032, msg = "appid check fail")')?.code).toBe('-4032');
  });

  it('counts and durations after error words, and real words near them, are not codes', () => {
    silent('the job failed 20155 times this week');
    silent('timeout 10000 ms on the staging box');
    silent('I filed 100014 under misc');
    silent('error 500 on the checkout page again');
    silent('qq login returned 3 results');
  });
});

describe('tables', () => {
  it('a column named by a field is read; a column of counts is not', () => {
    const answer = top('ts\tendpoint\thttp\tnsp_status\n14:02:11\tOpenRealName.User.getDetailInfo\t200\t70009019');
    expect(answer?.code).toBe('70009019');
    silent('endpoint\tcalls\tp99\n/oauth2/v3/token\t20155\t403ms\n/oauth2/v3/revoke\t1203\t88ms');
    expect(top('| endpoint | ret |\n|---|---|\n| gamecenter feeds | -4035 |')?.code).toBe('-4035');
    silent('| endpoint | calls |\n|---|---|\n| /oauth2/v3/token | 20155 |');
  });
});

describe('HTTP status lines', () => {
  it("reads OkHttp's logging interceptor arrows", () => {
    const answer = top('<-- 405 Method Not Allowed https://oauth-login.cloud.huawei.com/.well-known/openid-configuration (12ms)');
    expect(answer?.code).toBe('405');
  });
});

describe('the OIDB command outranks an exact match in its sibling table', () => {
  it('names the table anywhere in the text, not only in the decode form', () => {
    // 17 is 0x11: inside 0x711's range 0x10~0x11, and exactly 0x73a's 0x11.
    expect(top('0x711 ret=17 oidb')?.code).toBe('0x10~0x11');
    expect(top('[oidb] cmd=0x73a ret=17')?.code).toBe('0x11');
    expect(top('oidb 0x711 ret 18')?.title.en).toBe('Fail to read third-party information');
    expect(top('oidb decode0x711 failed, ret: 17')?.code).toBe('0x10~0x11');
    expect(engine.lookup('0x711 17').answers[0]?.code).toBe('0x10~0x11');
    expect(engine.lookup('0x73a 17').answers[0]?.code).toBe('0x11');
  });

  it('the common OIDB table is every command’s: a command does not push its codes down', () => {
    expect(top('[oidb] cmd=0x711 ret=0x9b')?.code).toBe('0x9b');
  });
});

describe('code that handles a code is no report that it happened', () => {
  it('branch labels, mapping keys, constants and config lists stay silent', () => {
    silent(
      'PushResultMapper after the PR:\n```kotlin\nwhen (code) {\n    "80200003" -> refreshTokenAndRetry()\n    "80300007" -> markInvalid(tokens)\n}\n```',
    );
    silent('push switch:\n  switch (code) {\n    case 80300007: dropToken(); break;\n  }');
    silent('quick login errors:\nenum HWQuickLoginError: Int {\n    case codeExpired = 60180004\n    case noPhone = 60180008\n}');
    silent('push constants: ERR_TOKEN_INVALID = 80300007');
    silent('push config: {"retry": {"onCodes": ["80200003", "80300007"], "max": 2}}');
  });

  it('the same codes reported, or asked about explicitly, are still answered', () => {
    expect(top('push failed, response {"code": "80300007", "msg": "All the tokens are invalid"}')?.code).toBe('80300007');
    expect(top('hms push send failed with 80300007 again')?.code).toBe('80300007');
    expect(engine.lookup('case 80300007: // what is this').answers[0]?.code).toBe('80300007');
  });

  it("an alert's all-clear stays silent; its firing notice is answered", () => {
    const labels = 'HmsPushTokenInvalid (errcode="80300007", job="push-gateway", severity="page")';
    silent(`[RESOLVED] ${labels}\nResolved at 16:42`);
    expect(top(`[FIRING:1] ${labels}`)?.code).toBe('80300007');
  });
});
