/**
 * The gateway connection's lifecycle against the fake Discord: a dead socket shows at once, a
 * resume Discord refuses ends in a fresh session, a missing HELLO costs the hello timeout, and a
 * token refused after a reconnect stops the adapter for good with one clear line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { healthReport } from '../../../src/runtime/health-server.js';
import { type Harness, post, replies, startHarness, stopHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

const PASTE = '{"code":6004,"data":"get player info fail"}';
const ready = (harness: Harness) =>
  healthReport({ engines: harness.services.engines, metrics: harness.services.metrics, adapters: () => [harness.handle] }).ready;

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the Discord gateway lifecycle', () => {
  it('/healthz is false within 1 s of a dead socket; the resume is counted with the time offline', async () => {
    h = await startHarness();
    expect(ready(h)).toBe(true);
    const killed = performance.now();
    h.fake.dropConnection();
    await until(() => !ready(h!), '/healthz to turn false', 10_000);
    // Under 1 s as the issue asks (about 150 ms on an idle machine): 3 s is the ceiling for a busy one.
    expect(performance.now() - killed).toBeLessThan(3000);
    await h.fake.waitForResume({ timeoutMs: 10_000 });
    await until(() => ready(h!), '/healthz to recover', 10_000);
    const metrics = await h.services.metrics.registry.metrics();
    expect(metrics).toContain('errcode_adapter_reconnects_total{platform="discord",reason="resume"} 1');
    expect(Number(/errcode_adapter_disconnected_seconds_total\{platform="discord"\} ([\d.e-]+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it('a resume Discord refuses ends in a new session, and pastes are answered again', async () => {
    h = await startHarness();
    h.fake.faults.failResumes(true);
    h.fake.dropConnection();
    await h.fake.waitForResume({ timeoutMs: 10_000 });
    // discord.js waits 1-5 s before identifying again after a session it cannot resume.
    await h.fake.waitForIdentify({ timeoutMs: 10_000 });
    await h.fake.waitForIdentify({ timeoutMs: 10_000 });
    await until(() => ready(h!), 'the new session', 10_000);
    await post(h, h.fake.guildMessage({ content: PASTE }));
    expect(replies(h)).toHaveLength(1);
    expect(await h.services.metrics.registry.getSingleMetricAsString('errcode_adapter_reconnects_total')).toContain('reason="identify"} 1');
  });

  it('a gateway that never says HELLO costs the hello timeout, then the next connection serves', async () => {
    h = await startHarness({ adapter: { helloTimeoutMs: 500 } });
    h.fake.faults.withholdHello(true);
    h.fake.dropConnection();
    await until(() => h!.fake.gatewayConnections >= 2, 'a connection without HELLO', 10_000);
    h.fake.faults.withholdHello(false);
    await until(() => h!.fake.gatewayConnections >= 3, 'the next connection', 10_000);
    // After a timeout @discordjs/ws starts a new session, and identifies are spaced 5 s apart.
    await h.fake.waitForIdentify({ timeoutMs: 10_000 });
    await h.fake.waitForIdentify({ timeoutMs: 10_000 });
    await until(() => ready(h!), 'the session to come back', 10_000);
  });

  it('a token refused after a reconnect (4004) stops the adapter for good with one clear error line', async () => {
    h = await startHarness();
    h.fake.faults.rejectToken(4004);
    h.fake.dropConnection();
    expect(await h.handle.failed).toBe('authentication_failed');
    expect(h.handle.connected()).toBe(false);
    const errors = h.services.logLines.filter((line) => Number(line.level) >= 50);
    expect(errors.map((line) => line.event)).toEqual(['discord_fatal']);
    expect(String(errors[0]?.msg)).toContain('4004');
    const connections = h.fake.gatewayConnections;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(h.fake.gatewayConnections).toBe(connections);
  });
});
