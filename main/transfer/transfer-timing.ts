/** Timings and test hooks of the client side of file transfer. */
export interface TransferTiming {
  /** At most one progress event per transfer per this many ms. Default 100 (10 a second). */
  progressIntervalMs: number;
  /** Connect plus waiting for the other side's data connection. Default 90 s (the host waits 60 s). */
  dataTimeoutMs: number;
  /** After the last byte, how long to wait for the receiver's verification. Default 120 s. */
  verdictTimeoutMs: number;
  /** After a local failure, how long to wait for the host to say why before calling it a cut. Default 5 s. */
  verdictGraceMs: number;
}

export const DEFAULT_TIMING: TransferTiming = {
  progressIntervalMs: 100,
  dataTimeoutMs: 90_000,
  verdictTimeoutMs: 120_000,
  verdictGraceMs: 5_000,
};
