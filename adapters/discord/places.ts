/**
 * Where a message sits, as the shared auto-reply policy sees it. In a thread: the parent channel
 * (so allow/deny lists, cooldowns, rate caps and mutes are per channel) and the thread itself (one
 * answer per code per thread). Elsewhere: the channel, and the message as its own "thread" root
 * (Discord replies hang off one message); repeats in the channel are held back by the cooldown.
 */
import type { Channel } from 'discord.js';

export interface PolicyPlace {
  readonly channelId: string;
  readonly threadId: string;
}

export function policyChannelId(channel: Channel | null | undefined, channelId: string): string {
  return channel?.isThread() ? (channel.parentId ?? channel.id) : channelId;
}

export function policyPlace(channel: Channel | null | undefined, channelId: string, messageId: string): PolicyPlace {
  if (channel?.isThread()) return { channelId: channel.parentId ?? channel.id, threadId: channel.id };
  return { channelId, threadId: messageId };
}
