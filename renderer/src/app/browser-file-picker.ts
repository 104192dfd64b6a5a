/**
 * Browser mode's "Choose files…": there is no native dialog behind the bridge (end-to-end tests script its answers),
 * so when none was scripted the page opens the browser's own file picker and the chosen files go up like a drop.
 */

/** The page talks to the app over the loopback bridge, not through Electron's preload. */
export function isBrowserMode(win: Window = window): boolean {
  return !win.sarangbang;
}

/** The browser's file picker; resolves with the chosen files (none when cancelled). */
export function pickInPage(doc: Document = document): Promise<File[]> {
  return new Promise((resolve) => {
    const input = doc.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.addEventListener('change', () => resolve([...(input.files ?? [])]), { once: true });
    input.addEventListener('cancel', () => resolve([]), { once: true });
    input.click();
  });
}
