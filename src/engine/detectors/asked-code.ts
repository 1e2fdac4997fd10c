/**
 * A code someone in the channel asks about: `anyone know what 221019 is?`, `what does 415 mean on
 * getuserrisklevel?`, `20156 官方描述是什么？`. A question names its code as surely as a payload
 * does, but not where it lives: like a code after `returned`, it counts only where the rest of the
 * text names its platform, table or endpoint (the scorer's usual clues), and only in a message.
 */
import { codeValue } from '../../catalog/codes.js';
import type { Sighting } from '../score.js';
import { namedBefore, quantityAfter } from '../tokens.js';
import { type Detector, MAX_SIGHTINGS_PER_DETECTOR, nearbyText } from './detector.js';

const CODE = String.raw`(-?(?:0x[0-9a-f]{1,8}|\d{2,12}))(?![\w.]|-\d)`;
/** The question before the code: `what is`, `what does`, `meaning of`, `anyone know what`, a sentence's opening `is`/`does`. */
const ASKED_BEFORE = new RegExp(
  String.raw`(?:\bwhat(?:'s|’s|\s+is|\s+does|\s+do)?|\bwhats|\bmeaning\s+of|(?:^|[.?!]\s+|\b(?:and|but|so)\s+)(?:is|does))\s+(?:(?:the|a|an)\s+)?(?:(?:error|err|return|status|result)\s+)?(?:code\s+)?(?<![\w.-])${CODE}`,
  'gim',
);
/**
 * The question after the code: `… 221019 is?`, `does 415 mean`, `20156 是什么`. Not `means`: `the bot
 * said 6004 means anything can happen` tells a meaning, it does not ask for one.
 */
const ASKED_AFTER = new RegExp(
  String.raw`(?<![\w.-])${CODE}\s*(?:is\s*[?？]|mean\b|stand\s+for\b|是什么|是啥|啥意思|什么意思|代表什么|指什么|官方描述|的含义|含义是)`,
  'gi',
);
/** Read only in a message: a log is not a conversation. */
const MESSAGE_LIMIT = 4000;

export const askedCodeDetector: Detector = {
  name: 'asked-code',
  detect(text, tools) {
    const sightings: Sighting[] = [];
    if (text.length > MESSAGE_LIMIT) return sightings;
    const seen = new Set<string>();
    for (const pattern of [ASKED_BEFORE, ASKED_AFTER]) {
      for (const m of text.matchAll(pattern)) {
        if (sightings.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
        const raw = m[1] as string;
        const start = (m.index as number) + m[0].lastIndexOf(raw);
        const end = start + raw.length;
        if (seen.has(raw) || quantityAfter(text, end)) continue;
        if (namedBefore(text, start)) continue;
        const parsed = codeValue(raw);
        if (!parsed || tools.codes.find(parsed.value).length === 0) continue;
        seen.add(raw);
        sightings.push({
          raw,
          value: parsed.value,
          hex: parsed.hex,
          asked: true,
          nearby: nearbyText(text, start, raw.length, tools.lower),
          clues: [{ kind: 'message', detail: `asked about ${raw}` }],
        });
      }
    }
    return sightings;
  },
};
