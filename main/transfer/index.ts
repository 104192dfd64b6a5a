/** File transfer (issue 3): the host's relay and the client side. See docs/PROTOCOL.md "Files". */
export { FileRelay, type FileRelayOptions } from './relay.js';
export { MemoryTransferTokens, type DataTicket, type TransferTokens } from './transfer-tokens.js';
export { FileTransfers, type FileTransfersOptions } from './file-transfers.js';
export type {
  Direction,
  IncomingFile,
  IncomingOffer,
  OfferAccepted,
  OfferEnded,
  OutgoingOffer,
  TransferEvents,
  TransferInfo,
  TransferProgress,
  TransferResult,
  TransferSession,
} from './transfer-types.js';
export type { TransferTiming } from './transfer-timing.js';
export { TransferError, isTransferError, type TransferErrorCode } from './transfer-error.js';
export type { TransferOutcome } from './transfer-outcome.js';
export type { ProgressReport } from './progress.js';
export type { LocalFile } from './local-files.js';
export { safeBaseName } from './safe-name.js';
export { defaultDownloadDir } from './download-dir.js';
