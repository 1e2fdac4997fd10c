/**
 * A message that opens by calling the bot (`@errcode what is 6004` typed as text, `/errcode 100014`
 * typed in a thread, `errcode，80200003 是什么意思`) is answered as asked; the word `errcode` used as
 * "error code" or as a log's key is still the scan's to read.
 */
import { describe, expect, it } from 'vitest';
import { AddressReader } from '../../src/engine/addressed.js';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const scanTop = (text: string) => engine.scan(text).answers[0]?.entryId;

describe('AddressReader', () => {
  const reader = new AddressReader(['errcode', 'Error Bot']);

  it('reads the question after the name called with @, / or !, or followed by a comma or question mark', () => {
    expect(reader.question('@errcode what is 6004')).toBe('what is 6004');
    expect(reader.question('  @ErrCode: 7001.')).toBe('7001.');
    expect(reader.question('/errcode 100014')).toBe('100014');
    expect(reader.question('!errcode 1101 20155')).toBe('1101 20155');
    expect(reader.question('errcode？80200003 是什么意思')).toBe('80200003 是什么意思');
    expect(reader.question('errcode, what does 57303 mean')).toBe('what does 57303 mean');
    expect(reader.question('@error bot 6004?')).toBe('6004?');
  });

  it('leaves the name used as a word, a key, or the head of a longer word', () => {
    expect(reader.question('errcode 6004 again')).toBeUndefined();
    expect(reader.question('errcode: 6004')).toBeUndefined();
    expect(reader.question('errcode=403')).toBeUndefined();
    expect(reader.question('@errcodes 6004')).toBeUndefined();
    expect(reader.question('@errcode_bot 6004')).toBeUndefined();
    expect(reader.question('we asked @errcode about 6004')).toBeUndefined();
  });

  it('reads the name before a question word, before `bot`, before codes alone, after a greeting, or closing the question', () => {
    expect(reader.question("errcode what's 100014")).toBe("what's 100014");
    expect(reader.question('Errcode 帮我看下 -4010')).toBe('帮我看下 -4010');
    expect(reader.question('errcode bot: 20042 on the token endpoint?')).toBe('20042 on the token endpoint?');
    expect(reader.question('ERRCODE 0x711 0x41')).toBe('0x711 0x41');
    expect(reader.question('errcode oidb -140?')).toBe('oidb -140?');
    expect(reader.question('Hi @errcode! quick one — what does 251002 mean?')).toBe('quick one — what does 251002 mean?');
    expect(reader.question('what is -21, errcode?')).toBe('what is -21');
    expect(reader.question('80200001 这个是什么问题 @errcode')).toBe('80200001 这个是什么问题');
    // "error code" in a sentence, a key, a word of another: not a call.
    expect(reader.question('errcode issue tracker has 6004 open')).toBeUndefined();
    expect(reader.question('the errcode field is 6 on getuserrisklevel')).toBeUndefined();
    expect(reader.question('errcode 6004 again\nand more')).toBeUndefined();
  });

  it('has no question for the name alone, and none when no name is configured', () => {
    expect(reader.question('@errcode')).toBeUndefined();
    expect(reader.question('@errcode ?')).toBeUndefined();
    expect(new AddressReader([]).question('@errcode 6004')).toBeUndefined();
  });
});

describe('scan of a message calling the bot', () => {
  it('answers a code the unprompted scan leaves alone', () => {
    // A four-digit code with no platform named is below the auto-reply's bar...
    expect(scanTop('what is 6004')).toBeUndefined();
    // ...but someone called the bot.
    expect(scanTop('@errcode what is 6004')).toBe('huawei-quickapp:login.code:6004');
    expect(scanTop('errcode？80200003 是什么意思')).toBe('hms-push:push-server.code:80200003');
    expect(scanTop('@errcode 0xFD?')).toBe('qq-msdk:oidb.common:0xfd');
  });

  it('answers a question in words; stays silent on thanks and on the name alone', () => {
    expect(scanTop('@errcode which code means the pay token expired on 0x73a')).toBe('qq-msdk:oidb.0x73a:0x11');
    expect(scanTop('errcode 哪个错误码表示 code 已经被使用过')).toBe('huawei-account:token.error:1101/20156');
    expect(scanTop('@errcode thanks, that fixed it')).toBeUndefined();
    expect(scanTop('thanks errcode!')).toBeUndefined();
    expect(scanTop('@errcode')).toBeUndefined();
  });

  it('follows the configured names', () => {
    const renamed = createEngine([], { botNames: ['codebot'] });
    expect(renamed.scan('@codebot what is 6004').answers[0]?.entryId).toBe('huawei-quickapp:login.code:6004');
    expect(renamed.scan('@errcode what is 6004').answers).toEqual([]);
  });
});
