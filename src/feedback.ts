/**
 * Missing-code reports and votes: what catalog maintainers read to decide what to add next. Each is
 * kept in the state store (the product layer writes it; `errcode stats` reads it back) and is also
 * one structured log line and a counter, for log pipelines and `errcode stats FILE`.
 */
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { redactSecrets } from './secrets.js';

export type Platform = 'slack' | 'discord' | 'cli';

/** The event names `errcode stats` reads back from the log. */
export const FEEDBACK_EVENTS = { missing: 'missing_code_report', vote: 'answer_vote' } as const;

/** Longest query kept in a report: enough to see the code asked for, too short to carry a paste. */
export const REPORTED_QUERY_LIMIT = 200;

export class Feedback {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  /** The query is redacted before it is cut short: a cut credential would no longer look like one. */
  missingCode(platform: Platform, query: string, where: { user?: string; channel?: string } = {}): void {
    this.metrics.missingCodeReports.inc({ platform });
    this.logger.info(
      { event: FEEDBACK_EVENTS.missing, platform, query: redactSecrets(query).text.slice(0, REPORTED_QUERY_LIMIT), ...where },
      'missing code reported',
    );
  }

  /** `previous`: the person's earlier vote this one replaces (the count of votes stays the same). */
  vote(
    platform: Platform,
    entryId: string,
    helpful: boolean,
    where: { user?: string; channel?: string; previous?: 'helpful' | 'not_helpful' } = {},
  ): void {
    const vote = helpful ? 'helpful' : 'not_helpful';
    if (where.previous === undefined) this.metrics.votes.inc({ platform, vote });
    this.logger.info({ event: FEEDBACK_EVENTS.vote, platform, entryId, vote, ...where }, 'answer vote');
  }
}
