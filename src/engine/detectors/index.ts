/**
 * The detectors a scan runs, in order. A new kind of evidence is one module beside these and one
 * line here.
 */

import { askedCodeDetector } from './asked-code.js';
import { bareCodeDetector } from './bare-code.js';
import type { Detector } from './detector.js';
import { errorWordDetector } from './error-word.js';
import { headerShapeDetector } from './header-shape.js';
import { httpStatusDetector } from './http-status.js';
import { keyValueDetector } from './key-value.js';
import { knownPhraseDetector } from './known-phrase.js';
import { oidbDetector } from './oidb.js';
import { tableColumnsDetector } from './table-columns.js';

export const DETECTORS: readonly Detector[] = [
  oidbDetector,
  keyValueDetector,
  headerShapeDetector,
  tableColumnsDetector,
  httpStatusDetector,
  knownPhraseDetector,
  errorWordDetector,
  bareCodeDetector,
  askedCodeDetector,
];

export type { Detector, DetectorTools } from './detector.js';
