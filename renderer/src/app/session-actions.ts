import type { AppError, HostOptions, JoinOptions, SarangbangApi } from '@contract/ipc-contract';
import { currentRoom } from '../store/selectors';
import type { AppStore } from './app-context';

/** Hosting and joining, from the home screen. Each resolves with the error to show, or null on success. */
export function createSessionActions(api: SarangbangApi, store: AppStore) {
  const actions = {
    async join(request: JoinOptions): Promise<AppError | null> {
      const reply = await api.invoke('room.join', request);
      if (!reply.ok) return reply.error;
      store.dispatchNow({ type: 'joined', room: reply.result, now: Date.now() });
      return null;
    },
    async host(options: HostOptions, nick: string): Promise<AppError | null> {
      const reply = await api.invoke('host.start', options);
      if (!reply.ok) return reply.error;
      store.dispatchNow({ type: 'host', host: reply.result });
      const hosted = reply.result;
      // The app joins its own room with the room's code: it checks it reached its own server (verified by code).
      return actions.join({
        host: '127.0.0.1',
        port: hosted.running ? hosted.port : options.port,
        nick,
        ...(options.password ? { password: options.password } : {}),
        ...(hosted.running && hosted.roomCode ? { code: hosted.roomCode } : {}),
      });
    },
    /** Stops my room; if I am in it myself, I go home (the "closed by its host" state is for the guests). */
    async stopHosting(): Promise<void> {
      const before = store.getState().host;
      const reply = await api.invoke('host.stop', {});
      if (!reply.ok) return;
      store.dispatchNow({ type: 'host', host: reply.result });
      const state = store.getState();
      const room = currentRoom(state)?.room;
      if (before.running && room?.host === '127.0.0.1' && room.port === before.port) {
        await api.invoke('room.leave', { roomId: state.currentRoomId ?? '' });
        store.dispatchNow({ type: 'left' });
      }
    },
    /** Forgets a recent room (`room` absent: the host's default room). */
    async forgetRoom(host: string, port: number, room?: string): Promise<void> {
      const reply = await api.invoke('settings.forgetRoom', { host, port, ...(room ? { room } : {}) });
      if (reply.ok) store.dispatchNow({ type: 'settings', settings: reply.result });
    },
  };
  return actions;
}
