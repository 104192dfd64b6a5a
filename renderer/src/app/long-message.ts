/**
 * A message over the room's limit, from the composer: split into parts sent in order, or made into a text file
 * offered to the 1:1 partner, the whisper's target, or people the user picks. Resolves to the text the composer keeps:
 * '' when everything went, otherwise what was not sent (nothing is ever dropped without the author seeing it).
 */
import type { Reply, SarangbangApi } from '@contract/ipc-contract';
import type { Dictionary } from '../i18n/en';
import { splitMessage } from '../lib/split-message';
import { DEFAULT_TEXT_BYTES } from '../store/reducer';
import { currentRoom } from '../store/selectors';
import type { AppStore } from './app-context';
import { asComposerText, messageBody } from './commands';
import { postMessage } from './post-message';
import { sendInOrder } from './send-parts';
import { warnIfUnencrypted } from './unencrypted-warning';

export interface LongMessageOptions {
  /** Split: called before each part and once all are sent. */
  onProgress?: (sent: number, total: number) => void;
  /** File to the room: ask who gets it (null: the user cancelled). */
  chooseRecipients?: () => Promise<string[] | null>;
}

interface Deps {
  api: SarangbangApi;
  store: AppStore;
  getT: () => Dictionary;
  check: <T>(reply: Reply<T>, nick?: string) => T | undefined;
}

/** "message-2026-01-31-0930.txt" (the name in the user's language). */
export function textFileName(t: Dictionary, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  return `${t.textFileName}-${stamp}.txt`;
}

export async function sendLongMessage(
  { api, store, getT, check }: Deps,
  input: string,
  target: 'room' | 'dm',
  how: 'split' | 'file',
  options: LongMessageOptions,
): Promise<string> {
  const body = messageBody(input);
  const room = currentRoom(store.getState());
  if (!body || !body.text.trim() || !room) return input;
  const roomId = room.roomId;
  if (body.to) warnIfUnencrypted(store, body.to);

  if (how === 'split') {
    const parts = splitMessage(body.text, room.room.textBytes || DEFAULT_TEXT_BYTES);
    const to = body.to;
    // A part counts as sent once the room's outbox holds it: the outbox posts them in order.
    const send = (text: string) => postMessage(api, to ? { roomId, to, text } : { roomId, text, scope: target });
    const { sent, error } = await sendInOrder(parts, send, options.onProgress);
    if (error) check({ ok: false, error }, to ?? '');
    if (sent === 0) return input;
    const rest = parts.slice(sent).join('');
    if (!rest) return '';
    return to ? `/to ${to} ${rest}` : asComposerText(rest);
  }

  const peer = room.dm?.state === 'active' ? room.dm.peer : undefined;
  const to = body.to ? [body.to] : target === 'dm' && peer ? [peer] : await options.chooseRecipients?.();
  if (!to || to.length === 0) return input;
  const file = check(await api.invoke('files.fromText', { name: textFileName(getT()), text: body.text }));
  if (!file) return input;
  const offered = check(await api.invoke('files.offer', { to, fileIds: [file.fileId] }), to[0]);
  return offered ? '' : input;
}
