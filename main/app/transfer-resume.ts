/**
 * The resume rule: a transfer that stopped continues when its sender offers the same file again (the receiver keeps
 * the `.part`). So only a send can be resumed from this side, and only once it stopped for a reason that may pass
 * (the connection, the other side or the host went away).
 */
import type { TransferFailReason, TransferInfo, TransferState } from '@contract/ipc-contract';
import { AppFailure } from './app-error.js';

/** Whether a transfer that just ended in `end` may be resumed by me (shown as "Resume", kept by "Clear finished"). */
export function canResume(
  direction: TransferInfo['direction'],
  end: { state: TransferState; reason: TransferFailReason },
): boolean {
  if (direction !== 'send') return false;
  return (
    end.state === 'interrupted' ||
    end.reason === 'peer_left' ||
    end.reason === 'disconnected' ||
    end.reason === 'host_stopped'
  );
}

/** The local file to offer again to resume `info` (`path`: the file it sent, if still known); throws not_resumable. */
export function resumeSource(info: TransferInfo, path: string | undefined): string {
  if (info.direction === 'receive') {
    throw new AppFailure(
      'not_resumable',
      `Ask ${info.peer} to send “${info.name}” again: it will continue from where it stopped.`,
    );
  }
  if (info.state !== 'interrupted' && info.state !== 'failed')
    throw new AppFailure('not_resumable', 'Only a transfer that stopped can be resumed.');
  if (!path) throw new AppFailure('not_resumable', 'The file is no longer known.');
  return path;
}
