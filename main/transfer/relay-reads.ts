/**
 * The relay child's reads of a sender's data connection: the socket Node made for the handed-over handle gives way to
 * one reading with net's `onread` into a few 1 MiB buffers of the pipe's own (reused once their write to the receiver
 * is done) instead of a fresh 64 KiB buffer and a 'data' event per read: up to 16× fewer reads, JS turns and
 * allocations per relayed byte.
 */
import net, { type Socket } from 'node:net';

/** How much one read of a sender's data connection takes at most in the relay child. */
export const RELAY_READ_BYTES = 1024 * 1024;

/**
 * Gets one chunk of the sender's bytes, valid until `release` is called (once its write is done); returns false to
 * stop reading (`socket.resume()` continues).
 */
export type ChunkSink = (chunk: Buffer, release: () => void) => boolean;

export interface BigReads {
  /** Starts reading into `sink`. */
  start(sink: ChunkSink): void;
}

interface StreamHandle {
  reading: boolean;
  readStop(): number;
}

/**
 * A socket reading into reused buffers of `readBytes` (1 MiB unless told), taking over `wrapper`'s handle (the socket
 * child_process built for a received handle, which has not read yet, or one the room server has just handed over
 * with nothing left unread: either way in the same turn); `wrapper` closes when it does, so Node's bookkeeping of
 * handed-over sockets stays right. Without a handle to take (another Node), undefined: the
 * caller reads `wrapper` the ordinary way.
 */
export function takeOverForBigReads(
  wrapper: Socket,
  readBytes = RELAY_READ_BYTES,
): { socket: Socket; reads: BigReads } | undefined {
  const internal = wrapper as unknown as { _handle?: StreamHandle | null };
  const handle = internal._handle;
  if (!handle || typeof handle.readStop !== 'function' || wrapper.readableLength > 0 || wrapper.destroyed) return;
  handle.readStop();
  handle.reading = false;
  internal._handle = null;
  const free: Buffer[] = [];
  let sink: ChunkSink = () => false;
  const socket = new net.Socket({
    handle,
    readable: true,
    writable: true,
    pauseOnCreate: true,
    onread: {
      buffer: () => free.pop() ?? Buffer.allocUnsafeSlow(readBytes),
      callback: (bytes: number, buffer: Uint8Array) =>
        sink((buffer as Buffer).subarray(0, bytes), () => free.push(buffer as Buffer)),
    },
  } as unknown as net.SocketConstructorOpts);
  socket.once('close', () => wrapper.destroy());
  return {
    socket,
    reads: {
      start(into) {
        sink = into;
        socket.resume();
      },
    },
  };
}
