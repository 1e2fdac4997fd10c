/**
 * The usage text, one part per command: `errcode --help` prints them all, `errcode help scan` and
 * `errcode scan --help` print the part of that command.
 */

export const COMMANDS = ['scan', 'catalogs', 'validate', 'stats', 'import', 'proposals', 'approve', 'reject'] as const;
export type Command = (typeof COMMANDS)[number];

export function isCommand(word: string | undefined): word is Command {
  return (COMMANDS as readonly (string | undefined)[]).includes(word);
}

interface UsagePart {
  /** The command's usage lines, as in the full usage. */
  readonly lines: string;
  /** What it does, in a sentence or two (only in the command's own help). */
  readonly about: string;
}

const LOCALE_RULE = 'the locale (LC_ALL, then LC_MESSAGES, then LANG: zh, zh_CN.UTF-8, zh_TW… are zh); else en';
/** How a reply's language is chosen: src/messages.ts replyLanguage, fed by the CLI's flags and locale. */
const LANGUAGE_RULE = `language: --lang en|zh when given; else zh for a question written mostly in Chinese,\n  en for one in English words; else ${LOCALE_RULE}`;
const SCAN_LANGUAGE_RULE = `language: --lang en|zh when given; else ${LOCALE_RULE}`;

const QUERY_LINES = '  errcode [--json] [--limit N] [--lang en|zh] [--catalogs DIRS] [--] <query...>';

/** approve and reject are printed with proposals, on its lines. */
type Part = Exclude<Command, 'approve' | 'reject'>;
const PART_OF: Readonly<Record<Command, Part>> = {
  scan: 'scan',
  catalogs: 'catalogs',
  validate: 'validate',
  stats: 'stats',
  import: 'import',
  proposals: 'proposals',
  approve: 'proposals',
  reject: 'proposals',
};

const PARTS: Readonly<Record<Part, UsagePart>> = {
  scan: {
    lines: `  errcode scan [--json] [--limit N] [--lang en|zh] [--catalogs DIRS] [FILE|-]
                 (the whole input, up to 16 MiB: a longer file by its end; --limit: codes shown, 5 unless given)`,
    about: 'Names the codes an auto-reply would name in a log or a paste (FILE, or - for standard input).',
  },
  catalogs: {
    lines: '  errcode catalogs [--json] [--catalogs DIRS]',
    about: 'Lists the catalogs loaded, their entry counts and sources.',
  },
  validate: {
    lines: '  errcode validate [--no-bundled --catalogs DIRS] [PATH...]',
    about:
      'Checks catalog files (*.yaml, *.yml; a directory: the ones in it): every problem as file:line: reason, exit 1.\n' +
      'Without PATHs: the bundled catalogs, ERRCODE_CATALOGS and --catalogs.',
  },
  stats: {
    lines: '  errcode stats [FILE|-]          (no FILE: the state store, ERRCODE_STATE)',
    about: 'Missing-code reports and not-helpful votes: from the state store, or from a bot log FILE.',
  },
  proposals: {
    lines: `  errcode proposals [--json]     errcode approve ID     errcode reject ID
                 (suggestions from chat; need ERRCODE_STATE set to the bot's SQLite file or Redis URL)`,
    about: 'Lists the codes suggested from chat, and approves or rejects one by its ID.',
  },
  import: {
    lines: `  errcode import [--format html|markdown|text|csv] [--catalog ID] [--title T] [--lang zh|en]
                 [--columns code,description,solution] [--merge CATALOG] FILE|-`,
    about:
      "Turns a vendor's error-code page into a catalog (YAML on standard output); --merge keeps what was\n" +
      'written by hand in CATALOG. Here --lang is the language of the page.',
  },
};

const ORDER: readonly Part[] = ['scan', 'catalogs', 'validate', 'stats', 'proposals', 'import'];

export const USAGE = `usage:
${QUERY_LINES}
${ORDER.map((command) => PARTS[command].lines).join('\n')}
  --no-bundled (with --catalogs) leaves the bundled catalogs out of a lookup, scan or validate
  errcode --version      errcode help [COMMAND]      errcode COMMAND --help
${LANGUAGE_RULE}

examples:
  errcode 100014                 errcode 1101 20155          errcode oidb 0x9b
  errcode NSP_STATUS 102         errcode -- -4008            errcode acess token expried
  errcode scan app.log           kubectl logs pod | errcode scan -`;

/** The usage of one command: its lines and what it does (a scan's, how its language is chosen). */
export function commandUsage(command: Command): string {
  const part = PARTS[PART_OF[command]];
  return `usage:\n${part.lines}\n\n${part.about}${command === 'scan' ? `\n${SCAN_LANGUAGE_RULE}` : ''}`;
}
