/**
 * Messages between the host (RelayProcess) and its byte-relay child (relay-child.ts), over Node's IPC channel.
 * An `attach` carries one data connection's socket handle; the child pairs the two of a transfer in a DataPipe.
 */
import type { FileEndReason } from '../protocol/file-messages.js';
import type { DataRole } from './relay-pipe.js';

export type ToRelayChild =
  /**
   * `leftover`: base64 of bytes the host read past the `data` frame (a protocol breach the pipe reports). `after`: the
   * offer's previous transfer (PipeFactory).
   */
  | { t: 'attach'; transfer: string; offset: number; length: number; role: DataRole; leftover: string; after?: string }
  | { t: 'close'; transfer: string }
  | { t: 'usage'; request: number };

export type FromRelayChild =
  | { t: 'relayed'; transfer: string }
  | { t: 'progress'; transfer: string; bytes: number }
  | { t: 'failed'; transfer: string; reason: FileEndReason; message: string }
  | { t: 'usage'; request: number; pid: number; rss: number; cpuMicros: number };
