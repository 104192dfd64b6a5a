/**
 * The host's byte-relay process (started by RelayProcess with child_process.fork): receives both data connections
 * of each transfer as socket handles and relays them with the same DataPipe the host would use in-process. Its
 * argument is the PipeTiming as JSON. Exits when the host goes away.
 */
import type { Socket } from 'node:net';
import { accountBuffersByWhatTheyHold } from '../buffer-accounting.js';
import { DataPipe, type PipeTiming } from './relay-pipe.js';
import type { FromRelayChild, ToRelayChild } from './relay-ipc.js';

accountBuffersByWhatTheyHold();
const timing = JSON.parse(process.argv[2] ?? '{}') as PipeTiming;
const pipes = new Map<string, DataPipe>();
const tell = (message: FromRelayChild): void => {
  // The host may be gone by the time the message is written: the callback takes that EPIPE, which would otherwise be
  // an unhandled 'error' event.
  if (process.connected) process.send?.(message, () => undefined);
};

function attach(message: Extract<ToRelayChild, { t: 'attach' }>, socket: Socket | undefined): void {
  const { transfer } = message;
  if (!socket)
    return tell({
      t: 'failed',
      transfer,
      reason: 'interrupted',
      message: `the ${message.role}'s data connection closed before the host could relay it`,
    });
  let pipe = pipes.get(transfer);
  if (!pipe) {
    // Kept once found: the previous pipe leaves the map when it ends, and its end time still counts.
    let previous: DataPipe | undefined;
    const after = message.after;
    pipe = new DataPipe(
      transfer,
      message.offset,
      message.length,
      {
        relayed: () => tell({ t: 'relayed', transfer }),
        progress: (bytes) => tell({ t: 'progress', transfer, bytes }),
        failed: (reason, text) => {
          pipes.delete(transfer);
          tell({ t: 'failed', transfer, reason, message: text });
        },
      },
      timing,
      () => (previous ??= after === undefined ? undefined : pipes.get(after)),
    );
    pipes.set(transfer, pipe);
  }
  // In this turn: a sender's bytes are then read into the pipe's own 1 MiB buffers (relay-pipe.ts, relay-reads.ts).
  pipe.attach(message.role, socket, Buffer.from(message.leftover, 'base64'));
}

process.on('message', (message: ToRelayChild, socket?: Socket) => {
  switch (message.t) {
    case 'attach':
      return attach(message, socket);
    case 'close':
      pipes.get(message.transfer)?.close();
      pipes.delete(message.transfer);
      return;
    case 'usage': {
      const cpu = process.cpuUsage();
      return tell({
        t: 'usage',
        request: message.request,
        pid: process.pid,
        rss: process.memoryUsage.rss(),
        cpuMicros: cpu.user + cpu.system,
      });
    }
  }
});

process.on('disconnect', () => {
  for (const pipe of pipes.values()) pipe.close();
  process.exit(0);
});
