/**
 * Hardening applied to every web contents the app creates (Electron security checklist): no new windows, no
 * navigation away from our page, no webviews, and every permission denied except notifications.
 */
import type { Session, WebContents } from 'electron';
import type { OriginCheck } from './origin.js';

export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

export function hardenWebContents(contents: WebContents, isOurs: OriginCheck): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const blockForeign = (event: { preventDefault(): void }, url: string): void => {
    if (!isOurs(url)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-frame-navigate', (event) => {
    if (!isOurs(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function restrictPermissions(session: Session, isOurs: OriginCheck): void {
  session.setPermissionRequestHandler((contents, permission, callback) => {
    callback(ALLOWED_PERMISSIONS.has(permission) && isOurs(contents.getURL()));
  });
  session.setPermissionCheckHandler((contents, permission) => {
    return ALLOWED_PERMISSIONS.has(permission) && contents !== null && isOurs(contents.getURL());
  });
}
