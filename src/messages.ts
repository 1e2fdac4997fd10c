/**
 * Everything the bot says in its own words, in English and Chinese. Faults form a closed list:
 * every fault code has exactly one message (a test checks), and users only ever see these, never
 * an exception's text.
 */
import type { Language } from './text.js';

export const FAULT_CODES = [
  'INTERNAL',
  'CATALOG_INVALID',
  'INPUT_TOO_LARGE',
  'ATTACHMENT_UNREADABLE',
  'STALE_BUTTON',
  'UNKNOWN_ENTRY',
  'PLATFORM_UNAVAILABLE',
] as const;
export type FaultCode = (typeof FAULT_CODES)[number];

type Bilingual = { readonly en: string; readonly zh: string };

export const FAULT_MESSAGES: Readonly<Record<FaultCode, Bilingual>> = Object.freeze({
  INTERNAL: {
    en: 'Something went wrong on my side. The error was logged; please try again.',
    zh: '我这边出了点问题，已记录日志，请重试。',
  },
  CATALOG_INVALID: {
    en: 'The error catalogs failed validation; an administrator has to fix them.',
    zh: '错误码目录校验失败，需要管理员修复。',
  },
  INPUT_TOO_LARGE: { en: 'That is too large to read whole; I looked at the beginning only.', zh: '内容过大，只读取了开头部分。' },
  ATTACHMENT_UNREADABLE: { en: 'I could not read that attachment as text.', zh: '无法以文本方式读取该附件。' },
  STALE_BUTTON: { en: 'This button is from an older version of errcode. Run the command again.', zh: '该按钮来自旧版本，请重新执行命令。' },
  UNKNOWN_ENTRY: { en: 'That code is no longer in the catalogs. Run the command again.', zh: '该错误码已不在目录中，请重新执行命令。' },
  PLATFORM_UNAVAILABLE: { en: 'The chat platform did not accept the reply; it will be retried.', zh: '聊天平台未接受回复，将会重试。' },
});

export function faultMessage(code: FaultCode, lang: Language): string {
  return FAULT_MESSAGES[code][lang];
}

/** Labels and sentences shared by every renderer. */
export const UI = Object.freeze({
  meaning: { en: 'Meaning', zh: '含义' },
  solution: { en: 'Fix', zh: '解决方法' },
  checklist: { en: 'Fix checklist', zh: '排查清单' },
  fixMore: { en: 'More under Show fix checklist', zh: '更多内容点“查看排查清单”查看' },
  checklistSteps: { en: 'Fix checklist: {count} steps, under Show fix checklist', zh: '排查清单：共 {count} 步，点“查看排查清单”打开' },
  endpoint: { en: 'Endpoint', zh: '接口' },
  causes: { en: 'Possible causes', zh: '可能原因' },
  note: { en: 'Note', zh: '备注' },
  source: { en: 'Source', zh: '来源' },
  sourceWording: { en: 'Source wording', zh: '原文' },
  field: { en: 'field', zh: '字段' },
  alsoWritten: { en: 'also written', zh: '也写作' },
  otherCodesAsked: { en: 'Other codes asked about', zh: '所问的其他错误码' },
  why: { en: 'Why this matched', zh: '匹配依据' },
  confidence: { en: 'confidence', zh: '置信度' },
  appliesTo: { en: 'Applies to', zh: '适用于' },
  otherMeanings: { en: 'Other meanings', zh: '其他含义' },
  otherMatches: { en: 'Other matches', zh: '其他匹配' },
  // `1101` asked alone: a main code, and the sub-code beside it is what names the error.
  mainCodeAlone: {
    en: '{main} is a main code ({mainField}) with several sub-codes: the {subField} beside it says which error it is. Shown first: {first}; ask `{main} <{subField}>` for the one you got.',
    zh: '{main} 是主错误码（{mainField}），下有多个子错误码：具体是哪个错误由旁边的 {subField} 决定。先显示 {first}；查询“{main} <{subField}>”可得到你遇到的那一个。',
  },
  narrowHint: { en: 'Several meanings tie: add {words} to narrow it down.', zh: '多个含义同样可能：加上{words}即可缩小范围。' },
  related: { en: 'Related codes', zh: '相关错误码' },
  progress: { en: '{done} of {total} done', zh: '已完成 {done}/{total}' },
  stillFailing: { en: 'Still failing', zh: '仍然失败' },
  // "Still failing?" names what the click reveals (src/interaction/card.ts, Deeper).
  showCauses: { en: 'Still failing? Show causes', zh: '仍然失败？查看原因' },
  showPlaces: { en: 'Still failing? Show where else it applies', zh: '仍然失败？查看其他适用位置' },
  showLastResort: { en: 'Still failing? Ask support', zh: '仍然失败？联系技术支持' },
  openDocs: { en: 'Open docs', zh: '查看文档' },
  openDocsA11y: { en: 'Open the vendor documentation for this code', zh: '打开该错误码的官方文档' },
  moreOptions: { en: 'More options', zh: '更多选项' },
  // A query that is a paste (src/product/paste.ts): read as the auto-reply reads one, or said why not.
  pasteMoreCodes: {
    en: 'Also in this paste: {codes}. Ask /errcode with one of them for its answer.',
    zh: '这段内容中还有：{codes}。用 /errcode 加其中一个错误码查看解答。',
  },
  pasteReadAsLog: {
    en: 'Read as a pasted log, as the auto-reply reads one: {count} code(s) worth an answer.',
    zh: '已按粘贴的日志读取（与自动回复相同）：找到 {count} 个值得回答的错误码。',
  },
  pasteNoCode: {
    en: 'Read as a pasted log, this holds no code worth an answer; answered as one question instead, so other codes in it may be missed.',
    zh: '按粘贴的日志读取时没有值得回答的错误码；已改按一个问题回答，其中的其他错误码可能被遗漏。',
  },
  pasteAsQuery: {
    en: 'several lines or a long query: read as one question, so other codes in it may be missed; `errcode scan` reads a pasted log whole (errcode scan FILE, or pipe it in)',
    zh: '多行或较长的查询：按一个问题读取，其中的其他错误码可能被遗漏；`errcode scan` 会完整读取粘贴的日志（errcode scan 文件，或用管道输入）',
  },
  // After a card's line naming its other meanings: where the links to them are.
  seeMoreOptions: { en: 'see More options', zh: '见“更多选项”' },
  actions: { en: 'Actions', zh: '操作' },
  markDone: { en: 'Done', zh: '完成' },
  stepA11y: { en: 'Mark step {step} done', zh: '将第 {step} 步标为完成' },
  switchLanguageA11y: { en: 'Switch to Chinese', zh: '切换为英文' },
  shareA11y: { en: 'Post this answer in the channel for everyone', zh: '将此答案发到频道，所有人可见' },
  showCausesA11y: { en: 'Show possible causes and next diagnostics', zh: '显示可能原因和进一步排查' },
  showPlacesA11y: { en: 'Show the other places this code applies', zh: '显示该错误码的其他适用位置' },
  showLastResortA11y: { en: 'Show what to gather before asking the platform support', zh: '显示联系平台技术支持前要收集的信息' },
  showChecklistA11y: { en: 'Open your own copy of the fix checklist', zh: '打开你自己的排查清单' },
  votedHelpful: { en: 'You found this helpful', zh: '你认为这有帮助' },
  votedNotHelpful: { en: 'You found this not helpful', zh: '你认为这没有帮助' },
  whyCode: { en: 'exact code', zh: '错误码完全匹配' },
  whyAlias: { en: 'another spelling of the code ({detail})', zh: '错误码的另一种写法（{detail}）' },
  whyValue: { en: 'same value in another notation ({detail})', zh: '同值的另一种进制（{detail}）' },
  whyRange: { en: 'inside a range ({detail})', zh: '在范围内（{detail}）' },
  whySign: { en: 'read as a negative code ({detail})', zh: '按负数错误码理解（{detail}）' },
  whyMisprint: { en: 'a spelling the source printed by mistake ({detail})', zh: '来源文档的笔误写法（{detail}）' },
  whyMainCode: { en: 'with its main code ({detail})', zh: '主错误码（{detail}）' },
  whyField: { en: 'from the field `{detail}`', zh: '来自字段 `{detail}`' },
  whyKeyword: { en: 'the words "{detail}"', zh: '关键词“{detail}”' },
  // After a quoted clue found on another line of a scanned log than its code's.
  whyOnLine: { en: ' (line {line})', zh: '（第 {line} 行）' },
  whyUrl: { en: 'from the endpoint URL', zh: '来自接口 URL' },
  whyMessage: { en: 'the message text "{detail}"', zh: '消息文本“{detail}”' },
  whyOidb: { en: 'the OIDB command in the log', zh: '日志中的 OIDB 命令' },
  whyText: { en: 'similar wording', zh: '描述相近' },
  nextDiagnostics: { en: 'Next diagnostics', zh: '进一步排查' },
  lastResort: {
    en: "Still stuck: gather the request, the full response and the time, and contact the platform's support with them.",
    zh: '仍无法解决：请收集请求、完整响应和发生时间，联系平台技术支持。',
  },
  helpful: { en: 'Mark as helpful', zh: '标为有帮助' },
  notHelpful: { en: 'Mark as not helpful', zh: '标为没帮助' },
  thanksVote: { en: 'Thanks, your vote was recorded.', zh: '感谢反馈，已记录。' },
  share: { en: 'Share in channel', zh: '分享到频道' },
  showChecklist: { en: 'Show fix checklist', zh: '查看排查清单' },
  notRelevant: { en: 'Not relevant', zh: '不相关' },
  mutedCode: { en: 'OK, I will not auto-reply about {code} in this channel for a day.', zh: '好的，24 小时内本频道不再自动回复 {code}。' },
  // Told apart from addCode at a glance: this asks the catalog's maintainers, that writes it for the team now.
  reportMissing: { en: 'Ask maintainers to add it', zh: '请维护者收录' },
  reportThanks: { en: 'Thanks, reported to the catalog maintainers.', zh: '感谢，已报告给目录维护者。' },
  reported: { en: 'Reported', zh: '已报告' },
  noCodeFound: { en: 'I found no known error code in that message.', zh: '该消息中没有找到已知的错误码。' },
  sharedBy: { en: 'Shared by {user}', zh: '由 {user} 分享' },
  moreItems: { en: '… and {count} more', zh: '… 另有 {count} 项' },
  noMatch: { en: 'No catalog has "{query}".', zh: '目录中没有找到“{query}”。' },
  nearest: { en: 'Nearest codes', zh: '相近的错误码' },
  language: { en: '中文', zh: 'English' },
  // The catalogs' own wording for an entry whose source gives no fix (huawei-quickapp 6004, 7001).
  noFix: { en: 'The source gives no fix for this code.', zh: '来源文档没有给出此错误码的解决方法。' },
  englishOnly: { en: 'This entry exists in English only (the source document is English).', zh: '该条目只有英文版本（来源文档为英文）。' },
  success: { en: 'This code means success.', zh: '该代码表示成功。' },
  /** The CLI's: what it printed was redacted, the input it read still holds the credential. */
  rotateSecretInput: {
    en: 'the input holds a credential ({kinds}); it is redacted here, but treat it as exposed: rotate it',
    zh: '输入中包含凭证（{kinds}）；此处已隐去，但请视为已泄露并尽快更换',
  },
  rotateSecret: {
    en: 'Your message seems to contain a credential ({kinds}). I did not repeat it, but treat it as exposed: rotate it.',
    zh: '你的消息中似乎包含凭证（{kinds}）。我没有转述它，但请视为已泄露并尽快更换。',
  },
  // ----- teaching (issue 14) -----
  addCode: { en: 'Add it for my team', zh: '为团队添加此错误码' },
  suggestFix: { en: 'Suggest a fix', zh: '建议解决方法' },
  fixedIt: { en: 'Fixed it', zh: '已解决' },
  fixedItA11y: { en: 'Mark as fixed (credits the steps you ticked)', zh: '标为已解决（记入你勾选的步骤）' },
  fixedItNoStepsA11y: { en: 'Mark this answer as what fixed it', zh: '标记此答案解决了问题' },
  fixedThanks: { en: 'Thanks: marked fixed, {steps} credited.', zh: '感谢：已标为解决，记入{steps}。' },
  fixedThanksNoSteps: { en: 'Thanks: marked fixed (no step was ticked).', zh: '感谢：已标为解决（未勾选步骤）。' },
  stepWord: { en: 'step {n}', zh: '第 {n} 步' },
  stepCredit: { en: 'fixed it for {count} of {total}', zh: '{total} 人中 {count} 人靠这一步解决' },
  formAddTitle: { en: 'Add an error code', zh: '添加错误码' },
  formFixTitle: { en: 'Suggest a fix', zh: '建议解决方法' },
  formEditTitle: { en: 'Edit suggestion', zh: '编辑建议' },
  formSubmit: { en: 'Submit for review', zh: '提交审核' },
  formSave: { en: 'Save', zh: '保存' },
  formCode: { en: 'Code', zh: '错误码' },
  formScope: { en: 'Catalog / section (optional)', zh: '目录 / 分区（可选）' },
  formMeaning: { en: 'What it means', zh: '含义' },
  formSteps: { en: 'Fix steps, one per line', zh: '解决步骤，每行一步' },
  formLink: { en: 'Link (optional)', zh: '链接（可选）' },
  proposalPending: {
    en: 'Thanks: your suggestion for {code} ({id}) is pending review by a maintainer. Until then others see it marked unreviewed.',
    zh: '感谢：你对 {code} 的建议（{id}）正在等待维护者审核，在此之前他人看到的会标为未审核。',
  },
  proposalRefused: { en: 'That suggestion was not stored: {reason}', zh: '该建议未保存：{reason}' },
  proposalBadCode: {
    en: '"{code}" is not a code (a decimal or hex number such as 100014 or 0x9b).',
    zh: '“{code}”不是错误码（应为十进制或十六进制数，如 100014、0x9b）。',
  },
  proposalBadLink: { en: 'the link must be an https:// or http:// address.', zh: '链接必须以 https:// 或 http:// 开头。' },
  proposalEmpty: { en: 'the meaning must not be empty.', zh: '含义不能为空。' },
  proposalFull: { en: 'too many suggestions are waiting for review.', zh: '待审核的建议过多。' },
  pendingNote: {
    en: 'Unreviewed: {count} pending suggestion(s) from your team for {code}: "{meaning}"',
    zh: '未审核：团队对 {code} 有 {count} 条待审核建议：“{meaning}”',
  },
  reviewTitle: { en: 'Pending suggestions ({count})', zh: '待审核建议（{count}）' },
  reviewEmpty: { en: 'No suggestions are waiting for review.', zh: '没有待审核的建议。' },
  reviewItem: {
    en: '{code} — {meaning} (from {proposer} on {platform}, {scope})',
    zh: '{code} — {meaning}（{platform} 上的 {proposer}，{scope}）',
  },
  reviewMore: { en: '{count} more: see `errcode proposals`.', zh: '另有 {count} 条：见 `errcode proposals`。' },
  approve: { en: 'Approve', zh: '批准' },
  edit: { en: 'Edit', zh: '编辑' },
  reject: { en: 'Reject', zh: '拒绝' },
  notMaintainer: { en: 'Only errcode maintainers can review suggestions.', zh: '只有 errcode 维护者可以审核建议。' },
  proposalApproved: {
    en: 'Approved {id}: {code} is now in the team catalog ({file}).',
    zh: '已批准 {id}：{code} 已加入团队目录（{file}）。',
  },
  proposalRejected: { en: 'Rejected {id} ({code}).', zh: '已拒绝 {id}（{code}）。' },
  proposalEdited: { en: 'Saved your edit of {id} ({code}); it is still pending.', zh: '已保存对 {id}（{code}）的编辑，仍待审核。' },
  proposalAlready: { en: '{id} was already {status} by {by}.', zh: '{id} 已被 {by} {status}。' },
  proposalMissing: { en: 'There is no suggestion {id}.', zh: '没有编号为 {id} 的建议。' },
  proposalNoTeamDir: {
    en: 'Approving needs ERRCODE_TEAM_CATALOGS (the team catalog directory); nothing was written.',
    zh: '批准需要设置 ERRCODE_TEAM_CATALOGS（团队目录所在目录），未写入任何内容。',
  },
  proposalWriteFailed: { en: 'The team catalog could not be written: {reason}', zh: '无法写入团队目录：{reason}' },
  yourProposalApproved: {
    en: 'Your suggestion for {code} was approved by a maintainer: errcode now answers it from the team catalog.',
    zh: '你对 {code} 的建议已被维护者批准，errcode 现在会用团队目录回答。',
  },
  yourProposalRejected: { en: 'Your suggestion for {code} was not accepted by a maintainer.', zh: '你对 {code} 的建议未被维护者采纳。' },
  usage: {
    en: 'Ask about an error code or paste an error: `/errcode 100014`, `/errcode 1101 20155`, `/errcode oidb 0x9b`, `/errcode NSP_STATUS 102`, `/errcode acess token expired`.',
    zh: '查询错误码或粘贴报错：`/errcode 100014`、`/errcode 1101 20155`、`/errcode oidb 0x9b`、`/errcode NSP_STATUS 102`、`/errcode refresh_token过期`。',
  },
} satisfies Record<string, Bilingual>);

export type UiKey = keyof typeof UI;

/** A UI string with `{name}` placeholders filled. */
export function ui(key: UiKey, lang: Language, values?: Record<string, string | number>): string {
  const template: string = UI[key][lang];
  // Most strings have no placeholder, and a card asks for a dozen of them per reply.
  if (values === undefined || !template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The requester's language from a platform locale (`zh-CN`, `zh_TW`, `en-US`): Chinese or English. */
export function languageOf(locale: string | undefined | null): Language {
  return localeLanguage(locale) ?? 'en';
}

/**
 * A locale's language when it is one of the two errcode writes (`zh-CN`, `zh_TW`: zh; `en-US`,
 * `en_GB.UTF-8`: en); undefined for any other (`fr`, `C.UTF-8`, `POSIX`) or none: no choice
 * between the two, so the configured default decides.
 */
export function localeLanguage(locale: string | undefined | null): Language | undefined {
  if (!locale) return undefined;
  if (/^zh(?:$|[-_.@])/i.test(locale)) return 'zh';
  if (/^en(?:$|[-_.@])/i.test(locale)) return 'en';
  return undefined;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/gu;
const LATIN_RUN = /[A-Za-z0-9_]+/g;
/** A word of English: letters, lower case after the first. `NSP_STATUS`, `QQ`, `0x9b`, `iOS` name things, in any language. */
const ENGLISH_WORD = /^[A-Za-z][a-z]*$/;
/**
 * A payload's keys and quoted values (`{"code":6004,"data":"get player info fail"}`, `msg=login`):
 * a program's words, not the asker's, so they tell nothing of the language the asker reads.
 * Double quotes only: an apostrophe (don't, it's) is English, not a quote.
 */
const PAYLOAD = /\{[^{}]*\}|\[[^[\]]*\]|"[^"\n]*"|[\w.-]+=\S*/g;
/** Fewer English words than this is no sign of a language: one word is as likely a name (`oidb 0x9b`, `msdk 1002`). */
const ENGLISH_WORDS_MIN = 2;

/** The English words of `text` outside any payload. */
function englishWords(text: string): number {
  return (text.replace(PAYLOAD, ' ').match(LATIN_RUN) ?? []).filter((run) => ENGLISH_WORD.test(run)).length;
}

/**
 * A question written mostly in Chinese: more Chinese words than English ones, a Chinese word
 * taken as two Han characters (`华为推送token无效`, `6004 登录失败`, `NSP_STATUS 102 推送失败`).
 * Codes, field names, acronyms and a payload's words are not English words, so they do not
 * outweigh the Chinese.
 */
export function writtenInChinese(text: string): boolean {
  const han = text.match(HAN)?.length ?? 0;
  if (han === 0) return false;
  return Math.ceil(han / 2) >= englishWords(text);
}

/**
 * A question written in English: two English words or more outside any payload, and more of them
 * than Chinese words (`token expired`, `login fails with {"error":1101}`). A bare code, a name
 * before a code and a pasted JSON body are in no language.
 */
export function writtenInEnglish(text: string): boolean {
  const english = englishWords(text);
  return english >= ENGLISH_WORDS_MIN && english > Math.ceil((text.match(HAN)?.length ?? 0) / 2);
}

/**
 * The language of a reply: the one the requester chose (a flag, a button); else the script of
 * what they wrote: Chinese for a question or a paste written mostly in Chinese, English for a
 * question in English words (a paste's English is a program's, not the poster's choice); else the
 * requester's locale when it is Chinese or English; else the configured default, else English.
 * What someone writes comes before their locale: en_US, C.UTF-8 and a chat app's en-US are most
 * systems' default rather than a choice, and someone asking in Chinese reads Chinese (and the
 * other way round).
 */
export function replyLanguage(from: {
  chosen?: Language | undefined;
  /** Words the requester typed: their script decides either way. */
  question?: string | undefined;
  /** A log or message someone pasted: only Chinese in it decides. */
  pasted?: string | undefined;
  locale?: string | undefined;
  /** The configured default (ERRCODE_DEFAULT_LANGUAGE), for a requester whose language nothing tells. */
  fallback?: Language | undefined;
}): Language {
  if (from.chosen) return from.chosen;
  if (from.question !== undefined && writtenInChinese(from.question)) return 'zh';
  if (from.question !== undefined && writtenInEnglish(from.question)) return 'en';
  if (from.pasted !== undefined && writtenInChinese(from.pasted)) return 'zh';
  return localeLanguage(from.locale) ?? from.fallback ?? 'en';
}
