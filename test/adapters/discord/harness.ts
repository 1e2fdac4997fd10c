/**
 * The Discord adapter under test: the real discord.js Client started by startDiscord, against the
 * fake Discord on 127.0.0.1, with real services. Every wait is bounded.
 */
import type { APIEmbed, APIMessage } from 'discord.js';
import { type DiscordAdapterHandle, type DiscordAdapterOptions, startDiscord } from '../../../adapters/discord/index.js';
import {
  type FakeDiscord,
  type FakeDiscordOptions,
  type RecordedRequest,
  snowflake,
  startFakeDiscord,
} from '../../fakes/discord-platform.js';
import { type TestServices, testServices } from '../../helpers/services.js';

export interface Harness {
  readonly fake: FakeDiscord;
  readonly services: TestServices;
  readonly handle: DiscordAdapterHandle;
}

export async function startHarness(
  options: {
    fake?: FakeDiscordOptions;
    services?: Parameters<typeof testServices>[0];
    apiUrl?: (fake: FakeDiscord) => string;
    adapter?: DiscordAdapterOptions;
  } = {},
): Promise<Harness> {
  const fake = await startFakeDiscord(options.fake);
  const services = testServices(options.services);
  try {
    const apiUrl = options.apiUrl ? options.apiUrl(fake) : fake.apiUrl;
    const handle = await startDiscord({ token: 'fake-token', apiUrl }, services, {
      readyTimeoutMs: 5000,
      stopGraceMs: 1000,
      ...options.adapter,
    });
    return { fake, services, handle };
  } catch (error) {
    await fake.close();
    throw error;
  }
}

export async function stopHarness(harness: Harness | undefined): Promise<void> {
  if (!harness) return;
  await harness.handle.stop();
  await harness.fake.close();
}

export interface CallbackBody {
  type: number;
  data?: {
    content?: string;
    flags?: number;
    embeds?: APIEmbed[];
    components?: Array<{ type: number; components: Array<Record<string, unknown> & { custom_id?: string; label?: string }> }>;
    allowed_mentions?: { parse?: string[]; replied_user?: boolean };
    choices?: Array<{ name: string; value: string }>;
  };
}

/** Dispatches an interaction, waits for the handler to finish, returns its callback body (type 4 to 8). */
export async function interact(harness: Harness, payload: { id: string }): Promise<CallbackBody> {
  harness.fake.dispatch('INTERACTION_CREATE', payload);
  const request = await harness.fake.waitForRequest({ method: 'POST', path: `/interactions/${payload.id}/:token/callback` });
  await harness.handle.idle(20_000);
  return request.body as CallbackBody;
}

/** Dispatches a message and waits until the adapter has finished with it. */
export async function post(harness: Harness, payload: { id: string }): Promise<void> {
  const { client } = harness.handle;
  const seen = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('messageCreate', listener);
      reject(new Error(`message ${payload.id} never reached the client`));
    }, 20_000);
    const listener = (message: { id: string }) => {
      if (message.id !== payload.id) return;
      clearTimeout(timer);
      client.off('messageCreate', listener);
      resolve();
    };
    client.on('messageCreate', listener);
  });
  harness.fake.dispatch('MESSAGE_CREATE', payload);
  await seen;
  await harness.handle.idle(20_000);
}

/** Messages the bot created in channels: a retried POST that Discord deduplicated by its nonce is not one. */
export function replies(harness: Harness): RecordedRequest[] {
  return harness.fake.requestsMatching({ method: 'POST', path: '/channels/:id/messages' }).filter((r) => r.duplicateOf === undefined);
}

/** Every custom_id of a payload's components. */
export function customIds(data: CallbackBody['data'] | Partial<APIMessage> | undefined): string[] {
  const rows = (data?.components ?? []) as Array<{ components: Array<{ custom_id?: string }> }>;
  return rows.flatMap((row) => row.components.map((c) => c.custom_id ?? ''));
}

export function component(
  data: CallbackBody['data'],
  prefix: string,
): (Record<string, unknown> & { custom_id?: string; label?: string }) | undefined {
  return (data?.components ?? []).flatMap((row) => row.components).find((c) => c.custom_id?.startsWith(prefix));
}

export function embedText(embeds: APIEmbed[] | undefined): string {
  return JSON.stringify(embeds ?? []);
}

/** A message as the card's components sit on it, for componentInteraction. */
export function messageFrom(harness: Harness, data: CallbackBody['data']): APIMessage {
  return {
    id: snowflake(),
    channel_id: harness.fake.ids.channel,
    author: harness.fake.botUser,
    content: data?.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: data?.embeds ?? [],
    components: (data?.components ?? []) as APIMessage['components'],
    pinned: false,
    type: 0,
    flags: data?.flags ?? 0,
  };
}

type Component = Record<string, unknown> & { custom_id?: string; label?: string; style?: number; url?: string; type: number };

/** The card's visible buttons: its controls row (not the step toggles, not the menu). */
export function visibleControls(data: CallbackBody['data'] | Partial<APIMessage> | undefined): Component[] {
  const rows = (data?.components ?? []) as unknown as Array<{ components: Component[] }>;
  const controls = rows.find((row) => row.components.some((c) => c.type === 2 && !(c.custom_id ?? '').startsWith('ec2:t:')));
  return controls?.components ?? [];
}

/** The step toggles of a card, in order. */
export function stepToggles(data: CallbackBody['data'] | Partial<APIMessage> | undefined): Component[] {
  const rows = (data?.components ?? []) as unknown as Array<{ components: Component[] }>;
  return rows.flatMap((row) => row.components).filter((c) => (c.custom_id ?? '').startsWith('ec2:t:'));
}

/** The "More options" select's options. */
export function moreOptions(data: CallbackBody['data'] | undefined): Array<{ label: string; value: string; description?: string }> {
  const menu = component(data, 'ec2:z:') as { options?: Array<{ label: string; value: string; description?: string }> } | undefined;
  return menu?.options ?? [];
}
