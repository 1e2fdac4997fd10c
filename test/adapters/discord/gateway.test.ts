import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, post, replies, startHarness, stopHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await stopHarness(h);
  h = undefined;
});

const PASTE = '{"code":6004,"data":"get player info fail"}';

describe('the Discord connection', () => {
  it('starts with the three intents and Partials.Channel, connected, without logging the token', async () => {
    h = await startHarness();
    expect(h.handle.platform).toBe('discord');
    expect(h.handle.connected()).toBe(true);
    const identify = await h.fake.waitForIdentify();
    expect((identify.d as { intents: number }).intents).toBe(1 | 512 | 32768);
    expect(h.services.logLines.find((l) => l.event === 'discord_connected')).toBeDefined();
    expect(h.services.rawLog()).not.toContain('fake-token');
    expect(await h.services.metrics.registry.getSingleMetricAsString('errcode_adapter_connected')).toContain(
      'errcode_adapter_connected{platform="discord"} 1',
    );
  });

  it('a forced reconnect (op 7) resumes, and later messages still get replies', async () => {
    h = await startHarness();
    h.fake.requestReconnect();
    await h.fake.waitForResume({ timeoutMs: 20_000 });
    await expect.poll(() => h!.handle.connected()).toBe(true);
    await post(h, h.fake.guildMessage({ content: PASTE }));
    expect(replies(h)).toHaveLength(1);
    expect(h.fake.gatewayConnections).toBe(2);
  });

  it('a dropped connection resumes and the message sent meanwhile is answered', async () => {
    h = await startHarness();
    h.fake.dropConnection();
    await expect.poll(() => h!.handle.connected()).toBe(false);
    const message = h.fake.guildMessage({ content: PASTE });
    h.fake.dispatch('MESSAGE_CREATE', message);
    await h.fake.waitForResume({ timeoutMs: 20_000 });
    await expect.poll(() => replies(h!).length).toBe(1);
    expect(h.handle.connected()).toBe(true);
  });

  it('accepts DISCORD_API_URL with a trailing slash', async () => {
    h = await startHarness({ apiUrl: (fake) => `${fake.apiUrl}/` });
    expect(h.handle.connected()).toBe(true);
    expect(h.fake.requestsMatching({ method: 'GET', path: '/gateway/bot' })).toHaveLength(1);
  });

  it('stop() disconnects and reports not connected', async () => {
    h = await startHarness();
    await h.handle.stop();
    expect(h.handle.connected()).toBe(false);
    expect(h.handle.client.isReady()).toBe(false);
    expect(h.services.logLines.find((l) => l.event === 'discord_stopped')).toBeDefined();
  });
});
