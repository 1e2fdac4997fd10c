import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const codes = (text: string) => engine.scan(text).answers.map((a) => a.code);

describe('lines that talk about a code, not report it, get no reply', () => {
  it('a commit subject, after a hash or a bullet, says the code is being handled', () => {
    expect(codes('3f9c2ab fix: back off on 80300007 instead of failing the batch')).toEqual([]);
    expect(codes('- feat(login): map 6004 "login fail" to a retry dialog')).toEqual([]);
    expect(codes('revert: stop treating -4009 as fatal on the game center')).toEqual([]);
    // The same code reported in the message's own words is answered.
    expect(codes('push failed again with {"code": "80300007", "msg": "token invalid"}')).toEqual(['80300007']);
  });

  it('a merged change or a closed ticket is one clause: the rest of the line is still read', () => {
    expect(codes('PR #88 merged into main: "qq login: refresh on ret 100014"')).toEqual([]);
    expect(codes('TAPD-31 "hms push returns 80300007" moved to Done')).toEqual([]);
    expect(codes('BUG-7 "hms push returns 80300007" In Progress → Done')).toEqual([]);
    expect(codes('PR #88 merged, but qq login still fails with ret=100015')).toEqual(['100015']);
  });

  it("release notes' items say what the release handles; a failure told beside them is answered", () => {
    expect(codes('game-sdk 3.1 released • Handle hms push 80300007 by fetching a new token • Fix a crash on start')).toEqual([]);
    expect(codes('released 3.1 and now quick app login breaks: {"code":6004,"data":"login fail"}')).toEqual(['6004']);
  });

  it('a changelog under a version heading is release notes, an item naming its area first too', () => {
    const notes =
      '## 2.4.2\n- Login: friendly dialog on a blank screen\n- Push: retry 80200003 once after refreshing the token\n- Misc: bump HMS Core SDK';
    expect(codes(notes)).toEqual([]);
    expect(codes('## [2.4.2] - 2026-11-30\n### Fixed\n- Push: handle 80300007 by fetching a new token')).toEqual([]);
    // A failure told under the notes is answered; a heading that is no version is no release.
    expect(codes(`${notes}\n\nbut prod still fails with push 80300007`)).toEqual(['80300007']);
    expect(codes('## Incident 12.3\n- Push: retry 80200003 keeps failing on every device')).toEqual(['80200003']);
  });

  it("a line writing after the documentation's example quotes the example, unless it says the example fails", () => {
    expect(engine.scan('写 wiki 的时候照文档的例子写就行："msg": "oidb decode0x73a failed, ret: 17"，说明 ret 要按表查').answers).toEqual(
      [],
    );
    expect(engine.scan('format the alert like the docs example: "oidb decode0x73a failed, ret: 17"').answers).toEqual([]);
    expect(engine.scan('照文档的例子写了，还是报 "oidb decode0x73a failed, ret: 17"').answers[0]?.code).toBe('0x11');
  });

  it("a card's headline copied back alone (code, em dash, title) is this bot's words too", () => {
    expect(codes('`100014` — *access token is expired*\nFix: Reauthorize')).toEqual([]);
    expect(codes('the bot says:\n> 1203/11205 — The refresh_token has expired')).toEqual([]);
  });

  it("this bot's own answer copied back is not answered again; a new error beside it is", () => {
    expect(codes('the bot said: "100014  access token is expired · Tencent MSDK (QQ) › QQ platform"')).toEqual([]);
    const quoted = '100014  access token is expired\nTencent MSDK (QQ) › QQ platform\nbut now msdk login gives {"ret":100015}';
    expect(codes(quoted)).toEqual(['100015']);
  });

  it("an alerting tool's all-clear is not answered; its firing notice and a status page's write-up are", () => {
    expect(codes('[PagerDuty] RESOLVED #123: hms push failing with 80300007')).toEqual([]);
    expect(codes('[PagerDuty] TRIGGERED #123: hms push failing with 80300007')).toEqual(['80300007']);
    expect(codes('Resolved - huawei id token checks failed with {"error":1400,"sub_error":14004} for an hour')).toEqual(['14004']);
    // A webhook body's own status, before the alerts nested in it.
    const alert = (status: string) =>
      `{"receiver":"game-ops","status":"${status}","alerts":[{"status":"${status}","labels":{"alertname":"QQLoginRet","product":"qq game center","ret":"-4010"}}]}`;
    expect(codes(alert('resolved'))).toEqual([]);
    expect(codes(alert('firing'))).toEqual(['-4010']);
  });

  it('a clause designing what the program should do on a code is no report; one asking, or a failure beside it, is', () => {
    expect(
      codes(
        'proposal for next sprint: on 1101/20155 the login server should silently fetch a new code instead of showing the error dialog',
      ),
    ).toEqual([]);
    expect(codes('we should map 80300007 to a re-register flow on hms push')).toEqual([]);
    expect(codes('华为登录遇到 1101/20155 应该重新获取 code')).toEqual([]);
    expect(codes('huawei login fails with 1101/20155, we should retry')).toEqual(['20155']);
    expect(codes('the huawei login should work but returns 1101/20155')).toEqual(['20155']);
    expect(codes('should the SDK wrapper retry on msdk ret=-26? feels like we reuse the nonce')).toEqual(['-26']);
  });

  it("a clause telling what the documentation says of a code is read off the page; the team's own report beside it is answered", () => {
    expect(codes("Huawei's table says 11205 means refresh_token expired on /token but token expired on /revoke, funny")).toEqual([]);
    expect(codes('华为文档里 11205 在 /token 和 /revoke 意思不一样，挺坑的')).toEqual([]);
    expect(codes('the docs say 6004 is a permission problem, but we still get 6004 on the quick app login')).toEqual(['6004']);
  });
});

describe('documentation pasted into the channel', () => {
  it("rows of a doc table above the poster's own payload: the payload is what is answered", () => {
    const doc =
      "-71 openid and openkey do not match\n-72 Appkey and appkey in permission tmem are inconsistent\n-73 0x47 access token's changed password is invalid";
    expect(codes(`${doc}\n\nour server logs: {"ret":-72,"msg":"appkey check failed"}`)).toEqual(['-72']);
    expect(
      codes(
        '0x12 18 pay token has been abolished\n0x13 19 appid does not match token\n\nwe keep getting "oidb decode0x73a failed, ret: 19"',
      )[0],
    ).toBe('0x13');
  });

  it('a table shared for reference gets no reply', () => {
    expect(
      codes(
        'pinning the token endpoint table for reference\n1101 | 20155 | code过期，code只有5分钟有效期。\n1101 | 20156 | code已经被使用过。',
      ),
    ).toEqual([]);
    expect(codes('收藏一下，getPhoneNumber 的错误码表：60010002 参数不合法 / 60180008 用户无手机号')).toEqual([]);
    // `fyi` tells a report as often as a share.
    expect(codes('fyi, huawei quick app prod logs 6004 get player info fail since 10am')).toEqual(['6004']);
  });
});

describe('work notes and all-clears', () => {
  it('a TODO, a known issue or a "fixed in #n" line says the code is handled or known', () => {
    expect(codes('TODO: handle ret=-4008 on the game center')).toEqual([]);
    expect(codes('Known issue: qq login may return 100015 after a password change')).toEqual([]);
    expect(codes('Fixed in #512: {"error":1203,"sub_error":11205} on revoke')).toEqual([]);
    // A to-do list that reports a failure is still read.
    expect(codes('todo list for today: 1. hms push returns {"code":"80300007"} since 9am')).toEqual(['80300007']);
  });

  it("a plan runs on to its sentence's end; the next sentence is read", () => {
    expect(
      codes('下周计划：给 HMS push 加上 80300007 自动清理无效 token 的逻辑，顺便把批量发送拆到 1000 个以内，避免以后出 80300010'),
    ).toEqual([]);
    expect(codes('next week: add handling for HMS push 80300007')).toEqual([]);
    expect(codes('Plan: handle push 80300010 by splitting batches. Right now hms push returns {"code":"80300007"}')).toEqual(['80300007']);
  });

  it("test source names the codes it feeds and expects; a failing run's output is read", () => {
    expect(
      codes(
        "it('maps 1203/11205 on revoke to TOKEN_EXPIRED', () => { expect(mapHuaweiError(1203, 11205, 'revoke')).toBe('TOKEN_EXPIRED') })",
      ),
    ).toEqual([]);
    expect(codes('  expect(classify(\'{"code":"80300007"}\')).toBe(\'TOKEN_INVALID\')')).toEqual([]);
    expect(codes('test failed:\n  expect(received).toBe(expected)\n  Received: {"code":"80300007","msg":"token invalid"}')).toEqual([
      '80300007',
    ]);
  });

  it("an alert's all-clear in words gets no reply", () => {
    expect(codes('Alert resolved: hms push 80300007 rate back to normal')).toEqual([]);
    expect(codes('告警恢复：hms push 80300007 比例已正常')).toEqual([]);
    expect(codes('已恢复：hms push 80300007 比例已正常')).toEqual([]);
    expect(codes('Recovered: hms push 80300007 rate back to normal')).toEqual([]);
    // A status page's write-up tells what the error was, and a question about recovery is no all-clear.
    expect(codes('Resolved - hms push returned {"code":"80300007"} for stale tokens')).toEqual(['80300007']);
    expect(codes('recovered tokens still fail: {"code":"80300007"}')).toEqual(['80300007']);
  });

  it("an alert's status tag saying it is over gets no reply, after the tool's own tags too; a live alert's tag is answered", () => {
    for (const tag of [
      '【恢复】',
      '【已恢复】',
      '[恢复]',
      '［已解决］',
      '【告警恢复】',
      '[Recovered]',
      '【RESOLVED】',
      '[P1]【已恢复】',
      '[Prometheus][resolved]',
    ])
      expect(codes(`${tag}推送错误 80300007 比例已正常`), tag).toEqual([]);
    for (const tag of ['【告警】', '[FIRING]', '[FIRING:2]', '[P1]', '【未恢复】', '【恢复中】', '【恢复失败】'])
      expect(codes(`${tag}推送错误 80300007`), tag).toEqual(['80300007']);
  });

  it('an alert whose status field says it recovered gets no reply; a field saying it still fires is answered', () => {
    expect(codes('状态：已恢复 推送错误 80300007')).toEqual([]);
    const notice = (status: string) =>
      `**告警名称**：HmsPushTokenInvalid\n**告警级别**：P1\n**告警状态**：${status}\n**告警内容**：推送错误 80300007`;
    expect(codes(notice('已恢复'))).toEqual([]);
    expect(codes(notice('告警中'))).toEqual(['80300007']);
    expect(codes(notice('未恢复'))).toEqual(['80300007']);
    expect(codes('Alert: HmsPushTokenInvalid\nStatus: Resolved\nhms push 80300007 since 09:00')).toEqual([]);
    expect(codes('Alert: HmsPushTokenInvalid\nStatus: firing\nhms push 80300007 since 09:00')).toEqual(['80300007']);
    // A status field below a notice's first lines is some log record's, not the message's.
    const log = `${'INFO push-gateway tick\n'.repeat(12)}status: resolved\nERROR push failed {"code":"80300007"}`;
    expect(codes(log)).toEqual(['80300007']);
    // Recovery told of something else is no status: the failure beside it is answered.
    expect(codes('恢复 token 之后推送还是报 80300007')).toEqual(['80300007']);
  });
});

describe('planned work, changelog sections and design notes', () => {
  it("reads a ticket's title naming work on a code as talk, a failure told in one as a report", () => {
    expect(codes('PUSH-977 Add metrics dimension for 80100016 / 80100018 rejections')).toEqual([]);
    expect(codes('BUG-3 push fails with 80100016 on every send')).toContain('80100016');
  });

  it("reads the items under a changelog's Fixed section as news of the release", () => {
    const notes = '## 2.14.0 (2024-10-22)\n### Fixed\n- Huawei quick app: 6004 "login fail" now falls back to GameLogin v2';
    expect(codes(notes)).toEqual([]);
  });

  it('reads what a design note says of a code as known, the live code beside it as met', () => {
    const text =
      'Design note says on 0x73a ret 16 we clear the paytoken and re-auth. Today though pay-svc logs `oidb decode0x73a failed, ret: 19` for all iOS users';
    expect(codes(text)).toEqual(['0x13']);
  });
});

describe('monitoring being built or reported as routine', () => {
  it("reads an alerting rule's codes and a silence's matchers as configured", () => {
    const rule = [
      'PR #233 adds the push alert rules, please review:',
      '- alert: HwPushOauthExpired',
      '  expr: sum(rate(hms_push_errors_total{errcode="80200003"}[5m])) > 1',
      '  annotations:',
      '    summary: "HMS push returns 80200003"',
    ].join('\n');
    expect(codes(rule)).toEqual([]);
    expect(codes('Alertmanager silence created by mei\nmatchers: errcode="80300007", job="push-gateway"\nduration: 2h')).toEqual([]);
  });

  it("reads a dashboard's layout and an alert rule's discussion as talk, a question about the code as asked", () => {
    expect(codes('reviewing the new push dashboard layout: row 1 "errors by errcode" (80200001, 80200003, 80300007)')).toEqual([]);
    expect(codes('这条告警规则帮忙看下：getInfo 的 NSP_STATUS=6 每分钟超过 50 次就呼值班，阈值会不会太低？')).toEqual([]);
    expect(codes('告警规则讨论：getuserrisklevel 返回 errCode 70001402 的比例超过 1% 就 page 吗？')).toEqual(['70001402']);
    expect(codes('【告警】华为一键登录 getPhoneNumber resultCode=60180009 近10分钟 214 次（阈值 50）')).toEqual(['60180009']);
  });

  it('reads a report saying nothing needs doing as routine counts', () => {
    expect(
      codes('errors by code: 80300007: 1,204 (uninstalled devices, normal churn) · 80100016: 3\nall within SLO, nothing to action'),
    ).toEqual([]);
  });

  it("reads an alert's closing in other tools' words as its all-clear", () => {
    expect(codes('Sentry: issue HuaweiTokenError {"error":1101,"sub_error":20156} was marked as Resolved in release 2.3.1')).toEqual([]);
    expect(codes('Opsgenie: Alert closed — "HMS push content rejected (80100016)" closed by auto-close after 30m')).toEqual([]);
    expect(codes('Resolved - Huawei quick-app sign-in (error 6004) works again. All systems operational.')).toEqual([]);
    // A status page's summary of what failed is read for its code.
    expect(codes('Resolved - Between 02:10 and 02:55 UTC Huawei ID token checks failed with {"error":1400,"sub_error":14004}')).toEqual([
      '14004',
    ]);
  });

  it('reads `over the last 15m` as a span of time, not the code being over', () => {
    expect(codes('4.2% of sends rejected by HMS Push with errcode=80300007 over the last 15m')).toEqual(['80300007']);
  });
});
