import type { AppError, AppErrorCode, Reply } from '@contract/ipc-contract';
import { ValidationError } from './validate.js';

/** A failure the UI should see with its code. Anything else thrown by a handler becomes `internal`. */
export class AppFailure extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppFailure';
  }
}

export function toAppError(error: unknown): AppError {
  if (error instanceof AppFailure) return { code: error.code, message: error.message };
  if (error instanceof ValidationError) return { code: 'bad_payload', message: error.message };
  return { code: 'internal', message: 'Something went wrong inside the app. Please try again.' };
}

export function failure<T>(error: unknown): Reply<T> {
  return { ok: false, error: toAppError(error) };
}
