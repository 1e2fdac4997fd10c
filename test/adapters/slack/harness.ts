/**
 * Drives errcode's Slack adapter end to end: the real startSlack() (Bolt App, HTTP or Socket Mode)
 * against the fake Slack platform on 127.0.0.1, with real services whose log is kept in memory.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { ACTION } from '../../../adapters/slack/actions.js';
import { type SlackHandle, type SlackOptions, startSlack } from '../../../adapters/slack/index.js';
import { checkMessage, type SlackMessage } from '../../../adapters/slack/render/limits.js';
import {
  type BlockActionInput,
  blockActions,
  eventCallback,
  type FakeSlack,
  type FakeSlackOptions,
  type HttpResult,
  type MessageEventFields,
  messageEvent,
  type SignedRequestOptions,
  signedRequest,
  slashCommand,
  startFakeSlack,
} from '../../fakes/slack-platform.js';
import { type TestServices, testServices } from '../../helpers/services.js';

export const SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test';
export const APP_TOKEN = 'xapp-test';

/** Fast retries so a test of "retries 5xx" takes milliseconds. */
export const TEST_RETRY = { retries: 3, factor: 1, minTimeout: 5, maxTimeout: 10 };

export interface Harness {
  readonly fake: FakeSlack;
  readonly services: TestServices;
  readonly slack: SlackHandle;
  /** HTTP mode: the /slack/events URL. */
  readonly url: string;
}

export async function startHarness(
  options: { services?: TestServices; socket?: boolean; slack?: SlackOptions; fake?: FakeSlack | FakeSlackOptions } = {},
): Promise<Harness> {
  // A fake given as an object with `apiUrl` is shared (a second process against the same Slack).
  const fake = options.fake && 'apiUrl' in options.fake ? options.fake : await startFakeSlack(options.fake ?? {});
  const services = options.services ?? testServices();
  try {
    const slack = await startSlack(
      {
        botToken: BOT_TOKEN,
        ...(options.socket ? { appToken: APP_TOKEN } : { signingSecret: SECRET }),
        apiUrl: fake.apiUrl,
        port: 0,
      },
      services,
      {
        host: '127.0.0.1',
        retryConfig: TEST_RETRY,
        replyRetryConfig: TEST_RETRY,
        stopTimeoutMs: 2000,
        // Long enough that a busy machine (or a 10 MB paste being scanned) never looks like a dead
        // socket; the reconnect test still sees a reconnect within seconds.
        ...(options.socket ? { clientPingTimeout: 3000 } : {}),
        ...options.slack,
      },
    );
    const url = slack.address ? `http://127.0.0.1:${slack.address.port}/slack/events` : '';
    return { fake, services, slack, url };
  } catch (error) {
    await fake.close();
    throw error;
  }
}

export async function stopHarness(h: Harness | undefined): Promise<void> {
  if (!h) return;
  await h.slack.stop();
  await h.fake.close();
}

/** A response_url body or a chat.* call's arguments, as the adapter sent them. */
export interface SentMessage {
  text?: string;
  blocks?: Block[];
  response_type?: string;
  replace_original?: boolean;
  delete_original?: boolean;
  thread_ts?: string;
  channel?: string;
  user?: string;
}

export interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Element[];
  accessory?: Element;
}

export interface Element {
  type: string;
  style?: string;
  url?: string;
  accessibility_label?: string;
  option_groups?: Array<{
    label: { text: string };
    options: Array<{ text: { text: string }; value: string; description?: { text: string } }>;
  }>;
  action_id?: string;
  value?: string;
  text?: { text: string } | string;
  placeholder?: { text: string };
  options?: Array<{ text: { text: string }; value: string; description?: { text: string } }>;
  initial_options?: Array<{ text: { text: string }; value: string }>;
}

/** Runs `/errcode <text>`; returns the HTTP answer and what respond() posted. */
export async function command(
  h: Harness,
  text: string,
  options: SignedRequestOptions = {},
): Promise<{ res: HttpResult; body: SentMessage }> {
  const id = randomUUID();
  const res = await signedRequest(h.url, SECRET, slashCommand({ text, response_url: h.fake.responseUrl(id) }), options);
  expect(res.status).toBe(200);
  const post = await h.fake.waitForResponsePost(id);
  await h.slack.settled(20_000);
  return { res, body: post.body as SentMessage };
}

/** Clicks `action` on `message` (a message the adapter sent); returns what was posted to the response_url. */
export async function click(
  h: Harness,
  action: BlockActionInput,
  options: { ephemeral?: boolean; message?: Record<string, unknown>; expectPost?: boolean; user?: string } = {},
): Promise<SentMessage | undefined> {
  const id = randomUUID();
  const ts = '1700000000.000100';
  const res = await signedRequest(
    h.url,
    SECRET,
    blockActions({
      actions: [action],
      response_url: h.fake.responseUrl(id),
      ...(options.user ? { user: { id: options.user, username: options.user } } : {}),
      container: { type: 'message', message_ts: ts, channel_id: h.fake.ids.channelId, is_ephemeral: options.ephemeral ?? true },
      ...(options.message ? { message: { ts, ...options.message } as never } : {}),
    }),
  );
  expect(res.status).toBe(200);
  if (options.expectPost === false) {
    await h.slack.settled(20_000);
    return undefined;
  }
  const post = await h.fake.waitForResponsePost(id);
  await h.slack.settled(20_000);
  return post.body as SentMessage;
}

/** Posts a channel message event; resolves once Slack's request was acked. */
export async function postEvent(
  h: Harness,
  fields: MessageEventFields,
  options: { eventId?: string; retryNum?: number; onRedelivery?: () => void } = {},
): Promise<HttpResult> {
  const body = eventCallback(messageEvent(fields), options.eventId ? { event_id: options.eventId } : {});
  // Delivered as Slack's Events API does: a delivery that got no HTTP answer (the connection reset
  // by an overloaded machine's full accept queue, or no answer in time) is sent again with the same
  // event id and x-slack-retry-num, up to Slack's three retries. The adapter's dedupe makes that safe.
  for (let retry = 0; ; retry += 1) {
    const retryNum = retry > 0 ? retry : options.retryNum;
    try {
      const res = await signedRequest(h.url, SECRET, body, retryNum !== undefined ? { retryNum, retryReason: 'http_timeout' } : {});
      // 503: left for redelivery (the first delivery of a retried event is still being answered): Slack retries.
      if (res.status === 503 && retry < 3) {
        options.onRedelivery?.();
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** retry));
        continue;
      }
      expect(res.status).toBe(200);
      return res;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const unanswered = code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE' || /timed out/.test(String(error));
      if (retry >= 3 || !unanswered) throw error;
      options.onRedelivery?.();
      // Slack spaces its retries (minutes apart); an overloaded receiver gets a few seconds here (1, 2, 4 s):
      // at load ~10 a flood saw four resets in a row within 250, 500 and 1000 ms.
      await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** retry));
    }
  }
}

export function allElements(message: SentMessage | undefined): Element[] {
  const out: Element[] = [];
  for (const block of message?.blocks ?? []) {
    if (block.elements) out.push(...block.elements);
    if (block.accessory) out.push(block.accessory);
  }
  return out;
}

export function element(message: SentMessage | undefined, actionId: string): Element | undefined {
  return allElements(message).find((e) => e.action_id === actionId || e.action_id?.startsWith(`${actionId}:`));
}

export function buttonLabels(message: SentMessage | undefined): string[] {
  return allElements(message)
    .filter((e) => e.type === 'button')
    .map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? '')));
}

/** Every text of a message (fallback, blocks, buttons, options, placeholders), one per line. */
export function visibleText(message: SentMessage | undefined): string {
  const out: string[] = [];
  const walk = (node: unknown, key?: string): void => {
    if (typeof node === 'string') {
      if (key === 'text') out.push(node);
    } else if (Array.isArray(node)) {
      for (const item of node) walk(item);
    } else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) walk(v, k);
    }
  };
  walk(message ?? {});
  return out.join('\n');
}

export function checkboxesOf(message: SentMessage | undefined): Array<Element & { block_id: string }> {
  const out: Array<Element & { block_id: string }> = [];
  for (const block of message?.blocks ?? []) {
    for (const e of block.elements ?? []) if (e.type === 'checkboxes') out.push({ ...e, block_id: block.block_id ?? '' });
  }
  return out;
}

/** Asserts the message keeps every Block Kit limit. */
export function expectWithinLimits(message: SentMessage | undefined): void {
  expect(message?.blocks).toBeDefined();
  expect(checkMessage({ text: message?.text ?? '', blocks: (message?.blocks ?? []) as unknown as SlackMessage['blocks'] })).toEqual([]);
}

export const ACTIONS = { ...ACTION, more: 'errcode_more' } as const;

/** The buttons a card shows (its controls row): what a reader sees without opening a menu. */
export function visibleControls(message: SentMessage | undefined): Element[] {
  const row = (message?.blocks ?? []).find((b) => b.type === 'actions' && b.block_id?.startsWith('errcode_controls'));
  return row?.elements ?? [];
}

/** The "More options" menu of a card, and its options by group label. */
export function moreMenu(message: SentMessage | undefined): Element | undefined {
  return allElements(message).find((e) => e.action_id === 'errcode_more');
}

export function moreGroups(message: SentMessage | undefined): Record<string, Array<{ text: string; value: string; description?: string }>> {
  const out: Record<string, Array<{ text: string; value: string; description?: string }>> = {};
  for (const group of moreMenu(message)?.option_groups ?? []) {
    out[group.label.text] = group.options.map((o) => ({
      text: o.text.text,
      value: o.value,
      ...(o.description ? { description: o.description.text } : {}),
    }));
  }
  return out;
}

/** A "More options" choice as Bolt delivers it (the menu's action with its selected option). */
export function moreChoice(message: SentMessage | undefined, text: string | RegExp): BlockActionInput {
  const menu = moreMenu(message);
  const chosen = (menu?.option_groups ?? [])
    .flatMap((g) => g.options)
    .find((o) => (typeof text === 'string' ? o.text.text === text : text.test(o.text.text)));
  if (!chosen) throw new Error(`no "More options" entry ${String(text)}`);
  return { type: 'static_select', action_id: 'errcode_more', selected_option: { text: chosen.text, value: chosen.value } } as never;
}

/** The checklist's step sections (text and checkbox) in order. */
export function stepSections(message: SentMessage | undefined): Array<{ text: string; blockId: string; ticked: boolean }> {
  return (message?.blocks ?? [])
    .filter((b) => b.type === 'section' && b.block_id?.startsWith('errcode_step:'))
    .map((b) => ({ text: b.text?.text ?? '', blockId: b.block_id ?? '', ticked: (b.accessory?.initial_options?.length ?? 0) > 0 }));
}

/** A step's checkbox clicked: ticked or unticked as Slack reports it. */
export function tickInput(message: SentMessage | undefined, step: number, ticked: boolean): BlockActionInput {
  const section = stepSections(message)[step];
  if (!section) throw new Error(`no step ${step}`);
  return {
    type: 'checkboxes',
    action_id: 'errcode_step',
    block_id: section.blockId,
    selected_options: ticked ? [{ text: { type: 'plain_text', text: 'Done' }, value: String(step) }] : [],
  } as never;
}
