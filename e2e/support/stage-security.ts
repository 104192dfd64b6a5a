/**
 * Screenshots only: stages the secure-rooms states the app shows once the session and the host speak TLS (a lock
 * state in the room header, unencrypted / new-device members, a changed room identity), by editing what the
 * browser-mode bridge sends one page. It routes the page's bridge WebSocket (Playwright `routeWebSocket`), passes
 * everything through, and adds a field only where the real payload has none, so a bridge that sends real values wins.
 */
import type { Page, WebSocketRoute } from 'playwright-core';
import type { AppError, ConnectionSecurity, ConnectionState, UserInfo } from '@contract/ipc-contract';

export interface SecurityStage {
  /** Shows the page this connection security (re-sending the last connection state with it). */
  setSecurity(security: ConnectionSecurity): void;
  /** Marks members (by nickname) on the page, e.g. `{ carol: { secure: false } }`. */
  markUsers(marks: Record<string, Partial<UserInfo>>): void;
  /** The next `room.join` fails with this error, without reaching the app. */
  failNextJoin(error: AppError): void;
}

type Json = Record<string, unknown>;

export async function stageSecurity(page: Page): Promise<SecurityStage> {
  let route: WebSocketRoute | undefined;
  let security: ConnectionSecurity | undefined;
  let marks: Record<string, Partial<UserInfo>> = {};
  let joinFailure: AppError | undefined;
  let lastConnection: ConnectionState | undefined;
  let lastUsers: { roomId: string; users: UserInfo[] } | undefined;
  const joinIds = new Set<number>();

  const withSecurity = (state: ConnectionState): ConnectionState =>
    state.phase === 'connected' && !state.security && security ? { ...state, security } : state;
  const withMarks = (users: UserInfo[]): UserInfo[] => users.map((u) => ({ ...(marks[u.nick] ?? {}), ...u }));
  const toPage = (message: Json): void => route?.send(JSON.stringify(message));

  const fromBridge = (text: string): string => {
    const message = JSON.parse(text) as Json;
    if (message.event === 'connection') {
      lastConnection = message.payload as ConnectionState;
      return JSON.stringify({ ...message, payload: withSecurity(lastConnection) });
    }
    if (message.event === 'users') {
      lastUsers = message.payload as typeof lastUsers;
      return JSON.stringify({ ...message, payload: { ...lastUsers, users: withMarks(lastUsers!.users) } });
    }
    if (typeof message.id === 'number' && message.ok === true && joinIds.delete(message.id)) {
      const room = message.result as { users: UserInfo[] };
      return JSON.stringify({ ...message, result: { ...room, users: withMarks(room.users) } });
    }
    return text;
  };

  await page.routeWebSocket(/.*/, (ws) => {
    route = ws;
    const bridge = ws.connectToServer();
    ws.onMessage((message) => {
      if (typeof message === 'string') {
        const request = JSON.parse(message) as Json;
        if (request.channel === 'room.join' && typeof request.id === 'number') {
          if (joinFailure) {
            const error = joinFailure;
            joinFailure = undefined;
            toPage({ id: request.id, ok: false, error });
            return;
          }
          joinIds.add(request.id);
        }
      }
      bridge.send(message);
    });
    bridge.onMessage((message) => ws.send(typeof message === 'string' ? fromBridge(message) : message));
  });

  return {
    setSecurity(next) {
      security = next;
      if (lastConnection) toPage({ event: 'connection', payload: { ...lastConnection, security: next } });
    },
    markUsers(next) {
      marks = next;
      if (lastUsers) toPage({ event: 'users', payload: { ...lastUsers, users: withMarks(lastUsers.users) } });
    },
    failNextJoin(error) {
      joinFailure = error;
    },
  };
}
