/**
 * A generated custom catalog in the real YAML format, parsed by the real validating loader: many
 * entries over a small vocabulary (so words repeat across entries, as they do in real catalogs),
 * with section and table keywords, aliases, two-level codes, Chinese texts and sections with
 * several tables.
 */
import { parseCatalogText } from '../../src/catalog/load.js';
import type { Catalog } from '../../src/catalog/model.js';

const WORDS =
  'account token session quota payment order player guild match lobby voice friend rank season reward shop inventory cache gateway region shard replica signature nonce device push channel upload avatar captcha receipt refund'.split(
    ' ',
  );
const VERBS = 'expired invalid missing locked exceeded rejected unavailable corrupted duplicated throttled revoked unverified'.split(' ');
const ZH = ['令牌', '会话', '支付', '订单', '玩家', '频道', '设备', '签名'];
const ZH_VERBS = ['过期', '无效', '缺失', '被锁定', '超限', '被拒绝'];

export const GENERATED_CODE_BASE = 70_000_000;

export function generatedCatalogYaml(entries: number, id = 'generated'): string {
  const lines = [
    `catalog: ${id}`,
    'name: Generated catalog',
    'language: en',
    'source: {document: generated.md, title: Generated}',
    'keywords: [generated api, genapi]',
    'sections:',
  ];
  const perTable = 400;
  let n = 0;
  for (let s = 0; n < entries; s += 1) {
    lines.push(
      `  - id: s${s}`,
      `    heading: Section ${s}`,
      `    name: {en: Section ${s}, zh: ${ZH[s % ZH.length]}服务${s}}`,
      `    keywords: [${WORDS[s % WORDS.length]} service ${s}]`,
      '    tables:',
    );
    for (let t = 0; t < 2 && n < entries; t += 1) {
      const twoLevel = t === 1;
      lines.push(
        `      - id: t${t}`,
        `        field: ${twoLevel ? 'sub_error' : 'code'}`,
        ...(twoLevel ? ['        main_field: error'] : []),
        `        keywords: [table${t}word${s}]`,
        '        entries:',
      );
      for (let i = 0; i < perTable && n < entries; i += 1, n += 1) {
        const a = WORDS[(n * 7) % WORDS.length];
        const b = WORDS[(n * 13 + 5) % WORDS.length];
        const v = VERBS[(n * 11) % VERBS.length];
        const code = GENERATED_CODE_BASE + n;
        lines.push(`          - code: "${code}"`);
        if (twoLevel) lines.push(`            main: "${1000 + (n % 50)}"`);
        if (n % 9 === 0) lines.push(`            aliases: ["0x${code.toString(16)}"]`);
        if (n % 5 === 0) {
          lines.push(
            `            description: {en: "The ${a} ${b} is ${v} (${n})", zh: "${ZH[n % ZH.length]}${ZH_VERBS[n % ZH_VERBS.length]}"}`,
          );
        } else lines.push(`            description: The ${a} ${b} is ${v} (${n})`);
        lines.push(`            solution: Check the ${a} settings and renew the ${b}.`);
        if (n % 4 === 0) lines.push(`            causes: ["The ${b} ${v} after a ${a} change"]`, `            keywords: [${a}_${b}]`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

export function generatedCatalog(entries: number, id = 'generated'): Catalog {
  const result = parseCatalogText(generatedCatalogYaml(entries, id), `${id}.yaml`);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.file}:${p.line}: ${p.reason}`).join('\n'));
  return result.catalog;
}
