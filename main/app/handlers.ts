/**
 * THE handler table: IPC channel → a few lines calling the desktop services. Electron's ipcMain wrappers
 * (electron/ipc.ts) and the browser-mode bridge both serve exactly this table, after dispatch.ts validated the payload.
 */
import { checkNickname } from '../protocol/nickname.js';
import { AppFailure } from './app-error.js';
import type { DesktopApp } from './desktop-app.js';
import type { HandlerTable } from './dispatch.js';
import { hostRooms } from './host-rooms.js';

function validNick(raw: string): string {
  const check = checkNickname(raw);
  if (!check.ok) throw new AppFailure('nick_invalid', check.reason);
  return check.nick;
}

export function isOpenableUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

export function createHandlers(app: DesktopApp): HandlerTable {
  const { chat, settings, platform, transfers } = app;
  return {
    'app.ready': async () => {
      const snapshot = app.snapshot();
      app.rendererReady();
      return snapshot;
    },
    'window.setUnread': async ({ count }) => {
      platform.setUnread(count);
      return null;
    },
    'link.open': async ({ url }) => {
      if (!isOpenableUrl(url)) throw new AppFailure('bad_url', 'Only web links (http:// or https://) can be opened.');
      await platform.openExternal(new URL(url).href);
      return null;
    },

    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      const next =
        patch.nickname === undefined || patch.nickname === ''
          ? patch
          : { ...patch, nickname: validNick(patch.nickname) };
      const updated = await settings.update(next);
      if (patch.historyRetention !== undefined) await app.history?.setRetention(updated.historyRetention);
      app.emit('settings', updated);
      return updated;
    },
    'settings.chooseDownloadDir': async () => {
      const dir = await platform.dialogs.pickFolder({
        title: 'Save received files in',
        defaultPath: settings.get().downloadDir,
      });
      if (dir === null) throw new AppFailure('cancelled', 'No folder was chosen.');
      const updated = await settings.update({ downloadDir: dir });
      app.emit('settings', updated);
      return updated;
    },
    'settings.forgetRoom': async (room) => {
      const updated = await settings.forgetRoom(room);
      app.emit('settings', updated);
      return updated;
    },

    'identity.get': async () => ({ keyCode: app.identities.identity.code }),

    'host.start': async (options) => app.host.start(options, `${settings.get().nickname || 'Sarangbang'}'s room`),
    'host.stop': async ({ message }) => app.host.stop(message),
    'host.state': async () => app.host.state(),
    'host.selfCheck': () => app.host.selfCheck(app.firewall),

    'discovery.start': async () => app.discovery.start(),
    'discovery.stop': async () => {
      app.discovery.stop();
      return null;
    },
    'discovery.search': () => app.discovery.search(),
    'discovery.rooms': ({ host, port }) => hostRooms(host.trim(), port),

    'room.join': async ({ host, port, nick, room, password, code, trustNewIdentity }) => {
      const named = room?.trim() || undefined;
      const snapshot = await chat.join({
        host: host.trim(),
        port,
        nick: validNick(nick),
        ...(named ? { room: named } : {}),
        ...(password ? { password } : {}),
        ...(code ? { code } : {}),
        ...(trustNewIdentity ? { trustNewIdentity } : {}),
      });
      const updated = await settings.rememberRoom({
        host: host.trim(),
        port,
        nick: snapshot.nick,
        ...(snapshot.roomName ? { name: snapshot.roomName } : {}),
        // The room as the host spells it, to ask for it again.
        ...(named ? { room: snapshot.roomName || named } : {}),
      });
      app.emit('settings', updated);
      return snapshot;
    },
    'room.leave': async ({ roomId }) => {
      await chat.leave(roomId);
      return null;
    },
    'room.say': ({ roomId, text, scope, cid }) => chat.post(roomId, (s) => s.say(text, scope, cid)),
    'room.whisper': ({ roomId, to, text, cid }) => chat.post(roomId, (s) => s.whisper(to, text, cid)),
    'room.retry': async ({ roomId, cid }) => {
      chat.outbox(roomId, 'retry', cid);
      return null;
    },
    'room.discard': async ({ roomId, cid }) => {
      chat.outbox(roomId, 'discard', cid);
      return null;
    },
    'room.list': ({ roomId }) => chat.run(roomId, (s) => s.list()),
    'room.sleep': async ({ roomId, text }) => {
      await chat.run(roomId, (s) => s.sleep(text));
      return null;
    },
    'room.wakeup': async ({ roomId }) => {
      await chat.run(roomId, (s) => s.wakeup());
      return null;
    },
    'room.with': async ({ roomId, to }) => {
      await chat.run(roomId, (s) => s.askWith(to));
      chat.notePendingWith(roomId, to);
      return null;
    },
    'room.withAnswer': async ({ roomId, from, accept }) => {
      await chat.run(roomId, (s) => s.answerWith(from, accept));
      return null;
    },
    'room.end': async ({ roomId }) => {
      await chat.run(roomId, (s) => s.end());
      chat.notePendingWith(roomId, undefined);
      return null;
    },
    'room.rename': ({ roomId, nick }) => chat.run(roomId, (s) => s.rename(validNick(nick))),
    'room.ping': async ({ roomId }) => ({ rttMs: await chat.run(roomId, (s) => s.ping()) }),

    'files.pick': async () => {
      const paths = await platform.dialogs.pickFiles();
      if (paths === null || paths.length === 0) throw new AppFailure('cancelled', 'No file was chosen.');
      return app.files.register(paths);
    },
    'files.registerPaths': ({ paths }) => app.files.register(paths),
    'files.fromText': ({ name, text }) => app.texts.create(name, text),
    'files.offer': ({ to, fileIds }) => transfers.offer(to, fileIds),
    'files.offerRoom': ({ fileIds }) => transfers.offerRoom(fileIds),
    'files.answer': (answer) => transfers.answer(answer),
    'files.cancel': ({ transferId }) => transfers.cancel(transferId),
    'files.resume': ({ transferId }) => transfers.resume(transferId),
    'files.showInFolder': ({ transferId }) => transfers.showInFolder(transferId),
    'files.clearFinished': async () => transfers.clearFinished(),

    'history.page': async ({ roomKey, before, limit }) =>
      app.history?.page(roomKey, limit, before) ?? { entries: [], hasOlder: false, hasNewer: false },
    'history.around': async ({ roomKey, messageId, limit }) =>
      app.history?.around(roomKey, messageId, limit) ?? { entries: [], hasOlder: false, hasNewer: false },
    'history.countAfter': async ({ roomKey, afterId }) => ({ count: app.history?.countAfter(roomKey, afterId) ?? 0 }),
    'history.search': async ({ query, roomKey, limit }) => ({
      hits: (await app.history?.search(query, limit, roomKey)) ?? [],
    }),
    'history.clear': async ({ roomKey }) => {
      await app.history?.clear(roomKey);
      return null;
    },
    'history.rooms': async () => ({ rooms: app.history?.rooms() ?? [] }),
  };
}
