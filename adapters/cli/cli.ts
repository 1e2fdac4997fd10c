/** The errcode command line: parses arguments, runs one command, returns the exit status. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../../src/catalog/bundled.js';
import { closestWord } from '../../src/engine/fuzzy.js';
import { commonFlags } from './commands/flags.js';
import { type CliIo, EXIT, line, UsageError } from './io.js';
import { COMMANDS, type Command, commandUsage, isCommand, USAGE } from './usage.js';

export { USAGE } from './usage.js';

const OPTIONS = {
  json: { type: 'boolean' },
  limit: { type: 'string' },
  lang: { type: 'string' },
  catalogs: { type: 'string' },
  'no-bundled': { type: 'boolean' },
  format: { type: 'string' },
  catalog: { type: 'string' },
  title: { type: 'string' },
  columns: { type: 'string' },
  merge: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type ValueOption = { [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K]['type'] extends 'string' ? K : never }[keyof typeof OPTIONS];

/** What each option taking a value wants, for `--lang` given without one. */
const VALUE_WANTED: Readonly<Record<ValueOption, string>> = {
  lang: 'en or zh',
  limit: 'a whole number from 1 to 500',
  catalogs: 'catalog directories or files, separated by ":"',
  format: 'html, markdown, text or csv',
  catalog: 'an id of lower-case letters, digits, ".", "_" or "-"',
  title: "the catalog's title",
  columns: 'the column roles in order, as code,description,solution',
  merge: 'the catalog file to merge the page into',
};

const SUBCOMMANDS: ReadonlySet<string> = new Set(COMMANDS);

/** Commands that read files: `errcode scna app.log` with app.log there is a mistyped command. */
const FILE_COMMANDS = ['scan', 'stats', 'validate', 'import'];
/** Commands that take nothing: `errcode catalgos` alone is one too. */
const BARE_COMMANDS = ['scan', 'catalogs', 'validate', 'stats', 'proposals'];

/**
 * `errcode -4010` asks about QQ's negative code -4010: no option is a digit, so an argument that is
 * a minus and a number is a query. It is passed through parseArgs under a mark and given back after.
 */
const NEGATIVE_NUMBER = /^-\.?[0-9\uff10-\uff19]/;
const NEGATIVE_MARK = '\u0000';

function parseArguments(argv: readonly string[]) {
  const args = argv.map((arg) => (NEGATIVE_NUMBER.test(arg) ? `${NEGATIVE_MARK}${arg}` : arg));
  const restore = (value: string) => (value.startsWith(NEGATIVE_MARK) ? value.slice(NEGATIVE_MARK.length) : value);
  try {
    const parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
    // `--lang=` is no value either.
    for (const token of parsed.tokens) {
      if (token.kind === 'option' && token.value === '' && token.name in VALUE_WANTED)
        throw new UsageError(valueMissing(token.name as ValueOption));
    }
    return {
      ...parsed,
      positionals: parsed.positionals.map(restore),
      tokens: parsed.tokens.map((token) => (token.kind === 'positional' ? { ...token, value: restore(token.value) } : token)),
    };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(argumentProblem(error as Error & { code?: string }));
  }
}

/** Options whose value may itself start with '-' (a title, a path). */
const FREE_VALUE: ReadonlySet<ValueOption> = new Set(['title', 'catalogs', 'merge']);

function valueMissing(option: ValueOption, ambiguous = false): string {
  // `--title -x`: parseArgs takes no value starting with '-' after a space.
  const dash = ambiguous && FREE_VALUE.has(option) ? ` (a value starting with '-' goes after '=', as in --${option}=-x)` : '';
  return `--${option} needs a value: ${VALUE_WANTED[option]}${dash}`;
}

/** parseArgs's message, in one line; an unknown option gets the nearest known one and how to pass a query starting with '-'. */
function argumentProblem(error: Error & { code?: string }): string {
  const first = error.message.split('\n')[0] ?? 'bad arguments';
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // "Option '--lang <value>' argument missing" or "… argument is ambiguous" (`--lang --json`).
    const name = /^Option '(?:-\w, )?--([\w-]+)(?: <value>)?' argument (missing|is ambiguous)/.exec(first);
    if (name?.[1] && name[1] in VALUE_WANTED) return valueMissing(name[1] as ValueOption, name[2] !== 'missing');
    return first;
  }
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return first;
  const option = /^Unknown option '([^']*)'/.exec(first)?.[1];
  if (option === undefined) return first;
  const known = Object.keys(OPTIONS).map((name) => `--${name}`);
  const near = option.startsWith('--') ? closestWord(option, known, 2) : undefined;
  const hint = near ? `; did you mean ${near}?` : '';
  return `unknown option '${option}'${hint} (a query starting with '-' goes after '--', as in: errcode -- '${option}')`;
}

/** `errcode --version`: the package's version. */
function version(): string {
  const manifest = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: string };
  return `errcode ${manifest.version ?? 'unknown'}`;
}

/**
 * `errcode help` and `errcode help scan` ask for the usage (no catalog has a code or a word `help`;
 * `errcode -- help` still looks it up). Anything more is a question: `errcode help token expired`.
 */
function helpAsked(words: readonly string[]): Command | 'all' | undefined {
  if (words[0] !== 'help' || words.length > 2) return undefined;
  if (words.length === 1) return 'all';
  return isCommand(words[1]) ? words[1] : undefined;
}

/**
 * `errcode scna app.log` means `scan`: a word one edit from a command, followed by files that exist
 * (or alone, for a command that takes nothing). A query with anything else in it is left alone.
 */
function mistypedCommand(words: readonly string[]): string | undefined {
  const [word, ...rest] = words;
  if (word === undefined || word.length < 4 || SUBCOMMANDS.has(word)) return undefined;
  const lower = word.toLowerCase();
  if (SUBCOMMANDS.has(lower) && (rest.length === 0 || rest.every((arg) => arg === '-' || existsSync(arg)))) return lower;
  if (rest.length === 0) return closestWord(lower, BARE_COMMANDS, 1);
  if (!rest.every((arg) => arg === '-' || existsSync(arg))) return undefined;
  return closestWord(lower, FILE_COMMANDS, 1);
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals, tokens } = parseArguments(argv);
    // A subcommand counts only before `--`: `errcode -- scan` asks about the word "scan".
    const terminator = tokens.findIndex((t) => t.kind === 'option-terminator');
    const firstPositional = tokens.findIndex((t) => t.kind === 'positional');
    const first = positionals[0];
    const isSubcommand = first !== undefined && SUBCOMMANDS.has(first) && (terminator === -1 || firstPositional < terminator);
    const help = values.help ? (isSubcommand && isCommand(first) ? first : 'all') : terminator === -1 ? helpAsked(positionals) : undefined;
    if (help) {
      line(io.stdout, help === 'all' ? USAGE : commandUsage(help));
      return EXIT.matched;
    }
    if (values.version || (terminator === -1 && positionals.length === 1 && first === 'version')) {
      line(io.stdout, version());
      return EXIT.matched;
    }
    const flags = commonFlags(values, io.env);
    if (isSubcommand) {
      const rest = positionals.slice(1);
      switch (first) {
        // Commands load on demand: a lookup never pays for the YAML parser or the schema.
        case 'scan':
          if (rest.length > 1) throw new UsageError('scan takes one FILE (or - for standard input)');
          return await (await import('./commands/scan.js')).scanCommand(rest[0], flags, io);
        case 'catalogs':
          return await (await import('./commands/catalogs.js')).catalogsCommand(flags, io);
        case 'validate':
          return (await import('./commands/validate.js')).validateCommand(rest, flags, io);
        case 'stats':
          return await (await import('./commands/stats.js')).statsCommand(rest[0], flags, io);
        case 'import':
          return await (await import('./commands/import.js')).importCommand(rest, values, io);
        case 'proposals':
          if (rest.length > 0) throw new UsageError('proposals takes no arguments');
          return await (await import('./commands/proposals.js')).proposalsCommand(flags, io);
        case 'approve':
        case 'reject':
          return await (await import('./commands/proposals.js')).decideCommand(first, rest, flags, io);
      }
    }
    const query = positionals.join(' ').trim();
    if (query === '') throw new UsageError(`no query given\n${USAGE}`);
    // Only before `--`: `errcode -- scna app.log` asks about those words.
    const meant = terminator === -1 ? mistypedCommand(positionals) : undefined;
    if (meant) throw new UsageError(`'${positionals[0]}' is not a command; did you mean '${meant}'?`);
    return await (await import('./commands/lookup.js')).lookupCommand(query, flags, io);
  } catch (error) {
    const usage = error instanceof UsageError;
    const message = usage ? error.message : `internal error: ${(error as Error).message}`;
    line(io.stderr, `errcode: ${message}`);
    // A script reading --json gets the error as JSON too, not an empty standard output.
    if (wantsJson(argv))
      line(io.stdout, JSON.stringify({ error: { message: message.split('\n')[0], kind: usage ? 'usage' : 'internal' } }));
    // A fault, not a user error: one line, no stack trace unless asked for.
    if (!usage && io.env.ERRCODE_DEBUG) line(io.stderr, String((error as Error).stack));
    return EXIT.usage;
  }
}

/** Whether `--json` was passed before any `--` (read from argv: the error may be that parsing failed). */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}
