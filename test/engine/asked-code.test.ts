import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

const engine = createEngine();
const codes = (text: string) => engine.scan(text).answers.map((a) => a.code);

describe('a code someone in the channel asks about', () => {
  it('is answered where the message names its place, and is the one the reply is about', () => {
    expect(codes('what does 415 mean on /user/getuserrisklevel?')[0]).toBe('415');
    expect(codes('what does 0x41 mean in the 0x711 table?')).toEqual(['0x41']);
    expect(codes('hms push: what is 80300010?')).toEqual(['80300010']);
    expect(codes('qq group table draft:\n| 221018 | binding too frequent |\n| 221019 | ?? |\nanyone know what 221019 is?')).toEqual([
      '221019',
    ]);
    expect(codes('HMS Push 的 80100018 是什么错误？')).toEqual(['80100018']);
  });

  it('stays silent without a place, and on a meaning told rather than asked', () => {
    expect(codes('anyone know what 221019 is?')).toEqual([]);
    expect(codes('the bot said 6004 means anything can happen, lol')).toEqual([]);
    expect(codes('what is 6004 players online on the quick app dashboard?')).toEqual([]);
  });
});

describe('maps from codes to messages are not reports', () => {
  it('a JSON object keyed by codes (an i18n file) and a SQL insert of seed rows get no reply', () => {
    expect(codes('{"80300007": "推送令牌无效", "80300010": "令牌数量超限"}')).toEqual([]);
    expect(codes("INSERT INTO error_code (code, msg)\nVALUES (221001, '公会已绑定群'),\n  (221002, '未绑定群');")).toEqual([]);
    // A quoted code that is a value is still read.
    expect(codes('huawei push failed: "80300007" token invalid')).toEqual(['80300007']);
  });
});
