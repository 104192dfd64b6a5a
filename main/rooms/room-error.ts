import type { ErrorCode } from '../protocol/errors.js';

/** A refused request: the session turns it into an `error` reply (framed) or a `! ...` line (plain text). */
export class RoomError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RoomError';
  }
}
