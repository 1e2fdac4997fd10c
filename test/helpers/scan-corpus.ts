/**
 * Texts a scan must answer exactly as it did when test/fixtures/scan-equivalence.json was recorded:
 * the bench texts, hostile texts, every shape a detector or a normalise step reads, and seeded random
 * mixes of all of them from a few bytes to past the scan limit. Deterministic (a seeded PRNG), so a
 * text is rebuilt from its name and only its answer is stored.
 */

import { BENCH_CHAT, BENCH_LOG } from '../../scripts/bench-texts.js';
import { seededRandom } from './seeded-random.js';

/** Pieces covering every detector, every normalise step and the characters that change length or case. */
const FRAGMENTS: readonly string[] = [
  ...BENCH_CHAT.split('\n'),
  ...BENCH_LOG.split('\n'),
  'oidb decode0x73a failed, ret: 17',
  'oidb_ret=0xc9 cmd 0x711',
  '{"ret":-4012,"msg":"get player info fail"}',
  '\\"code\\":\\"6004\\"',
  '{\\u0022code\\u0022:\\u002280300007\\u0022}',
  'stack: line1\\nline2\\tret=5\\r\\n',
  'NSP_STATUS: 102',
  'nsp_svc=huawei.oauth2.user.getTokenInfo',
  'getTokenInfo header=map[Content-Length:[0] Content-Type:[application/json] Nsp_status:[102]]',
  'getTokenInfo http.Header{"Nsp_status":[]string{"102"}, "Server":[]string{"elb"}}',
  "getTokenInfo [('Content-Type', 'application/json'), ('NSP_STATUS', '102')]",
  "rawHeaders: [ 'content-type', 'application/json', 'nsp_status', '102' ]",
  'print_r($resp): Array ( [error] => 1101 [sub_error] => 20155 [error_description] => code expired )',
  '["code"]=> int(80300007)',
  '{"name":"NSP_STATUS","value":"501"}',
  'HTTP/1.1 415 Unsupported Media Type',
  '<-- 405 Method Not Allowed https://oauth-login.cloud.huawei.com/oauth2/v3/tokeninfo',
  "curl -s -o /dev/null -w '%{http_code}' https://oauth-login.cloud.huawei.com/oauth2/v3/token\n403",
  'getting eror 100016 from the graph api',
  'authentcation faild 80200001',
  'QQ platform returned -21',
  'failed 20155 times',
  'timeout 10000 ms',
  '推送被拦了 80100016',
  'the push failed with 80300007 again',
  '报错【80100016】',
  'error code [6004]',
  '错误码：6004',
  '返回 -12',
  '一直报 251003',
  '换了新的 client secret 之后刷新 token 一直报 1203 12304，是不是 AGC 没同步？',
  'sub_error 20155 and error 1101',
  'nsp status 102',
  'result code 60180008',
  'flag -24',
  'eror_code=1101',
  'errror: 6004',
  'result=-1 flag=-1',
  '6004 get player info fail',
  '-4009 Exceed the frequency limit',
  'appid check fail 100044',
  'ret\tcount\tlatency\n-4012\t17\t230\n6004\t3\t12',
  '| nsp_status | count |\n|---|---|\n| 102 | 4 |',
  'GameCenterClient: -4010',
  'OidbClient hmsPushSender returned 17',
  '实名认证 接口 报错 42',
  'game center 一键登录 revoke',
  '\u001b[31mERROR\u001b[0m ret=-73',
  '[31mERROR[0m code=6004',
  '\u001b]8;;https://x.example\u0007link\u001b]8;;\u0007',
  '<https://oauth-login.cloud.huawei.com/oauth2/v3/token|token endpoint> says 1101',
  '<@U0123ABCD|alice> <#C0123ABCD|push> <!here> <@123456789012345678> <:ok:123456789012> <t:1700000000:R>',
  '&lt;ret&gt; &amp;quot; &#39;6004&#39; &nbsp;',
  '<ret>-4012</ret> <ns:code type="int">80300007</ns:code>',
  '```json\n{"code": 6004}\n```',
  '`ret=5` **bold** ~~strike~~',
  '> quoted ret=17\n>>> code: 6004',
  '11-30 14:02:11.123  4321  4388 E Tag: login failed ret=-4010',
  'E/MSDK( 4321): OnLoginNotify ret=-73',
  '2024-11-30 14:02:11.123  4321-4388  Tag  com.app  E  push failed 80300007',
  '\tat com.acme.Push.send(Push.java:88)\n\t... 12 more\nCaused by: java.io.IOException: code 6004',
  '  File "x.py", line 57, in send\nRuntimeError: errcode 100014',
  '“ret”：１７ and ‘code’: －４０１０ and ret＝１７',
  'ｒｅｔ＝－７３ \u2212 4012',
  'line\r\nbreak\rret=5\u2028code=6004\u2029',
  'no\u00a0break\u2009thin\u2007figure 6004',
  '8030\u200b0007 and 6004\u2060 and \u202e17',
  'v6.0.1 1500ms #6004 id=100014 50% 10:30',
  '9'.repeat(40),
  '0x9b 0xZZ 0x 0x7fffffff -0x5',
  'ΣΑΣ ΟΔΟΣ İstanbul 𐐀𐐁 😀 ß ﬁ',
  '中文中文中文 获取 实名 登录失败 token过期了怎么办',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
  '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo',
  '{"a":[{"b":{"a":[{"b":',
  'status_code=500 statuscode: 404 errcode=-1 ret_code=7 sub_err=3 suberror=4',
  'decode 0x73a failed ret -0x1',
  '/oauth2/v3/revok 1203 31218',
];

/**
 * The edges of the scan's fast paths, each text on its own (not in the mixes, whose texts stay as
 * recorded): a CSV header below other comma lines or on the last line, bare numbers after every
 * kind of neighbour (a sign after `=`, a run of signs, invisible characters, hex), the quote-comma
 * mark of a header tuple, codes written apart next to near misses, repeated camelCase identifiers.
 */
const EDGE_FRAGMENTS: readonly string[] = [
  'we shipped, finally, at noon\nret,count,latency\n-4012,17,230\n6004,3,12',
  'totals, by hour, below\nnsp_status, error code ,"sub_error"\n102,1101,20155',
  'a,b\nret,count,latency',
  'ret,count,latency\r\n-4012,17,230',
  'x, y\n  ret , count , latency  \n6004,1,2',
  'ret=-73 a-5 5-3 --6004 (-4012) -0x1f 0X1F -4009 Exceed the frequency limit',
  '\u200b-4009 Exceed the frequency limit and a\u200b6004 get player info fail',
  '6004\u200b get player info fail; x\u2060-4009 Exceed the frequency limit',
  '-6004 get player info fail 6004- get player info fail',
  '#-4009 Exceed the frequency limit, :6004 get player info fail, _6004 get player info fail',
  `${'1'.repeat(30)} -${'2'.repeat(20)} 6004 get player info fail`,
  '[(\'NSP_STATUS\', \'102\')] and ("nsp_status","102")',
  '{"a":[{"b":1}],"ret":17, "nsp_status":[102]}',
  'errCode 7 0 0 1 and 1 2 and 12-3456 and 1-2345 and 9,999 and 9,99 and error 7 0 0 1',
  'fails with 8010-0016, 1 2 3, errCode 70,020,002',
  'at GameCenterClient.login GameCenterClient GameCenterClient hmsPushSender hmsPushSender ret=-4010',
  '推送被拦了 "code" :  "80100016" and \'code\':\'80100016\' and "code"    :80100016 and code:"80100016" 推送',
  '推送 order_id=80100016 a.b-c= 80100016 1abc=80100016 _=80100016 x =80100016 y=\t"80100016" z= \u3000 80100016',
  `推送 ${'k'.repeat(41)}=80100016 ${'k'.repeat(42)}=80100016 ${'9'.repeat(42)}=80100016 -=80100016 .k=80100016`,
  '=80100016 推送被拦了',
  '"80100016 推送被拦了',
  `${'x'.repeat(47)}"80100016 推送 and ${'k'.repeat(46)}="80100016 推送`,
  'plain\n11-30 14:02:11.123  4321  4388 E Tag: login failed ret=-4010\nMIIE\n\n  at com.acme.Push.send(Push.java:88)\n',
  '\nE/MSDK( 4321): OnLoginNotify ret=-73\n... 12 more\n\tat x.y(Z.java:1)',
  'aBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgHiJkLmNoPqRsTuVwXyZaBcDeFgHiJkLmNoPqRsTuVwXyZ0123 OidbClientPush hmsPushSender',
  `推送 ${'k'.repeat(41)}= 80100016 ${'9'.repeat(41)}= 80100016 9k${'9'.repeat(40)}= 80100016 k${'9'.repeat(41)}= 80100016`,
  '= 80100016 推送',
  'k= 80100016 推送',
  '": 80100016 推送',
  ':  80100016 推送',
  '"    : 80100016 推送 and " :    80100016 推送',
  "' :\t\"80100016\" 推送 and x.y-z  =  '80100016' 推送",
  'GameCenterClient_hmsPushSender-OidbClient.QQLoginHelper GameCenterClientGameCenterClientGameCenterClientGameCenterClientGameCenterClient',
  'x.well-known/openid-configuration 403 a.well-known/openid-configuration .well-known/openid-configurationx /.well-known/openid-configuration 401',
  '{"name":"NSP_STATUS","value":"501"} value" "value" {"name":"nsp_status", "value": 102}',
  `${'1 2 3 4 5 6 7 8 9 '.repeat(250)}-4009 Exceed the frequency limit`,
  `a-b-c ${'x-y '.repeat(50)}6004 get player info fail -4009 Exceed the frequency limit 7-8 -6004 get player info fail`,
  // Recorded from the scan before the digit and boundary gates (scan throughput, issue 11): what they skip on.
  'qq login ret17 code6004 errcode80300007 result_code80300007 huawei push, oidb decode0x73a failed ret17 and RET-4010',
  '错误码6004 登录 报错100014 返回-12 qq ret17',
  '错误码：６００４ 登录失败 ret＝－４０１０ qq',
  'huawei push －８０３０００07 and ８０３００００７ 推送',
  'error code\u00a080300007 huawei push and ret\u000b-4012 qq and \u00abcode\u00bb: 6004 qq',
  'code\r\n6004 qq login\rret=-4010 msdk',
  'curl -w http_code\n415\nHTTP 415 -> 400 <- 503 => 429',
  'nsp_svc=huawei.oauth2.user.gettokeninfo NSP_STATUS: 102 and gopen.user.getinfo error 6004',
  '实名认证失败 实名认证失败 实名 返回 6004 实名认证 获取 获取手机号 获取 6004 实名认证失败',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\nMIIEowIBAAKCAQEAu1SU1 6004 get player info fail\n',
  'eyJ-eyJ-eyJ-eyJ-6004 get player info fail eyJ- -4009 Exceed the frequency limit',
  '{"a":[{"b":{"a":[{"b":80300007}]}]} huawei push',
  '9999999999999999999999999 80300007 huawei push 9999999999999 -4009',
];

const SEPARATORS: readonly string[] = ['\n', ' ', '\r\n', '\t', ', ', '', '\n\n', ' | ', '\u3000'];

/** Fragments joined by random separators until `bytes` long (cut there), some cut mid-fragment. */
function mix(seed: number, bytes: number): string {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const parts: string[] = [];
  let length = 0;
  while (length < bytes) {
    let part = pick(FRAGMENTS);
    if (next() < 0.15) part = part.slice(Math.floor(next() * part.length));
    if (next() < 0.1) part = part.toUpperCase();
    const joined = part + pick(SEPARATORS);
    parts.push(joined);
    length += joined.length;
  }
  return parts.join('').slice(0, bytes);
}

function repeatTo(text: string, bytes: number): string {
  return `${text}\n`.repeat(Math.ceil(bytes / (text.length + 1))).slice(0, bytes);
}

const MB = 1024 * 1024;

/** Every generated text, by name: a name always builds the same text. */
export function generatedTexts(): Map<string, string> {
  const texts = new Map<string, string>();
  const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  texts.set('bench chat-like 1 MB', repeatTo(BENCH_CHAT, MB));
  texts.set('bench log-like 1 MB', repeatTo(BENCH_LOG, MB));
  texts.set('bench chat and log 256 KB', repeatTo(`${BENCH_CHAT}\n${BENCH_LOG}`, 256 * 1024));
  texts.set('hostile eyJ- runs', fill('eyJ-', MB));
  texts.set('hostile PEM without END', `-----BEGIN RSA PRIVATE KEY-----\n${fill('MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n', MB)}`);
  texts.set('hostile 100k-digit numbers', fill(`${'9'.repeat(100_000)} `, MB));
  texts.set('hostile nested JSON', fill('{"a":[{"b":', MB));
  texts.set('past the scan limit', mix(1, MB + 4096));
  FRAGMENTS.forEach((fragment, i) => {
    texts.set(`fragment ${i}`, fragment);
  });
  EDGE_FRAGMENTS.forEach((fragment, i) => {
    texts.set(`edge ${i}`, fragment);
  });
  for (let seed = 1; seed <= 240; seed += 1) texts.set(`mix ${seed} small`, mix(seed * 7919, 20 + ((seed * 37) % 600)));
  for (let seed = 1; seed <= 40; seed += 1) texts.set(`mix ${seed} medium`, mix(seed * 104_729, 2_000 + ((seed * 7_919) % 60_000)));
  for (let seed = 1; seed <= 6; seed += 1) texts.set(`mix ${seed} large`, mix(seed * 15_485_863, 200_000 + seed * 50_000));
  return texts;
}
