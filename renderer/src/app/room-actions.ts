/** What the room screen can ask for: messages, commands, 1:1s, away, files; failures become notices in the room. */
import type { AppError, OfferAnswer, Reply, SarangbangApi } from '@contract/ipc-contract';
import type { Dictionary } from '../i18n/en';
import { currentRoom } from '../store/selectors';
import type { AppStore } from './app-context';
import { parseInput } from './commands';
import { isBrowserMode, pickInPage } from './browser-file-picker';
import { errorText } from './error-text';
import { sendLongMessage, type LongMessageOptions } from './long-message';
import { postMessage } from './post-message';
import { warnIfUnencrypted } from './unencrypted-warning';

/** What the composer and the user list can ask for. Errors become a notice in the room, never a thrown error. */
export function createRoomActions(api: SarangbangApi, store: AppStore, getT: () => Dictionary) {
  const notifyError = (error: AppError, nick = ''): void => {
    store.dispatchNow({
      type: 'local-notice',
      notice: { type: 'error', text: errorText(getT(), error, nick) },
      now: Date.now(),
    });
  };
  const check = <T>(reply: Reply<T>, nick = ''): T | undefined => {
    if (reply.ok) return reply.result;
    if (reply.error.code !== 'cancelled') notifyError(reply.error, nick);
    return undefined;
  };
  /** The room on screen, named in every room call ('' when there is none: main refuses it as a bad payload). */
  const roomId = (): string => store.getState().currentRoomId ?? '';
  const usage = (text: string): void => {
    store.dispatchNow({ type: 'local-notice', notice: { type: 'error', text: getT().usage(text) }, now: Date.now() });
  };

  const actions = {
    showError(error: AppError): void {
      notifyError(error);
    },
    /** True once the room's outbox holds the message (it shows as sending; see post-message.ts). */
    async say(text: string, scope: 'room' | 'dm'): Promise<boolean> {
      return check(await postMessage(api, { roomId: roomId(), text, scope })) !== undefined;
    },
    /** The whisper button (it only fills the composer): the unencrypted warning comes now. */
    startWhisper(to: string): void {
      warnIfUnencrypted(store, to);
    },
    async whisper(to: string, text: string): Promise<boolean> {
      warnIfUnencrypted(store, to);
      return check(await postMessage(api, { roomId: roomId(), to, text }), to) !== undefined;
    },
    /** A failed message's Retry: it waits again (after the others), shown as sending. */
    async retry(cid: string): Promise<void> {
      check(await api.invoke('room.retry', { roomId: roomId(), cid }));
    },
    /** A failed message's Delete. Main no longer holding it counts as deleted too. */
    async discard(cid: string): Promise<void> {
      const reply = await api.invoke('room.discard', { roomId: roomId(), cid });
      if (reply.ok || reply.error.code === 'no_such_message') store.dispatchNow({ type: 'outbox-discarded', cid });
      else check(reply);
    },
    async askDm(to: string): Promise<void> {
      warnIfUnencrypted(store, to);
      const reply = await api.invoke('room.with', { roomId: roomId(), to });
      if (check(reply, to) !== undefined) store.dispatchNow({ type: 'dm-pending', peer: to });
    },
    async answerDm(from: string, accept: boolean): Promise<void> {
      store.dispatchNow({ type: 'dm-request-answered', from });
      check(await api.invoke('room.withAnswer', { roomId: roomId(), from, accept }), from);
    },
    async endDm(): Promise<void> {
      const pending = currentRoom(store.getState())?.dm?.state === 'pending-out';
      check(await api.invoke('room.end', { roomId: roomId() }));
      if (pending) store.dispatchNow({ type: 'dm-cancelled' });
    },
    async setAway(away: boolean, text?: string): Promise<void> {
      const reply = away
        ? await api.invoke('room.sleep', { roomId: roomId(), ...(text ? { text } : {}) })
        : await api.invoke('room.wakeup', { roomId: roomId() });
      if (check(reply) !== undefined) store.dispatchNow({ type: 'away', away });
    },
    async pickAndSend(to: string[]): Promise<void> {
      const reply = await api.invoke('files.pick');
      // Browser mode has no native dialog (its scripted one had nothing queued): the page's own picker instead.
      if (!reply.ok && reply.error.code === 'cancelled' && isBrowserMode()) {
        await actions.dropAndSend(to, await pickInPage());
        return;
      }
      const files = check(reply);
      if (files && files.length > 0)
        check(await api.invoke('files.offer', { to, fileIds: files.map((f) => f.fileId) }), to[0]);
    },
    async dropAndSend(to: string[], files: readonly File[]): Promise<void> {
      if (files.length === 0) return;
      const registered = check(await api.registerDroppedFiles(files));
      if (registered && registered.length > 0)
        check(await api.invoke('files.offer', { to, fileIds: registered.map((f) => f.fileId) }), to[0]);
    },
    /** "Send to everyone": files from the picker, offered to everyone else in the room at once. */
    async pickAndSendToRoom(): Promise<void> {
      const reply = await api.invoke('files.pick');
      if (!reply.ok && reply.error.code === 'cancelled' && isBrowserMode()) {
        await actions.dropAndSendToRoom(await pickInPage());
        return;
      }
      const files = check(reply);
      if (files && files.length > 0)
        check(await api.invoke('files.offerRoom', { fileIds: files.map((f) => f.fileId) }));
    },
    /** Files dropped on the room's conversation: one offer to everyone else in the room (each answers for themself). */
    async dropAndSendToRoom(files: readonly File[]): Promise<void> {
      if (files.length === 0) return;
      const registered = check(await api.registerDroppedFiles(files));
      if (registered && registered.length > 0)
        check(await api.invoke('files.offerRoom', { fileIds: registered.map((f) => f.fileId) }));
    },
    /** An answer to a file offer, from its dialog or its card (a closed "Save to…" dialog leaves it open). */
    async answerOffer(answer: OfferAnswer): Promise<void> {
      const reply = await api.invoke('files.answer', answer);
      if (!reply.ok && reply.error.code === 'cancelled') return;
      store.dispatchNow({ type: 'offer-closed', offerId: answer.offerId });
      if (!reply.ok) notifyError(reply.error);
    },
    /** The transfers panel's buttons: a failure (already over, not resumable, file gone…) becomes a notice too. */
    async cancelTransfer(transferId: string): Promise<void> {
      check(await api.invoke('files.cancel', { transferId }));
    },
    async resumeTransfer(transferId: string): Promise<void> {
      check(await api.invoke('files.resume', { transferId }));
    },
    async showInFolder(transferId: string): Promise<void> {
      check(await api.invoke('files.showInFolder', { transferId }));
    },
    async clearFinished(): Promise<void> {
      const cleared = check(await api.invoke('files.clearFinished'));
      if (cleared) store.dispatch({ type: 'transfers-cleared', transferIds: cleared.transferIds });
    },
    async leave(): Promise<void> {
      check(await api.invoke('room.leave', { roomId: roomId() }));
      store.dispatchNow({ type: 'left' });
    },
    /**
     * The composer's Enter: a slash command or a message to the room (or the 1:1 partner). True when it was done (a
     * message: the room accepted it); only then does the composer clear.
     */
    async submit(input: string, target: 'room' | 'dm'): Promise<boolean> {
      const parsed = parseInput(input);
      const now = Date.now();
      if (parsed.kind === 'unknown') {
        store.dispatchNow({
          type: 'local-notice',
          notice: { type: 'error', text: getT().unknownCommand(parsed.name) },
          now,
        });
        return false;
      }
      if (parsed.kind === 'text') return parsed.text.trim() ? actions.say(parsed.text, target) : false;
      const { spec, nick, rest, args } = parsed;
      const needs = (ok: boolean): boolean => {
        if (!ok) usage(spec.usage);
        return ok;
      };
      switch (spec.name) {
        case 'help':
          store.dispatchNow({ type: 'local-notice', notice: { type: 'help' }, now });
          return true;
        case 'to':
          return needs(!!nick && !!rest) && actions.whisper(nick, rest);
        case 'with':
          if (!needs(!!nick)) return false;
          await actions.askDm(nick);
          return true;
        case 'end':
          await actions.endDm();
          return true;
        case 'filesend':
          if (!needs(!!nick)) return false;
          await actions.pickAndSend([nick]);
          return true;
        case 'sleep':
          await actions.setAway(true, args || undefined);
          return true;
        case 'wakeup':
          await actions.setAway(false);
          return true;
        case 'list': {
          const users = check(await api.invoke('room.list', { roomId: roomId() }));
          if (users)
            store.dispatchNow({ type: 'local-notice', notice: { type: 'users', users: users.users }, now: Date.now() });
          return true;
        }
        case 'nick':
          if (!needs(!!nick)) return false;
          return check(await api.invoke('room.rename', { roomId: roomId(), nick }), nick) !== undefined;
        case 'exit':
          await actions.leave();
          return true;
      }
      return false;
    },
    /** A message over the room's limit, split or as a file (long-message.ts). Resolves to the text left unsent. */
    sendLong(input: string, target: 'room' | 'dm', how: 'split' | 'file', options: LongMessageOptions = {}) {
      return sendLongMessage({ api, store, getT, check }, input, target, how, options);
    },
  };
  return actions;
}

export type RoomActions = ReturnType<typeof createRoomActions>;
