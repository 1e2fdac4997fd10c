/**
 * What the bot replies, as tagged values every platform renders: the product layer decides which
 * reply, the adapters only lay it out. No wording lives in the adapters beyond layout.
 */
import type { CardLink, CardView } from '../interaction/card.js';
import type { Language } from '../text.js';
import type { CardControls, Control } from './controls.js';

/** Something said beside a reply: a credential to rotate, a query cut short. */
export interface Notice {
  /** `unreviewed`: a team suggestion nobody has reviewed yet (issue 14), marked as such. */
  readonly kind: 'secret' | 'note' | 'unreviewed';
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
  /** The query reads as a code: "Add it for my team" opens the suggestion form with it (issue 14). */
  readonly addCode?: { readonly code: string; readonly label: string };
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

// ----- teaching (issue 14) -----

/** One pending suggestion as `/errcode review` lists it, with its Approve / Edit / Reject. */
export interface ReviewItem {
  readonly id: string;
  /** `424242 — Login ticket expired (from U1 on slack, qq-msdk/login)`: plain text, escaped by renderers. */
  readonly summary: string;
  readonly steps: readonly string[];
  readonly link?: string;
  readonly controls: readonly Control[];
}

export interface ReviewReply {
  readonly kind: 'review';
  readonly lang: Language;
  readonly title: string;
  readonly items: readonly ReviewItem[];
  /** `3 more: see errcode proposals` when not all fit. */
  readonly more?: string;
  readonly notices: readonly Notice[];
}

/** What the suggestion form is for: a new code, a fix to a card's entry, or a maintainer's edit. */
export type FormPurpose =
  | { readonly kind: 'add' }
  | { readonly kind: 'fix'; readonly entryKey: string }
  | { readonly kind: 'edit'; readonly proposalId: string };

export interface FormField {
  readonly name: 'code' | 'scope' | 'meaning' | 'steps' | 'link';
  readonly label: string;
  readonly value: string;
  readonly multiline: boolean;
  readonly required: boolean;
  readonly maxLength: number;
}

/** A modal: the platform opens it for the clicker; its submission comes back to Product.submitForm. */
export interface FormReply {
  readonly kind: 'form';
  readonly lang: Language;
  readonly purpose: FormPurpose;
  readonly title: string;
  readonly submit: string;
  readonly fields: readonly FormField[];
}

/** A message errcode sends someone else than the clicker (the proposer, on approval). */
export interface Notification {
  readonly platform: string;
  readonly user: string;
  readonly text: string;
}

export type Reply = CardReply | AnswersReply | NoMatchReply | UsageReply | NoticeReply | ReviewReply;

/** Notices of a reply, for renderers that print them together. */
export function noticesOf(reply: Reply): readonly Notice[] {
  return reply.kind === 'notice' ? [] : reply.notices;
}
