/**
 * A translated sentence for every app error. Each AppErrorCode has an `err_<code>` entry in the dictionaries (the
 * type check below fails when a code is added without one); a code this page does not know (a newer main) gets the
 * generic sentence. Main's English `message` is never shown: it may name internals such as frame sizes.
 */
import type { AppError, AppErrorCode } from '@contract/ipc-contract';
import type { Dictionary } from '../i18n/en';

type Untranslated = Exclude<`err_${AppErrorCode}`, keyof Dictionary>;
const everyCodeTranslated: [Untranslated] extends [never] ? true : Untranslated = true;
void everyCodeTranslated;

export function errorText(t: Dictionary, error: AppError, nick = ''): string {
  const key = `err_${error.code}` as keyof Dictionary;
  const entry = Object.hasOwn(t, key) ? (t[key] as unknown) : undefined;
  if (typeof entry === 'string') return entry;
  if (typeof entry === 'function') return (entry as (arg: string) => string)(nick);
  return t.errorGeneric;
}
