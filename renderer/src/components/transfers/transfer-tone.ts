/** The text colour of each transfer state, shared by the Transfers panel and the file cards in the conversation. */
import type { TransferState } from '@contract/ipc-contract';

export const TRANSFER_TONE: Readonly<Record<TransferState, string>> = {
  waiting: 'text-muted',
  accepted: 'text-muted',
  running: 'text-accent',
  verifying: 'text-accent',
  verified: 'text-ok',
  declined: 'text-muted',
  expired: 'text-muted',
  cancelled: 'text-muted',
  failed: 'text-danger',
  interrupted: 'text-warn',
};
