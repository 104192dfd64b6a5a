import type { AppError, AppErrorCode, AppErrorDetails, Reply } from '@contract/ipc-contract';
import { ValidationError } from './validate.js';

/** A failure the UI should see with its code. Anything else thrown by a handler becomes `internal`. */
export class AppFailure extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown; details?: AppErrorDetails | undefined },
  ) {
    super(message, options);
    this.name = 'AppFailure';
    if (options?.details) this.details = options.details;
  }

  /** What the UI needs beyond the code (e.g. the old and new room codes of `identity_changed`). */
  readonly details?: AppErrorDetails;
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure)
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  if (error instanceof ValidationError) return { code: 'bad_payload', message: error.message };
  return { code: 'internal', message: 'Something went wrong inside the app. Please try again.' };
}

export function failure<T>(error: unknown): Reply<T> {
  return { ok: false, error: toAppError(error) };
}
