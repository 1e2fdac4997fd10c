import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { testServices } from './helpers/services.js';

const BOT_TOKEN = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const ACCESS = 'CgB6e3x9AbCdEf0123456789xyz';

describe('no log line carries a credential, whichever path wrote it', () => {
  it('a missed secret in a reported query is redacted before the report is cut short', () => {
    const services = testServices();
    const query = `${'x'.repeat(190)} access_token=${ACCESS}`;
    services.feedback.missingCode('slack', query, { user: 'U1' });
    const raw = services.rawLog();
    expect(raw).toContain('missing_code_report');
    expect(raw).not.toContain(ACCESS.slice(0, 12));
  });

  it('a tampered action value logged as a field is scrubbed', () => {
    const services = testServices();
    services.logger.info({ event: 'card_action', value: `v1|${BOT_TOKEN}`, nested: { again: [BOT_TOKEN] } }, 'action');
    expect(services.rawLog()).toContain('card_action');
    expect(services.rawLog()).not.toContain('xoxb-');
  });

  it('a credential in the message string itself is scrubbed', () => {
    const services = testServices();
    services.logger.warn(`failed with Bearer ${ACCESS}`);
    expect(services.rawLog()).toContain('failed with Bearer [redacted]');
  });

  it('an error logged as a field keeps its shape and loses the credential', () => {
    const services = testServices();
    services.logger.error({ err: new Error(`token=${ACCESS}`) }, 'boom');
    const line = services.logLines.at(-1) as { err: { message: string } };
    expect(line.err.message).toBe('token=[redacted]');
  });
});

describe('the instance id', () => {
  it('is on every line, so lines from several replicas can be told apart; default hostname-pid', () => {
    const lines: string[] = [];
    const sink = { write: (line: string) => void lines.push(line) };
    const logger = createLogger('info', sink, 'replica-b');
    logger.info({ event: 'one' }, 'first');
    logger.child({ platform: 'slack' }).warn('second');
    expect(lines.map((l) => JSON.parse(l).instance)).toEqual(['replica-b', 'replica-b']);
    expect(readConfig({ DISCORD_TOKEN: 'x' }).instanceId).toBe(`${hostname()}-${process.pid}`);
    expect(readConfig({ DISCORD_TOKEN: 'x', ERRCODE_INSTANCE_ID: 'pod-7' }).instanceId).toBe('pod-7');
    expect(() => readConfig({ DISCORD_TOKEN: 'x', ERRCODE_INSTANCE_ID: 'a b' })).toThrow(/ERRCODE_INSTANCE_ID/);
  });
});
