import type { SarangbangApi } from '@contract/ipc-contract';
import { currentRoom } from '../store/selectors';
import type { AppStore } from './app-context';

/** Feeds the store from the API's event stream. Returns a function that unsubscribes everything. */
export function bindEvents(api: SarangbangApi, store: AppStore, now: () => number = Date.now): () => void {
  const offs = [
    api.on('connection', (connection) => {
      store.dispatch({ type: 'connection', connection });
      // A room its host closed stays on screen (closed) until left; any other end goes home.
      if (connection.phase === 'idle' || connection.phase === 'disconnected')
        store.dispatch({ type: 'left', roomId: connection.roomId });
    }),
    api.on('room', ({ roomId, ...event }) => store.dispatch({ type: 'room-event', roomId, event, now: now() })),
    api.on('outbox', ({ roomId, ...item }) => store.dispatch({ type: 'outbox', roomId, item, now: now() })),
    api.on('users', ({ roomId, users }) => store.dispatch({ type: 'users', roomId, users })),
    api.on('file.offer', (offer) => store.dispatch({ type: 'offer', offer, now: now() })),
    api.on('file.offerClosed', ({ offerId }) => store.dispatch({ type: 'offer-closed', offerId })),
    api.on('transfer.update', (transfer) => store.dispatch({ type: 'transfer', transfer })),
    api.on('transfer.progress', ({ items }) => store.dispatch({ type: 'progress', items })),
    api.on('host', (host) => store.dispatch({ type: 'host', host })),
    // A room link opened (never joined by itself): the home screen fills its join form with it.
    api.on('room.link', (link) => {
      store.dispatch({ type: 'room-link', link });
    }),
    api.on('settings', (settings) => store.dispatch({ type: 'settings', settings })),
    // App-menu items that mean the same on every screen; the others are handled by the screen they belong to.
    api.on('focus', (target) => {
      if (target.kind === 'transfers' && currentRoom(store.getState()))
        store.dispatch({ type: 'panel', panel: 'transfers' });
    }),
    api.on('menu', ({ command }) => {
      if (command === 'open-settings') store.dispatch({ type: 'panel', panel: 'settings' });
      else if (command === 'show-transfers' && currentRoom(store.getState()))
        store.dispatch({ type: 'panel', panel: 'transfers' });
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/** Subscribes, then tells main the renderer is ready and loads the snapshot (events queued until now follow it). */
export async function startApp(api: SarangbangApi, store: AppStore): Promise<() => void> {
  const unbind = bindEvents(api, store);
  const reply = await api.invoke('app.ready');
  if (!reply.ok) throw new Error(reply.error.message);
  store.dispatchNow({ type: 'snapshot', snapshot: reply.result, now: Date.now() });
  return unbind;
}
