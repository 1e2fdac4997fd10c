/**
 * HTTP status lines: `HTTP/1.1 415`, `HTTP 415`, `-> 400`, `<- 503`, OkHttp's `<-- 405 Method Not
 * Allowed https://…`, and curl's `-w '%{http_code}'`
 * printing the status alone on a line. Error statuses only; an endpoint's table says what they mean
 * there: the endpoint of the status's own request (requestTablesAt), and without an endpoint in the
 * text the scorer keeps them below the reply threshold.
 */
import type { Sighting } from '../score.js';
import { CODE_END, type Detector, MAX_SIGHTINGS_PER_DETECTOR, marksOf, nearbyText, requestTablesAt } from './detector.js';

const STATUS = new RegExp(String.raw`(?:\bHTTP(?:\/\d(?:\.\d)?)?\s{1,3}|(?:-{1,2}>|<-{1,2}|=>)\s{0,3})([45]\d\d)${CODE_END}`, 'gi');
const CURL_STATUS_LINE = /^\s*([45]\d\d)\s*$/gm;

export const httpStatusDetector: Detector = {
  name: 'http-status',
  detect(text, tools) {
    const { lower } = tools;
    // A status follows a space or an arrow (TextMarks.freeDigit), after `HTTP` (or `http_code`) or an arrow's `>` or `<`.
    const mayOpen = text.includes('>') || text.includes('<') || text.includes('h') || text.includes('H');
    if (!mayOpen || !marksOf(text, tools).freeDigit) return [];
    const patterns: Array<[RegExp, string]> = [[STATUS, '']];
    if (/http_code/i.test(text)) patterns.push([CURL_STATUS_LINE, ' (curl http_code)']);
    const sightings: Sighting[] = [];
    for (const [pattern, how] of patterns) {
      // Full already: the pattern's loop would stop before its first match, after a search of the text.
      if (sightings.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
      for (const m of text.matchAll(pattern)) {
        if (sightings.length >= MAX_SIGHTINGS_PER_DETECTOR) break;
        const value = Number(m[1]);
        const requestTables = requestTablesAt(text, m.index, tools);
        sightings.push({
          raw: m[1] as string,
          value,
          hex: false,
          field: 'http_status',
          nearby: nearbyText(text, m.index, m[0].length, lower),
          ...(requestTables ? { requestTables } : {}),
          clues: [{ kind: 'field', detail: `HTTP ${value}${how}` }],
        });
      }
    }
    return sightings;
  },
};
