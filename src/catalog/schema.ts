/**
 * The catalog file format, checked when a catalog loads (see catalogs/README.md for the prose).
 *
 * Catalog YAML is parsed with the failsafe schema, so every scalar arrives as a string: a code keeps
 * the exact spelling the source gives (`0x9b`, `-4008`, `0x10~0x11`) instead of being turned into a
 * number by the YAML parser. Anything that must be numeric is checked here.
 */
import { z } from 'zod';

/** Text in the source's language, or both languages when the source is Chinese. */
export const localTextSchema = z.union([
  z.string().trim().min(1, 'text must not be empty'),
  z
    .object({
      en: z.string().trim().min(1, 'English text must not be empty'),
      zh: z.string().trim().min(1, 'Chinese text must not be empty'),
    })
    .strict(),
]);
export type LocalTextInput = z.infer<typeof localTextSchema>;

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"');

/** How a code is written: a decimal or hex number, or a range of them joined by "~". */
export const CODE_PATTERN = /^\s*-?(?:0[xX][0-9a-fA-F]+|\d+)\s*(?:~\s*-?(?:0[xX][0-9a-fA-F]+|\d+)\s*)?$/;
const codeSchema = z
  .string()
  .max(64, 'code is longer than 64 characters')
  .regex(CODE_PATTERN, 'not a code: expected a decimal or hex number (-5, 100014, 0x9b) or a range (0x10~0x11)');

/** The places a code can arrive in; detectors and query words use these names. */
export const FIELD_NAMES = ['ret', 'code', 'error', 'sub_error', 'errCode', 'resultCode', 'NSP_STATUS', 'http_status'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export const entrySchema = z
  .object({
    code: codeSchema,
    /** Other spellings of the same code that the source gives (OIDB signed and unsigned decimal). */
    aliases: z.array(codeSchema).optional(),
    /** Spellings the source printed by mistake: still found, ranked low, explained by `note`. */
    misprints: z.array(codeSchema).optional(),
    /** The main code of a two-level code (Account Kit `error` for a `sub_error`). */
    main: codeSchema.optional(),
    /** Distinguishes entries that share a code and are told apart by the message text. */
    variant: z.string().trim().min(1).optional(),
    /** Phrases which, seen near the code, select this entry (the payload's message text). */
    signals: z.array(z.string().trim().min(2)).optional(),
    outcome: z.enum(['error', 'success']).optional(),
    /** The headline, where the description's first sentence does not make one (it opens a list, or is a fragment). */
    title: localTextSchema.optional(),
    description: localTextSchema,
    solution: localTextSchema.optional(),
    causes: z.array(localTextSchema).optional(),
    checklist: z.array(localTextSchema).optional(),
    keywords: z.array(z.string().trim().min(1)).optional(),
    note: localTextSchema.optional(),
    /** The source's own words, verbatim, where `description` cleans up a garbled translation. */
    source_text: z.string().trim().min(1).optional(),
    /** Where an imported entry came from (file, section, row); written by `errcode import`. */
    provenance: z.string().trim().min(1).optional(),
  })
  .strict();
export type EntryInput = z.infer<typeof entrySchema>;

export const tableSchema = z
  .object({
    /** Unique within its section; defaults to the field name. */
    id: idSchema.optional(),
    /** The table's own heading in the source, where it has one (OIDB tables A, B, C). */
    heading: z.string().trim().min(1).optional(),
    name: localTextSchema.optional(),
    field: z.enum(FIELD_NAMES),
    /** Field carrying the main code of two-level codes (`error` beside `sub_error`). */
    main_field: z.enum(FIELD_NAMES).optional(),
    /** `hex`: codes are hex, and a decimal number reaches them by value. */
    notation: z.enum(['decimal', 'hex']).optional(),
    keywords: z.array(z.string().trim().min(1)).optional(),
    entries: z.array(entrySchema).min(1, 'a table needs at least one entry'),
  })
  .strict();
export type TableInput = z.infer<typeof tableSchema>;

export const sectionSchema = z
  .object({
    id: idSchema,
    /** The section heading exactly as the source prints it (provenance). */
    heading: z.string().trim().min(1),
    name: localTextSchema,
    /** The endpoint this section documents (Account Kit), shown as "› endpoint". */
    url: z.url().optional(),
    /** Where the vendor documents this section's codes; a card links to it ("Open docs"). */
    docs: z.url().optional(),
    keywords: z.array(z.string().trim().min(1)).optional(),
    tables: z.array(tableSchema).min(1, 'a section needs at least one table'),
  })
  .strict();
export type SectionInput = z.infer<typeof sectionSchema>;

export const catalogSchema = z
  .object({
    catalog: idSchema,
    name: localTextSchema,
    /** Language of the source text; a `zh` catalog gives every text as {zh, en}. */
    language: z.enum(['en', 'zh']),
    source: z
      .object({
        document: z.string().trim().min(1),
        title: z.string().trim().min(1),
        note: z.string().trim().min(1).optional(),
        /** The vendor's documentation page for these codes; a section's own `docs` wins. */
        docs: z.url().optional(),
      })
      .strict(),
    keywords: z.array(z.string().trim().min(1)).optional(),
    sections: z.array(sectionSchema).min(1, 'a catalog needs at least one section'),
  })
  .strict();
export type CatalogInput = z.infer<typeof catalogSchema>;
