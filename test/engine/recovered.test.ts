import { describe, expect, it } from 'vitest';
import { recoveredCodes } from '../../src/engine/recovered.js';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const codes = (text: string) => engine.scan(text).answers.map((a) => a.code);
const recovered = (text: string, ...candidates: string[]) => [...recoveredCodes(text, new Set(candidates))];

describe('a paste that shows its error recover (blind probe 71)', () => {
  it("an alert's all-clear line ends the code it names, unless a later line reports it again", () => {
    const day = [
      '[09:01] bot-alert: 🔥 FIRING gc_sync_errors ret=-4009 rate 221/min (qq game center)',
      '[09:05] raj: rolling back gc-sync',
      '[09:12] bot-alert: ✅ RESOLVED gc_sync_errors ret=-4009 (duration 11m)',
    ];
    expect(recovered(day.join('\n'), '-4009')).toEqual(['-4009']);
    expect(codes(day.join('\n'))).toEqual([]);
    const again = [...day, '[10:40] bot-alert: 🔥 FIRING gc_sync_errors ret=-4009 rate 300/min (qq game center)'].join('\n');
    expect(recovered(again, '-4009')).toEqual([]);
    expect(codes(again)).toEqual(['-4009']);
  });

  it('a failure retried and followed by a success is over; one retried and failing again is not', () => {
    const log = [
      '{"level":"warn","msg":"send failed, refreshing access token and retrying","resp":{"code":"80200003","msg":"Oauth Token expired"},"attempt":1}',
      '{"level":"info","msg":"access token refreshed","expires_in":3600}',
      '{"level":"info","msg":"sent","attempt":2,"resp":{"code":"80000000","msg":"Success"}}',
    ].join('\n');
    expect(codes(`hms push sender:\n${log}`)).toEqual([]);
    expect(codes('push send got 80200003, refreshed the token and the retry succeeded with 80000000')).toEqual([]);
    expect(codes('got 80200003 on hms push, the retry succeeded but then 80200003 again')).toEqual(['80200003']);
    expect(codes('hms push 80200003, retrying...')).toEqual(['80200003']);
  });

  it("a line saying the code has been quiet since, or a ticket's SOLVED: line, ends it; a line taking it back does not", () => {
    expect(
      codes('postmortem: getTokenInfo answered NSP_STATUS 102 after the upgrade; fixed by URL-encoding the body, count has been 0 since'),
    ).toEqual([]);
    expect(
      codes('SOLVED: the {"code":6004,"data":"login fail"} was a missing Huawei Game Center, installed it and login works now'),
    ).toEqual([]);
    expect(codes('RESOLVED is what the ticket says but hms push still gives 80200003')).toEqual(['80200003']);
  });

  it('a mail closing a ticket quotes the old error two levels deep; the page number it writes is no code', () => {
    const mail = [
      'Subject: RE: [Ticket #500221] Huawei quick game login loop — SOLVED',
      'Closing this one: after installing Huawei Game Center the login goes through, 20 out of 20.',
      'I added a line to the FAQ (page 6004 in the wiki).',
      '',
      '>> Login keeps looping on 3 phones, callback {"code":6004,"data":"login fail"}. Still the same.',
    ].join('\n');
    expect(codes(mail)).toEqual([]);
  });
});
