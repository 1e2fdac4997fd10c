/**
 * The file one custom catalog file is compiled to: a header, a code index, and the entries, each
 * its own JSON record at a known byte offset. A full load parses all the records at once; a
 * question that is only codes (src/code-lookup.ts) reads the index and then just the records its
 * codes can reach, which is what lets a CLI lookup over a 100,000-entry catalog start about as fast
 * as one over the bundled catalogs alone.
 *
 * Layout: MAGIC, the header's byte length (uint32), the header (JSON), padding to 8 bytes, then
 * the index arrays and the records, at offsets (from that point) the header lists. The arrays are
 * typed arrays in this machine's byte order; the header says which, and a file written in the other
 * order is not used. The records are one JSON array, so a full load is one JSON.parse.
 *
 * What the index holds beside the codes is what an answer about an entry reads of other entries:
 * its neighbours in its table (related codes) and the entries sharing its code (where the same
 * meaning applies), plus one entry per table so every table, with its keywords and URL, is known.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import type { Catalog, CatalogEntry, CatalogInfo, TableInfo } from './model.js';
import { shapedEntry, shapedInfo, shapedTable } from './shapes.js';

/** Bumped whenever the layout or the record shape changes: an older file is compiled again. */
export const CACHE_FILE_FORMAT = 3;
const MAGIC = Buffer.from('errcode-catalog\n');
const PREFIX = MAGIC.length + 4;
const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * How far an entry's neighbours are kept: walking out from it in its table, up to this many that
 * an answer could list as related (not a success, not another meaning of the same code). The
 * engine lists the first RELATED_LIMIT (4) in the same walk, so this is a superset with room; a
 * test holds the two together.
 */
export const NEIGHBOURS_KEPT = 8;
/** A walk this long without enough neighbours (a table of success rows) keeps the whole table. */
const NEIGHBOUR_WALK_MAX = 256;

/** An entry as stored: `catalog` and `table` replaced by the table's index. */
export type StoredEntry = Omit<CatalogEntry, 'catalog' | 'table'> & { readonly tableIndex: number };

interface Header {
  readonly format: number;
  readonly fingerprint: string;
  readonly littleEndian: boolean;
  readonly info: Omit<CatalogInfo, 'file'>;
  readonly tables: readonly TableInfo[];
  readonly entries: number;
  /** Every distinct entry keyword of the catalog (catalog and table keywords are in info and tables). */
  readonly keywords: readonly string[];
  /** The first entry of each table that has entries. */
  readonly representatives: readonly number[];
  /** [offset, count] of each index array, offsets from the end of the padded header. */
  readonly arrays: Readonly<Record<ArrayName, readonly [number, number]>>;
  /** [offset, byte length] of the records. */
  readonly records: readonly [number, number];
}

const ARRAY_KINDS = {
  /** Sorted distinct values a lookup can ask the code index about: spellings and main codes. */
  keys: Float64Array,
  /** 1 where the key is some entry's spelling (what "nearest codes" choose from), 0 for a main code only. */
  keyIsSpelling: Uint8Array,
  /** Entries each key reaches: reach[reachStart[k] .. reachStart[k + 1]), ascending. */
  reachStart: Uint32Array,
  reach: Uint32Array,
  /** Range spellings (code, alias or misprint), with their entry. */
  rangeLow: Float64Array,
  rangeHigh: Float64Array,
  rangeEntry: Uint32Array,
  /** Each entry's own code value (its span's low end). */
  ownValue: Float64Array,
  /** Each entry's kept neighbours: the entries windowLo..windowHi, itself included. */
  windowLo: Uint32Array,
  windowHi: Uint32Array,
  /** Each record's byte offset within the records; recordStart[n] ends the last one. */
  recordStart: Uint32Array,
} as const;
type ArrayName = keyof typeof ARRAY_KINDS;
type IndexArrays = { readonly [K in ArrayName]: InstanceType<(typeof ARRAY_KINDS)[K]> };

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function storeEntry(entry: CatalogEntry, tableIndex: ReadonlyMap<TableInfo, number>): StoredEntry {
  const { catalog: _catalog, table, ...rest } = entry;
  return { ...rest, tableIndex: tableIndex.get(table) ?? -1 };
}

function reviveEntry(stored: StoredEntry, info: CatalogInfo, tables: readonly TableInfo[]): CatalogEntry {
  const { tableIndex, ...rest } = stored;
  const table = tables[tableIndex];
  if (!table) throw new Error(`compiled catalog ${info.id} is corrupt`);
  return shapedEntry({ ...rest, catalog: info, table } as CatalogEntry);
}

/** The compiled file for a validated catalog. */
export function encodeCatalogFile(catalog: Catalog, fingerprint: string): Buffer {
  const { entries, tables } = catalog;
  const tableIndex = new Map(tables.map((t, i) => [t, i]));
  const recordTexts = entries.map((e) => JSON.stringify(storeEntry(e, tableIndex)));
  const recordStart = new Uint32Array(entries.length + 1);
  let at = 1; // after "["
  recordTexts.forEach((text, i) => {
    recordStart[i] = at;
    at += Buffer.byteLength(text) + 1; // the record and the "," or "]" after it
  });
  recordStart[entries.length] = at;
  const records = Buffer.from(`[${recordTexts.join(',')}]`);

  const arrays: IndexArrays = { ...codeArrays(entries), ...neighbourArrays(entries), recordStart };
  const layout = {} as Record<ArrayName, [number, number]>;
  const parts: Buffer[] = [];
  let offset = 0;
  for (const name of Object.keys(ARRAY_KINDS) as ArrayName[]) {
    const array = arrays[name];
    layout[name] = [offset, array.length];
    const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    const padded = align8(bytes.length);
    parts.push(bytes, Buffer.alloc(padded - bytes.length));
    offset += padded;
  }
  const header: Header = {
    format: CACHE_FILE_FORMAT,
    fingerprint,
    littleEndian: LITTLE_ENDIAN,
    info: withoutFile(catalog.info),
    tables,
    entries: entries.length,
    keywords: [...new Set(entries.flatMap((e) => e.keywords))],
    representatives: representatives(entries),
    arrays: layout,
    records: [offset, records.length],
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(PREFIX);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(headerBytes.length, MAGIC.length);
  const headerPadding = Buffer.alloc(align8(PREFIX + headerBytes.length) - PREFIX - headerBytes.length);
  return Buffer.concat([prefix, headerBytes, headerPadding, ...parts, records]);
}

function withoutFile(info: CatalogInfo): Omit<CatalogInfo, 'file'> {
  const { file: _file, ...rest } = info;
  return rest;
}

/** The values an entry answers to (its code index keys) and its range spellings. */
function codeArrays(entries: readonly CatalogEntry[]) {
  const reachOf = new Map<number, number[]>();
  const spellingKeys = new Set<number>();
  const ranges: Array<{ low: number; high: number; entry: number }> = [];
  const reaches = (value: number, entry: number) => {
    const list = reachOf.get(value) ?? [];
    if (list.at(-1) !== entry) list.push(entry);
    reachOf.set(value, list);
  };
  entries.forEach((entry, i) => {
    for (const span of [entry.span, ...entry.aliases, ...entry.misprints]) {
      if (span.isRange) ranges.push({ low: span.low, high: span.high, entry: i });
      else {
        reaches(span.low, i);
        spellingKeys.add(span.low);
      }
    }
    // As the engine's code index keys it (Number of the main spelling); a value no lookup can ask is left out.
    const main = entry.main === undefined ? Number.NaN : Number(entry.main);
    if (Number.isFinite(main)) reaches(main, i);
  });
  const keys = Float64Array.from([...reachOf.keys()].sort((a, b) => a - b));
  const keyIsSpelling = Uint8Array.from(keys, (k) => (spellingKeys.has(k) ? 1 : 0));
  const reachStart = new Uint32Array(keys.length + 1);
  const reach: number[] = [];
  keys.forEach((key, k) => {
    reachStart[k] = reach.length;
    reach.push(...(reachOf.get(key) ?? []));
  });
  reachStart[keys.length] = reach.length;
  return {
    keys,
    keyIsSpelling,
    reachStart,
    reach: Uint32Array.from(reach),
    rangeLow: Float64Array.from(ranges, (r) => r.low),
    rangeHigh: Float64Array.from(ranges, (r) => r.high),
    rangeEntry: Uint32Array.from(ranges, (r) => r.entry),
    ownValue: Float64Array.from(entries, (e) => e.span.low),
  };
}

/**
 * Each entry's neighbour window in its table. A catalog's entries come table by table, so a
 * table is a run of the entry list; the window is a run inside it.
 */
function neighbourArrays(entries: readonly CatalogEntry[]) {
  const windowLo = new Uint32Array(entries.length);
  const windowHi = new Uint32Array(entries.length);
  let start = 0;
  while (start < entries.length) {
    const table = entries[start]?.table;
    let end = start;
    while (end < entries.length && entries[end]?.table === table) end += 1;
    for (let at = start; at < end; at += 1) {
      const entry = entries[at] as CatalogEntry;
      const related = (candidate: CatalogEntry | undefined) =>
        candidate !== undefined && candidate.outcome !== 'success' && !(candidate.code === entry.code && candidate.main === entry.main);
      let kept = 0;
      let distance = 0;
      while (kept < NEIGHBOURS_KEPT && distance < end - start && distance < NEIGHBOUR_WALK_MAX) {
        distance += 1;
        if (at - distance >= start && related(entries[at - distance])) kept += 1;
        if (at + distance < end && related(entries[at + distance])) kept += 1;
      }
      const whole = kept < NEIGHBOURS_KEPT && distance >= NEIGHBOUR_WALK_MAX;
      windowLo[at] = whole ? start : Math.max(start, at - distance);
      windowHi[at] = whole ? end - 1 : Math.min(end - 1, at + distance);
    }
    start = end;
  }
  return { windowLo, windowHi };
}

function representatives(entries: readonly CatalogEntry[]): number[] {
  const seen = new Set<TableInfo>();
  const out: number[] = [];
  entries.forEach((entry, i) => {
    if (seen.has(entry.table)) return;
    seen.add(entry.table);
    out.push(i);
  });
  return out;
}

/** The header, when `bytes` starts like a compiled file of the current format and byte order. */
function readHeader(bytes: Buffer): { header: Header; dataStart: number } | undefined {
  if (bytes.length < PREFIX || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const length = bytes.readUInt32LE(MAGIC.length);
  if (PREFIX + length > bytes.length) return undefined;
  const parsed = JSON.parse(bytes.toString('utf8', PREFIX, PREFIX + length)) as Header;
  if (parsed.format !== CACHE_FILE_FORMAT || parsed.littleEndian !== LITTLE_ENDIAN) return undefined;
  const header: Header = { ...parsed, tables: parsed.tables.map(shapedTable) };
  return { header, dataStart: align8(PREFIX + length) };
}

/** The whole catalog from a compiled file whose fingerprint is `fingerprint`; undefined otherwise. */
export function decodeCatalogFile(bytes: Buffer, fingerprint: string, file: string): Catalog | undefined {
  const read = readHeader(bytes);
  if (!read || read.header.fingerprint !== fingerprint) return undefined;
  const { header, dataStart } = read;
  const info = shapedInfo({ ...header.info, file });
  const [offset, length] = header.records;
  const stored = JSON.parse(bytes.toString('utf8', dataStart + offset, dataStart + offset + length)) as StoredEntry[];
  return { info, tables: header.tables, entries: stored.map((s) => reviveEntry(s, info, header.tables)) };
}

/** A compiled file opened for reading only some of its entries. */
export class CatalogFileIndex {
  private constructor(
    private readonly fd: number,
    private readonly header: Header,
    private readonly dataStart: number,
    private readonly arrays: IndexArrays,
    readonly info: CatalogInfo,
  ) {}

  /** The index of the compiled file at `target` when its fingerprint is `fingerprint`; undefined otherwise. */
  static open(target: string, fingerprint: string, file: string): CatalogFileIndex | undefined {
    let fd: number | undefined;
    try {
      fd = openSync(target, 'r');
      const first = Buffer.allocUnsafe(64 * 1024);
      const got = readSync(fd, first, 0, first.length, 0);
      let start = first.subarray(0, got);
      if (got >= PREFIX && PREFIX + start.readUInt32LE(MAGIC.length) > got) {
        const whole = Buffer.allocUnsafe(PREFIX + start.readUInt32LE(MAGIC.length));
        readSync(fd, whole, 0, whole.length, 0);
        start = whole;
      }
      const read = readHeader(start);
      if (!read || read.header.fingerprint !== fingerprint) throw new Error('not current');
      const { header, dataStart } = read;
      const [indexEnd] = header.records;
      // One read for every array; allocUnsafeSlow is unpooled, so the typed-array views are aligned.
      const index = Buffer.allocUnsafeSlow(indexEnd);
      if (readSync(fd, index, 0, indexEnd, dataStart) !== indexEnd) throw new Error('truncated');
      const arrays = {} as Record<ArrayName, ArrayLike<number>>;
      for (const name of Object.keys(ARRAY_KINDS) as ArrayName[]) {
        const [offset, count] = header.arrays[name];
        const Kind = ARRAY_KINDS[name];
        if (offset + count * Kind.BYTES_PER_ELEMENT > indexEnd) throw new Error('corrupt');
        arrays[name] = new Kind(index.buffer, index.byteOffset + offset, count);
      }
      const index_ = arrays as unknown as IndexArrays;
      if (index_.recordStart.length !== header.entries + 1 || index_.ownValue.length !== header.entries) throw new Error('corrupt');
      return new CatalogFileIndex(fd, header, dataStart, index_, shapedInfo({ ...header.info, file }));
    } catch {
      if (fd !== undefined) closeSync(fd);
      return undefined;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  get tables(): readonly TableInfo[] {
    return this.header.tables;
  }

  get size(): number {
    return this.header.entries;
  }

  /** Every distinct entry keyword of the catalog. */
  get keywords(): readonly string[] {
    return this.header.keywords;
  }

  get representatives(): readonly number[] {
    return this.header.representatives;
  }

  /** Entries the code index reaches for `value`: spellings equal to it, ranges holding it, entries under it as main code. */
  reach(value: number, into: Set<number>): void {
    const { reachStart, reach, rangeLow, rangeHigh, rangeEntry } = this.arrays;
    const k = this.keyAt(value);
    if (k !== undefined) for (let i = reachStart[k] as number; i < (reachStart[k + 1] as number); i += 1) into.add(reach[i] as number);
    for (let r = 0; r < rangeLow.length; r += 1) {
      if ((rangeLow[r] as number) <= value && value <= (rangeHigh[r] as number)) into.add(rangeEntry[r] as number);
    }
  }

  private keyAt(value: number): number | undefined {
    const { keys } = this.arrays;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const key = keys[mid] as number;
      if (key === value) return mid;
      if (key < value) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /**
   * Spelling values near `value` that "did you mean" could offer: the `count` closest below and
   * above among those with its sign and digit count (the engine picks the closest few of all).
   */
  nearSpellings(value: number, count: number): number[] {
    const { keys, keyIsSpelling } = this.arrays;
    const sign = Math.sign(value);
    const digits = String(Math.abs(value)).length;
    const comparable = (v: number) => Math.sign(v) === sign && String(Math.abs(v)).length === digits;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((keys[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    // Values of one sign and digit count are a run of the sorted keys: leaving it ends each side.
    for (let i = lo - 1, n = 0; i >= 0 && n < count && comparable(keys[i] as number); i -= 1) {
      if (keyIsSpelling[i]) {
        out.push(keys[i] as number);
        n += 1;
      }
    }
    for (let i = lo, n = 0; i < keys.length && n < count && comparable(keys[i] as number); i += 1) {
      if (keyIsSpelling[i]) {
        out.push(keys[i] as number);
        n += 1;
      }
    }
    return out;
  }

  /** What an answer about entry `i` reads besides the entry: its neighbour window and its own code's entries. */
  companions(i: number, into: Set<number>): void {
    const { windowLo, windowHi, ownValue } = this.arrays;
    for (let j = windowLo[i] as number; j <= (windowHi[i] as number); j += 1) into.add(j);
    this.reach(ownValue[i] as number, into);
  }

  /** The catalog with only the entries given (indexes, any order), in catalog order. */
  readEntries(indexes: Iterable<number>): Catalog {
    const { recordStart } = this.arrays;
    const sorted = [...indexes].filter((i) => i >= 0 && i < this.header.entries).sort((a, b) => a - b);
    const entries: CatalogEntry[] = [];
    const [recordsOffset] = this.header.records;
    const base = this.dataStart + recordsOffset;
    // Consecutive records are read together: a neighbour window is one read.
    for (let run = 0; run < sorted.length; ) {
      let end = run + 1;
      while (end < sorted.length && sorted[end] === (sorted[end - 1] as number) + 1) end += 1;
      const first = sorted[run] as number;
      const last = sorted[end - 1] as number;
      const from = recordStart[first] as number;
      const to = (recordStart[last + 1] as number) - 1;
      const bytes = Buffer.allocUnsafe(to - from);
      if (readSync(this.fd, bytes, 0, bytes.length, base + from) !== bytes.length) throw new Error('compiled catalog truncated');
      for (let i = first; i <= last; i += 1) {
        const text = bytes.toString('utf8', (recordStart[i] as number) - from, (recordStart[i + 1] as number) - 1 - from);
        entries.push(reviveEntry(JSON.parse(text) as StoredEntry, this.info, this.header.tables));
      }
      run = end;
    }
    return { info: this.info, tables: this.header.tables, entries };
  }
}
