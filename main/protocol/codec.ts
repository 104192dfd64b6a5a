/**
 * Frame codec: a frame is a 4-byte big-endian payload length followed by that many bytes of UTF-8 JSON holding one
 * object with a string `t`. Pure functions of bytes; never relies on TCP read boundaries.
 */
import { MAX_FRAME_BYTES } from './limits.js';

export const HEADER_BYTES = 4;

export interface FrameObject {
  t: string;
  [key: string]: unknown;
}

export type DecodeErrorCode = 'bad_frame' | 'frame_too_large';

export class FrameError extends Error {
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FrameError';
  }
}

/** Shared by every decoder with nothing pending (a zero-length buffer cannot be written to). */
const NO_BYTES = Buffer.alloc(0);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Encodes one message as a frame. Throws FrameError when the payload would exceed `maxBytes`. */
export function encodeFrame(message: FrameObject | object, maxBytes = MAX_FRAME_BYTES): Buffer {
  const json = JSON.stringify(message);
  const length = payloadLength(json, maxBytes);
  const frame = Buffer.allocUnsafe(HEADER_BYTES + length);
  writeFrame(frame, 0, json, length);
  return frame;
}

/** The UTF-8 bytes of a frame's JSON. Throws FrameError when they exceed `maxBytes`. */
export function payloadLength(json: string, maxBytes = MAX_FRAME_BYTES): number {
  const length = Buffer.byteLength(json, 'utf8');
  if (length > maxBytes) throw new FrameError('frame_too_large', `frame of ${length} bytes exceeds ${maxBytes}`);
  return length;
}

/** Writes a frame (header, then `json` of `length` bytes) into `target` at `offset`. */
export function writeFrame(target: Buffer, offset: number, json: string, length: number): void {
  target.writeUInt32BE(length, offset);
  target.write(json, offset + HEADER_BYTES, 'utf8');
}

/** Parses one payload. Throws FrameError('bad_frame') unless it is UTF-8 JSON of an object with a string `t`. */
export function parsePayload(payload: Uint8Array): FrameObject {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(payload));
  } catch {
    throw new FrameError('bad_frame', 'frame payload is not UTF-8 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FrameError('bad_frame', 'frame payload is not a JSON object');
  }
  if (typeof (value as { t?: unknown }).t !== 'string') {
    throw new FrameError('bad_frame', 'frame payload has no string "t" field');
  }
  return value as FrameObject;
}

export interface DecodeResult {
  frames: FrameObject[];
  /** Bytes of an incomplete trailing frame, to be prefixed to the next read. */
  rest: Buffer;
  /** Set when the stream is broken; frames before the fault are still returned. */
  error?: FrameError;
}

/** Splits a byte buffer into complete frames. Never throws. */
export function decodeFrames(buffer: Buffer, maxBytes = MAX_FRAME_BYTES): DecodeResult {
  const frames: FrameObject[] = [];
  let offset = 0;
  while (buffer.length - offset >= HEADER_BYTES) {
    const length = buffer.readUInt32BE(offset);
    if (length > maxBytes) {
      return {
        frames,
        rest: Buffer.alloc(0),
        error: new FrameError('frame_too_large', `frame of ${length} bytes exceeds ${maxBytes}`),
      };
    }
    if (buffer.length - offset - HEADER_BYTES < length) break;
    const start = offset + HEADER_BYTES;
    try {
      frames.push(parsePayload(buffer.subarray(start, start + length)));
    } catch (error) {
      return { frames, rest: Buffer.alloc(0), error: error as FrameError };
    }
    offset = start + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

/**
 * Stateful wrapper for a socket: feed it chunks as they arrive. Once it reports an error it stays broken.
 * Buffers at most one frame (maxBytes + header) of unread bytes.
 */
export class FrameDecoder {
  private pending: Buffer = NO_BYTES;
  private broken: FrameError | undefined;

  constructor(private readonly maxBytes = MAX_FRAME_BYTES) {}

  push(chunk: Buffer): DecodeResult {
    if (this.broken) return { frames: [], rest: Buffer.alloc(0), error: this.broken };
    const input = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const result = decodeFrames(input, this.maxBytes);
    // Copy the remainder so a small tail does not pin a large socket chunk in memory.
    this.pending = result.rest.length === 0 ? NO_BYTES : Buffer.from(result.rest);
    if (result.error) this.broken = result.error;
    return result;
  }

  /** Bytes held for an incomplete frame. */
  get buffered(): number {
    return this.pending.length;
  }
}
