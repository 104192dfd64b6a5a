/**
 * The warning before a private conversation with a member whose connection is not encrypted (a plain-text or old
 * client): a line in the room, once per person per room session, the first time I whisper or ask them for a 1:1.
 */
import { selectUsers } from '../store/selectors';
import type { AppStore } from './app-context';

/** Per store: `roomId nick` of the people already warned about. */
const warned = new WeakMap<AppStore, Set<string>>();

/** Shows the warning if `nick` is unencrypted and I was not warned about them yet in this room; says if it did. */
export function warnIfUnencrypted(store: AppStore, nick: string): boolean {
  const state = store.getState();
  const wanted = nick.toLowerCase();
  const user = selectUsers(state).find((u) => u.nick.toLowerCase() === wanted);
  if (user?.secure !== false) return false;
  const seen = warned.get(store) ?? new Set<string>();
  warned.set(store, seen);
  const key = `${state.currentRoomId ?? ''} ${wanted}`;
  if (seen.has(key)) return false;
  seen.add(key);
  store.dispatchNow({ type: 'local-notice', notice: { type: 'unencrypted', nick: user.nick }, now: Date.now() });
  return true;
}
