/**
 * Catalogs handed from the reload worker to the bot's thread in bounded pieces. Posted whole, 100,000
 * entries are one structured-clone message of about 44 MB, and taking it in blocks the receiving
 * event loop for seconds. So the receiver asks for one piece at a time, and the event loop turns
 * between pieces: a catalog's header (its info and tables), then its entries a few hundred at a
 * time, each entry carrying its table's index instead of the shared table and catalog objects
 * (which the receiver puts back, shared again). Pulled, not pushed: pieces posted all at once would
 * be queued and taken in by the receiver in one go. The receiver rebuilds each entry, table and
 * header through src/catalog/shapes.ts, as the loaders do: entries put together by spreading the
 * cloned ones came out with a hidden class (V8 map) each, so every index built over 100,000 of them
 * read their fields by look-up, and the reload's build on the bot's thread took seconds longer.
 */
import type { Catalog, CatalogEntry, CatalogInfo, TableInfo } from '../catalog/model.js';
import { shapedEntryIn, shapedInfo, shapedTable } from '../catalog/shapes.js';

/** Entries per piece: a few hundred KB of structured clone, a few milliseconds to take in. */
export const ENTRIES_PER_PIECE = 500;

type PortableEntry = Omit<CatalogEntry, 'catalog' | 'table'> & { readonly tableIndex: number };

export type CatalogPiece =
  | { readonly kind: 'catalog'; readonly info: CatalogInfo; readonly tables: readonly TableInfo[] }
  | { readonly kind: 'entries'; readonly entries: readonly PortableEntry[] }
  | { readonly kind: 'done' }
  | { readonly kind: 'failed'; readonly name: string; readonly message: string; readonly problems?: unknown };

/** Either end: a worker's parentPort, the Worker object, a MessagePort. */
export interface PiecePort {
  // biome-ignore lint/suspicious/noExplicitAny: node's own listener type for 'message'
  on(event: 'message', listener: (value: any) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: node's own listener type for 'message'
  off(event: 'message', listener: (value: any) => void): unknown;
  postMessage(value: unknown): void;
}

/** What the receiver posts to ask for the next piece. */
export const NEXT_PIECE = 'next';

/** The pieces of `catalogs`, in the order the receiver rebuilds them. */
export function* piecesOf(catalogs: readonly Catalog[], perPiece = ENTRIES_PER_PIECE): Generator<CatalogPiece> {
  for (const catalog of catalogs) {
    yield { kind: 'catalog', info: catalog.info, tables: catalog.tables };
    const tableIndex = new Map(catalog.tables.map((t, i) => [t, i]));
    for (let start = 0; start < catalog.entries.length; start += perPiece) {
      const entries = catalog.entries.slice(start, start + perPiece).map(({ catalog: _catalog, table, ...rest }) => {
        const index = tableIndex.get(table);
        if (index === undefined) throw new Error(`catalog ${catalog.info.id}: an entry's table is not among the catalog's tables`);
        return { ...rest, tableIndex: index };
      });
      yield { kind: 'entries', entries };
    }
  }
  yield { kind: 'done' };
}

/** Worker side: answers each NEXT_PIECE with the next piece of what `load` gives (or its failure). */
export function serveCatalogs(port: Omit<PiecePort, 'off'>, load: () => Promise<readonly Catalog[]>): void {
  let pieces: Iterator<CatalogPiece> | undefined;
  const loaded = load().then(
    (catalogs) => {
      pieces = piecesOf(catalogs);
    },
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      const problems = (e as { problems?: unknown }).problems;
      pieces = [{ kind: 'failed', name: e.name, message: e.message, ...(problems ? { problems } : {}) } satisfies CatalogPiece][
        Symbol.iterator
      ]();
    },
  );
  port.on('message', (message: unknown) => {
    if (message !== NEXT_PIECE) return;
    void loaded.then(() => {
      const next = pieces?.next();
      port.postMessage(next && !next.done ? next.value : ({ kind: 'done' } satisfies CatalogPiece));
    });
  });
}

/** Thrown by receiveCatalogs when the sender failed; carries the sender's error name and problems. */
export class CatalogTransferFailure extends Error {
  constructor(
    readonly senderName: string,
    message: string,
    readonly problems: unknown,
  ) {
    super(message);
    this.name = 'CatalogTransferFailure';
  }
}

/**
 * Receiver side: asks for pieces until `done` and rebuilds the catalogs, one piece per turn of the
 * event loop. Rejects on the sender's failure, a malformed piece, or `stopped` (the sender is gone).
 */
export function receiveCatalogs(port: PiecePort, stopped: Promise<Error> = new Promise(() => {})): Promise<Catalog[]> {
  return new Promise<Catalog[]>((resolve, reject) => {
    const catalogs: Catalog[] = [];
    let current: { info: CatalogInfo; tables: readonly TableInfo[]; entries: CatalogEntry[] } | undefined;
    const finish = (outcome: () => void) => {
      port.off('message', onPiece);
      outcome();
    };
    const onPiece = (piece: CatalogPiece) => {
      try {
        if (piece.kind === 'failed') return finish(() => reject(new CatalogTransferFailure(piece.name, piece.message, piece.problems)));
        if (piece.kind === 'done') return finish(() => resolve(catalogs));
        if (piece.kind === 'catalog') {
          current = { info: shapedInfo(piece.info), tables: piece.tables.map(shapedTable), entries: [] };
          catalogs.push(current);
        } else {
          const into = current;
          if (!into) throw new Error('catalog transfer: entries before their catalog');
          for (const entry of piece.entries) {
            const table = into.tables[entry.tableIndex];
            if (!table) throw new Error(`catalog transfer: ${into.info.id} has no table ${entry.tableIndex}`);
            into.entries.push(shapedEntryIn(entry, into.info, table));
          }
        }
        port.postMessage(NEXT_PIECE);
      } catch (error) {
        finish(() => reject(error));
      }
    };
    port.on('message', onPiece);
    void stopped.then((error) => finish(() => reject(error)));
    port.postMessage(NEXT_PIECE);
  });
}
