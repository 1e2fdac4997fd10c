/**
 * The OIDB form `oidb decode0x73a failed, ret: 17`: the command picks the table (its keywords say
 * which: 0x73a the pay-token table, 0x711 the access-token table) and `ret` is its code, in decimal
 * or hex; the scorer reaches a hex table's code by value.
 */
import { codeValue } from '../../catalog/codes.js';
import type { Sighting } from '../score.js';
import { CODE_END, type Detector, MAX_SIGHTINGS_PER_DETECTOR, nearbyText } from './detector.js';

const OIDB_DECODE = new RegExp(
  String.raw`decode\s?(0x[0-9a-f]{1,6})\s{0,3}failed\W{0,6}ret\W{0,3}(-?(?:0x[0-9a-f]{1,8}|\d{1,12}))${CODE_END}`,
  'gi',
);

export const oidbDetector: Detector = {
  name: 'oidb',
  detect(text, { lower }) {
    const sightings: Sighting[] = [];
    for (const m of text.matchAll(OIDB_DECODE)) {
      if (sightings.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
      const command = (m[1] as string).toLowerCase();
      const raw = m[2] as string;
      const parsed = codeValue(raw);
      if (!parsed) continue;
      sightings.push({
        raw,
        value: parsed.value,
        hex: parsed.hex,
        field: 'ret',
        tableWord: command,
        nearby: nearbyText(text, m.index, m[0].length, lower),
        clues: [{ kind: 'oidb', detail: `decode${command} failed, ret: ${raw}` }],
      });
    }
    return sightings;
  },
};
