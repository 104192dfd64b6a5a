/**
 * Character encodings of plain-text clients. Everyone is UTF-8, except the course's C clients on Korean Windows,
 * whose console sends and shows CP949 (EUC-KR). A connection switches to EUC-KR, for input and output, when it
 * sends a line that is not UTF-8 but is valid EUC-KR with Hangul in it. Node's decoder covers KS X 1001 (the 2,350
 * common Hangul syllables, Hanja, symbols); characters outside it are shown as `?` to such a client.
 */

export type TextEncoding = 'utf-8' | 'euc-kr';

type Decoder = InstanceType<typeof TextDecoder>;

const utf8Strict = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');
const eucKrStrict = createDecoder('euc-kr', true);
const eucKrLenient = createDecoder('euc-kr', false);
const HANGUL = /[\uAC00-\uD7A3]/u;

function createDecoder(label: string, fatal: boolean): Decoder | undefined {
  try {
    return new TextDecoder(label, { fatal });
  } catch {
    return undefined; // a Node built without full ICU: stay UTF-8 only
  }
}

function tryDecode(decoder: Decoder | undefined, bytes: Uint8Array): string | undefined {
  if (!decoder) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Decodes one line; `encoding` is what the connection used so far, the result says what it uses from now on. */
export function decodeLine(bytes: Uint8Array, encoding: TextEncoding): { text: string; encoding: TextEncoding } {
  if (encoding === 'euc-kr') {
    const text = tryDecode(eucKrStrict, bytes) ?? tryDecode(utf8Strict, bytes) ?? eucKrLenient!.decode(bytes);
    return { text, encoding };
  }
  const utf8 = tryDecode(utf8Strict, bytes);
  if (utf8 !== undefined) return { text: utf8, encoding };
  const eucKr = tryDecode(eucKrStrict, bytes);
  if (eucKr !== undefined && HANGUL.test(eucKr)) return { text: eucKr, encoding: 'euc-kr' };
  return { text: utf8Lenient.decode(bytes), encoding };
}

let eucKrTable: Map<string, number> | undefined;

/** Character → two-byte EUC-KR code, built once from the decoder (about 8,000 entries, a few ms). */
function table(): Map<string, number> {
  if (eucKrTable) return eucKrTable;
  eucKrTable = new Map();
  const pair = Buffer.alloc(2);
  for (let lead = 0xa1; lead <= 0xfe; lead++) {
    for (let trail = 0xa1; trail <= 0xfe; trail++) {
      pair[0] = lead;
      pair[1] = trail;
      const char = tryDecode(eucKrStrict, pair);
      if (char !== undefined && char.length === 1 && !eucKrTable.has(char)) eucKrTable.set(char, (lead << 8) | trail);
    }
  }
  return eucKrTable;
}

export function encodeText(text: string, encoding: TextEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const codes = table();
  const out: number[] = [];
  for (const char of text) {
    const point = char.codePointAt(0)!;
    if (point < 0x80) {
      out.push(point);
      continue;
    }
    const code = codes.get(char);
    if (code === undefined) out.push(0x3f);
    else out.push(code >> 8, code & 0xff);
  }
  return Buffer.from(out);
}
