/**
 * THE handler table: IPC channel → a few lines calling the desktop services. Electron's ipcMain wrappers
 * (electron/ipc.ts) and the browser-mode bridge both serve exactly this table, after dispatch.ts validated the payload.
 */
import { checkNickname } from '../protocol/nickname.js';
import { AppFailure } from './app-error.js';
import type { DesktopApp } from './desktop-app.js';
import type { HandlerTable } from './dispatch.js';

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

    'host.start': async (options) => app.host.start(options, `${settings.get().nickname || 'Sarangbang'}'s room`),
    'host.stop': async ({ message }) => app.host.stop(message),
    'host.state': async () => app.host.state(),

    'room.join': async ({ host, port, nick, password }) => {
      const snapshot = await chat.join({
        host: host.trim(),
        port,
        nick: validNick(nick),
        ...(password ? { password } : {}),
      });
      const updated = await settings.rememberRoom({
        host: host.trim(),
        port,
        nick: snapshot.nick,
        ...(snapshot.roomName ? { name: snapshot.roomName } : {}),
      });
      app.emit('settings', updated);
      return snapshot;
    },
    'room.leave': async () => {
      await chat.leave();
      return null;
    },
    'room.say': ({ text, scope }) => chat.run((s) => s.say(text, scope)),
    'room.whisper': ({ to, text }) => chat.run((s) => s.whisper(to, text)),
    'room.list': () => chat.run((s) => s.list()),
    'room.sleep': async ({ text }) => {
      await chat.run((s) => s.sleep(text));
      return null;
    },
    'room.wakeup': async () => {
      await chat.run((s) => s.wakeup());
      return null;
    },
    'room.with': async ({ to }) => {
      await chat.run((s) => s.askWith(to));
      chat.notePendingWith(to);
      return null;
    },
    'room.withAnswer': async ({ from, accept }) => {
      await chat.run((s) => s.answerWith(from, accept));
      return null;
    },
    'room.end': async () => {
      await chat.run((s) => s.end());
      chat.notePendingWith(undefined);
      return null;
    },
    'room.rename': ({ nick }) => chat.run((s) => s.rename(validNick(nick))),
    'room.ping': async () => ({ rttMs: await chat.run((s) => s.ping()) }),

    'files.pick': async () => {
      const paths = await platform.dialogs.pickFiles();
      if (paths === null || paths.length === 0) throw new AppFailure('cancelled', 'No file was chosen.');
      return app.files.register(paths);
    },
    'files.registerPaths': ({ paths }) => app.files.register(paths),
    'files.offer': ({ to, fileIds }) => transfers.offer(to, fileIds),
    'files.answer': (answer) => transfers.answer(answer),
    'files.cancel': ({ transferId }) => transfers.cancel(transferId),
    'files.resume': ({ transferId }) => transfers.resume(transferId),
    'files.showInFolder': ({ transferId }) => transfers.showInFolder(transferId),
    'files.clearFinished': async () => transfers.clearFinished(),
  };
}
