/**
 * `npm run dev` only: Vite's dev server puts CSS into the page as inline <style> elements, which the strict CSP of
 * renderer/index.html blocks, so the dev window rendered unstyled. While serving, this plugin adds 'unsafe-inline'
 * to style-src (styles only: scripts stay 'self'). Builds, and so every packaged app, keep the strict policy.
 */
import type { Plugin } from 'vite';

const STYLE_SRC = "style-src 'self'";

/** The page with 'unsafe-inline' added to its CSP's style-src; throws if the CSP no longer has that directive. */
export function allowInlineStyles(html: string): string {
  const csp = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/.exec(html);
  if (!csp?.[2]?.includes(`${STYLE_SRC};`))
    throw new Error(`renderer/index.html: no CSP with "${STYLE_SRC};" to relax for the dev server`);
  const relaxed = csp[2].replace(`${STYLE_SRC};`, `${STYLE_SRC} 'unsafe-inline';`);
  return html.slice(0, csp.index) + csp[1] + relaxed + csp[3] + html.slice(csp.index + csp[0].length);
}

export function devServerCsp(): Plugin {
  return { name: 'sarangbang-dev-server-csp', apply: 'serve', transformIndexHtml: allowInlineStyles };
}
