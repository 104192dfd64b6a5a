import type { AppError } from '@contract/ipc-contract';
import type { Dictionary } from '../i18n/en';

/** A translated sentence for an app error; falls back to the English message main sent. */
export function errorText(t: Dictionary, error: AppError, nick = ''): string {
  const key = `err_${error.code}` as keyof Dictionary;
  const entry = t[key] as unknown;
  if (typeof entry === 'string') return entry;
  if (typeof entry === 'function') return (entry as (arg: string) => string)(nick);
  return error.message || t.errorGeneric;
}
