/**
 * What the bot replies, as tagged values every platform renders: the product layer decides which
 * reply, the adapters only lay it out. No wording lives in the adapters beyond layout.
 */
import type { CardLink, CardView } from '../interaction/card.js';
import type { Language } from '../text.js';
import type { CardControls, Control } from './controls.js';

/** Something said beside a reply: a credential to rotate, a query cut short. */
export interface Notice {
  readonly kind: 'secret' | 'note';
  readonly text: string;
}

export interface CardReply {
  readonly kind: 'card';
  readonly card: CardView;
  readonly controls: CardControls;
  /** Slack user / Discord user id of whoever shared a public copy. */
  readonly sharedBy?: string;
  readonly notices: readonly Notice[];
}

export interface AnswersReply {
  readonly kind: 'answers';
  readonly lang: Language;
  /** One compact card per answer, each with its own controls (Show fix checklist, Not relevant). */
  readonly items: ReadonlyArray<{ readonly card: CardView; readonly controls: readonly Control[] }>;
  readonly notices: readonly Notice[];
}

export interface NoMatchReply {
  readonly kind: 'no-match';
  readonly lang: Language;
  /** What was asked, redacted; quoted back and carried by the report button. */
  readonly query: string;
  readonly nearest: readonly CardLink[];
  readonly reported: boolean;
  readonly notices: readonly Notice[];
}

export interface UsageReply {
  readonly kind: 'usage';
  readonly lang: Language;
  /** A first line, e.g. "I found no known error code in that message." */
  readonly lead?: string;
  readonly text: string;
  readonly notices: readonly Notice[];
}

/** One short sentence of the bot's own (a thank-you, a fault). */
export interface NoticeReply {
  readonly kind: 'notice';
  readonly lang: Language;
  readonly text: string;
}

export type Reply = CardReply | AnswersReply | NoMatchReply | UsageReply | NoticeReply;

/** Notices of a reply, for renderers that print them together. */
export function noticesOf(reply: Reply): readonly Notice[] {
  return reply.kind === 'notice' ? [] : reply.notices;
}
