/**
 * A long code standing alone in a sentence next to its platform's words: `推送被拦了 80100016`,
 * `the push failed with 80300007 again`. Only five digits and more (short numbers are everywhere),
 * only free-standing (not `#6004`, `id=100014`, `v6.0.1`, `1500ms`), and the scorer drops it
 * unless the text names the entry's platform, table or endpoint.
 */
import { codeValue } from '../../catalog/codes.js';
import type { Sighting } from '../score.js';
import { type Detector, MAX_SIGHTINGS_PER_DETECTOR, nearbyText } from './detector.js';

const FREE_STANDING =
  /(?<=^|[\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u4e00-\u9fff(（"'“‘])(-?\d{5,12})(?=$|[\s,，。!?！？;；)）"'”’\u3000-\u303f\u4e00-\u9fff]|[.:：](?!\d))/gmu;

export const bareCodeDetector: Detector = {
  name: 'bare-code',
  detect(text, { codes }) {
    const sightings: Sighting[] = [];
    for (const m of text.matchAll(FREE_STANDING)) {
      if (sightings.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
      const raw = m[1] as string;
      const parsed = codeValue(raw);
      if (!parsed || codes.find(parsed.value).every((p) => p.span.isRange)) continue;
      sightings.push({ raw, value: parsed.value, hex: false, bare: true, nearby: nearbyText(text, m.index, raw.length), clues: [] });
    }
    return sightings;
  },
};
