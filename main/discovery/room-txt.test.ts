import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRoomTxt, encodeRoomTxt, TXT_NAME_MAX_BYTES, txtFromStrings, txtStrings } from './room-txt.js';
import type { AnnouncedRoom } from './types.js';

const FP = '74e9154d8b1973e8074fd8c116d13943f709df854d9ea3c09c9ace156bb98ac5';
const lab: AnnouncedRoom = {
  name: 'lab',
  protocol: 1,
  people: 3,
  maxUsers: 100,
  passwordRequired: true,
  plainAllowed: false,
  fingerprint: FP,
};

/** What a browser gets: the TXT strings on the wire, split back into key/values. */
const roundTrip = (room: AnnouncedRoom): AnnouncedRoom | null => {
  const txt = txtFromStrings(txtStrings(encodeRoomTxt(room)));
  return txt && decodeRoomTxt(txt);
};

const roomArb = fc
  .record({
    name: fc
      .string({ minLength: 1, maxLength: 60 })
      .filter((name) => /^\S(.*\S)?$/u.test(name) && !/[\p{Cc}\p{Cf}]/u.test(name)),
    protocol: fc.integer({ min: 1, max: 1000 }),
    people: fc.integer({ min: 0, max: 1_000_000 }),
    maxUsers: fc.integer({ min: 1, max: 1_000_000 }),
    passwordRequired: fc.boolean(),
    plainAllowed: fc.boolean(),
    fingerprint: fc.stringMatching(/^[0-9a-f]{64}$/),
    rooms: fc.option(fc.record({ count: fc.integer({ min: 0, max: 1_000_000 }), allowNew: fc.boolean() }), {
      nil: undefined,
    }),
  })
  .map(({ rooms, ...room }): AnnouncedRoom => (rooms === undefined ? room : { ...room, rooms }));

describe('room TXT record', () => {
  it('encodes the documented keys (PROTOCOL.md 18.3)', () => {
    expect(encodeRoomTxt(lab)).toEqual({
      txtvers: '1',
      proto: '1',
      name: 'lab',
      people: '3',
      max: '100',
      pw: '1',
      plain: '0',
      fp: FP,
    });
  });

  it('adds rooms and newrooms for a many-room server, and reads them back (PROTOCOL.md 19.6)', () => {
    const many = { ...lab, rooms: { count: 12, allowNew: true } };
    expect(encodeRoomTxt(many)).toMatchObject({ fp: FP, rooms: '12', newrooms: '1' });
    expect(Object.keys(encodeRoomTxt(many)).slice(-3)).toEqual(['fp', 'rooms', 'newrooms']);
    expect(roundTrip(many)).toEqual(many);
    expect(roundTrip(lab)).not.toHaveProperty('rooms');
    // Malformed or half of the pair: a one-room record, still listed.
    const txt = encodeRoomTxt(lab);
    expect(decodeRoomTxt({ ...txt, rooms: 'many', newrooms: '1' })).toEqual(lab);
    expect(decodeRoomTxt({ ...txt, rooms: '3' })).toEqual(lab);
  });

  it('round-trips any room through the wire strings', () => {
    fc.assert(
      fc.property(roomArb, (room) => {
        expect(roundTrip(room)).toEqual(room);
      }),
    );
  });

  it('keeps Hangul names, and cuts a long name at a character boundary', () => {
    expect(roundTrip({ ...lab, name: '사랑방 모임' })?.name).toBe('사랑방 모임');
    const long = roundTrip({ ...lab, name: '방'.repeat(100) })?.name ?? '';
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(TXT_NAME_MAX_BYTES);
    expect(long).toBe('방'.repeat(66));
  });

  it('rejects records that are not ours or are malformed', () => {
    const good = encodeRoomTxt(lab);
    const bad: Array<Record<string, string>> = [
      {},
      { ...good, txtvers: '2' },
      { ...good, fp: FP.toUpperCase() },
      { ...good, fp: FP.slice(1) },
      { ...good, people: '-1' },
      { ...good, people: '01' },
      { ...good, max: '0' },
      { ...good, max: '10000000' },
      { ...good, pw: 'yes' },
      { ...good, plain: '' },
      { ...good, name: '' },
      { ...good, name: 'a\u0007b' },
      { ...good, name: ' lab' },
      { ...good, proto: '0' },
    ];
    for (const txt of bad) expect(decodeRoomTxt(txt)).toBeNull();
    const { fp: _, ...noFingerprint } = good;
    expect(decodeRoomTxt(noFingerprint)).toBeNull();
  });

  it('ignores unknown keys, reads keys case-insensitively, and keeps the first of a repeated key', () => {
    const strings = [...txtStrings(encodeRoomTxt(lab)), Buffer.from('future=42'), Buffer.from('NAME=other')];
    const txt = txtFromStrings(strings);
    expect(txt && decodeRoomTxt(txt)).toEqual(lab);
    expect(decodeRoomTxt({ ...encodeRoomTxt(lab), TXTVERS: '1' })).toEqual(lab);
  });

  it('rejects oversized records and invalid UTF-8 names', () => {
    const many = Array.from({ length: 40 }, (_, i) => Buffer.from(`k${i}=v`));
    expect(txtFromStrings([...txtStrings(encodeRoomTxt(lab)), ...many])).toBeNull();
    expect(txtFromStrings([Buffer.alloc(256, 0x61)])).toBeNull();
    expect(decodeRoomTxt({ ...encodeRoomTxt(lab), name: Buffer.from([0xff, 0xfe]) })).toBeNull();
  });

  it('never throws on arbitrary TXT strings', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 40 }), (arrays) => {
        const txt = txtFromStrings(arrays.map((bytes) => Buffer.from(bytes)));
        if (txt) decodeRoomTxt(txt);
      }),
    );
  });

  it('refuses to encode a bad fingerprint or count', () => {
    expect(() => encodeRoomTxt({ ...lab, fingerprint: 'xyz' })).toThrow(TypeError);
    expect(() => encodeRoomTxt({ ...lab, people: -1 })).toThrow(TypeError);
  });
});
