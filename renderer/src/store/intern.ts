/**
 * One shared copy of the short strings a log repeats on every row (nicknames, history runs, scopes). Strings that
 * arrive over IPC or JSON are never shared, so 100,000 messages would otherwise hold 100,000 copies of each, and
 * the garbage collector copies and marks every one of them (bench:ui: ~60 of ~330 bytes per message).
 */
const canonical = new Map<string, string>();
/** Forgets everything past this many distinct strings, so a long-running app does not keep every name it saw. */
const LIMIT = 4_096;

export function intern<S extends string>(value: S): S {
  const known = canonical.get(value);
  if (known !== undefined) return known as S;
  if (canonical.size >= LIMIT) canonical.clear();
  canonical.set(value, value);
  return value;
}
