/**
 * The product, once for every platform: what errcode replies when someone asks (a command, a
 * message action, a mention), when someone pastes an error (the auto-reply), and when someone
 * clicks a card. Adapters turn platform events into these calls and render the tagged replies;
 * they hold no product decisions.
 *
 * One engine lookup per command and per click: a command's other meanings are the rest of its own
 * lookup; a click explains its entry by key (a map read) and looks its code up once.
 */
import type { Answer, EntryRef } from '../engine/answer.js';
import { explicitAnswers } from '../engine/explicit.js';
import { REPORTED_QUERY_LIMIT } from '../feedback.js';
import { buildCard, type CardInput, type CardMode, type LinkKind, linkOf } from '../interaction/card.js';
import { type CardState, queryForState } from '../interaction/state.js';
import { type FaultCode, faultMessage, ui } from '../messages.js';
import { ExpiringMap } from '../policy/auto-reply.js';
import { MAX_ANSWERS_PER_REPLY, type PasteEvent, planAutoReply } from '../policy/plan.js';
import { redactSecrets, type SecretKind } from '../secrets.js';
import type { Services } from '../services.js';
import { noteStateUnavailable } from '../state/unavailable.js';
import type { Language } from '../text.js';
import { type ActionInput, type CardAction, type CardInputAction, freshState, reduceCard } from './actions.js';
import { cardControls, compactControls } from './controls.js';
import type { AnswersReply, CardReply, NoMatchReply, Notice, Reply } from './reply.js';
import type { ChatPlatform } from './telemetry.js';

const HELP = /^(help|-h|--help|\?|帮助)$/i;
/** An autocomplete value: the query, then `#` and the entry key it stands for. */
const PINNED = /^(.*?)\s*#([0-9a-z]{1,16})$/;
/** Other entries a card links to, at most (the platforms' menus take 25). */
const LINKS_MAX = 24;
/** At most one "rotate that credential" note per person per channel in this long. */
const SECRET_NOTE_INTERVAL_MS = 60_000;

/** Where an ask or a paste happened and who did it (ids only; for notes and logs). */
export interface Where {
  readonly channel?: string | undefined;
  readonly user: string;
}

export interface MessageAsk {
  readonly lang: Language;
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
  | { readonly kind: 'none' };

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

  /** `/errcode <query>`: usage, a card (with other meanings or other matches), or no match. */
  answerCommand(query: string, lang: Language): Answered {
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

    const started = performance.now();
    const result = engine.lookup(trimmed, { limit: LINKS_MAX + 1 });
    this.services.metrics.engineSeconds.observe({ operation: 'lookup' }, (performance.now() - started) / 1000);
    notices.push(...result.notes.map((text): Notice => ({ kind: 'note', text })));
    const [first, ...rest] = result.answers;
    if (first) {
      // Free text: the card carries its query, so a click can list the same other matches again.
      const query = result.mode === 'text' ? queryForState(redacted.text) : undefined;
      const state = { ...freshState(first.entryKey, lang), ...(query ? { query } : {}) };
      const kind = result.mode === 'text' ? 'other-matches' : 'other-meanings';
      const reply = this.card(first, state, 'private', rest.map(refOfAnswer), kind, notices);
      return { reply, answers: [first] };
    }
    if (result.status === 'empty-query') return { reply: usage(lang, notices), answers: [] };
    return { reply: noMatch(redacted.text, result.suggestions, lang, false, notices), answers: [] };
  }

  /** A message someone pointed errcode at: a private card, compact answers, or the usage. */
  answerMessage(ask: MessageAsk): Answered {
    const { lang } = ask;
    const started = performance.now();
    const answers = explicitAnswers(this.services.engines.current, ask.texts, MAX_ANSWERS_PER_REPLY);
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
    else reply = compactAnswers(answers, lang, { mute: false }, notices);
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
  planAutoReply(event: Omit<PasteEvent, 'platform'>): Promise<AutoReplyPlanned> {
    return planAutoReply(this.services, { platform: this.platform, ...event });
  }

  /**
   * The auto-reply for a plan: compact answers with "Show fix checklist" and "Not relevant", or
   * nothing. A credential in the paste: a whisper to the poster where the platform can (even with
   * no answer), else a line on the reply (never a reply of its own in the channel).
   */
  autoReply(plan: AutoReplyPlanned, lang: Language, options: { canWhisper: boolean; where: Where }): Answered | undefined {
    const secrets = plan.secrets;
    const whisper = secrets.length > 0 && options.canWhisper ? this.whisperTo(options.where, secrets, lang) : undefined;
    if (plan.answers.length === 0)
      return whisper ? { reply: { kind: 'notice', lang, text: whisper.text }, answers: [], whisper } : undefined;
    const notices = secrets.length > 0 && !options.canWhisper ? [secretNotice(secrets, lang)] : [];
    return { reply: compactAnswers(plan.answers, lang, { mute: true }, notices), answers: plan.answers, ...(whisper ? { whisper } : {}) };
  }

  // ----- clicks --------------------------------------------------------------------------------

  async click(click: Click): Promise<ClickResult> {
    const input = click.input;
    if (!input) return this.fault('STALE_BUTTON', click.lang, 'stale_action', { user: click.user });
    if (input.action === 'reportMissing') return this.reportMissing(click, input.lang, input.query);
    const answer = this.services.engines.current.explain(input.state.entryKey);
    if (!answer)
      return this.fault('UNKNOWN_ENTRY', input.state.lang, 'unknown_entry', { user: click.user, entryKey: input.state.entryKey });
    return EFFECTS[input.action]({ click, input, answer }, this);
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

  // ----- pieces the effects use --------------------------------------------------------------

  /** A card of `answer` in `state`, with its controls decided once. */
  card(
    answer: Answer,
    state: CardState,
    mode: CardMode,
    others: readonly EntryRef[] = [],
    othersKind: Exclude<LinkKind, 'related'> = 'other-meanings',
    notices: readonly Notice[] = [],
    sharedBy?: string,
  ): CardReply {
    return cardReply({ answer, state, mode, others, othersKind }, notices, sharedBy);
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
      return this.card(answer, rest, 'private', this.otherMeanings(answer));
    }
    return this.card(answer, state, 'private', this.otherMeanings(answer));
  }

  otherMeanings(answer: Answer): EntryRef[] {
    return this.services.engines.current.otherMeanings(answer.entryKey, LINKS_MAX);
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
const EFFECTS: Readonly<Record<Exclude<CardAction, 'reportMissing'>, Effect>> = {
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
  return {
    kind: 'no-match',
    lang,
    query: query.slice(0, REPORTED_QUERY_LIMIT),
    nearest: suggestions.map((s) => linkOf(s, lang)),
    reported,
    notices,
  };
}

export function compactAnswers(
  answers: readonly Answer[],
  lang: Language,
  options: { mute: boolean },
  notices: readonly Notice[],
): AnswersReply {
  return {
    kind: 'answers',
    lang,
    items: answers.map((answer) => {
      const card = buildCard({ answer, state: freshState(answer.entryKey, lang), mode: 'public' });
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
  };
}
