/**
 * `npm run demo [-- --locale zh-CN] [--paste TEXT] [QUERY... | -]`: try the bot locally, with no
 * workspace. Starts the fake Slack and the fake Discord (scripts/fake-platforms.ts) and the built
 * bot (`dist/adapters/start.js`, as `npm start` runs it) on 127.0.0.1, sends on each platform what
 * it is given — `QUERY...` as `/errcode QUERY`, `--paste TEXT` as a pasted message, `-` a line of
 * stdin at a time (`/errcode ...` a command, any other line a paste) — or, given nothing,
 * `/errcode 6004` and a pasted log; prints what the bot replied as text, and stops everything.
 * A development tool: not part of the production build.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type FakeDiscord, startFakeDiscord } from '../test/fakes/discord-platform.js';
import { eventCallback, type FakeSlack, messageEvent, slashCommand, startFakeSlack } from '../test/fakes/slack-platform.js';

/** The checkout: above scripts/ when run from source (the tests), above dist/scripts/ when built. */
const ABOVE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.basename(ABOVE) === 'dist' ? path.dirname(ABOVE) : ABOVE;
/** The bot as `npm start` runs it; the demo is built beside it (dist/scripts/demo.js). */
const BOT_ENTRY = path.join(ROOT, 'dist', 'adapters', 'start.js');
const SLACK_BOT_TOKEN = 'xoxb-fake-platform-token';
const SLACK_APP_TOKEN = 'xapp-fake-platform-token';
const DISCORD_TOKEN = 'fake-platform-discord-token';
/** Ceilings for a busy machine; each wait returns as soon as it can. */
const READY_MS = 60_000;
const REPLY_MS = 30_000;

export const DEMO_COMMAND = '6004';
export const DEMO_PASTE = [
  '2026-11-30 10:00:01 INFO gateway started',
  '2026-11-30 10:00:03 WARN push: {"code":"80300007","msg":"token invalid"}',
  '2026-11-30 10:00:04 ERROR account: {"error":1203,"sub_error":11205,"error_description":"refresh token expired"}',
].join('\n');

/** One thing to send on each platform: a slash command's text, or a message pasted in a channel. */
export interface DemoInput {
  readonly kind: 'command' | 'paste';
  readonly text: string;
}

/** What the demo sends when given nothing. */
export const DEMO_SCRIPT: readonly DemoInput[] = [
  { kind: 'command', text: DEMO_COMMAND },
  { kind: 'paste', text: DEMO_PASTE },
];

/** Said in place of a reply when the bot stays quiet (a paste with nothing worth answering). */
export const NO_REPLY = '(no reply)';

export interface DemoReply {
  readonly platform: 'slack' | 'discord';
  /** What was sent: `/errcode 6004`, or `paste` for a pasted message. */
  readonly sent: string;
  /** The text that was sent (the command's query or the paste). */
  readonly input: string;
  /** The reply laid out as text: blocks or embeds, then the buttons and menus in [brackets]. */
  readonly text: string;
}

export interface DemoOptions {
  /** The Slack user's locale (users.info): `zh-CN` shows the Chinese cards. */
  readonly locale?: string;
  /** Where the bot's own log goes (default: dropped; it is JSON). */
  readonly botLog?: (chunk: string) => void;
  /** What to send, in order, on each platform (default DEMO_SCRIPT). */
  readonly inputs?: readonly DemoInput[];
  /** Each reply as soon as it is in (a line read from stdin is answered before the next is read). */
  readonly onReply?: (reply: DemoReply) => void;
}

/**
 * What the command line asks to send: `--paste TEXT` (repeatable) and the words of a query; `-`
 * means the lines of `stdin` instead, `/errcode ...` a command and any other line a paste.
 */
export function demoInputs(argv: readonly string[], stdin: readonly string[] = []): DemoInput[] {
  const inputs: DemoInput[] = [];
  const words: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--locale') i += 1;
    else if (arg === '--paste') {
      const text = argv[i + 1];
      if (text === undefined) throw new Error('--paste needs the text to paste');
      inputs.push({ kind: 'paste', text });
      i += 1;
    } else if (arg === '-') {
      for (const line of stdin) {
        const command = /^\/errcode\s+(.*)$/.exec(line.trim());
        if (command) inputs.push({ kind: 'command', text: command[1] as string });
        else if (line.trim() !== '') inputs.push({ kind: 'paste', text: line });
      }
    } else if (arg !== '--verbose') words.push(arg);
  }
  if (words.length > 0) inputs.unshift({ kind: 'command', text: words.join(' ') });
  return inputs;
}

/** Runs the whole demo once and stops everything it started, even when a step fails. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoReply[]> {
  if (!existsSync(BOT_ENTRY)) throw new Error(`${path.relative(ROOT, BOT_ENTRY)} is missing: run npm run build first`);
  const [slack, discord, healthPort] = await Promise.all([startFakeSlack({ botToken: SLACK_BOT_TOKEN }), startFakeDiscord(), freePort()]);
  slack.userLocale = options.locale ?? 'en-US';
  const bot = startBot(
    {
      SLACK_API_URL: slack.apiUrl,
      SLACK_BOT_TOKEN,
      SLACK_APP_TOKEN,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_TOKEN,
      // Nothing written to disk, health on a port of its own, the log kept quiet.
      ERRCODE_STATE: 'memory',
      METRICS_PORT: String(healthPort),
      LOG_LEVEL: 'warn',
      // Every paste answered, the same code twice included: the demo is for trying things.
      AUTO_REPLY_COOLDOWN_SECONDS: '0',
    },
    options.botLog,
  );
  try {
    await waitReady(bot, healthPort);
    const replies: DemoReply[] = [];
    const add = (reply: DemoReply) => {
      replies.push(reply);
      options.onReply?.(reply);
    };
    const inputs = options.inputs ?? DEMO_SCRIPT;
    for (const platform of ['slack', 'discord'] as const) {
      for (const input of inputs) {
        const sent = input.kind === 'command' ? `/errcode ${input.text}` : 'paste';
        const text =
          platform === 'slack'
            ? input.kind === 'command'
              ? await slackCommand(slack, input.text)
              : await slackPaste(slack, input.text)
            : input.kind === 'command'
              ? await discordCommand(discord, input.text)
              : await discordPaste(discord, input.text, replies.find((r) => r.platform === 'slack' && r.input === input.text)?.text);
        add({ platform, sent, input: input.text, text });
      }
    }
    return replies;
  } finally {
    await stopBot(bot);
    await Promise.allSettled([slack.close(), discord.close()]);
  }
}

// ----- the bot ------------------------------------------------------------------------------

interface Bot {
  readonly child: ChildProcess;
  exited: boolean;
  stderr: string;
}

function startBot(env: Record<string, string>, log?: (chunk: string) => void): Bot {
  // Only what the bot needs: no credentials or settings of this shell leak into the demo.
  const child = spawn(process.execPath, [BOT_ENTRY], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const bot: Bot = { child, exited: false, stderr: '' };
  child.once('exit', () => {
    bot.exited = true;
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => log?.(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    bot.stderr += chunk;
    log?.(chunk);
  });
  return bot;
}

async function waitReady(bot: Bot, port: number): Promise<void> {
  const deadline = Date.now() + READY_MS;
  while (Date.now() < deadline) {
    if (bot.exited) throw new Error(`the bot exited before it was ready:\n${bot.stderr.slice(-2000)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      const health = (await res.json()) as { ready?: boolean; adapters?: Record<string, { connected?: boolean }> };
      if (res.status === 200 && health.adapters?.slack?.connected && health.adapters?.discord?.connected) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the bot was not ready within ${READY_MS / 1000} s:\n${bot.stderr.slice(-2000)}`);
}

async function stopBot(bot: Bot): Promise<void> {
  if (bot.exited) return;
  const exited = new Promise<void>((resolve) => bot.child.once('exit', () => resolve()));
  bot.child.kill('SIGTERM');
  const timer = setTimeout(() => bot.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// ----- Slack (Socket Mode: the fake pushes what Slack would send) ---------------------------

async function slackCommand(slack: FakeSlack, text: string): Promise<string> {
  const id = randomUUID();
  await slack.pushEnvelope('slash_commands', slashCommand({ text, response_url: slack.responseUrl(id) }).payload);
  const post = await slack.waitForResponsePost(id, { timeoutMs: REPLY_MS });
  return slackText(post.body);
}

async function slackPaste(slack: FakeSlack, text: string): Promise<string> {
  const before = slack.callsTo('chat.postMessage').length;
  // The bot acks a message event once it has answered it (or decided to stay quiet).
  await slack.pushEnvelope('events_api', eventCallback(messageEvent({ text })).payload, { timeoutMs: REPLY_MS });
  const posted = slack.callsTo('chat.postMessage').slice(before);
  return posted.length > 0 ? posted.map((call) => slackText(call.args)).join('\n') : NO_REPLY;
}

interface SlackText {
  readonly type?: string;
  readonly text?: string | SlackText;
}
interface SlackElement extends SlackText {
  readonly placeholder?: SlackText;
}
interface SlackBlock {
  readonly type: string;
  readonly text?: SlackText;
  readonly elements?: readonly SlackElement[];
  readonly accessory?: SlackElement;
}

/** A Block Kit message as text: sections and context lines, then its controls in [brackets]. */
export function slackText(message: unknown): string {
  const blocks = ((message as { blocks?: SlackBlock[] } | undefined)?.blocks ?? []) as SlackBlock[];
  const textOf = (t: SlackText | undefined): string => (typeof t?.text === 'string' ? t.text : t?.text ? textOf(t.text) : '');
  const controlOf = (e: SlackElement): string =>
    e.type === 'button' ? `[${textOf(e)}]` : e.placeholder ? `[${textOf(e.placeholder)} ▾]` : e.type === 'checkboxes' ? '[ ]' : '';
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.type === 'section') lines.push(`${textOf(block.text)}${block.accessory ? ` ${controlOf(block.accessory)}` : ''}`);
    else if (block.type === 'context') lines.push(`  ${(block.elements ?? []).map((e) => textOf(e)).join(' · ')}`);
    else if (block.type === 'actions') lines.push((block.elements ?? []).map(controlOf).join(' '));
    else if (block.type === 'divider') lines.push('---');
  }
  return lines.join('\n');
}

// ----- Discord (the fake's gateway delivers what Discord would) -----------------------------

interface DiscordBody {
  readonly type?: number;
  readonly data?: DiscordMessage;
}
interface DiscordMessage {
  readonly content?: string;
  readonly embeds?: ReadonlyArray<{
    title?: string;
    author?: { name: string };
    description?: string;
    fields?: ReadonlyArray<{ name: string; value: string }>;
    footer?: { text: string };
  }>;
  readonly components?: ReadonlyArray<{ components: ReadonlyArray<{ label?: string; placeholder?: string }> }>;
}

async function discordCommand(discord: FakeDiscord, query: string): Promise<string> {
  const interaction = discord.slashCommand({ name: 'errcode', options: { query } });
  discord.dispatch('INTERACTION_CREATE', interaction);
  const callback = await discord.waitForRequest(
    { method: 'POST', path: `/interactions/${interaction.id}/:token/callback` },
    { timeoutMs: REPLY_MS },
  );
  const body = callback.body as DiscordBody;
  // A deferred answer (type 5) comes as an edit of the original response.
  if (body.type === 5) {
    const edit = await discord.waitForRequest(
      { method: 'PATCH', path: '/webhooks/:app/:token/messages/@original' },
      { timeoutMs: REPLY_MS },
    );
    return discordText(edit.body as DiscordMessage);
  }
  return discordText(body.data);
}

/** Discord acks nothing: when Slack stayed quiet about the same paste, a short wait says Discord did too. */
const QUIET_MS = 3000;

async function discordPaste(discord: FakeDiscord, content: string, onSlack?: string): Promise<string> {
  const message = discord.guildMessage({ content });
  discord.dispatch('MESSAGE_CREATE', message);
  const replyTo = (req: { method: string; path: string; body: unknown }) =>
    req.method === 'POST' &&
    /^\/channels\/\d+\/messages$/.test(req.path) &&
    (req.body as { message_reference?: { message_id?: string } }).message_reference?.message_id === message.id;
  try {
    const post = await discord.waitForRequest(replyTo, { timeoutMs: onSlack === NO_REPLY ? QUIET_MS : REPLY_MS });
    return discordText(post.body as DiscordMessage);
  } catch (error) {
    if (onSlack === NO_REPLY) return NO_REPLY;
    throw error;
  }
}

/** A Discord message as text: content, each embed, then its buttons and menus in [brackets]. */
export function discordText(message: DiscordMessage | undefined): string {
  const lines: string[] = [];
  if (message?.content) lines.push(message.content);
  for (const embed of message?.embeds ?? []) {
    if (embed.author) lines.push(`  ${embed.author.name}`);
    if (embed.title) lines.push(embed.title);
    if (embed.description) lines.push(embed.description);
    for (const field of embed.fields ?? []) lines.push(`${field.name}\n${field.value}`);
    if (embed.footer) lines.push(`  ${embed.footer.text}`);
  }
  for (const row of message?.components ?? [])
    lines.push(row.components.map((c) => (c.placeholder ? `[${c.placeholder} ▾]` : `[${c.label ?? ''}]`)).join(' '));
  return lines.join('\n');
}

// ----- the command --------------------------------------------------------------------------

async function main(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--locale');
  const locale = at >= 0 ? argv[at + 1] : undefined;
  const verbose = argv.includes('--verbose');
  const stdin = argv.includes('-') ? await readLines(process.stdin) : [];
  const inputs = demoInputs(argv, stdin);
  await runDemo({
    ...(locale ? { locale } : {}),
    ...(verbose ? { botLog: (chunk: string) => process.stderr.write(chunk) } : {}),
    ...(inputs.length > 0 ? { inputs } : {}),
    onReply: (reply) => {
      const sent = reply.sent === 'paste' ? `a pasted message:\n${indent(reply.input, '    ')}` : reply.sent;
      process.stdout.write(`\n=== ${reply.platform}: ${sent}\n${indent(reply.text, '  ')}\n`);
    },
  });
}

async function readLines(stream: NodeJS.ReadableStream): Promise<string[]> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text.split('\n');
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => `${by}${line}`)
    .join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`errcode demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
