/**
 * Browser mode only: the built page's CSP (renderer/index.html) has `connect-src 'self'`, which is all Electron needs.
 * A page served by the browser-mode bridge must also open the bridge's loopback WebSocket, so the bridge's HTTP
 * server adds that one source to connect-src while serving index.html. The packaged app never goes through here.
 */
export const BRIDGE_CONNECT_SOURCE = 'ws://127.0.0.1:*';

const CSP_META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/;

/**
 * The page with the bridge's WebSocket allowed in connect-src. A page without a CSP is returned as it is (nothing
 * blocks the socket there); a CSP without connect-src throws rather than guess how to widen it.
 */
export function allowBridgeSocket(html: string): string {
  const csp = CSP_META.exec(html);
  if (!csp) return html;
  const policy = csp[2] ?? '';
  if (!/(^|;)\s*connect-src\s/.test(policy))
    throw new Error('the renderer page has no CSP with a connect-src directive for the browser-mode bridge');
  const extended = policy.replace(/((?:^|;)\s*connect-src\s[^;]*)/, `$1 ${BRIDGE_CONNECT_SOURCE}`);
  return html.slice(0, csp.index) + csp[1] + extended + csp[3] + html.slice(csp.index + csp[0].length);
}
