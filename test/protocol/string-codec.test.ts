import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  TRUNCATION_MARKER, TRUNCATION_MARKER_BYTES, decodeUtf8, encodeUtf8Into, utf8ByteLength, utf8EncodedLength,
} from '../../src/protocol/string-codec.ts';

const SEED = Number(process.env.TWINFRAME_SEED ?? Math.floor(Math.random() * 2 ** 31));
const shared = () => new Uint8Array(new SharedArrayBuffer(1 << 16));

describe('string-codec', () => {
  it('marker constant matches its UTF-8 size', () => {
    expect(new TextEncoder().encode(TRUNCATION_MARKER).length, 'TRUNCATION_MARKER_BYTES').toBe(TRUNCATION_MARKER_BYTES);
  });

  it(`round-trips any string that fits, byte-identical to TextEncoder (seed ${SEED})`, () => {
    const u8 = shared();
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.nat(64), (s, at) => {
        const n = encodeUtf8Into(s, u8, at, 4096);
        const ref = new TextEncoder().encode(s);
        expect(n, `seed ${SEED}: byte length of ${JSON.stringify(s)}`).toBe(ref.length);
        expect(utf8ByteLength(s), `seed ${SEED}: utf8ByteLength`).toBe(ref.length);
        expect(Array.from(u8.slice(at, at + n)), `seed ${SEED}: bytes equal TextEncoder's`).toEqual(Array.from(ref));
        expect(decodeUtf8(u8, at, n), `seed ${SEED}: decodes back`).toBe(new TextDecoder().decode(ref));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it(`truncates over-long strings at a code-point boundary with the marker (seed ${SEED})`, () => {
    const u8 = shared();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), fc.integer({ min: TRUNCATION_MARKER_BYTES, max: 120 }), (s, max) => {
        const n = encodeUtf8Into(s, u8, 0, max);
        expect(n, `seed ${SEED}: never exceeds the budget`).toBeLessThanOrEqual(max);
        expect(n, `seed ${SEED}: utf8EncodedLength predicts the size`).toBe(utf8EncodedLength(s, max));
        const out = decodeUtf8(u8, 0, n);
        if (utf8ByteLength(s) <= max) {
          expect(out, `seed ${SEED}: fits: unchanged`).toBe(s);
        } else {
          expect(out.endsWith(TRUNCATION_MARKER), `seed ${SEED}: ends with the marker`).toBe(true);
          const kept = out.slice(0, out.length - TRUNCATION_MARKER.length);
          expect(s.startsWith(kept), `seed ${SEED}: keeps a prefix of whole code points`).toBe(true);
          expect(kept.includes('\uFFFD') && !s.includes('\uFFFD'), `seed ${SEED}: no split code point`).toBe(false);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('decodes zero bytes to the constant empty string and invalid UTF-8 without throwing', () => {
    const u8 = shared();
    expect(decodeUtf8(u8, 0, 0), 'empty').toBe('');
    u8.set([0xff, 0xc3, 0x41], 0);
    expect(decodeUtf8(u8, 0, 3), 'replacement characters').toBe('\uFFFD\uFFFDA');
  });

  it('encodes lone surrogates as U+FFFD like TextEncoder', () => {
    const u8 = shared();
    const n = encodeUtf8Into('a\uD800b', u8, 0, 100);
    expect(decodeUtf8(u8, 0, n), 'lone surrogate').toBe('a\uFFFDb');
  });
});
