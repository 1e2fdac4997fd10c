/**
 * The normaliser undoes what Slack, Discord, terminals and loggers wrap around text, and nothing
 * else: each wrapping class has a unit test here, and the properties say that wrapping never turns
 * chat into a paste and never hides a paste.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../src/engine/normalise.js';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const ESC = '\u001b';

describe('normaliseText', () => {
  it('joins a code written apart right after an error word or key, and nowhere else', () => {
    expect(normaliseText('快应用登录失败，错误码 7 0 0 1')).toBe('快应用登录失败，错误码 7001');
    expect(normaliseText('push fails with 8010-0016 every time')).toBe('push fails with 80100016 every time');
    expect(normaliseText('接口 errCode 70,020,002 又超时了')).toBe('接口 errCode 70020002 又超时了');
    for (const text of [
      'room 6 0 0 4 on floor 2',
      'released 2024-1022',
      'we have 1,302 users',
      'error 6004 6005',
      'error 1,302.5 ms',
      'error code 1 2 3 4 5 6 7 8 9 0 1 2 3',
    ]) {
      expect(normaliseText(text), text).toBe(text);
    }
  });

  it('undoes Slack links, mentions, channels, specials and entities', () => {
    expect(normaliseText('<https://oauth-login.cloud.huawei.com/oauth2/v3/token|token endpoint>')).toBe(
      'https://oauth-login.cloud.huawei.com/oauth2/v3/token token endpoint',
    );
    expect(normaliseText('<https://example.com/a|example.com/a>')).toBe('https://example.com/a');
    expect(normaliseText('<@U024BE7LH> see <#C0123ABCD|qq-login> <!here>')).toBe('@user see #qq-login @here');
    expect(normaliseText('&lt;- 400 {"a":1} &amp;&amp; &gt; done')).toBe('<- 400 {"a":1} && > done');
    // One pass: what the user typed as `&lt;` (Slack sends `&amp;lt;`) stays `&lt;`.
    expect(normaliseText('&amp;lt;')).toBe('&lt;');
  });

  it('undoes Discord mentions, emoji and timestamps, fences with a language tag and quotes', () => {
    expect(
      normaliseText('<@123456789012345678> <@&987654321098765432> <#112233445566778899> <:ok:123456789012345678> <t:1700000000:R>'),
    ).toBe('@user @role #channel :ok: (time)');
    expect(normaliseText('```json\n{"code":6004}\n```').trim()).toBe('{"code":6004}');
    expect(normaliseText('```kotlin\nonResult(code = -4032)\n```')).toContain('onResult(code = -4032)');
    expect(normaliseText('> quoted line\n>>> block')).toBe('quoted line\nblock');
    expect(normaliseText('`ret=-4009` and **80300007**')).toBe(' ret=-4009  and  80300007 ');
  });

  it('turns smart and full-width quotes into ASCII, and a full-width colon after a key', () => {
    expect(normaliseText('{“code”: “6004”, ‘ret’: ‘-1’}')).toBe(`{"code": "6004", 'ret': '-1'}`);
    expect(normaliseText('{＂ret＂：17}')).toBe('{"ret":17}');
    expect(normaliseText('错误码：6004')).toBe('错误码：6004');
  });

  it('reads an XML element holding one value as key=value (namespaces and attributes too)', () => {
    expect(normaliseText('<response><ret>-4012</ret><msg>report expired</msg></response>')).toContain('ret=-4012');
    expect(normaliseText('<ns:code type="int">80300007</ns:code>')).toContain('code=80300007');
    expect(normaliseText('<b>bold</i>')).toBe('<b>bold</i>');
  });

  it('turns full-width digits, letters and code signs (and U+2212 minus) into ASCII; other full-width punctuation stays', () => {
    expect(normaliseText('ret：－４０１０')).toBe('ret:-4010');
    expect(normaliseText('ＮＳＰ＿ＳＴＡＴＵＳ＝１０２')).toBe('NSP_STATUS=102');
    expect(normaliseText('code \u2212101')).toBe('code -101');
    expect(normaliseText('登录失败，请重试！')).toBe('登录失败，请重试！');
  });

  it('rewrites a character past U+00FF alike beside CJK alone and beside a minus sign U+2212', () => {
    // A text's only rewritten character must be found as surely as one beside another (the steps
    // test for such characters together before each looks for its own; the minus sign, rewritten
    // by the last of them, keeps every one looking).
    const differing: string[] = [];
    for (let code = 0x100; code <= 0xffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const ch = String.fromCharCode(code);
      const alone = normaliseText(`登${ch}`).slice(1);
      const besideAnother = normaliseText(`\u2212${ch}`).slice(1);
      if (alone !== besideAnother) differing.push(`U+${code.toString(16)}`);
    }
    expect(differing).toEqual([]);
    expect(normaliseText('登录 \u2018６００４\u2019')).toBe("登录 '6004'");
  });

  it('turns CRLF and CR into LF, keeps tabs, drops terminal colour codes (also with the ESC lost)', () => {
    expect(normaliseText('a\r\nb\rc\u2028d')).toBe('a\nb\nc\nd');
    expect(normaliseText('a\tb')).toBe('a\tb');
    expect(normaliseText(`${ESC}[31mERROR${ESC}[0m code=${ESC}[1;33m80300007${ESC}[0m`)).toBe('ERROR code=80300007');
    expect(normaliseText('[31mERROR[0m code=[33m80300007[0m')).toBe('ERROR code=80300007');
    expect(normaliseText(`${ESC}]8;;https://x.y${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('link');
  });

  it('drops logcat prefixes, keeping the level and tag', () => {
    expect(normaliseText('11-30 14:02:11.123  4321  4388 E HmsPush: send failed')).toBe('E HmsPush: send failed');
    expect(normaliseText('E/MSDK    (23871): ret=-73')).toBe('E/MSDK: ret=-73');
    expect(normaliseText('11-30 14:02:11.123 E/OAuth( 20155): token failed')).toBe('11-30 14:02:11.123 E/OAuth: token failed');
    expect(normaliseText('2024-11-30 14:02:11.123  20155-20188  OAuth  com.acme.game  E  token failed')).toBe(
      'OAuth  com.acme.game  E  token failed',
    );
  });

  it('drops Java, Kotlin and Python stack frames, keeping the messages and Caused by lines', () => {
    const trace = [
      'java.lang.RuntimeException: push failed',
      '\tat com.acme.Push.send(Push.java:20155)',
      '\tat com.acme.Push$run$1.invokeSuspend(Push.kt:41) ~[app.jar:?]',
      'Caused by: com.acme.HmsPushException: {"code":"80300007"}',
      '\t... 12 more',
      'Traceback (most recent call last):',
      '  File "push.py", line 20155, in send',
    ].join('\n');
    expect(normaliseText(trace)).toBe(
      'java.lang.RuntimeException: push failed\nCaused by: com.acme.HmsPushException: {"code":"80300007"}\nTraceback (most recent call last):\n',
    );
  });

  it('decodes \\uXXXX and \\n escapes of JSON strings', () => {
    expect(normaliseText(String.raw`{"body":"{\u0022code\u0022:\u002280300007\u0022}"}`)).toBe('{"body":"{"code":"80300007"}"}');
    expect(normaliseText(String.raw`"msg":"\u4f1a\u8bdd\u5931\u6548"`)).toBe('"msg":"会话失效"');
    expect(normaliseText(String.raw`"stack":"failed 80300007\n\tat x"`)).toBe('"stack":"failed 80300007\n at x"');
  });

  it('decodes a payload that travelled URL-encoded, once, and leaves other percent signs alone', () => {
    expect(normaliseText('cb?error%3D1101%26sub_error%3D20155')).toBe('cb?error=1101&sub_error=20155');
    expect(normaliseText('state=%7B%22ret%22%3A-73%2C%22msg%22%3A%22x%22%7D')).toBe('state={"ret":-73,"msg":"x"}');
    expect(normaliseText('a%253D1')).toBe('a%253D1');
    expect(normaliseText('error%253D1101%26x')).toBe('error%253D1101%26x');
    expect(normaliseText('coverage 70%, 20% of users')).toBe('coverage 70%, 20% of users');
    expect(normaliseText('cb?ret%3D%2D4010')).toBe('cb?ret=-4010');
  });

  it("reads other scripts' digits, fancy text, keycaps and raised digits as ASCII; leaves exponents and footnotes", () => {
    expect(normaliseText('خطأ ٦٠٠٤')).toBe('خطأ 6004');
    expect(normaliseText('۸۰۲۰۰۰۰۳ ७००५')).toBe('80200003 7005');
    expect(normaliseText('𝟔𝟎𝟎𝟒 𝟷𝟶𝟶𝟶𝟷𝟺')).toBe('6004 100014');
    expect(normaliseText('𝚛𝚎𝚝=-𝟺𝟶𝟷𝟶')).toBe('ret=-4010');
    expect(normaliseText('6️⃣0️⃣0️⃣4️⃣')).toBe('6004');
    expect(normaliseText('⁻⁴⁰¹⁰ and ₈₀₂₀₀₀₀₃')).toBe('-4010 and 80200003');
    expect(normaliseText('10⁵ requests¹')).toBe('10⁵ requests¹');
  });

  it('reads Chinese numerals digit by digit when a zero is among them; a number of its own and prose stay', () => {
    expect(normaliseText('一直报六零零四')).toBe('一直报 6004 ');
    expect(normaliseText('返回负四零一零，拿不到UIN')).toBe('返回 -4010 ，拿不到UIN');
    expect(normaliseText('报错码六千零四')).toBe('报错码六千零四');
    expect(normaliseText('一二三四五')).toBe('一二三四五');
  });

  it('joins a code grouped by threes after an error word, and nowhere else', () => {
    expect(normaliseText('push send failed, code 80 300 007 (All the tokens are invalid)')).toContain('code 80300007 (');
    expect(normaliseText('we have 80 300 007 users')).toBe('we have 80 300 007 users');
  });
});

describe('wrapped pastes read like the raw ones', () => {
  const top = (text: string) => engine.scan(text).answers[0];
  it.each([
    [
      'Slack-escaped HTTP arrow and link',
      '&lt;- 400 {"sub_error":20155,"error":1101} from <https://oauth-login.cloud.huawei.com/oauth2/v3/token|token>',
      '20155',
    ],
    ['URL-encoded redirect', 'oauth redirect came back with https://app.example.com/cb?error%3D1101%26sub_error%3D20155', '20155'],
    ['smart-quoted JSON', 'token exchange keeps failing {“error”:1101,“sub_error”:20155}', '20155'],
    ['single smart quotes', 'game center: {‘ret’: -4021, ‘msg’: ‘get personal info failed’}', '-4021'],
    ['Discord fence', '```log\n{"code":"80300007","msg":"All the tokens are invalid"}\n```', '80300007'],
    ['CRLF curl dump', 'nsp_svc=huawei.oauth2.app.openIdToUnionId\r\n< HTTP/1.1 200 OK\r\n< NSP_STATUS: 150028\r\n', '150028'],
    ['ANSI colours', `${ESC}[31mERROR${ESC}[0m [push] send rejected ${ESC}[1mcode=80100018${ESC}[0m`, '80100018'],
    ['escaped quotes inside a log field', String.raw`{"msg":"send failed","body":"{\u0022code\u0022:\u002280300007\u0022}"}`, '80300007'],
    [
      'chained exception',
      'java.lang.IllegalStateException: login\n\tat a.B.c(B.java:1)\nCaused by: com.acme.ApiException: {"code":6004,"data":"login fail"}',
      '6004',
    ],
    [
      'array with one error among successes',
      '[{"code":"80000000","msg":"Success"},{"code":"80300007","msg":"All the tokens are invalid"}]',
      '80300007',
    ],
  ])('%s', (_name, text, code) => {
    expect(top(text)?.code).toBe(code);
  });

  it('logcat process and thread ids are not codes', () => {
    expect(engine.scan('11-30 14:02:11.123 20155 20188 E OAuth: token refresh scheduled').answers).toEqual([]);
    expect(top('11-30 14:02:11.123  4321  4388 E HmsPush: send failed code=80300007 msg=All the tokens are invalid')?.code).toBe(
      '80300007',
    );
  });
});

/** Chat as people write it: words (platform words too) and numbers that are no codes, or codes with no clue. */
const CHAT_WORDS = [
  'hey',
  'team',
  'build',
  'is',
  'out',
  'merged',
  'standup',
  'at',
  'the',
  'users',
  'beta',
  'port',
  'fine',
  'sprint',
  'planning',
  'login',
  'push',
  'token',
  'qq',
  'game',
  'center',
  'release',
  'error',
  'failed',
  'returned',
  'ret',
  'code',
  'status',
  'order',
  'ticket',
  'price',
  'eror',
  'faild',
  'thanks',
  '登录',
  '推送',
  '怎么办',
  'ok',
  'lol',
  'retry',
  'timeout',
  'later',
];
const CHAT_NUMBERS = [
  '6.0.5',
  'v6.11.0.300',
  '$1302',
  ':8080',
  'port 8080',
  '405 ms',
  '1500ms',
  '500 users',
  '2024-10-29',
  '10:30',
  '#6004',
  'PR #6004',
  '10.20.30.40',
  '70.2%',
  '3 PRs',
  'sprint 15',
  'build 20155',
  'order 100014',
  'ticket 221001',
  '12345',
  '6004',
  '80300007',
  '1101',
  '-1',
];
const chatMessage = fc
  .array(fc.oneof(fc.constantFrom(...CHAT_WORDS), fc.constantFrom(...CHAT_NUMBERS)), { minLength: 1, maxLength: 14 })
  .chain((parts) => fc.constantFrom(' ', '\n').map((sep) => parts.join(sep)));

type Wrapper = (text: string) => string;
const WRAPPERS: Record<string, Wrapper> = {
  slackEntities: (t) => t.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
  slackMentionAndLink: (t) => `<@U024BE7LH> ${t} <https://example.com/status|status page> <#C0123ABCD|general>`,
  discordMention: (t) => `<@123456789012345678> ${t} <t:1700000000:R>`,
  smartQuotes: (t) => `“${t.replaceAll('"', '”')}” ‘ok’`,
  discordFence: (t) => `\`\`\`log\n${t}\n\`\`\``,
  quote: (t) =>
    t
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n'),
  crlf: (t) => t.replaceAll('\n', '\r\n'),
  ansi: (t) => `${ESC}[32m${t.split(' ').join(`${ESC}[0m ${ESC}[1m`)}${ESC}[0m`,
  logcat: (t) =>
    t
      .split('\n')
      .map((l) => `11-30 14:02:11.123 20155 20188 I Chat: ${l}`)
      .join('\n'),
  javaFrames: (t) => `${t}\n\tat com.acme.Chat.post(Chat.java:20155)\n\t... 3 more`,
};
const wrapper = fc.constantFrom(...Object.keys(WRAPPERS));

describe('property: platform wrapping never turns chat into a paste', () => {
  it('chat that scans silent still scans silent once Slack, Discord, a terminal or a logger wrapped it', () => {
    fc.assert(
      fc.property(chatMessage, fc.array(wrapper, { minLength: 1, maxLength: 3 }), (chat, names) => {
        fc.pre(engine.scan(chat).answers.length === 0);
        const wrapped = names.reduce((text, name) => (WRAPPERS[name] as Wrapper)(text), chat);
        expect(engine.scan(wrapped).answers.map((a) => a.entryId)).toEqual([]);
      }),
      { seed: 20261201, numRuns: 400 },
    );
  }, 60_000);

  it('the normaliser never adds a digit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), chatMessage, wrapper, (noise, chat, name) => {
        const text = `${noise}${(WRAPPERS[name] as Wrapper)(chat)}`;
        const digits = (s: string) => s.replace(/\D/g, '').length;
        expect(digits(normaliseText(text))).toBeLessThanOrEqual(digits(text));
      }),
      { seed: 20261201, numRuns: 500 },
    );
  }, 60_000);
});

const PASTES = [
  '{"code":"80300007","msg":"All the tokens are invalid"}',
  'POST https://oauth-login.cloud.huawei.com/oauth2/v3/token -> {"sub_error":20155,"error_description":"code expired","error":1101}',
  'E/MSDK: OnLoginNotify platform=qq ret=-73 desc=token invalid',
  'getTokenInfo response headers: NSP_STATUS: 102',
  '{"ret":-4035,"msg":"data field empty"} from gamecenter',
  'oidb decode0x711 failed, ret: 0x34',
];

describe('property: platform wrapping never hides a paste', () => {
  it('a wrapped paste gets the same first answer as the raw one', () => {
    const expected = new Map(PASTES.map((p) => [p, engine.scan(p).answers[0]?.entryId]));
    for (const id of expected.values()) expect(id).toBeDefined();
    fc.assert(
      fc.property(fc.constantFrom(...PASTES), fc.array(wrapper, { minLength: 1, maxLength: 3 }), (paste, names) => {
        const wrapped = names.reduce((text, name) => (WRAPPERS[name] as Wrapper)(text), paste);
        expect(engine.scan(wrapped).answers[0]?.entryId).toBe(expected.get(paste));
      }),
      { seed: 20261201, numRuns: 300 },
    );
  }, 60_000);
});
