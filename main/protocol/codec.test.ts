import { deepStrictEqual, equal, ok } from 'node:assert/strict';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeFrames,
  encodeFrame,
  FrameDecoder,
  FrameError,
  HEADER_BYTES,
  parsePayload,
  type FrameObject,
} from './codec.js';
import { MAX_FRAME_BYTES } from './limits.js';

const jsonLeaf = fc.oneof(
  fc.string({ maxLength: 30, unit: 'binary' }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const jsonValue = fc.oneof(
  jsonLeaf,
  fc.array(jsonLeaf, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 6 }), jsonLeaf, { maxKeys: 3 }),
);
const frameObject: fc.Arbitrary<FrameObject> = fc
  .record({
    t: fc.string({ maxLength: 20, unit: 'binary' }),
    rest: fc.dictionary(fc.string({ maxLength: 10 }), jsonValue, { maxKeys: 4 }),
  })
  .map(({ t, rest }) => ({ ...rest, t }));

/** What a frame decodes to: JSON's view of the object (e.g. -0 becomes 0). */
const viaJson = (value: FrameObject): FrameObject => JSON.parse(JSON.stringify(value)) as FrameObject;

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  pieces.push(bytes.subarray(start));
  return pieces;
}

describe('frame codec', () => {
  it('encodes the documented example byte for byte', () => {
    const frame = encodeFrame({ t: 'hello', v: 1 });
    expect(frame.toString('hex')).toBe('00000013' + Buffer.from('{"t":"hello","v":1}').toString('hex'));
    expect(frame.toString('hex')).toBe('000000137b2274223a2268656c6c6f222c2276223a317d');
  });

  it('counts the length in UTF-8 bytes, not characters', () => {
    const frame = encodeFrame({ t: 'say', text: '사랑방' });
    expect(frame.readUInt32BE(0)).toBe(Buffer.byteLength('{"t":"say","text":"사랑방"}'));
    expect(decodeFrames(frame).frames).toEqual([{ t: 'say', text: '사랑방' }]);
  });

  it('accepts a payload of exactly the limit and refuses one byte more, both ways', () => {
    const filler = (n: number): FrameObject => ({ t: 'x', p: 'a'.repeat(n - '{"t":"x","p":""}'.length) });
    const exact = encodeFrame(filler(MAX_FRAME_BYTES));
    expect(exact.length).toBe(HEADER_BYTES + MAX_FRAME_BYTES);
    expect(decodeFrames(exact).frames).toHaveLength(1);
    expect(() => encodeFrame(filler(MAX_FRAME_BYTES + 1))).toThrow(FrameError);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(MAX_FRAME_BYTES + 1);
    expect(decodeFrames(header).error?.code).toBe('frame_too_large');
  });

  it('refuses payloads that are not a JSON object with a string t', () => {
    for (const payload of ['[1]', '"t"', 'null', '{"t":1}', '{"v":1}', '{bad json', '']) {
      expect(() => parsePayload(Buffer.from(payload))).toThrow(FrameError);
    }
    expect(() => parsePayload(Buffer.from([0x7b, 0xff, 0x7d]))).toThrow(/UTF-8/u);
  });

  it('keeps frames decoded before a fault and stays broken after it', () => {
    const good = encodeFrame({ t: 'a' });
    const bad = Buffer.from([0, 0, 0, 2, 0x5b, 0x5d]);
    const decoder = new FrameDecoder();
    const first = decoder.push(Buffer.concat([good, bad, good]));
    expect(first.frames).toEqual([{ t: 'a' }]);
    expect(first.error?.code).toBe('bad_frame');
    expect(decoder.push(good)).toMatchObject({ frames: [], error: { code: 'bad_frame' } });
  });
});

// 10,500 generated cases in all.
describe('frame codec properties (fast-check)', { timeout: 120_000 }, () => {
  it('round-trips any object with a string t', () => {
    fc.assert(
      fc.property(frameObject, (message) => {
        const frame = encodeFrame(message, Number.MAX_SAFE_INTEGER);
        const { frames, rest, error } = decodeFrames(frame, Number.MAX_SAFE_INTEGER);
        equal(error, undefined);
        equal(rest.length, 0);
        deepStrictEqual(frames, [viaJson(message)]);
      }),
      { numRuns: 3000 },
    );
  });

  it('decodes any concatenation of frames, split at any points, to the same frames', () => {
    fc.assert(
      fc.property(
        fc.array(frameObject, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (messages, cuts) => {
          const stream = Buffer.concat(messages.map((message) => encodeFrame(message, Number.MAX_SAFE_INTEGER)));
          const decoder = new FrameDecoder(Number.MAX_SAFE_INTEGER);
          const got: FrameObject[] = [];
          for (const piece of splitAt(stream, cuts)) {
            const result = decoder.push(piece);
            equal(result.error, undefined);
            got.push(...result.frames);
          }
          deepStrictEqual(got, messages.map(viaJson));
          equal(decoder.buffered, 0);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never throws on random bytes, and never holds more than one frame of them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }),
        fc.integer({ min: 0, max: 64 }),
        (chunks, max) => {
          const decoder = new FrameDecoder(max);
          for (const chunk of chunks) {
            const result = decoder.push(Buffer.from(chunk));
            ok(decoder.buffered <= max + HEADER_BYTES);
            for (const frame of result.frames) equal(typeof frame.t, 'string');
          }
          decodeFrames(Buffer.concat(chunks.map((chunk) => Buffer.from(chunk))), max);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never throws on well-framed garbage payloads: each is a frame or a bad_frame error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (payload) => {
        const header = Buffer.alloc(4);
        header.writeUInt32BE(payload.length);
        const result = decodeFrames(Buffer.concat([header, Buffer.from(payload)]));
        equal(result.frames.length + (result.error ? 1 : 0), 1);
        if (result.error) equal(result.error.code, 'bad_frame');
      }),
      { numRuns: 1500 },
    );
  });
});
