/**
 * Where `serve` and `join` take the room password from, never argv by default: `--password-file FILE` (its first
 * line), or the `SARANGBANG_PASSWORD` environment variable; `--password` still works, with a warning that other users
 * of this machine can read it (ps). `join` may also ask on a terminal (password-prompt.ts).
 */
import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.js';

export const PASSWORD_ENV = 'SARANGBANG_PASSWORD';

export const ARGV_PASSWORD_WARNING =
  'Warning: --password is visible to other users of this machine (ps); use SARANGBANG_PASSWORD or --password-file.';

export interface PasswordFlags {
  password?: string | undefined;
  passwordFile?: string | undefined;
}

export interface PasswordChoice {
  password?: string;
  /** Lines for stderr (the --password warning). */
  warnings: string[];
}

/** The password the flags and environment give, if any. An empty SARANGBANG_PASSWORD counts as unset. */
export function choosePassword(flags: PasswordFlags, env: NodeJS.ProcessEnv): PasswordChoice {
  if (flags.password !== undefined && flags.passwordFile !== undefined)
    throw new UsageError('Give the password once: --password or --password-file, not both.');
  if (flags.passwordFile !== undefined) return { password: readPasswordFile(flags.passwordFile), warnings: [] };
  if (flags.password !== undefined) {
    if (flags.password === '') throw new UsageError('--password cannot be empty.');
    return { password: flags.password, warnings: [ARGV_PASSWORD_WARNING] };
  }
  const fromEnv = env[PASSWORD_ENV];
  return fromEnv === undefined || fromEnv === '' ? { warnings: [] } : { password: fromEnv, warnings: [] };
}

/** The first line of `file`, without its line ending. Unreadable or empty: a usage error (exit 2). */
export function readPasswordFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Could not read the password file "${file}": ${(error as Error).message}`);
  }
  const first = text.split('\n')[0]?.replace(/\r$/, '') ?? '';
  if (first === '') throw new UsageError(`The password file "${file}" has an empty first line.`);
  return first;
}
