/**
 * A load balancer in front of several bot replicas, for the replica tests and the replica bench:
 * each request goes whole to one replica picked at random from a seeded generator. Seeded random,
 * not round-robin: a round-robin period that divides the channel count hides the duplicate-reply bug.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  readonly url: string;
  /** Requests forwarded to each replica. */
  readonly forwarded: number[];
  close(): Promise<void>;
}

/** Listens on loopback; `targets` are the replicas' event URLs, `pick` returns a number in [0, 1). */
export async function startBalancer(targets: readonly string[], pick: () => number): Promise<Balancer> {
  const forwarded = targets.map(() => 0);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const index = Math.min(targets.length - 1, Math.floor(pick() * targets.length));
      forwarded[index] = (forwarded[index] ?? 0) + 1;
      const upstream = request(targets[index] as string, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502).end();
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    forwarded,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
