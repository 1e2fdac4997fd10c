/**
 * Lines that talk about a code rather than report it failing: work on the code, a ticket closed, a
 * release note, or this bot's own answer copied back into the channel.
 *
 *     a1b2c3d fix: retry on 80300007 instead of dropping the batch
 *     ✅ PR #221 merged into main: "feat(qq-group): friendly message for 221001"
 *     Jira · GAME-1184 "Huawei revoke returns 1203/17010" moved In Progress → Done
 *     🚀 game-sdk v2.8.0 published • Handle QQ ret 100014 by re-running authorization
 *     "100014  access token is expired · Tencent MSDK (QQ) › QQ platform · Fix checklist: …"
 *     INSERT INTO error_code (code, msg) VALUES (221001, '公会已绑定群');
 *
 * The error there is handled, over, or already explained: a scan does not read those lines (of a
 * merged change, a closed ticket or a release item, only that clause). The message's other lines and
 * clauses are read as ever (`PR #221 merged, but prod still logs ret=100015`), and an incident's
 * all-clear is known from its title (resolvedNotice).
 */
import { normaliseText } from './normalise.js';
import type { Sighting } from './score.js';

/** A commit subject as Conventional Commits write it, after a bullet or a short hash: `fix:`, `feat(push):`, `revert:`. */
const COMMIT_SUBJECT =
  /^[ \t]*(?:[-*•+>][ \t]*)?(?:[0-9a-f]{7,40}[ \t]+)?(?:fix|feat|feature|chore|test|tests|revert|refactor|docs|perf|ci|build|style|hotfix)(?:\([^)\n]{0,40}\))?!?:[ \t]/i;
/**
 * A line that says a code is being handled or is known: `TODO: handle ret=-4008`, `FIXME: …`,
 * `Fixed in #512: …`, `Known issue: … may return 100015`.
 */
const WORK_NOTE =
  /^[ \t]*(?:[-*•+>][ \t]*)?(?:(?:todo|fixme|xxx|known issues?|(?:next (?:week|sprint)'?s? )?plans?|next (?:week|sprint)|action items?)(?:\([^)\n]{0,30}\))?[ \t]*[:：]|(?:下周|本周|下个?迭代|下个?版本|明天|后续)?(?:计划|规划|待办|安排)[ \t]*[:：]|fixed (?:in|by) (?:#\d+|v?\d+(?:\.\d+)+|[0-9a-f]{7,40})\b)/i;
/**
 * A line of test source: a test case opened with its name (`it('maps 1203/11205 on revoke …', () =>`),
 * an expectation (`expect(mapErr(80300007)).toBe(…)`): the codes there are what the test feeds and
 * expects. A failing run's output (`expected:<100014> but was:<100015>`) is another line, and read.
 */
const TEST_SOURCE =
  /^[ \t]*(?:(?:it|test|describe|context)(?:\.\w+)?\([ \t]*['"`][^\n]*(?:=>|function\b)|expect\([^\n]*\)[ \t]*\.[ \t]*(?:not[ \t]*\.[ \t]*)?to[A-Z]\w*\()/;
/** A pull or merge request merged, closed or opened: its title says what the change does. */
const CHANGE_REQUEST =
  /\b(?:PR|MR|pull request|merge request)[ \t]*[#!]\d+\b[^\n]{0,80}\b(?:merged|closed|opened|approved)\b|\bmerged (?:into|to) [\w/.-]+|\bMerge (?:pull|merge) request [#!]\d+/i;
/** A ticket moved to a finished state: `In Progress → Done`, `status changed to Resolved`. */
const TICKET_DONE =
  /(?:→|->|=>)[ \t]*(?:done|resolved|closed|fixed|已解决|已关闭|已完成)(?![\w])|\b(?:moved|transitioned|changed|set)\b[^\n]{0,40}\bto (?:done|resolved|closed)\b/i;
/**
 * A ticket's title naming work to do on a code (`PUSH-977 Add metrics dimension for 80100016`,
 * `[LOGIN-12] Handle 6004 by falling back`): planned, not met. A title telling a failure (`BUG-3
 * Login fails with 6004`) or to look into one (`Investigate …`) names none of these verbs.
 */
const TICKET_KEY = /^[ \t]*(?:[-*•+][ \t]*)?\[?[A-Z][A-Z0-9]{1,9}-\d{1,6}\]?:?[ \t]+/;
const TICKET_WORK =
  /^(?:add|implement|support|track|log|expose|refactor|remove|rename|document|handle|map|surface|alert on|monitor|cache|migrate|clean ?up|show|translate|locali[sz]e)\b/i;
const ticketWork = (part: string) => {
  const key = TICKET_KEY.exec(part);
  return key !== null && TICKET_WORK.test(part.slice(key[0].length));
};
/** A card's headline as Slack and Discord show it: the code (its main code first), an em dash, the title. */
const CARD_HEADLINE = /^[ \t>]*`?-?(?:0x[0-9a-f]+|\d+)(?:\/\d+)?`?[ \t]+—[ \t]/i;
/** A SQL statement inserting rows. */
const SQL_INSERT = /^[ \t]*(?:--[^\n]*)?insert[ \t]+into\b/i;
/** A release or its notes: their items say what the release handles. */
const RELEASE_MARK =
  /\b(?:released?|releases|published|changelog|release notes|what'?s new)\b|更新日志|版本说明|发布了|^[ \t]*#{1,4}[ \t]+\[?v?\d+\.\d+(?:\.\d+)*\]?(?:[ \t]|$)/im;
/**
 * A changelog's section of what the release fixed or changed (Keep a Changelog's `### Fixed`,
 * `## Bug fixes`, `### 修复`): every item under it, up to the next heading, is news of the release.
 */
const RELEASE_SECTION =
  /^[ \t]*#{1,4}[ \t]+(?:fixed|fixes|bug ?fixes|changed|changes|added|improved|improvements|removed|security|deprecated|修复|问题修复|优化|新增|变更)\b/i;
const HEADING = /^[ \t]*#{1,6}[ \t]/;
const LIST_ITEM = /^[ \t]*[-*•+][ \t]/;

/**
 * An item of release notes, opening with what the release does to the code, after the area it
 * touches where it names one (`- Push: retry 80200003 once after refreshing the token`) or the short
 * hash of its commit (`- a1b2c3d handle 80100016 sensitive content rejection`).
 */
const RELEASE_ITEM =
  /^[ \t]*(?:[-*•+][ \t]*)?(?:[0-9a-f]{7,40}[ \t]+)?(?:\*{0,2}[A-Za-z][\w /-]{0,24}\*{0,2}:[ \t]*)?(?:handles?|handled|maps?|mapped|adds?|added|supports?|supported|shows?|treats?|catch(?:es)?|translates?|retr(?:y|ies)(?: on)?|ignores?|surfaces?|fix(?:es|ed)?|improves?|covers?|stops?|recogni[sz]es?|detects?|explains?|修复|处理|新增|支持|兼容)\b/i;

/**
 * A line writing after the documentation's own example (`写 wiki 照文档的例子写就行："msg": "oidb
 * decode0x73a failed, ret: 17"`, `format it like the docs' example: …`): the code there is the
 * example's, not an error met. Not where the line says the example fails (`照文档的例子写了，还是报 -4010`).
 */
const DOC_EXAMPLE =
  /(?:照|按|按照|参考|仿照|像)着?(?:官方)?(?:文档|手册)[里中上的]{0,2}(?:例子|示例|样例|范例)|\b(?:like|per|as in|following|copy) the (?:docs?|documentation)(?:'s?)? (?:example|sample)s?\b/i;
/**
 * A clause designing what the program should do on a code, not reporting it: the code as the
 * condition (`on 1101/20155 the login server should silently fetch a new code`, `when login-svc gets
 * 20155 it should re-request`, `遇到 80300007 应该重新获取 token`) or as what a change maps (`we should
 * map 80300007 to a re-register flow`). A failure told beside it is its own clause (`it fails with
 * 80300007, we should retry`), and a clause with the modal alone (`the login should work but returns
 * 20155`) or asking (`should the wrapper retry on ret=-26?`) still reports.
 */
const DESIGN_CODE = String.raw`-?(?:0x[0-9a-f]{1,8}|\d{1,12})(?:[/.]\d{1,12})?`;
const DESIGN_VERBS = String.raw`(?:fetch|refetch|retry|retries|refresh|re-?request|re-?register|re-?auth\w*|re-?login|map|treat|handle|show|display|drop|discard|ignore|fall ?back|back ?off|alert|surface|prompt|skip|swallow)`;
/** Source declaring an enum (Kotlin, Java, Swift, C#, TypeScript, Rust). */
const ENUM_DECLARATION =
  /(?:^|\n)[ \t]*(?:(?:public|private|internal|export|pub)[ \t]+)*(?:enum(?:[ \t]+class)?|@objc[ \t]+enum)[ \t]+[A-Za-z_]\w*/;
/** One of its constants with a code: `TOKEN_INVALID(80300007),`, `TokenInvalid = 80300007,`, `case tokenInvalid = 80300007`. */
const ENUM_CONSTANT =
  /^[ \t]*(?:case[ \t]+)?[A-Za-z_]\w{0,40}[ \t]*(?:\([ \t]*-?(?:0[xX][0-9a-fA-F]+|\d+)[ \t]*[,)]|=[ \t]*-?(?:0[xX][0-9a-fA-F]+|\d+)[ \t]*[,;]?[ \t]*(?:\/\/.*)?$)/;

/**
 * A clause about an alert's rule (`这条告警规则 … NSP_STATUS=6 每分钟超过 50 次就呼值班`), or a line of a
 * dashboard's layout listing the codes it charts (`row 1 "errors by errcode" (80200001, 80200003)`,
 * `看板 … errcode 分布（80300007、80200003）`): monitoring being built. A firing alert's threshold
 * (`（阈值 50）`) names none of these; a clause asking about the code (`… 70001402 的比例超过 1% 就 page 吗？`)
 * still reports, as a design clause does.
 */
const ALERT_RULE_TALK = /告警规则|报警规则|\balert(?:ing)? rules?\b/i;
const DASHBOARD_LINE = /(?:\b(?:dashboard|panels?|widgets?)\b|看板|仪表盘|大盘)[^\n]{0,80}?[(（][ \t]*-?\d{3,12}[ \t]*[,，、][ \t]*-?\d/i;

/** A question mark: a clause asking what to do on a code (`should the wrapper retry on ret=-26?`) asks about it. */
const ASKED = /[?？]/;
const DESIGN_TALK = new RegExp(
  [
    String.raw`\b(?:on|for|when|whenever|upon)\b[^.!?\n]{0,30}?(?<![\w.-])${DESIGN_CODE}(?![\w])[^.!?\n]{0,40}?\b(?:should|must|needs? to|ought to)\b[^.!?\n]{0,30}?\b${DESIGN_VERBS}`,
    String.raw`\b(?:should|must|needs? to|let'?s|we'?ll|we could)\b[^.!?\n]{0,20}?\b(?:map|treat|handle|retry|catch|special-case)\w*\b[^.!?\n]{0,20}?(?<![\w.-])${DESIGN_CODE}(?![\w])`,
    String.raw`(?:遇到|收到|碰到|出现|返回)[^。！？\n]{0,10}?${DESIGN_CODE}[^。！？\n]{0,20}?(?:应该|应当|需要|建议)[^。！？\n]{0,10}?(?:重试|刷新|重新获取|重新请求|重新授权|重新登录|映射|处理|弹窗|丢弃|忽略|降级|告警)`,
  ].join('|'),
  'i',
);

/**
 * A clause telling what the vendor's documentation says of a code (`Huawei's table says 11205 means
 * refresh_token expired on /token`, `the page lists 1203/11205 twice`, `the design note says on 0x73a ret 16 we
 * re-auth`, `文档里 11205 在 /revoke 的意思不一样`):
 * the meaning is known to the writer, read off the page, not met. Its other clauses are read as ever
 * (`the docs say 6004 is a permission problem, but we still get 6004`).
 */
const DOCUMENT_SAYS =
  /\b(?:docs?|documentation|table|page|wiki|spec|reference|design (?:note|doc)s?|runbook|playbook)(?:'s)?[ \t]{1,3}(?:(?:also|only|clearly)[ \t]{1,3})?(?:says?|lists?|shows?|defines?|documents?|describes?)[ \t]{1,3}(?:that[ \t]{1,3})?(?:(?:on|for|when|if)[ \t]{1,3})?(?:(?:error|code|ret|status)[ \t]{1,3})?-?(?:0x)?\d|(?:文档|错误码表|码表|表格?里|页面)[里中上]?[^。！？\n]{0,30}(?:意思|含义|写的是|写着|列了|定义)/i;
const EXAMPLE_FAILS = /还是|仍然|依然|但是?|却|报错|失败|\b(?:still|but|fails?|failed|failing|error)\b/i;

/** Where a clause of a line ends: a comma, semicolon or sentence end, as written in English or Chinese. */
const CLAUSE = /,[ \t]|;[ \t]?|[，；。]|(?<=[.!?])[ \t]/g;
const CLAUSE_OR_ITEM = /,[ \t]|;[ \t]?|[，；。]|(?<=[.!?])[ \t]|[ \t]•[ \t]/g;

/** A separator that ends a sentence, not only a clause. */
const SENTENCE_END = /^(?:。|[ \t]|[ \t]•[ \t])$/;

/**
 * A line's clauses, split where `separator` (a global pattern) matches, and for each whether a
 * sentence ends after it (a full stop, not a comma or semicolon).
 */
function clausesOf(line: string, separator: RegExp): [string[], boolean[]] {
  const parts: string[] = [];
  const ends: boolean[] = [];
  let from = 0;
  for (const m of line.matchAll(separator)) {
    parts.push(line.slice(from, m.index));
    ends.push(SENTENCE_END.test(m[0]));
    from = m.index + m[0].length;
  }
  parts.push(line.slice(from));
  ends.push(true);
  return [parts, ends];
}

/**
 * Whether a message is an alerting tool's all-clear: it opens as one (Alertmanager's `[RESOLVED]`,
 * PagerDuty's `[PagerDuty] RESOLVED #48213: …`, `Alert resolved: …`, 告警恢复), its status tag says the
 * alert is over (`【已恢复】`, `[恢复]`, `［已解决］`, `[Recovered]`, after the tool's or the severity's own
 * tags: `[P1]【已恢复】`), or its status field does (`**告警状态**：已恢复`, `Status: resolved`) among the
 * notice's first lines, or a webhook body's own status (RESOLVED_WEBHOOK). (Its firing notice, `【告警】…`, `[FIRING:1] …`, `状态：未恢复`, is answered, and
 * so is a status page's `Resolved - …` write-up, which tells what the error was.)
 */
export function resolvedNotice(text: string): boolean {
  return (
    RESOLVED_STATUS.test(text) ||
    ALERT_RESOLVED.test(text) ||
    RESOLVED_STATUS_TAG.test(text) ||
    RESOLVED_STATUS_FIELD.test(noticeHead(text)) ||
    RESOLVED_WEBHOOK.test(text)
  );
}
const RESOLVED_STATUS = /^[^\p{L}\p{N}]{0,6}(?:\[[^\]\n]{1,30}\][ \t]*)?RESOLVED[ \t]*[#:]/u;
/** Opening words of an all-clear: `Alert resolved`, `告警恢复`, and a status word before a colon (`已恢复：…`, `Recovered: …`). */
const ALERT_RESOLVED =
  /^[^\p{L}\p{N}]{0,6}(?:\[[^\]\n]{1,30}\][ \t]*)?(?:(?:alert|incident|alarm)[ \t]+resolved\b|告警(?:已)?恢复|(?:已经?恢复|已解决|recovered|resolved)[ \t]*[:：])/iu;
/**
 * The words of a status saying an alert is over: 恢复, 已恢复, 已解决, 告警恢复, resolved, recovered. Not
 * 未恢复 (nothing may precede them but the alert's noun), 恢复中 or 恢复失败 (the alert still stands).
 */
const OVER = String.raw`(?:告警|报警|故障|alert|alarm|incident)?[ \t]*(?:已经?)?[ \t]*(?:恢复|解决)(?!中|失败)|(?:alert|alarm|incident)?[ \t]*(?:resolved|recovered)\b`;
/** A tag's brackets as alert templates write them: ASCII, 【】, full-width ［］, 〖〗. */
const TAG_OPEN = '[\\[【［〖]';
const TAG_CLOSE = '[\\]】］〗]';
/** `【已恢复】`, `[RESOLVED:2]`, after up to three of the tool's own tags (`[Prometheus]`, `[P1]`). */
const RESOLVED_STATUS_TAG = new RegExp(
  String.raw`^[^\p{L}\p{N}]{0,6}(?:${TAG_OPEN}[^\]】］〗\n]{1,30}${TAG_CLOSE}[ \t]*){0,3}${TAG_OPEN}[ \t]*(?:${OVER})(?::\d+)?[ \t]*${TAG_CLOSE}`,
  'iu',
);
/** A status field at a line's start, in Markdown or JSON dress too: `- **告警状态**：已恢复`, `"status": "resolved"`. */
const RESOLVED_STATUS_FIELD = new RegExp(
  String.raw`^[ \t>*_#-]*["']?(?:告警|报警|故障|事件|当前|处理|alert|incident)?[ \t]*(?:状态|status)["'*_ \t]*[:：=][ \t*_"'【\[]*(?:${OVER})`,
  'imu',
);
/**
 * An alerting tool's webhook body whose own status is over, Alertmanager's `{"receiver":…,"status":"resolved","alerts":[…]}`:
 * the first `status` of the object the text opens with, before any object nested in it.
 */
const RESOLVED_WEBHOOK = /^\s*\{[^{}]{0,400}?"status"\s*:\s*"(?:resolved|recovered)"/i;
/** How many lines open a notice: a chat alert's fields (name, level, status, content) come first. */
const NOTICE_HEAD_LINES = 10;

/** The first NOTICE_HEAD_LINES lines of a text: a status field below them is some log record's, not the message's. */
function noticeHead(text: string): string {
  let end = -1;
  for (let line = 0; line < NOTICE_HEAD_LINES; line += 1) {
    end = text.indexOf('\n', end + 1);
    if (end === -1) return text;
  }
  return text.slice(0, end);
}

/**
 * The sightings a scan reads of a message: all of them, or only those its lines that report
 * something write. `answerLines`: the start of the line this bot's answer puts under its headline
 * (`Tencent MSDK (QQ) › `), one per catalog name.
 */
export function withoutTalkAbout(sent: string, sightings: Sighting[], answerLines: readonly string[]): Sighting[] {
  const lines = sent.split('\n');
  const release = RELEASE_MARK.test(sent);
  const enumSource = ENUM_DECLARATION.test(sent);
  let talk = false;
  const kept: string[] = [];
  let inInsert = false;
  let inReleaseSection = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (release && HEADING.test(line)) inReleaseSection = RELEASE_SECTION.test(line);
    if (inReleaseSection && LIST_ITEM.test(line)) {
      talk = true;
      continue;
    }
    // Rows a SQL statement inserts (`INSERT INTO error_code … VALUES (221001, '公会已绑定群')`), up to its `;`: seed data.
    if (inInsert || SQL_INSERT.test(line)) {
      inInsert = !line.includes(';');
      talk = true;
      continue;
    }
    // This bot's answer: its context line, the headline above it (`100014  access token is expired`),
    // and a card's headline on its own (`` `100014` — *access token is expired* ``: code, em dash, title).
    const echo = (l: string | undefined) => l !== undefined && answerLines.some((a) => l.includes(a));
    const docExample = DOC_EXAMPLE.test(line) && !EXAMPLE_FAILS.test(line.replace(/"[^"\n]*"/g, ''));
    // An enum's constants (`TOKEN_INVALID(80300007),`, `case tokenInvalid = 80300007`) define codes.
    if (enumSource && ENUM_CONSTANT.test(line)) {
      talk = true;
      continue;
    }
    if (
      echo(line) ||
      echo(lines[i + 1]) ||
      CARD_HEADLINE.test(line) ||
      COMMIT_SUBJECT.test(line) ||
      TEST_SOURCE.test(line) ||
      docExample ||
      DASHBOARD_LINE.test(line)
    ) {
      talk = true;
      continue;
    }
    // A merged change or a closed ticket is one clause of a line (`PR #221 merged, but prod still
    // logs ret=100015`); release notes are often one line of `•` items; a work note is its sentence
    // (`TODO: handle -4010. Right now uploads fail with {"ret":-4010}`). Each is read on its own.
    // A work note runs on to its sentence's end (`下周计划：给 push 加上 80300007 的处理，避免以后出 80300010`).
    const [parts, sentenceEnds] = clausesOf(line, release ? CLAUSE_OR_ITEM : CLAUSE);
    let inNote = false;
    const reporting = parts.filter((part, k) => {
      const note = inNote || WORK_NOTE.test(part);
      inNote = note && !sentenceEnds[k];
      return (
        !note &&
        !CHANGE_REQUEST.test(part) &&
        !TICKET_DONE.test(part) &&
        !ticketWork(part) &&
        !(release && RELEASE_ITEM.test(part)) &&
        !DOCUMENT_SAYS.test(part) &&
        !(ALERT_RULE_TALK.test(part) && !ASKED.test(part)) &&
        !(DESIGN_TALK.test(part) && !ASKED.test(part))
      );
    });
    if (reporting.length < parts.length) talk = true;
    kept.push(reporting.join(' | '));
  }
  if (!talk) return sightings;
  const reported = normaliseText(kept.join('\n'));
  return sightings.filter((s) => reported.includes(s.raw));
}
