/**
 * How one received file ended, as a closed set: verified, cancelled, interrupted with its `.part` kept (resumable),
 * or failed with the reason. `receivedOutcome` decides it from the host's (or our own) verdict; `receivedResult`
 * turns it into the `ended` event's TransferResult.
 */
import path from 'node:path';
import type { FileEndReason } from '../protocol/file-messages.js';
import type { Verdict } from './active-transfer.js';
import type { TransferInfo, TransferResult } from './transfer-types.js';

/** Endings after which a `.part` is worth keeping: the same offer can be resumed later. */
export type ResumableReason = Extract<
  FileEndReason,
  'interrupted' | 'sender_left' | 'receiver_left' | 'host_stopped' | 'timeout' | 'lagging'
>;

const RESUMABLE: ReadonlySet<FileEndReason> = new Set<ResumableReason>([
  'interrupted',
  'sender_left',
  'receiver_left',
  'host_stopped',
  'timeout',
  'lagging',
]);

export function isResumable(reason: FileEndReason): reason is ResumableReason {
  return RESUMABLE.has(reason);
}

export type TransferOutcome =
  | { kind: 'verified'; path: string }
  | { kind: 'cancelled'; message: string }
  /** Stopped part-way with its bytes kept in a `.part`: the same offer, sent again, continues from there. */
  | { kind: 'interrupted'; resumable: true; reason: ResumableReason; message: string }
  | { kind: 'failed'; code: FileEndReason; message: string };

/**
 * The outcome of a received file: `verdict` is how its transfer ended, `path` where the verified file lies, and
 * `keptBytes` how many bytes a `.part` still holds (0 when there is none: it never opened, or it was verified).
 */
export function receivedOutcome(verdict: Verdict, path: string | undefined, keptBytes: number): TransferOutcome {
  if (verdict.ok) return { kind: 'verified', path: path! };
  if (verdict.reason === 'cancelled') return { kind: 'cancelled', message: verdict.message };
  if (isResumable(verdict.reason) && keptBytes > 0) {
    return { kind: 'interrupted', resumable: true, reason: verdict.reason, message: verdict.message };
  }
  return { kind: 'failed', code: verdict.reason, message: verdict.message };
}

/** The `ended` event for a received file; `name` is the verified file's final name. */
export function receivedResult(info: TransferInfo, outcome: TransferOutcome, bytes: number): TransferResult {
  switch (outcome.kind) {
    case 'verified': {
      return {
        ...info,
        name: path.basename(outcome.path),
        ok: true,
        message: `${info.name} ${info.size} bytes received, SHA-256 verified`,
        path: outcome.path,
        keptForResume: false,
        bytes,
      };
    }
    case 'interrupted':
      return {
        ...info,
        ok: false,
        reason: outcome.reason,
        message: `${outcome.message} The partial file was kept to resume later.`,
        keptForResume: true,
        bytes,
      };
    case 'cancelled':
      return { ...info, ok: false, reason: 'cancelled', message: outcome.message, keptForResume: false, bytes };
    case 'failed':
      return { ...info, ok: false, reason: outcome.code, message: outcome.message, keptForResume: false, bytes };
  }
}
