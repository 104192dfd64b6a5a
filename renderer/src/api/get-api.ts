import type { SarangbangApi } from '@contract/ipc-contract';
import { createWsApi } from './ws-api';

declare global {
  interface Window {
    sarangbang?: SarangbangApi;
  }
}

/** The preload's API in Electron; in browser mode (`?bridge=ws://127.0.0.1:PORT/TOKEN`) the WebSocket client. */
export function getApi(win: Window = window): SarangbangApi {
  if (win.sarangbang) return win.sarangbang;
  const bridge = new URLSearchParams(win.location.search).get('bridge');
  if (bridge && /^ws:\/\/127\.0\.0\.1:\d+\//.test(bridge)) return createWsApi(bridge);
  throw new Error('No app API: run inside the desktop app, or open the page with ?bridge=ws://127.0.0.1:PORT/TOKEN');
}
