import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRoomLink, parseRoomLink, RoomLinkError } from './room-link.js';

const CODE = 'EKMH-AKCB-35SY-G1TF-V30H';

describe('room links', () => {
  it('parses host, port and code', () => {
    expect(parseRoomLink(`sarangbang://192.168.1.5:30000/?code=${CODE}`)).toEqual({
      host: '192.168.1.5',
      port: 30000,
      code: CODE,
    });
    expect(parseRoomLink('SARANGBANG://Lab-PC.local:4000')).toEqual({ host: 'lab-pc.local', port: 4000 });
    expect(parseRoomLink('sarangbang://10.0.0.1')).toEqual({ host: '10.0.0.1', port: 30000 });
    expect(
      parseRoomLink('sarangbang://[FE80::1%25eth0]:30001/?code=ekmh akcb 35sy g1tf v30h'.replace(/ /g, '%20')),
    ).toEqual({
      host: 'fe80::1%eth0',
      port: 30001,
      code: CODE,
    });
    expect(parseRoomLink(`  sarangbang://[::1]/?code=${CODE}\n`)).toEqual({ host: '::1', port: 30000, code: CODE });
  });

  it('reads the room of a link path (PROTOCOL.md 19.6), percent-encoded UTF-8; "/" or none is the default room', () => {
    expect(parseRoomLink(`sarangbang://192.168.1.5:30000/math?code=${CODE}`)).toEqual({
      host: '192.168.1.5',
      port: 30000,
      room: 'math',
      code: CODE,
    });
    expect(parseRoomLink('sarangbang://10.0.0.1/%EC%88%98%ED%95%99')).toEqual({
      host: '10.0.0.1',
      port: 30000,
      room: '수학',
    });
    expect(parseRoomLink('sarangbang://10.0.0.1:4000/')).toEqual({ host: '10.0.0.1', port: 4000 });
    expect(formatRoomLink({ host: '10.0.0.1', port: 4000, room: '수학', code: CODE })).toBe(
      `sarangbang://10.0.0.1:4000/%EC%88%98%ED%95%99?code=${CODE}`,
    );
    expect(() => formatRoomLink({ host: '10.0.0.1', port: 4000, room: 'a b' })).toThrow(RoomLinkError);
  });

  it('refuses other schemes, credentials and anything extra, saying why', () => {
    const cases: Array<[string, RegExp]> = [
      ['http://192.168.1.5:30000/', /must start with sarangbang:\/\/ \(not http:\)/],
      ['javascript:alert(1)', /must start with sarangbang:\/\//],
      ['sarangbang:192.168.1.5', /two slashes/],
      ['sarangbang://user:pw@192.168.1.5:30000/', /user name or password/],
      ['sarangbang://user@192.168.1.5/', /user name or password/],
      ['sarangbang://192.168.1.5:0/', /not between 1 and 65535/],
      ['sarangbang://192.168.1.5:70000/', /not between 1 and 65535/],
      ['sarangbang://192.168.1.5:/', /port is missing/],
      ['sarangbang://192.168.1.5:30000/room/more', /one path part at most/],
      ['sarangbang://192.168.1.5:30000/.hidden', /not a room name/],
      ['sarangbang://192.168.1.5:30000/two%20words', /not a room name/],
      ['sarangbang://192.168.1.5:30000/%E0%A4', /badly escaped/],
      ['sarangbang://192.168.1.5/?code=123', /not a room code/],
      ['sarangbang://192.168.1.5/?code=' + CODE + '&code=' + CODE, /twice/],
      ['sarangbang://192.168.1.5/?password=x', /unknown part "password"/],
      ['sarangbang://192.168.1.5/#x', /"#"/],
      ['sarangbang://fe80::1/', /brackets/],
      ['sarangbang://[fe80::1/', /closed/],
      ['sarangbang://999.1.1.1/', /not an IPv4 address/],
      ['sarangbang://bad_host!/', /not a host name/],
      ['sarangbang:///?code=' + CODE, /host is missing/],
      ['sarangbang://lab pc/', /spaces/],
      ['sarangbang://' + 'a'.repeat(600), /longer than/],
    ];
    for (const [link, message] of cases) {
      expect(() => parseRoomLink(link), link).toThrow(RoomLinkError);
      expect(() => parseRoomLink(link), link).toThrow(message);
    }
  });

  it('formats links that parse back to the same room', () => {
    expect(formatRoomLink({ host: '192.168.1.5', port: 30000, code: CODE })).toBe(
      `sarangbang://192.168.1.5:30000/?code=${CODE}`,
    );
    expect(formatRoomLink({ host: 'fe80::1%eth0', port: 30000 })).toBe('sarangbang://[fe80::1%25eth0]:30000/');
    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'));
    const host = fc.oneof(ipv4, fc.ipV6(), fc.domain());
    const code = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{20}$/).map((chars) => chars.match(/.{4}/g)?.join('-') ?? '');
    const room = fc
      .stringMatching(/^[\p{L}\p{N}][\p{L}\p{N}_.-]{0,30}[\p{L}\p{N}_]$/u)
      .filter((name) => name.normalize('NFC') === name);
    fc.assert(
      fc.property(
        host,
        fc.integer({ min: 1, max: 65535 }),
        fc.option(code, { nil: undefined }),
        fc.option(room, { nil: undefined }),
        (h, port, c, r) => {
          const link = {
            host: h,
            port,
            ...(r === undefined ? {} : { room: r }),
            ...(c === undefined ? {} : { code: c }),
          };
          const parsed = parseRoomLink(formatRoomLink(link));
          expect(parsed).toEqual({ ...link, host: h.toLowerCase() });
          expect(parseRoomLink(formatRoomLink(parsed))).toEqual(parsed);
        },
      ),
    );
  });

  it('never throws anything but RoomLinkError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `sarangbang://${s}`),
        ),
        (text) => {
          try {
            parseRoomLink(text);
          } catch (error) {
            expect(error).toBeInstanceOf(RoomLinkError);
          }
        },
      ),
    );
  });
});
