/**
 * Chinese words that say the same thing in an error message, for the free-text search. The sources
 * write one of them (签名校验失败, token验证失败, id_token的issuer验证失败); a developer asks in
 * another (签名验证失败, issuer 校验不过, 校验不通过), and the two share no character pair, so the
 * question read nothing of the row it describes. Each group is interchangeable in what it says of an
 * error; a question's word is read in each of its spellings and counts as well as the best of them.
 *
 * Only spellings that mean the same in any error context: 认证 (authentication) is not 验证
 * (verification), 授权 is not 鉴权. 登陆 (to land) and 登入 are how people type 登录 (to log in).
 */
const GROUPS: readonly (readonly string[])[] = [
  ['验证', '校验', '核验', '检验', '效验'],
  ['失败', '不通过', '未通过', '没通过', '没过'],
  ['过期', '失效', '到期'],
  ['无效', '非法', '不合法'],
  ['超过', '超出'],
  ['账号', '帐号', '账户', '帐户'],
  ['登录', '登陆', '登入'],
  ['使用过', '用过'],
];

/**
 * 不过 is "fails" only after what fails (校验不过, 验证不过); at the start of a clause it is "but"
 * (不过我觉得…), and read as 失败 it would lend a failure to every question that says "but".
 */
const AFTER_A_VERB: ReadonlyMap<string, string> = new Map([['不过', '失败']]);

const GROUP_OF: ReadonlyMap<string, readonly string[]> = new Map(GROUPS.flatMap((group) => group.map((word) => [word, group] as const)));

/** Every spelling of a group, longest first, so `不通过` is read before a shorter spelling inside it. */
const SPELLINGS = [...GROUP_OF.keys(), ...AFTER_A_VERB.keys()].sort((a, b) => b.length - a.length);

/** Most spellings of one word worked out: a long run of synonyms would multiply them. */
const MAX_VARIANTS = 16;

/**
 * The other spellings of a CJK word (without filler; tokens.ts cjkWords): each synonym in it read as
 * each other member of its group, combined (`校验不过` is also `验证失败`). Empty when it has none.
 */
export function cjkVariants(word: string): string[] {
  if (word.length < 2) return [];
  let variants = [''];
  let changed = false;
  for (let i = 0; i < word.length; ) {
    const spelling = SPELLINGS.find((s) => word.startsWith(s, i));
    const choices = spelling === undefined ? undefined : choicesFor(spelling, i);
    if (spelling === undefined || choices === undefined) {
      const c = word[i] as string;
      variants = variants.map((v) => v + c);
      i += 1;
      continue;
    }
    changed = true;
    const next: string[] = [];
    for (const v of variants) for (const choice of choices) if (next.length < MAX_VARIANTS) next.push(v + choice);
    variants = next;
    i += spelling.length;
  }
  return changed ? variants.filter((v) => v !== word) : [];
}

/** What a spelling at `at` of its word may be read as (itself first), or undefined when it stays as written. */
function choicesFor(spelling: string, at: number): readonly string[] | undefined {
  const group = GROUP_OF.get(spelling);
  if (group) return [spelling, ...group.filter((w) => w !== spelling)];
  const meaning = AFTER_A_VERB.get(spelling);
  if (meaning === undefined || at === 0) return undefined;
  return [spelling, ...(GROUP_OF.get(meaning) ?? [meaning])];
}
