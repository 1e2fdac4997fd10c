/**
 * HTTP mode's receiver: Bolt's HTTPReceiver, except that an Events API request is answered only
 * after its handlers finished (the reply decided and posted), so a process killed in between
 * leaves the event unanswered at Slack's end and Slack retries it — on any replica, where the
 * shared dedupe (src/state/dedupe.ts) keeps it from being answered twice. Bolt's own
 * `processBeforeResponse` would hold slash commands and clicks too, which must be acked first.
 *
 * Bounded: past `eventAckDeadlineMs` (well inside Slack's 3 s) the event is acked anyway, so a
 * slow reply does not make Slack retry it while it is still being posted. A handler that leaves
 * its event for redelivery (the reply could not be posted) gets no 200: Slack sees a failure
 * and retries.
 */
import { type App, HTTPReceiver, type HTTPReceiverOptions, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';
import { ENVELOPE_CONTEXT_KEY, type EnvelopeControl } from './runtime.js';

/** How long an event's HTTP answer waits for its handlers before it is sent anyway. */
export const EVENT_ACK_DEADLINE_MS = 2500;
/** Bolt HTTPReceiver's own default for answering a request nobody acked. */
const BOLT_UNHANDLED_TIMEOUT_MS = 3001;

export interface AckAfterHandlingOptions extends HTTPReceiverOptions {
  readonly eventAckDeadlineMs?: number;
  /** errcode's log, for the events acked at the deadline or left for Slack to retry. */
  readonly log: Logger;
}

export class AckAfterHandlingReceiver extends HTTPReceiver {
  private readonly deadlineMs: number;
  private readonly log: Logger;

  constructor({ eventAckDeadlineMs, log, ...options }: AckAfterHandlingOptions) {
    const deadlineMs = eventAckDeadlineMs ?? EVENT_ACK_DEADLINE_MS;
    super({
      // Bolt answers an unacked request itself after this long (default 3001 ms); kept past our
      // deadline, so a slow reply is acked 200 at the deadline, not told to retry just before it.
      unhandledRequestTimeoutMillis: Math.max(BOLT_UNHANDLED_TIMEOUT_MS, deadlineMs + 1000),
      ...options,
      // Answers a request nobody acked (an event left for redelivery): a failure, so Slack retries.
      unhandledRequestHandler: ({ response }) => {
        if (!response.headersSent) response.writeHead(503, { 'content-type': 'text/plain' }).end('retry later');
      },
    });
    this.deadlineMs = deadlineMs;
    this.log = log;
  }

  override init(app: App): void {
    // Bolt's receiver asks the app for nothing but processEvent.
    const processEvent = (event: ReceiverEvent) =>
      event.body.type === 'event_callback' ? this.processThenAck(app, event) : app.processEvent(event);
    super.init({ processEvent } as unknown as App);
  }

  private async processThenAck(app: App, event: ReceiverEvent): Promise<void> {
    let leaveUnacked = false;
    let acked = false;
    const eventId = typeof event.body.event_id === 'string' ? event.body.event_id : undefined;
    const ack = async () => {
      if (acked) return;
      acked = true;
      try {
        await event.ack();
      } catch (error) {
        // On a machine too busy for our deadline to fire first, Bolt's own unhandled-request timeout
        // has answered already: Slack has its answer, and a second one must not become an
        // unhandled rejection that ends the process.
        this.log.warn({ event: 'slack_event_ack_late', platform: 'slack', eventId, error: (error as Error).message });
      }
    };
    const control: EnvelopeControl = {
      leaveUnacked: () => {
        leaveUnacked = true;
      },
    };
    const deadline = setTimeout(() => {
      this.log.info({ event: 'slack_event_acked_at_deadline', platform: 'slack', eventId, deadlineMs: this.deadlineMs });
      void ack();
    }, this.deadlineMs);
    try {
      // Bolt acks an event before its listeners run; ours is sent below, after them.
      await app.processEvent({
        ...event,
        customProperties: { ...event.customProperties, [ENVELOPE_CONTEXT_KEY]: control },
        ack: async () => undefined,
      });
    } finally {
      clearTimeout(deadline);
      if (!leaveUnacked) await ack();
      else if (!acked) this.log.info({ event: 'slack_event_left_for_retry', platform: 'slack', eventId });
    }
  }
}
