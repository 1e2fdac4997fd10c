/** What every paste detector supplies. Each one finds one kind of evidence; the registry orders them. */
import type { CodeIndex } from '../code-index.js';
import type { Sighting } from '../score.js';

export interface DetectorTools {
  readonly codes: CodeIndex;
}

export interface Detector {
  readonly name: string;
  /** Sightings in `text` (already bounded in size by the caller). */
  detect(text: string, tools: DetectorTools): Sighting[];
}

/** Most sightings one detector reports for one message; a paste with more is a dump, not a question. */
export const MAX_SIGHTINGS_PER_DETECTOR = 200;

/** Characters either side of a code read as its "nearby" text (message fields, companion codes). */
export const NEARBY_RADIUS = 300;

export function nearbyText(text: string, index: number, length: number): string {
  return text.slice(Math.max(0, index - NEARBY_RADIUS), index + length + NEARBY_RADIUS).toLowerCase();
}
