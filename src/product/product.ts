/**
 * The product, once for every platform: what errcode replies when someone asks (a command, a
 * message action, a mention), when someone pastes an error (the auto-reply), and when someone
 * clicks a card. Adapters turn platform events into these calls and render the tagged replies;
 * they hold no product decisions.
 *
 * One engine lookup per command and per click: a command's other meanings are the rest of its own
 * lookup; a click explains its entry by key (a map read) and looks its code up once.
 */

import { CODE_PATTERN } from '../catalog/schema.js';
import type { Answer, EntryRef } from '../engine/answer.js';
import { SCAN_ANSWERS } from '../engine/engine.js';
import { askedAnswers, explicitAnswers } from '../engine/explicit.js';
import { REPORTED_QUERY_LIMIT } from '../feedback.js';
import { asksSameCode, buildCard, type CardInput, type CardMode, codeLabel, linkOf } from '../interaction/card.js';
import { type CardState, isDone, queryForState } from '../interaction/state.js';
import { type FaultCode, faultMessage, replyLanguage, ui } from '../messages.js';
import { ExpiringMap } from '../policy/auto-reply.js';
import { MAX_ANSWERS_PER_REPLY, type PasteEvent, planAutoReply } from '../policy/plan.js';
import { redactSecrets, type SecretKind } from '../secrets.js';
import type { Services } from '../services.js';
import { type Proposal, TooManyProposalsError } from '../state/store.js';
import { noteStateUnavailable } from '../state/unavailable.js';
import type { Language } from '../text.js';
import { pick } from '../text.js';
import {
  type ActionInput,
  type CardAction,
  type CardInputAction,
  freshState,
  REVIEW_ACTIONS,
  type ReviewAction,
  reduceCard,
  type StatelessAction,
} from './actions.js';
import { cardControls, compactControls, reviewControls } from './controls.js';
import { isPastedLog } from './paste.js';
import type {
  AnswersReply,
  CardReply,
  FormField,
  FormPurpose,
  FormReply,
  NoMatchReply,
  Notice,
  Notification,
  Reply,
  ReviewReply,
} from './reply.js';
import {
  approveProposal,
  cleanProposal,
  type DecisionResult,
  decisionText,
  type FormValues,
  isMaintainer,
  PROPOSAL_LIMITS,
  rejectProposal,
  scopeText,
} from './teaching.js';
import type { ChatPlatform } from './telemetry.js';

const HELP = /^(help|-h|--help|\?|帮助)$/i;
/** An autocomplete value: the query, then `#` and the entry key it stands for. */
const PINNED = /^(.*?)\s*#([0-9a-z]{1,16})$/;
/** Other entries a card links to, at most (the platforms' menus take 25). */
const LINKS_MAX = 24;
/** At most one "rotate that credential" note per person per channel in this long. */
const SECRET_NOTE_INTERVAL_MS = 60_000;
/** `/errcode review` */
const REVIEW = /^(review|审核)$/i;
/** Suggestions `/errcode review` lists at once (each with three buttons; Discord has five rows). */
const REVIEW_MAX = 4;
/**
 * A step shows "fixed it for N of M" once at least this many people marked the entry fixed: fewer
 * is an anecdote, not a figure (and one person's ticks would read as 100%).
 */
export const MIN_FIXES_FOR_CREDIT = 3;

/** Where an ask or a paste happened and who did it (ids only; for notes and logs). */
export interface Where {
  readonly channel?: string | undefined;
  readonly user: string;
}

/**
 * What decides a reply's language, as the adapter has it: the reader's locale as the platform
 * gives it (`zh-CN`, `en-US`; a Language is one too), undefined when it does not; and what they
 * wrote, typed (its script decides either way) or pasted (only Chinese in it decides).
 * Product.languageFor applies the rule (src/messages.ts replyLanguage) with ERRCODE_DEFAULT_LANGUAGE.
 */
export interface LanguageHints {
  readonly locale?: string | undefined;
  readonly question?: string | undefined;
  readonly pasted?: string | undefined;
}

export interface MessageAsk {
  /** The asker's locale as the platform gives it; undefined when it does not. */
  readonly locale: string | undefined;
  /** The asker's own typed words (a mention's text): their script decides the reply's language. */
  readonly question?: string | undefined;
  /** Every text to read: the message, its files, the thread root or quoted message. */
  readonly texts: readonly string[];
  /** The asker's own texts: only their credentials are theirs to be told about. */
  readonly ownTexts: readonly string[];
  /** A private reply (message shortcut, context menu) or a public one (mention). */
  readonly visibility: CardMode;
  /** The platform can tell the asker privately beside a public reply (Slack's ephemeral). */
  readonly canWhisper: boolean;
  readonly where: Where;
}

export interface Answered {
  readonly reply: Reply;
  readonly answers: readonly Answer[];
  /** A notice for the asker alone, sent beside a public reply. */
  readonly whisper?: Notice;
}

export interface AutoReplyPlanned {
  readonly answers: readonly Answer[];
  /** Codes past the cards, named in a note (src/policy/plan.ts). */
  readonly more: readonly Answer[];
  /** The paste as read: Chinese in it makes the reply Chinese. */
  readonly pasted: string;
  readonly secrets: readonly SecretKind[];
  /** Once the reply is known: true keeps the store's marks, false gives them back (src/policy/plan.ts). */
  settle(posted: boolean): Promise<void>;
}

export interface Click {
  readonly user: string;
  /** The channel as the auto-reply policy knows it (mutes are per channel). */
  readonly channelId?: string | undefined;
  /** The clicked message is public (a shared copy, an auto-reply): it is never rewritten. */
  readonly onPublic: boolean;
  /** The clicker's language, for what opens for them and for faults. */
  readonly lang: Language;
  /** Undefined: the platform ids did not decode (an older or tampered button). */
  readonly input: ActionInput | undefined;
}

export type ClickResult =
  /** Replace the clicked (private) message. */
  | { readonly kind: 'update'; readonly reply: Reply }
  /** A new message only the clicker sees. */
  | { readonly kind: 'private'; readonly reply: Reply }
  /** A read-only public copy in the channel; the private original goes away where it can. */
  | { readonly kind: 'publish'; readonly reply: CardReply }
  /** Nothing to send (a link was opened). */
  | { readonly kind: 'none' }
  /** A modal for the clicker (the suggestion form); its submission comes back to submitForm. */
  | { readonly kind: 'form'; readonly form: FormReply }
  /** A private reply, and messages to others (the proposer told of a decision). */
  | { readonly kind: 'private-and-notify'; readonly reply: Reply; readonly notify: readonly Notification[] };

/** A suggestion form sent back: whose, from where, for what, with the values typed. */
export interface FormSubmission {
  readonly purpose: FormPurpose;
  readonly lang: Language;
  readonly user: string;
  readonly channelId?: string | undefined;
  readonly values: FormValues;
}

export interface Submitted {
  /** What the submitter sees, privately. */
  readonly reply: Reply;
  /** Whether the form is done (false: it said why not; the platform may keep the modal open). */
  readonly accepted: boolean;
}

interface ClickContext {
  readonly click: Click;
  readonly input: CardInputAction;
  readonly answer: Answer;
}

export class Product {
  private readonly secretNotes = new ExpiringMap<true>(10_000);

  constructor(
    readonly services: Services,
    readonly platform: ChatPlatform,
  ) {}

  // ----- asks ------------------------------------------------------------------------------

  /**
   * The language of a reply: the script of what was written, else the reader's locale, else the
   * configured default (ERRCODE_DEFAULT_LANGUAGE), the same on every platform.
   */
  languageFor(hints: LanguageHints): Language {
    return replyLanguage({ ...hints, fallback: this.services.defaultLanguage });
  }

  /**
   * `/errcode <query>`: usage, a card (with other meanings or other matches), or no match; in the
   * language of the query's words, else of the reader's `locale` (as the platform gives it), else the default.
   */
  async answerCommand(query: string, locale: string | undefined, who?: Where): Promise<Answered> {
    // A pasted log's English is a program's words: only Chinese in it tells the reader's language.
    const lang = this.languageFor(isPastedLog(query) ? { pasted: query, locale } : { question: query, locale });
    if (REVIEW.test(query.trim()) && who) return { reply: await this.review(who.user, lang), answers: [] };
    const answered = this.answerCommandNow(query, lang);
    return { ...answered, reply: await this.decorate(answered.reply) };
  }

  private answerCommandNow(query: string, lang: Language): Answered {
    const trimmed = query.trim();
    const redacted = redactSecrets(trimmed);
    const notices: Notice[] = redacted.found.length > 0 ? [secretNotice(redacted.found, lang)] : [];
    if (trimmed === '' || HELP.test(trimmed)) return { reply: usage(lang, notices), answers: [] };
    const engine = this.services.engines.current;

    const pinned = PINNED.exec(trimmed);
    const chosen = pinned?.[2] ? engine.explain(pinned[2]) : undefined;
    if (chosen) {
      const reply = this.card(chosen, freshState(chosen.entryKey, lang), 'private', this.otherMeanings(chosen), 'other-meanings', notices);
      return { reply, answers: [chosen] };
    }

    // A pasted log is answered as the auto-reply reads a paste: every code worth an answer, not one.
    const pasted = isPastedLog(trimmed);
    if (pasted) {
      const started = performance.now();
      const answers = explicitAnswers(engine, [trimmed], SCAN_ANSWERS);
      this.services.metrics.engineSeconds.observe({ operation: 'scan' }, (performance.now() - started) / 1000);
      const [first] = answers;
      if (first) {
        const read: Notice = { kind: 'note', text: ui('pasteReadAsLog', lang, { count: answers.length }) };
        const reply =
          answers.length === 1
            ? this.card(first, freshState(first.entryKey, lang), 'private', this.otherMeanings(first), 'other-meanings', [...notices, read])
            : compactAnswers(answers, lang, { mute: false }, [...notices, read], (a) => this.otherMeanings(a));
        return { reply, answers };
      }
      notices.push({ kind: 'note', text: ui('pasteNoCode', lang) });
    }

    const started = performance.now();
    const result = engine.lookup(trimmed, { limit: LINKS_MAX + 1 });
    this.services.metrics.engineSeconds.observe({ operation: 'lookup' }, (performance.now() - started) / 1000);
    for (const text of result.notes) notices.push({ kind: 'note', text });
    const first = result.answers[0];
    if (first) {
      // Free text: the card carries its query, so a click can list the same other matches again.
      const query = result.mode === 'text' ? queryForState(redacted.text) : undefined;
      const state = { ...freshState(first.entryKey, lang), ...(query ? { query } : {}) };
      const kind = result.mode === 'text' ? 'other-matches' : 'other-meanings';
      const others: EntryRef[] = [];
      // `100014 100015` asks about two codes: the second is no other meaning of the first.
      const otherCodes: EntryRef[] = [];
      let tied = false;
      for (let i = 1; i < result.answers.length; i += 1) {
        const other = result.answers[i] as Answer;
        const sameCode = kind === 'other-meanings' && asksSameCode(first, other);
        if (sameCode && other.confidence === first.confidence) tied = true;
        (kind === 'other-meanings' && !sameCode ? otherCodes : others).push(refOfAnswer(other));
      }
      // Only a code its question left tied (`6`, not `qq 6`) says which words would narrow it.
      const narrowing = tied ? engine.narrowingWords(first.entryKey) : [];
      const reply = cardReply({ answer: first, state, mode: 'private', others, othersKind: kind, otherCodes, narrowing }, notices);
      return { reply, answers: [first] };
    }
    if (result.status === 'empty-query') return { reply: usage(lang, notices), answers: [] };
    return { reply: noMatch(redacted.text, result.suggestions, lang, false, notices), answers: [] };
  }

  /** A message someone pointed errcode at: a private card, compact answers, or the usage. */
  answerMessage(ask: MessageAsk): Answered {
    const lang = this.languageFor({ locale: ask.locale, question: ask.question, pasted: ask.texts.join('\n') });
    const started = performance.now();
    // A mention's own words may ask in words (`@errcode which code means the pay token expired on 0x73a`):
    // searched when the texts show no code; a message pointed at (a shortcut) has no words of the asker's.
    const engine = this.services.engines.current;
    const answers =
      ask.question !== undefined && ask.question.trim().length > 0
        ? askedAnswers(engine, ask.question, ask.texts, MAX_ANSWERS_PER_REPLY)
        : explicitAnswers(engine, ask.texts, MAX_ANSWERS_PER_REPLY);
    this.services.metrics.engineSeconds.observe({ operation: 'scan' }, (performance.now() - started) / 1000);
    const secrets = redactSecrets(ask.ownTexts.join('\n')).found;
    // Beside a public reply the note goes to the asker alone, where the platform can do that.
    const whisper =
      secrets.length > 0 && ask.visibility === 'public' && ask.canWhisper ? this.whisperTo(ask.where, secrets, lang) : undefined;
    const notices = secrets.length > 0 && !(ask.visibility === 'public' && ask.canWhisper) ? [secretNotice(secrets, lang)] : [];
    const [first] = answers;
    let reply: Reply;
    if (!first) reply = usage(lang, notices, ui('noCodeFound', lang));
    else if (answers.length === 1 && ask.visibility === 'private')
      reply = this.card(first, freshState(first.entryKey, lang), 'private', this.otherMeanings(first), 'other-meanings', notices);
    else reply = compactAnswers(answers, lang, { mute: false }, notices, (a) => this.otherMeanings(a));
    return { reply, answers, ...(whisper ? { whisper } : {}) };
  }

  // ----- auto-reply --------------------------------------------------------------------------

  /** Whether a paste in this channel could get a reply: files are downloaded only then. */
  readsPastesIn(channelId: string): boolean {
    return this.services.policy.channelAllowed(channelId).reply;
  }

  /**
   * What the shared decision lets errcode answer in a paste (counted once, here). A store that
   * cannot answer gives an empty plan: silence, never a guess.
   */
  async planAutoReply(event: Omit<PasteEvent, 'platform'>): Promise<AutoReplyPlanned> {
    return { ...(await planAutoReply(this.services, { platform: this.platform, ...event })), pasted: event.text };
  }

  /**
   * The auto-reply for a plan: compact answers with "Show fix checklist" and "Not relevant", or
   * nothing. A credential in the paste: a whisper to the poster where the platform can (even with
   * no answer), else a line on the reply (never a reply of its own in the channel).
   */
  autoReply(plan: AutoReplyPlanned, locale: string | undefined, options: { canWhisper: boolean; where: Where }): Answered | undefined {
    const lang = this.languageFor({ pasted: plan.pasted, locale });
    const secrets = plan.secrets;
    const whisper = secrets.length > 0 && options.canWhisper ? this.whisperTo(options.where, secrets, lang) : undefined;
    if (plan.answers.length === 0)
      return whisper ? { reply: { kind: 'notice', lang, text: whisper.text }, answers: [], whisper } : undefined;
    const notices = secrets.length > 0 && !options.canWhisper ? [secretNotice(secrets, lang)] : [];
    // A log of many errors: those past the cards are named, so none is dropped unsaid.
    if (plan.more.length > 0)
      notices.push({ kind: 'note', text: ui('pasteMoreCodes', lang, { codes: plan.more.map(codeLabel).join(', ') }) });
    const reply = compactAnswers(plan.answers, lang, { mute: true }, notices, (a) => this.otherMeanings(a));
    return { reply, answers: plan.answers, ...(whisper ? { whisper } : {}) };
  }

  // ----- clicks --------------------------------------------------------------------------------

  async click(click: Click): Promise<ClickResult> {
    const input = click.input;
    if (!input) return this.fault('STALE_BUTTON', click.lang, 'stale_action', { user: click.user });
    if (input.action === 'reportMissing') return this.decorated(await this.reportMissing(click, input.lang, input.query));
    if (input.action === 'addCode') return { kind: 'form', form: this.addForm(input.query, input.lang) };
    if (isReview(input.action) && 'proposalId' in input) return this.reviewClick(click, input.action, input.proposalId, input.lang);
    if (!('state' in input)) return this.fault('STALE_BUTTON', click.lang, 'stale_action', { user: click.user });
    const answer = this.services.engines.current.explain(input.state.entryKey);
    if (!answer)
      return this.fault('UNKNOWN_ENTRY', input.state.lang, 'unknown_entry', { user: click.user, entryKey: input.state.entryKey });
    return this.decorated(await EFFECTS[input.action]({ click, input, answer }, this));
  }

  /** Autocomplete: entries for what was typed; each value names its entry exactly. */
  suggest(typed: string, lang: Language, limit: number): Array<{ label: string; section: string; value: string }> {
    const engine = this.services.engines.current;
    return engine.suggest(typed, limit).map((s) => {
      const entry = engine.explain(s.entryKey);
      return {
        label: `${s.query} — ${lang === 'zh' ? (s.label.zh ?? s.label.en) : s.label.en}`,
        section: entry ? (lang === 'zh' ? (entry.section.name.zh ?? entry.section.name.en) : entry.section.name.en) : '',
        value: `${s.query} #${s.entryKey}`,
      };
    });
  }

  // ----- teaching (issue 14) -------------------------------------------------------------------

  /**
   * What a reply adds from the store: "fixed it for N of M" beside a card's steps, and a note of
   * pending (unreviewed) team suggestions for the code asked about.
   */
  async decorate<R extends Reply>(reply: R): Promise<R> {
    if (reply.kind === 'card') {
      const [card, pending] = await Promise.all([this.withCredits(reply), this.pendingNotice(reply.card.code, reply.card.lang)]);
      return (pending ? { ...card, notices: [...card.notices, pending] } : card) as R;
    }
    if (reply.kind === 'no-match' && reply.addCode) {
      const pending = await this.pendingNotice(reply.addCode.code, reply.lang);
      return (pending ? { ...reply, notices: [...reply.notices, pending] } : reply) as R;
    }
    return reply;
  }

  private async decorated(result: ClickResult): Promise<ClickResult> {
    if (result.kind === 'update' || result.kind === 'private') return { ...result, reply: await this.decorate(result.reply) };
    return result;
  }

  private async withCredits(reply: CardReply): Promise<CardReply> {
    const steps = reply.card.steps;
    if (steps.length === 0) return reply;
    const answer = this.services.engines.current.explain(reply.card.state.entryKey);
    if (!answer) return reply;
    const stats = await this.services.state.fixStats(answer.entryId);
    if (stats.fixed < MIN_FIXES_FOR_CREDIT) return reply;
    const lang = reply.card.lang;
    const credited = steps.map((step) => {
      const count = stats.byStep[step.index] ?? 0;
      return count > 0 ? { ...step, credit: ui('stepCredit', lang, { count, total: stats.fixed }) } : step;
    });
    return { ...reply, card: { ...reply.card, steps: credited } };
  }

  private async pendingNotice(code: string, lang: Language): Promise<Notice | undefined> {
    const pending = await this.services.state.pendingProposalsFor(code);
    const first = pending[0];
    if (!first) return undefined;
    return { kind: 'unreviewed', text: ui('pendingNote', lang, { count: pending.length, code: first.code, meaning: first.meaning }) };
  }

  /** The suggestion form for a new code (from a no-match): the code prefilled when the query is one. */
  addForm(query: string, lang: Language): FormReply {
    const code = CODE_PATTERN.test(query) ? query.trim() : '';
    return form({ kind: 'add' }, lang, ui('formAddTitle', lang), ui('formSubmit', lang), {
      code,
      scope: '',
      meaning: '',
      steps: '',
      link: '',
    });
  }

  /** A form sent back: a new suggestion stored pending, or a maintainer's edit saved. */
  async submitForm(submission: FormSubmission): Promise<Submitted> {
    const { lang, purpose } = submission;
    const notice = (text: string, accepted: boolean): Submitted => ({ reply: { kind: 'notice', lang, text }, accepted });
    const cleaned = cleanProposal(submission.values, lang);
    if (!cleaned.ok) return notice(ui('proposalRefused', lang, { reason: cleaned.reason }), false);
    const where = { platform: this.platform, user: submission.user, channel: submission.channelId };
    if (purpose.kind === 'edit') {
      if (!isMaintainer(this.services.teaching, this.platform, submission.user)) return this.refusal(lang, where.user, 'editProposal');
      const edited = await this.services.state.editProposal(purpose.proposalId, cleaned.fields, {
        by: submission.user,
        platform: this.platform,
        at: Date.now(),
      });
      this.services.logger.info(
        { event: 'proposal_edited', ...where, proposal: purpose.proposalId, outcome: edited.outcome },
        'suggestion edited',
      );
      if (edited.outcome === 'missing') return notice(ui('proposalMissing', lang, { id: purpose.proposalId }), true);
      if (edited.outcome === 'already-decided')
        return notice(decisionText({ outcome: 'already-decided', proposal: edited.proposal }, purpose.proposalId, lang), true);
      return notice(ui('proposalEdited', lang, { id: purpose.proposalId, code: edited.proposal.code }), true);
    }
    const entry = purpose.kind === 'fix' ? this.services.engines.current.explain(purpose.entryKey) : undefined;
    let proposal: Proposal;
    try {
      proposal = await this.services.state.createProposal({
        kind: purpose.kind,
        ...cleaned.fields,
        ...(entry ? { entryId: entry.entryId } : {}),
        platform: this.platform,
        proposer: submission.user,
        ...(submission.channelId ? { channelId: submission.channelId } : {}),
      });
    } catch (error) {
      if (error instanceof TooManyProposalsError) return notice(ui('proposalRefused', lang, { reason: ui('proposalFull', lang) }), false);
      throw error;
    }
    this.services.logger.info(
      { event: 'proposal_created', ...where, proposal: proposal.id, kind: proposal.kind, code: proposal.code, redacted: cleaned.secrets },
      'suggestion stored for review',
    );
    const thanks = ui('proposalPending', lang, { code: proposal.code, id: proposal.id });
    return notice(cleaned.secrets.length > 0 ? `${thanks} ${secretNotice(cleaned.secrets, lang).text}` : thanks, true);
  }

  /** `/errcode review`: pending suggestions with Approve / Edit / Reject, for maintainers only. */
  async review(user: string, lang: Language): Promise<Reply> {
    if (!isMaintainer(this.services.teaching, this.platform, user)) return { kind: 'notice', lang, text: ui('notMaintainer', lang) };
    const pending = await this.services.state.pendingProposals();
    return reviewReply(pending, lang);
  }

  private async reviewClick(click: Click, action: ReviewAction, id: string, lang: Language): Promise<ClickResult> {
    const where = { platform: this.platform, user: click.user, channel: click.channelId };
    if (!isMaintainer(this.services.teaching, this.platform, click.user)) {
      this.services.logger.info({ event: 'review_refused', ...where, action, proposal: id }, 'a non-maintainer tried to review');
      return { kind: 'private', reply: { kind: 'notice', lang, text: ui('notMaintainer', lang) } };
    }
    if (action === 'editProposal') {
      const proposal = await this.services.state.getProposal(id);
      if (!proposal) return { kind: 'private', reply: { kind: 'notice', lang, text: ui('proposalMissing', lang, { id }) } };
      return { kind: 'form', form: editForm(proposal, lang) };
    }
    const by = { platform: this.platform, user: click.user };
    const result: DecisionResult =
      action === 'approve'
        ? this.services.teaching
          ? await approveProposal(this.services.state, this.services.teaching, this.services.engines.current, id, by)
          : { outcome: 'no-team-dir' }
        : await rejectProposal(this.services.state, id, by);
    this.services.logger.info(
      { event: 'proposal_decided', ...where, action, proposal: id, outcome: result.outcome },
      'suggestion reviewed',
    );
    const text = decisionText(result, id, lang);
    const notify = notificationsOf(result);
    // The review list again, below what was done: the next suggestion is one click away.
    const pending = await this.services.state.pendingProposals();
    const list = reviewReply(pending, lang, [{ kind: 'note', text }]);
    return notify.length > 0 ? { kind: 'private-and-notify', reply: list, notify } : { kind: 'update', reply: list };
  }

  private refusal(lang: Language, user: string, action: string): Submitted {
    this.services.logger.info({ event: 'review_refused', platform: this.platform, user, action }, 'a non-maintainer tried to review');
    return { reply: { kind: 'notice', lang, text: ui('notMaintainer', lang) }, accepted: true };
  }

  /** "Fixed it": the steps ticked on this card are credited to this entry (one credit per user). */
  async recordFix(answer: Answer, state: CardState, click: Click): Promise<Notice> {
    const steps = answer.checklist.map((_, i) => i).filter((i) => isDone(state, i));
    const outcome = await this.services.state.recordFix({ platform: this.platform, entryId: answer.entryId, userId: click.user, steps });
    this.services.logger.info(
      {
        event: 'fix_credited',
        platform: this.platform,
        user: click.user,
        channel: click.channelId,
        entryId: answer.entryId,
        steps,
        outcome: outcome.outcome,
      },
      'card marked fixed',
    );
    const lang = state.lang;
    const named = steps.map((i) => ui('stepWord', lang, { n: i + 1 })).join(', ');
    return { kind: 'note', text: steps.length > 0 ? ui('fixedThanks', lang, { steps: named }) : ui('fixedThanksNoSteps', lang) };
  }

  // ----- pieces the effects use --------------------------------------------------------------

  /** A card of `answer` in `state`, with its controls decided once. */
  card(
    answer: Answer,
    state: CardState,
    mode: CardMode,
    others: readonly EntryRef[] = [],
    othersKind: 'other-meanings' | 'other-matches' = 'other-meanings',
    notices: readonly Notice[] = [],
    sharedBy?: string,
    otherCodes: readonly EntryRef[] = [],
  ): CardReply {
    return cardReply({ answer, state, mode, others, othersKind, otherCodes }, notices, sharedBy);
  }

  /**
   * The card a click shows privately, with one lookup: a free-text card whose entry is still among
   * its query's matches keeps "Other matches"; any other card lists the entry's other meanings.
   */
  privateCard(answer: Answer, state: CardState): CardReply {
    if (state.query !== undefined) {
      const matches = this.services.engines.current.lookup(state.query, { limit: LINKS_MAX + 1 });
      if (matches.mode === 'text' && matches.answers.some((a) => a.entryKey === answer.entryKey))
        return this.card(answer, state, 'private', matches.answers.map(refOfAnswer), 'other-matches');
      const { query: _dropped, ...rest } = state;
      return this.codeCard(answer, rest);
    }
    return this.codeCard(answer, state);
  }

  /**
   * A private card of a code's meaning, as a click redraws it: its other meanings, and, when the
   * code alone leaves them tied, the words that narrow it (as the card first said them).
   */
  private codeCard(answer: Answer, state: CardState): CardReply {
    const narrowing = this.services.engines.current.narrowingWords(answer.entryKey);
    return cardReply({ answer, state, mode: 'private', others: this.otherMeanings(answer), othersKind: 'other-meanings', narrowing });
  }

  otherMeanings(answer: Answer): EntryRef[] {
    return this.services.engines.current.otherMeanings(answer.entryKey, LINKS_MAX, answer.matchedAs);
  }

  /**
   * One vote per person per entry, in the store: a second click on the other button changes the
   * vote (logged with the one it replaces), the same click again changes nothing. A store that
   * cannot answer loses the vote (counted), never the card.
   */
  async recordVote(answer: Answer, click: Click, helpful: boolean): Promise<void> {
    const vote = helpful ? 'helpful' : 'not_helpful';
    let outcome: Awaited<ReturnType<Services['state']['recordVote']>>;
    try {
      outcome = await this.services.state.recordVote({ platform: this.platform, entryId: answer.entryId, userId: click.user, vote });
    } catch (error) {
      noteStateUnavailable(this.services, 'vote', error);
      return;
    }
    if (outcome.outcome === 'unchanged') return;
    this.services.feedback.vote(this.platform, answer.entryId, helpful, {
      user: click.user,
      ...(click.channelId ? { channel: click.channelId } : {}),
      ...(outcome.outcome === 'changed' ? { previous: outcome.previous } : {}),
    });
  }

  fault(code: FaultCode, lang: Language, event: string, fields: Record<string, unknown>): ClickResult {
    this.services.logger.info({ event, platform: this.platform, ...fields }, faultMessage(code, 'en'));
    return { kind: 'private', reply: { kind: 'notice', lang, text: faultMessage(code, lang) } };
  }

  private async reportMissing(click: Click, lang: Language, query: string): Promise<ClickResult> {
    this.services.feedback.missingCode(this.platform, query, {
      user: click.user,
      ...(click.channelId ? { channel: click.channelId } : {}),
    });
    try {
      // Redacted before it is kept, as in the log line: a report never stores a pasted credential.
      await this.services.state.reportMissing({ platform: this.platform, query: redactSecrets(query).text, userId: click.user });
    } catch (error) {
      noteStateUnavailable(this.services, 'report-missing', error);
    }
    const result = this.services.engines.current.lookup(query);
    return { kind: 'update', reply: noMatch(query, result.suggestions, lang, true, []) };
  }

  /** The secret note for this person, unless they were told in this channel a moment ago. */
  private whisperTo(where: Where, secrets: readonly SecretKind[], lang: Language): Notice | undefined {
    const key = `${where.channel ?? ''}\u0000${where.user}`;
    const now = Date.now();
    if (this.secretNotes.get(key, now)) return undefined;
    this.secretNotes.set(key, true, now + SECRET_NOTE_INTERVAL_MS);
    this.services.logger.info(
      { event: 'secret_pasted', platform: this.platform, channel: where.channel, user: where.user, kinds: secrets },
      'told the poster to rotate a pasted credential',
    );
    return secretNotice(secrets, lang);
  }
}

type Effect = (context: ClickContext, product: Product) => ClickResult | Promise<ClickResult>;

function isReview(action: CardAction): action is ReviewAction {
  return (REVIEW_ACTIONS as readonly CardAction[]).includes(action);
}

/** A click on a public message opens the clicker's own card instead: nobody else's view changes. */
function privately(effect: Effect): Effect {
  return (context, product) => (context.click.onPublic ? EFFECTS.showChecklist(context, product) : effect(context, product));
}

/** The card in its next state, replacing the clicked private card. */
const updateCard: Effect = ({ input, answer }, product) => ({
  kind: 'update',
  reply: product.privateCard(answer, reduceCard(input, answer)),
});

const vote =
  (helpful: boolean): Effect =>
  async (context, product) => {
    await product.recordVote(context.answer, context.click, helpful);
    return updateCard(context, product);
  };

/** What each action does; exhaustive, so a new action is a type error until it has an effect. */
const EFFECTS: Readonly<Record<Exclude<CardAction, StatelessAction>, Effect>> = {
  // Opens a form, changes no message: on a public copy too.
  suggestFix: ({ answer, input }) => ({ kind: 'form', form: fixForm(answer, input.state.lang) }),
  fixed: privately(async ({ click, input, answer }, product) => {
    const thanks = await product.recordFix(answer, input.state, click);
    const card = product.privateCard(answer, input.state);
    return { kind: 'update', reply: { ...card, notices: [...card.notices, thanks] } };
  }),
  tick: privately(updateCard),
  stillFailing: privately(updateCard),
  language: privately(updateCard),
  helpful: privately(vote(true)),
  notHelpful: privately(vote(false)),
  open: privately(({ click, input }, product) => {
    if (input.action !== 'open') return { kind: 'none' };
    const target = product.services.engines.current.explain(input.entryKey);
    if (!target) return product.fault('UNKNOWN_ENTRY', input.state.lang, 'unknown_entry', { user: click.user, entryKey: input.entryKey });
    return { kind: 'update', reply: product.privateCard(target, reduceCard(input, target)) };
  }),
  share: ({ click, input, answer }, product) => ({
    kind: 'publish',
    reply: product.card(answer, reduceCard(input, answer), 'public', [], 'other-meanings', [], click.user),
  }),
  showChecklist: ({ click, answer }, product) => ({
    kind: 'private',
    // Opened by whoever clicked: their language, a fresh checklist.
    reply: product.privateCard(answer, freshState(answer.entryKey, click.lang)),
  }),
  mute: async ({ click, answer }, product) => {
    const { services } = product;
    if (click.channelId) {
      try {
        await services.state.mute(click.channelId, answer.entryKey, services.policy.settings.muteMs);
      } catch (error) {
        // Not muted: say so instead of promising a quiet day.
        noteStateUnavailable(services, 'mute', error);
        return product.fault('INTERNAL', click.lang, 'auto_reply_mute_failed', { user: click.user, channel: click.channelId });
      }
    }
    services.logger.info(
      { event: 'auto_reply_muted', platform: product.platform, channel: click.channelId, user: click.user, entryId: answer.entryId },
      'code muted in channel',
    );
    return { kind: 'private', reply: { kind: 'notice', lang: click.lang, text: ui('mutedCode', click.lang, { code: codeOf(answer) }) } };
  },
  docs: () => ({ kind: 'none' }),
};

/** "Suggest a fix" on a card: code, scope and the entry's current meaning and steps prefilled. */
export function fixForm(answer: Answer, lang: Language): FormReply {
  return form({ kind: 'fix', entryKey: answer.entryKey }, lang, ui('formFixTitle', lang), ui('formSubmit', lang), {
    code: answer.code,
    scope: scopeText({ catalogId: answer.catalog.id, sectionId: answer.section.id }),
    meaning: pick(answer.description, lang),
    steps: answer.checklist.map((step) => pick(step, lang)).join('\n'),
    link: answer.section.docs ?? '',
  });
}

function form(purpose: FormPurpose, lang: Language, title: string, submit: string, values: FormValues): FormReply {
  const field = (name: FormField['name'], label: string, multiline: boolean, required: boolean, maxLength: number): FormField => ({
    name,
    label,
    value: values[name].slice(0, maxLength),
    multiline,
    required,
    maxLength,
  });
  return {
    kind: 'form',
    lang,
    purpose,
    title,
    submit,
    fields: [
      field('code', ui('formCode', lang), false, true, PROPOSAL_LIMITS.code),
      field('scope', ui('formScope', lang), false, false, PROPOSAL_LIMITS.scope),
      field('meaning', ui('formMeaning', lang), true, true, PROPOSAL_LIMITS.meaning),
      // Room for every step of the longest checklist; each step is capped again when cleaned.
      field('steps', ui('formSteps', lang), true, false, 3000),
      field('link', ui('formLink', lang), false, false, PROPOSAL_LIMITS.link),
    ],
  };
}

function editForm(proposal: Proposal, lang: Language): FormReply {
  return form({ kind: 'edit', proposalId: proposal.id }, lang, ui('formEditTitle', lang), ui('formSave', lang), {
    code: proposal.code,
    scope: scopeText(proposal),
    meaning: proposal.meaning,
    steps: proposal.steps.join('\n'),
    link: proposal.link ?? '',
  });
}

function reviewReply(pending: readonly Proposal[], lang: Language, notices: readonly Notice[] = []): ReviewReply {
  const shown = pending.slice(0, REVIEW_MAX);
  return {
    kind: 'review',
    lang,
    title: ui('reviewTitle', lang, { count: pending.length }),
    items: shown.map((p) => ({
      id: p.id,
      summary: `${p.id}: ${ui('reviewItem', lang, { code: p.code, meaning: p.meaning, proposer: p.proposer, platform: p.platform, scope: scopeText(p) || '—' })}`,
      steps: p.steps,
      ...(p.link ? { link: p.link } : {}),
      controls: reviewControls(lang),
    })),
    ...(pending.length > shown.length ? { more: ui('reviewMore', lang, { count: pending.length - shown.length }) } : {}),
    notices: pending.length === 0 ? [...notices, { kind: 'note', text: ui('reviewEmpty', lang) }] : notices,
  };
}

/** The proposer is told of the decision (in English: their language is not known here). */
function notificationsOf(result: DecisionResult): Notification[] {
  if (result.outcome !== 'approved' && result.outcome !== 'rejected') return [];
  const p = result.proposal;
  const key = result.outcome === 'approved' ? 'yourProposalApproved' : 'yourProposalRejected';
  return [{ platform: p.platform, user: p.proposer, text: ui(key, 'en', { code: p.code }) }];
}

function codeOf(answer: Answer): string {
  return answer.main ? `${answer.main}/${answer.code}` : answer.code;
}

export function secretNotice(kinds: readonly SecretKind[], lang: Language): Notice {
  return { kind: 'secret', text: ui('rotateSecret', lang, { kinds: kinds.join(', ') }) };
}

/** A card with its controls decided once (pure; renderers' tests use it directly). */
export function cardReply(input: CardInput, notices: readonly Notice[] = [], sharedBy?: string): CardReply {
  const card = buildCard(input);
  return { kind: 'card', card, controls: cardControls(card), notices, ...(sharedBy ? { sharedBy } : {}) };
}

function usage(lang: Language, notices: readonly Notice[], lead?: string): Reply {
  return { kind: 'usage', lang, text: ui('usage', lang), ...(lead ? { lead } : {}), notices };
}

export function noMatch(
  query: string,
  suggestions: readonly EntryRef[],
  lang: Language,
  reported: boolean,
  notices: readonly Notice[],
): NoMatchReply {
  const code = query.trim();
  return {
    kind: 'no-match',
    lang,
    query: query.slice(0, REPORTED_QUERY_LIMIT),
    nearest: suggestions.map((s) => linkOf(s, lang)),
    reported,
    ...(CODE_PATTERN.test(code) && code.length <= PROPOSAL_LIMITS.code ? { addCode: { code, label: ui('addCode', lang) } } : {}),
    notices,
  };
}

/**
 * Compact answers; `othersOf` gives each code's other meanings, which each answer names (an
 * ambiguous code in a thread reply must not read as one confident meaning).
 */
export function compactAnswers(
  answers: readonly Answer[],
  lang: Language,
  options: { mute: boolean },
  notices: readonly Notice[],
  othersOf: (answer: Answer) => readonly EntryRef[] = () => [],
): AnswersReply {
  return {
    kind: 'answers',
    lang,
    items: answers.map((answer) => {
      const card = buildCard({ answer, state: freshState(answer.entryKey, lang), mode: 'public', others: othersOf(answer) });
      return { card, controls: compactControls(card, options) };
    }),
    notices,
  };
}

function refOfAnswer(answer: Answer): EntryRef {
  return {
    entryId: answer.entryId,
    entryKey: answer.entryKey,
    catalogId: answer.catalog.id,
    code: answer.code,
    ...(answer.main ? { main: answer.main } : {}),
    title: answer.title,
    section: answer.section.name,
    ...(answer.provenance.table ? { table: answer.provenance.table } : {}),
  };
}
