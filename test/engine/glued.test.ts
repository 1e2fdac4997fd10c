import { beforeAll, describe, expect, it } from 'vitest';
import { bundledCatalogDir } from '../../src/catalog/bundled.js';
import { loadCatalogs } from '../../src/catalog/load.js';
import { Engine } from '../../src/engine/engine.js';
import { unglueKeys } from '../../src/engine/glued.js';

describe('codes glued to their field names', () => {
  it('puts a space at each seam between a field name and its number', () => {
    expect(unglueKeys('error6004pls')).toBe('error 6004 pls');
    expect(unglueKeys('NSP_STATUS102 getTokenInfo')).toBe('NSP_STATUS 102 getTokenInfo');
    expect(unglueKeys('code:1101sub20155')).toBe('code:1101 sub 20155');
    expect(unglueKeys('sub_error57303error1302')).toBe('sub_error 57303 error 1302');
    expect(unglueKeys('error=1101sub_error=20156')).toBe('error=1101 sub_error=20156');
    expect(unglueKeys('errorCode6004')).toBe('errorCode 6004');
  });

  it('reads a dash before a short number as its minus, before a long one as a separator', () => {
    expect(unglueKeys('ret-73 halp')).toBe('ret -73 halp');
    expect(unglueKeys('flag-24')).toBe('flag -24');
    expect(unglueKeys('error-80100016')).toBe('error 80100016');
  });

  it('leaves words that only hold a digit or a name inside them', () => {
    for (const text of ['oauth2 v3 md5 x86', 'build6004', 'secret12', 'qrcode128', 'decode0x73a', 'ret=0x10', 'ERR_CODE_6004', 'code2'])
      expect(unglueKeys(text)).toBe(text);
  });
});

describe('glued codes in questions and messages', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = new Engine(loadCatalogs([bundledCatalogDir()]));
  });

  it('answers a question typed with its code glued on', () => {
    expect(engine.lookup('error6004pls').answers[0]?.code).toBe('6004');
    expect(engine.lookup('ret-73 halp').answers[0]?.code).toBe('-73');
    const pair = engine.lookup('code:1101sub20155').answers[0];
    expect([pair?.main, pair?.code]).toEqual(['1101', '20155']);
    expect(engine.lookup('NSP_STATUS102 getTokenInfo plssss').answers[0]?.code).toBe('102');
  });

  it('reads a message whose next field is glued to the code before it', () => {
    const top = engine.scan('token call failed error=1101sub_error=20156 code already used?? wtf').answers[0];
    expect([top?.main, top?.code]).toEqual(['1101', '20156']);
  });
});

describe('oidb glued to its command word', () => {
  it('reads oidb0x73a as oidb 0x73a and leaves the source spelling decode0x73a', () => {
    expect(unglueKeys('oidb0x73a回包ret=16')).toBe('oidb 0x73a回包ret=16');
    expect(unglueKeys('oidb decode0x73a failed, ret: 17')).toBe('oidb decode0x73a failed, ret: 17');
  });
});
