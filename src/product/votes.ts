/**
 * Votes on answers, once per person per entry. In memory for now, behind this interface: a shared
 * store (several replicas, restarts) replaces `MemoryVotes` without touching the callers.
 */
import type { Vote } from '../interaction/state.js';

export interface VoteStore {
  /** Records `vote`; false when this person already voted on this entry (the count stays). */
  record(platform: string, entryId: string, user: string, vote: Vote): boolean;
}

/** Votes kept by this process, the oldest forgotten past `capacity`. */
export class MemoryVotes implements VoteStore {
  private readonly seen = new Map<string, Vote>();

  constructor(private readonly capacity = 100_000) {}

  record(platform: string, entryId: string, user: string, vote: Vote): boolean {
    const key = `${platform}\u0000${entryId}\u0000${user}`;
    if (this.seen.has(key)) return false;
    if (this.seen.size >= this.capacity) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.set(key, vote);
    return true;
  }
}
