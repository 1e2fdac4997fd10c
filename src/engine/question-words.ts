/**
 * The words of a question that ask rather than describe: `which code is this`, `what do I do`,
 * `这是哪个错误码`, `报什么错`, `怎么办`. Searched as the error's description, they found rows worded
 * with `code` (`The code has expired`) or `do not match`, and Chinese particles (`了`, `吗`) split
 * the description's character pairs: the text search reads the question without them.
 */

const ENGLISH_ASKING = new RegExp(
  [
    String.raw`\b(?:so\s+)?(?:which|what)(?:'s|\s+is)?\s+(?:the\s+)?(?:error\s+|return\s+|status\s+)?(?:code|codes|errcode|ret|error|errno|number)(?:\s+(?:is|for|was))?(?:\s+(?:this|that|it|one))?(?:\s+(?:then|again))?\b`,
    String.raw`\b(?:and\s+)?(?:what|how)\s+(?:do|should|can|could)\s+(?:i|we)\s+(?:do|fix(?:\s+it|\s+this)?)\b`,
    String.raw`\bhow\s+(?:do\s+(?:i|we)\s+|to\s+)fix(?:\s+(?:it|this|that))?\b`,
    String.raw`\b(?:which|what)\s+(?:error|code)\s+(?:comes\s+back|do\s+(?:i|we|you)\s+get|is\s+returned)\b`,
    String.raw`\bis\s+there\s+an?\s+(?:error\s+)?code\s+for\s+(?:this|that|it)\b`,
    String.raw`\bany\s+idea\b`,
  ].join('|'),
  'gi',
);

const CHINESE_ASKING =
  /(?:请问|请教)|(?:这|那)?(?:是|会|会报|报|返回)?(?:哪个|哪一个|什么|啥)(?:错误码|错误代码|返回码|错误|错|码|code|ret)|(?:该|要)?怎么(?:办|解决|处理|修)|咋办|什么意思|是什么情况|要去[^，。？?]{0,12}吗/gi;

/** Sentence-final particles after a Chinese word, before punctuation, a space or the end. */
const CHINESE_PARTICLES = /(?<=[\u3400-\u9fff])(?:了|吗|呢|啊|呀|吧|啦)(?=[\s，。？！?!,.]|$)/g;

/** The question without its asking words; the question itself when nothing of it would be left. */
export function describingWords(question: string): string {
  const described = question
    .replace(ENGLISH_ASKING, ' ')
    .replace(CHINESE_ASKING, ' ')
    .replace(CHINESE_PARTICLES, '')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\s+([,，?？.。!！])/g, '$1')
    .trim();
  return /[\p{L}\p{N}]/u.test(described) ? described : question;
}
