/**
 * Screenshots only: stages the ONE secure-rooms state a real run cannot easily produce: the room header of a
 * connection that is not encrypted (`{encrypted: false}`). The app always connects with TLS, and every host speaks
 * it, so only an old, pre-TLS host would give that state. Everything else the screenshots show (the verified,
 * pinned and first-use lock states, unencrypted and new-device members, the changed-identity dialog) comes from the
 * real session. It routes the page's bridge WebSocket (Playwright `routeWebSocket`), passes everything through, and
 * remembers the last connection state so a staged one can be shown and the real one put back.
 */
import type { Page, WebSocketRoute } from 'playwright-core';
import type { ConnectionSecurity, ConnectionState } from '@contract/ipc-contract';

export interface SecurityStage {
  /** Shows the page the last connection state with this security instead of the real one. */
  show(security: ConnectionSecurity): void;
  /** Shows the real connection state again. */
  restore(): void;
}

export async function stageSecurity(page: Page): Promise<SecurityStage> {
  let route: WebSocketRoute | undefined;
  let lastConnection: ConnectionState | undefined;
  const toPage = (message: unknown): void => route?.send(JSON.stringify(message));

  await page.routeWebSocket(/.*/, (ws) => {
    route = ws;
    const bridge = ws.connectToServer();
    ws.onMessage((message) => bridge.send(message));
    bridge.onMessage((message) => {
      if (typeof message === 'string') {
        const parsed = JSON.parse(message) as { events?: { event: string; payload: unknown }[] };
        for (const { event, payload } of parsed.events ?? [])
          if (event === 'connection') lastConnection = payload as ConnectionState;
      }
      ws.send(message);
    });
  });

  return {
    show(security) {
      if (lastConnection) toPage({ events: [{ event: 'connection', payload: { ...lastConnection, security } }] });
    },
    restore() {
      if (lastConnection) toPage({ events: [{ event: 'connection', payload: lastConnection }] });
    },
  };
}
