/**
 * The questions only the main process asks, as native dialogs a renderer cannot draw, skip or answer: offering files
 * the user did not choose in the app (path-gate.ts), and opening a link in the system browser. Each shows the full
 * path or address and defaults to the safe answer (Enter and Escape both decline).
 */
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';

type Ask = Pick<Dialog, 'showMessageBox'>;

async function ask(dialog: Ask, win: BrowserWindow | undefined, options: MessageBoxOptions): Promise<number> {
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return response;
}

/** True only if the user pressed "Offer". */
export async function confirmUnchosenFiles(
  dialog: Ask,
  win: BrowserWindow | undefined,
  paths: readonly string[],
): Promise<boolean> {
  const one = paths.length === 1;
  const response = await ask(dialog, win, {
    type: 'warning',
    title: 'Sarangbang',
    message: one
      ? 'Offer this file? You did not choose it in Sarangbang.'
      : `Offer these ${paths.length} files? You did not choose them in Sarangbang.`,
    detail: `${paths.join('\n')}\n\nOnly say yes if you meant to send ${one ? 'it' : 'them'}.`,
    buttons: ['No', one ? 'Offer the file' : 'Offer the files'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return response === 1;
}

/** The URL normalized by the URL parser, if it is an http(s) link with a host; otherwise undefined. */
export function webLink(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') return undefined;
  return parsed.href;
}

/** Asks, then opens an http(s) link in the system browser. Returns whether it was opened. */
export async function openLinkAfterAsking(
  dialog: Ask,
  shell: { openExternal(url: string): Promise<void> },
  win: BrowserWindow | undefined,
  url: string,
): Promise<boolean> {
  const href = webLink(url);
  if (href === undefined) return false;
  const response = await ask(dialog, win, {
    type: 'question',
    title: 'Sarangbang',
    message: 'Open this link in your web browser?',
    detail: `${href}\n\nOnly open links from people you trust.`,
    buttons: ['Cancel', 'Open link'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  if (response !== 1) return false;
  await shell.openExternal(href);
  return true;
}
