import { describe, expect, it } from 'vitest';
import { AutoReplyPolicy, ExpiringMap } from '../../src/policy/auto-reply.js';

const req = (channelId: string, codeKey: string, threadId = `t-${Math.random()}`) => ({ channelId, codeKey, threadId });

describe('auto-reply policy', () => {
  it('answers a code once per channel per cooldown', () => {
    const policy = new AutoReplyPolicy({ cooldownMs: 60_000, maxPerChannelPerMinute: 100 });
    expect(policy.decide(req('C1', 'k1'), 0)).toMatchObject({ reply: true });
    expect(policy.decide(req('C1', 'k1'), 1_000)).toEqual({ reply: false, reason: 'cooldown' });
    expect(policy.decide(req('C2', 'k1'), 1_000)).toMatchObject({ reply: true });
    expect(policy.decide(req('C1', 'k2'), 1_000)).toMatchObject({ reply: true });
    expect(policy.decide(req('C1', 'k1'), 61_000)).toMatchObject({ reply: true });
  });

  it('never twice for the same code in the same thread, even after the cooldown', () => {
    const policy = new AutoReplyPolicy({ cooldownMs: 1_000, maxPerChannelPerMinute: 100, muteMs: 86_400_000 });
    expect(policy.decide(req('C1', 'k1', 'T1'), 0).reply).toBe(true);
    expect(policy.decide(req('C1', 'k1', 'T1'), 5_000)).toEqual({ reply: false, reason: 'thread-duplicate' });
  });

  it('caps replies per channel per minute', () => {
    const policy = new AutoReplyPolicy({ cooldownMs: 0, maxPerChannelPerMinute: 3 });
    const decisions = Array.from({ length: 5 }, (_, i) => policy.decide(req('C1', `k${i}`), i));
    expect(decisions.map((d) => d.reply)).toEqual([true, true, true, false, false]);
    expect(decisions[3]).toEqual({ reply: false, reason: 'rate-cap' });
    expect(policy.decide(req('C1', 'k9'), 60_010).reply).toBe(true);
  });

  it('mutes a code in a channel for a day', () => {
    const policy = new AutoReplyPolicy({ cooldownMs: 0 });
    policy.mute('C1', 'k1', 0);
    expect(policy.decide(req('C1', 'k1'), 1_000)).toEqual({ reply: false, reason: 'muted' });
    expect(policy.decide(req('C2', 'k1'), 1_000).reply).toBe(true);
    expect(policy.decide(req('C1', 'k1'), 86_400_001).reply).toBe(true);
  });

  it('a reply that could not be posted gives its marks back; a posted one keeps them', () => {
    const policy = new AutoReplyPolicy({ cooldownMs: 60_000, maxPerChannelPerMinute: 1 });
    const first = policy.decide(req('C1', 'k1', 'T1'), 0);
    if (!first.reply) throw new Error('expected a reply');
    // While the reply is being posted, the same paste again is held back.
    expect(policy.decide(req('C1', 'k1', 'T1'), 10)).toEqual({ reply: false, reason: 'thread-duplicate' });
    first.reservation.release();
    const retry = policy.decide(req('C1', 'k1', 'T1'), 20);
    if (!retry.reply) throw new Error(`expected a reply, got ${retry.reason}`);
    retry.reservation.commit(30);
    expect(policy.decide(req('C1', 'k1', 'T1'), 40)).toEqual({ reply: false, reason: 'thread-duplicate' });
    expect(policy.decide(req('C1', 'k1'), 40)).toEqual({ reply: false, reason: 'cooldown' });
    // Settling twice changes nothing.
    retry.reservation.release();
    expect(policy.decide(req('C1', 'k1'), 50)).toEqual({ reply: false, reason: 'cooldown' });
  });

  it('allow and deny lists, and the switch', () => {
    expect(new AutoReplyPolicy({ allowChannels: ['C1'] }).decide(req('C2', 'k'), 0)).toEqual({
      reply: false,
      reason: 'channel-not-allowed',
    });
    expect(new AutoReplyPolicy({ denyChannels: ['C1'] }).decide(req('C1', 'k'), 0)).toEqual({ reply: false, reason: 'channel-denied' });
    expect(new AutoReplyPolicy({ enabled: false }).decide(req('C1', 'k'), 0)).toEqual({ reply: false, reason: 'disabled' });
  });

  it('memory stays bounded under a flood of distinct channels and codes', () => {
    const policy = new AutoReplyPolicy({ maxTrackedKeys: 1_000 });
    for (let i = 0; i < 20_000; i += 1) policy.decide(req(`C${i % 500}`, `k${i}`, `t${i}`), i);
    expect(policy.trackedKeys()).toBeLessThanOrEqual(4_000);
  });
});

describe('expiring maps', () => {
  it('forgets the oldest keys past its cap', () => {
    const map = new ExpiringMap<number>(2);
    map.set('a', 1, 100);
    map.set('b', 2, 100);
    map.set('c', 3, 100);
    expect(map.get('a', 0)).toBeUndefined();
    expect(map.get('c', 0)).toBe(3);
    expect(map.size).toBe(2);
  });
});
