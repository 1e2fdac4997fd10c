/**
 * Catalogs handed from the reload worker in pieces (src/runtime/catalog-transfer.ts), over a real
 * MessageChannel: structured clone as between threads, the receiver asking for each piece.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledCatalogDir } from '../../src/catalog/bundled.js';
import { CatalogError } from '../../src/catalog/files.js';
import { loadCatalogs } from '../../src/catalog/load.js';
import type { Catalog, CatalogEntry } from '../../src/catalog/model.js';
import { shapedEntry, shapedInfo, shapedTable } from '../../src/catalog/shapes.js';
import { CatalogTransferFailure, piecesOf, receiveCatalogs, serveCatalogs } from '../../src/runtime/catalog-transfer.js';
import { generatedCatalog } from '../helpers/generated-catalog.js';

let channel: MessageChannel | undefined;
afterEach(() => {
  channel?.port1.close();
  channel = undefined;
});

function open(): { sender: MessageChannel['port1']; receiver: MessageChannel['port2'] } {
  channel = new MessageChannel();
  return { sender: channel.port1, receiver: channel.port2 };
}

describe('catalog transfer from the reload worker', () => {
  it('rebuilds the same catalogs, tables and catalog info shared by their entries again', async () => {
    const sent: Catalog[] = [...loadCatalogs([bundledCatalogDir()]), generatedCatalog(2_000)];
    const { sender, receiver } = open();
    serveCatalogs(sender, async () => sent);
    let turns = 0;
    let counting = true;
    const count = () => {
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const received = await receiveCatalogs(receiver);
    counting = false;
    expect(received).toEqual(sent);
    for (const catalog of received) {
      for (const entry of catalog.entries) {
        expect(entry.catalog).toBe(catalog.info);
        expect(catalog.tables).toContain(entry.table);
      }
    }
    // One piece per turn: 2,466 entries at 500 a piece and a header per catalog are 11 pieces or more.
    expect([...piecesOf(sent)].length).toBeGreaterThanOrEqual(11);
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it("gives received entries, tables and catalog info the loaders' one property order (src/catalog/shapes.ts)", async () => {
    const sent: Catalog[] = [...loadCatalogs([bundledCatalogDir()]), generatedCatalog(1_200)];
    const { sender, receiver } = open();
    serveCatalogs(sender, async () => sent);
    const received = await receiveCatalogs(receiver);
    const entryOrder = Object.keys(shapedEntry(sent[0]?.entries[0] as CatalogEntry));
    for (const catalog of received) {
      expect(Object.keys(catalog.info)).toEqual(Object.keys(shapedInfo(catalog.info)));
      for (const table of catalog.tables) expect(Object.keys(table)).toEqual(Object.keys(shapedTable(table)));
      for (const entry of catalog.entries) expect(Object.keys(entry)).toEqual(entryOrder);
    }
  });

  it("passes the loader's problems on when the catalogs do not load", async () => {
    const { sender, receiver } = open();
    serveCatalogs(sender, async () => {
      throw new CatalogError([{ file: 'acme.yaml', line: 7, reason: 'code must be a number' }]);
    });
    const failure = await receiveCatalogs(receiver).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CatalogTransferFailure);
    expect(failure).toMatchObject({
      senderName: 'CatalogError',
      problems: [{ file: 'acme.yaml', line: 7, reason: 'code must be a number' }],
    });
  });

  it('fails, rather than waiting for ever, when the sender is gone halfway', async () => {
    const { sender, receiver } = open();
    let served = 0;
    const pieces = piecesOf([generatedCatalog(1_500)], 100);
    let stop: (error: Error) => void = () => {};
    const stopped = new Promise<Error>((resolve) => {
      stop = resolve;
    });
    sender.on('message', () => {
      served += 1;
      if (served === 4) stop(new Error('catalog worker stopped (exit code 1)'));
      else sender.postMessage(pieces.next().value);
    });
    await expect(receiveCatalogs(receiver, stopped)).rejects.toThrow(/exit code 1/);
  });
});
