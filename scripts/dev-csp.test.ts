import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { allowInlineStyles, devServerCsp } from './dev-csp.js';

const cspOf = (html: string): string =>
  /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';

describe('the dev server CSP', () => {
  it("adds 'unsafe-inline' to style-src of the real page and changes nothing else", async () => {
    const page = await readFile('renderer/index.html', 'utf8');
    const relaxed = allowInlineStyles(page);
    expect(cspOf(relaxed)).toBe(cspOf(page).replace("style-src 'self';", "style-src 'self' 'unsafe-inline';"));
    expect(cspOf(relaxed)).toContain("script-src 'self';");
    expect(relaxed.replace(cspOf(relaxed), '')).toBe(page.replace(cspOf(page), ''));
  });

  it('applies only while serving, never to a build', () => {
    expect(devServerCsp().apply).toBe('serve');
  });

  it('fails loudly when the page has no CSP to relax', () => {
    expect(() => allowInlineStyles('<html><head></head></html>')).toThrow(/no CSP/);
  });
});
