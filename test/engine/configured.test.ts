import { describe, expect, it } from 'vitest';
import { configuredCodes } from '../../src/engine/configured.js';

const configured = (text: string) => [...configuredCodes(text)].sort();

describe('codes a text configures rather than reports', () => {
  it("a YAML sequence of numbers under a config's key", () => {
    expect(configured('retry_on:\n  - 80300007\n  - 100014')).toEqual(['100014', '80300007']);
    expect(configured('retryOn:\n- "6004"\n\n- -4008  # freq limit')).toEqual(['-4008', '6004']);
    // Any key nested in a mapping, or in a YAML document, is a config's.
    expect(configured('push:\n  codes:\n    - 80300007')).toEqual(['80300007']);
    expect(configured('codes:\n  - 80300007\nserver:\n  port: 8080')).toEqual(['80300007']);
  });

  it("not a chat's bullets: under a heading of words, a plain word, or no key at all", () => {
    expect(configured('push errors today:\n- 80300007\n- 80100003')).toEqual([]);
    expect(configured('errors:\n- 80300007\n- 100014')).toEqual([]);
    expect(configured('seen today\n- 80300007')).toEqual([]);
    // An item with words after its code is a note, not a config's value.
    expect(configured('retry_on:\n  - 80300007 token invalid')).toEqual([]);
  });

  it('codes listed after retry said as a rule', () => {
    expect(configured('DEBUG retry policy: will retry on 80300007, 80100003')).toEqual(['80100003', '80300007']);
    expect(configured('retry_codes: [6004, 100014]')).toEqual(['100014', '6004']);
    expect(configured('retryable codes: 80300007 / 80100003')).toEqual(['80100003', '80300007']);
    expect(configured('the SDK retries on error 80300007')).toEqual(['80300007']);
    expect(configured('retry on 80300007 and 100014')).toEqual(['100014', '80300007']);
    expect(configured('never retry on 80300007 (token invalid)')).toEqual(['80300007']);
  });

  it('not retries told of: a code met, a retry made, a count of retries', () => {
    expect(configured('push: retrying on 80300007 (attempt 2/3)')).toEqual([]);
    expect(configured('we retried on 80300007 and it failed')).toEqual([]);
    expect(configured('the retry on 80300007 failed too')).toEqual([]);
    expect(configured('3 retries on 80300007, giving up')).toEqual([]);
    expect(configured("retry on 80300007 doesn't help")).toEqual([]);
    expect(configured('retry on 80300007 2 times, still failing')).toEqual([]);
  });

  it('a code the text also writes elsewhere is not only configured', () => {
    expect(configured('retry_on:\n  - 80300007\nERROR push failed: 80300007')).toEqual([]);
    expect(configured('will retry on 80300007, 100014\n{"code":"100014"}')).toEqual(['80300007']);
    // `-6004` elsewhere keeps 6004 too: the loose reading errs on the side of reading the code.
    expect(configured('retry_on: [6004]\nret=-6004')).toEqual([]);
  });
});
