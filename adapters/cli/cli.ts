/** The errcode command line: parses arguments, runs one command, returns the exit status. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../../src/catalog/bundled.js';
import { closestWord } from '../../src/engine/fuzzy.js';
import { commonFlags } from './commands/flags.js';
import { type CliIo, EXIT, line, UsageError } from './io.js';

export const USAGE = `usage:
  errcode [--json] [--limit N] [--lang en|zh] [--catalogs DIRS] [--] <query...>
  errcode scan [--json] [--limit N] [--lang en|zh] [--catalogs DIRS] [FILE|-]
                 (the whole input, up to 16 MiB: a longer file by its end; --limit: codes shown, 5 unless given)
  errcode catalogs [--json] [--catalogs DIRS]
  errcode validate [--no-bundled --catalogs DIRS] [PATH...]
  errcode stats [FILE|-]          (no FILE: the state store, ERRCODE_STATE)
  errcode proposals [--json]     errcode approve ID     errcode reject ID
                 (suggestions from chat; need ERRCODE_STATE set to the bot's SQLite file or Redis URL)
  errcode import [--format html|markdown|text|csv] [--catalog ID] [--title T] [--lang zh|en]
                 [--columns code,description,solution] [--merge CATALOG] FILE|-
  --no-bundled (with --catalogs) leaves the bundled catalogs out of a lookup, scan or validate
  errcode --version

examples:
  errcode 100014                 errcode 1101 20155          errcode oidb 0x9b
  errcode NSP_STATUS 102         errcode -- -4008            errcode acess token expried
  errcode scan app.log           kubectl logs pod | errcode scan -`;

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

const SUBCOMMANDS = new Set(['scan', 'catalogs', 'validate', 'stats', 'import', 'proposals', 'approve', 'reject']);

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
    return {
      ...parsed,
      positionals: parsed.positionals.map(restore),
      tokens: parsed.tokens.map((token) => (token.kind === 'positional' ? { ...token, value: restore(token.value) } : token)),
    };
  } catch (error) {
    throw new UsageError(argumentProblem(error as Error & { code?: string }));
  }
}

/** parseArgs's message, in one line; an unknown option gets the nearest known one and how to pass a query starting with '-'. */
function argumentProblem(error: Error & { code?: string }): string {
  const first = error.message.split('\n')[0] ?? 'bad arguments';
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
    if (values.help) {
      line(io.stdout, USAGE);
      return EXIT.matched;
    }
    if (values.version) {
      line(io.stdout, version());
      return EXIT.matched;
    }
    // A subcommand counts only before `--`: `errcode -- scan` asks about the word "scan".
    const terminator = tokens.findIndex((t) => t.kind === 'option-terminator');
    const firstPositional = tokens.findIndex((t) => t.kind === 'positional');
    const first = positionals[0];
    const isSubcommand = first !== undefined && SUBCOMMANDS.has(first) && (terminator === -1 || firstPositional < terminator);
    const flags = commonFlags(values);
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
    if (error instanceof UsageError) {
      line(io.stderr, `errcode: ${error.message}`);
      return EXIT.usage;
    }
    // A fault, not a user error: one line, no stack trace unless asked for.
    line(io.stderr, `errcode: internal error: ${(error as Error).message}`);
    if (io.env.ERRCODE_DEBUG) line(io.stderr, String((error as Error).stack));
    return EXIT.usage;
  }
}
