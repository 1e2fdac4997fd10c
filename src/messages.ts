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
  causes: { en: 'Possible causes', zh: '可能原因' },
  note: { en: 'Note', zh: '备注' },
  source: { en: 'Source', zh: '来源' },
  sourceWording: { en: 'Source wording', zh: '原文' },
  why: { en: 'Why this matched', zh: '匹配依据' },
  confidence: { en: 'confidence', zh: '置信度' },
  appliesTo: { en: 'Applies to', zh: '适用于' },
  otherMeanings: { en: 'Other meanings', zh: '其他含义' },
  otherMatches: { en: 'Other matches', zh: '其他匹配' },
  related: { en: 'Related codes', zh: '相关错误码' },
  progress: { en: '{done} of {total} done', zh: '已完成 {done}/{total}' },
  stillFailing: { en: 'Still failing', zh: '仍然失败' },
  showCauses: { en: 'Still failing? Show causes', zh: '仍然失败？查看原因' },
  showLastResort: { en: 'Still failing? What next', zh: '仍然失败？下一步' },
  openDocs: { en: 'Open docs', zh: '查看文档' },
  openDocsA11y: { en: 'Open the vendor documentation for this code', zh: '打开该错误码的官方文档' },
  moreOptions: { en: 'More options', zh: '更多选项' },
  actions: { en: 'Actions', zh: '操作' },
  markDone: { en: 'Done', zh: '完成' },
  stepA11y: { en: 'Mark step {step} done', zh: '将第 {step} 步标为完成' },
  switchLanguageA11y: { en: 'Switch to Chinese', zh: '切换为英文' },
  shareA11y: { en: 'Post this answer in the channel for everyone', zh: '将此答案发到频道，所有人可见' },
  showCausesA11y: { en: 'Show possible causes and next diagnostics', zh: '显示可能原因和进一步排查' },
  showChecklistA11y: { en: 'Open your own copy of the fix checklist', zh: '打开你自己的排查清单' },
  votedHelpful: { en: 'You found this helpful', zh: '你认为这有帮助' },
  votedNotHelpful: { en: 'You found this not helpful', zh: '你认为这没有帮助' },
  whyCode: { en: 'exact code', zh: '错误码完全匹配' },
  whyAlias: { en: 'another spelling of the code ({detail})', zh: '错误码的另一种写法（{detail}）' },
  whyValue: { en: 'same value in another notation ({detail})', zh: '同值的另一种进制（{detail}）' },
  whyRange: { en: 'inside a range ({detail})', zh: '在范围内（{detail}）' },
  whyMisprint: { en: 'a spelling the source printed by mistake ({detail})', zh: '来源文档的笔误写法（{detail}）' },
  whyMainCode: { en: 'with its main code ({detail})', zh: '主错误码（{detail}）' },
  whyField: { en: 'from the field `{detail}`', zh: '来自字段 `{detail}`' },
  whyKeyword: { en: 'the words "{detail}"', zh: '关键词“{detail}”' },
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
  reportMissing: { en: 'Report missing code', zh: '报告缺失的错误码' },
  reportThanks: { en: 'Thanks, reported to the catalog maintainers.', zh: '感谢，已报告给目录维护者。' },
  reported: { en: 'Reported', zh: '已报告' },
  noCodeFound: { en: 'I found no known error code in that message.', zh: '该消息中没有找到已知的错误码。' },
  sharedBy: { en: 'Shared by {user}', zh: '由 {user} 分享' },
  moreItems: { en: '… and {count} more', zh: '… 另有 {count} 项' },
  noMatch: { en: 'No catalog has "{query}".', zh: '目录中没有找到“{query}”。' },
  nearest: { en: 'Nearest codes', zh: '相近的错误码' },
  language: { en: '中文', zh: 'English' },
  englishOnly: { en: 'This entry exists in English only (the source document is English).', zh: '该条目只有英文版本（来源文档为英文）。' },
  success: { en: 'This code means success.', zh: '该代码表示成功。' },
  rotateSecret: {
    en: 'Your message seems to contain a credential ({kinds}). I did not repeat it, but treat it as exposed: rotate it.',
    zh: '你的消息中似乎包含凭证（{kinds}）。我没有转述它，但请视为已泄露并尽快更换。',
  },
  usage: {
    en: 'Ask about an error code or paste an error: `/errcode 100014`, `/errcode 1101 20155`, `/errcode oidb 0x9b`, `/errcode NSP_STATUS 102`, `/errcode acess token expired`.',
    zh: '查询错误码或粘贴报错：`/errcode 100014`、`/errcode 1101 20155`、`/errcode oidb 0x9b`、`/errcode NSP_STATUS 102`、`/errcode refresh_token过期`。',
  },
} satisfies Record<string, Bilingual>);

export type UiKey = keyof typeof UI;

/** A UI string with `{name}` placeholders filled. */
export function ui(key: UiKey, lang: Language, values: Record<string, string | number> = {}): string {
  return UI[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** The requester's language from a platform locale (`zh-CN`, `zh_TW`, `en-US`): Chinese or English. */
export function languageOf(locale: string | undefined | null): Language {
  return locale && /^zh\b|^zh[-_]/i.test(locale) ? 'zh' : 'en';
}
