import { describe, expect, it, vi } from 'vitest';
import type { MessageBoxOptions } from 'electron';

vi.mock('electron', () => ({}));
const { confirmUnchosenFiles, openLinkAfterAsking, webLink } = await import('./native-prompts.js');

function fakeDialog(response: number) {
  const shown: { win: unknown; options: MessageBoxOptions }[] = [];
  const dialog = {
    showMessageBox: async (a: unknown, b?: MessageBoxOptions) => {
      const [win, options] = b === undefined ? [undefined, a as MessageBoxOptions] : [a, b];
      shown.push({ win, options });
      return { response, checkboxChecked: false };
    },
  };
  return { dialog: dialog as never, shown };
}

describe('the file question', () => {
  it('shows every full path, attached to the window, with "No" as the default and the cancel answer', async () => {
    const { dialog, shown } = fakeDialog(0);
    const win = { id: 1 } as never;
    const paths = ['/home/u/.ssh/id_ed25519', 'C:\\Users\\u\\Documents\\taxes 2025.pdf'];
    expect(await confirmUnchosenFiles(dialog, win, paths)).toBe(false);
    const [{ win: parent, options }] = shown as [{ win: unknown; options: MessageBoxOptions }];
    expect(parent).toBe(win);
    for (const path of paths) expect(options.detail).toContain(path);
    expect(options.buttons?.[0]).toBe('No');
    expect(options.defaultId).toBe(0);
    expect(options.cancelId).toBe(0);
  });

  it('says yes only on the "Offer" button', async () => {
    expect(await confirmUnchosenFiles(fakeDialog(1).dialog, undefined, ['/tmp/a'])).toBe(true);
    expect(await confirmUnchosenFiles(fakeDialog(2).dialog, undefined, ['/tmp/a'])).toBe(false);
  });
});

describe('opening a link', () => {
  it('asks in main showing the full URL, default Cancel, and opens only after "Open link"', async () => {
    const opened: string[] = [];
    const shell = { openExternal: async (url: string) => void opened.push(url) };
    const url = 'https://example.com/a path?q=1#frag';
    const declined = fakeDialog(0);
    expect(await openLinkAfterAsking(declined.dialog, shell, undefined, url)).toBe(false);
    expect(opened).toEqual([]);
    const options = declined.shown[0]!.options;
    expect(options.detail).toContain('https://example.com/a%20path?q=1#frag');
    expect(options.buttons?.[options.defaultId!]).toBe('Cancel');
    expect(options.cancelId).toBe(options.defaultId);

    const accepted = fakeDialog(1);
    expect(await openLinkAfterAsking(accepted.dialog, shell, undefined, url)).toBe(true);
    expect(opened).toEqual(['https://example.com/a%20path?q=1#frag']);
  });

  it('never asks about, nor opens, anything but an http(s) link with a host', async () => {
    const opened: string[] = [];
    const shell = { openExternal: async (url: string) => void opened.push(url) };
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'http://', 'not a url']) {
      const { dialog, shown } = fakeDialog(1);
      expect(await openLinkAfterAsking(dialog, shell, undefined, url), url).toBe(false);
      expect(shown, url).toEqual([]);
    }
    expect(opened).toEqual([]);
    expect(webLink('HTTPS://Example.COM')).toBe('https://example.com/');
  });
});
