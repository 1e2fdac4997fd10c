/**
 * Traditional Chinese read as Simplified. The catalogs carry the Simplified text the sources print
 * (华为帐号, 签名校验失败, 游戏中心); people in Taiwan and Hong Kong write Traditional (華為帳號,
 * 簽名校驗失敗, 遊戲中心), which shares no character with it for most words. Text is folded
 * character by character with OpenCC's table before it is read. Only one-to-one characters are
 * folded, so every offset into the text stays where it was; a character the table maps to several
 * Simplified ones takes the first, its most common reading.
 */
import TS_CHARACTERS from 'opencc-js/dict/TSCharacters';
import { MESSAGE_TEXT_LIMIT } from './tokens.js';

/**
 * Longest unaddressed text folded: every message a person types (Slack caps a message at 40,000
 * characters). A longer paste is a file or a log; its Chinese is read as written, since folding
 * costs ~9 ms per MB of mixed text, as much as the whole scan's budget.
 */
export const TRADITIONAL_FOLD_LIMIT = MESSAGE_TEXT_LIMIT;

/** Built on the first text holding a Chinese character: most never do, and the CLI starts without it. */
let simplified: Map<number, string> | undefined;

function table(): Map<number, string> {
  if (simplified) return simplified;
  simplified = new Map();
  for (const pair of TS_CHARACTERS.split('|')) {
    const [traditional, first] = pair.split(' ');
    if (traditional?.length !== 1 || first?.length !== 1 || traditional === first) continue;
    simplified.set(traditional.charCodeAt(0), first);
  }
  return simplified;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const HAN_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;

/** `text` with its Traditional characters in their Simplified form, every offset unchanged. */
export function foldTraditional(text: string): string {
  if (!HAN.test(text)) return text;
  const map = table();
  return text.replace(HAN_RUN, (run) => {
    let out = '';
    let changed = false;
    for (let i = 0; i < run.length; i += 1) {
      const folded = map.get(run.charCodeAt(i));
      changed ||= folded !== undefined;
      out += folded ?? run[i];
    }
    return changed ? out : run;
  });
}
