import type { SarangbangApi } from '@contract/ipc-contract';

/**
 * Counts messages from others that arrive while the window is not focused and reports the count to main (dock /
 * taskbar badge, or the window title). Focusing the window clears it.
 */
export function trackUnread(api: SarangbangApi, selfNick: () => string | undefined, win: Window = window): () => void {
  let count = 0;
  const report = () => void api.invoke('window.setUnread', { count });
  const off = api.on('room', (event) => {
    if (event.t !== 'msg' || win.document.hasFocus()) return;
    const self = selfNick();
    if (self && event.from.toLowerCase() === self.toLowerCase()) return;
    count += 1;
    report();
  });
  const onFocus = () => {
    if (count === 0) return;
    count = 0;
    report();
  };
  win.addEventListener('focus', onFocus);
  return () => {
    off();
    win.removeEventListener('focus', onFocus);
  };
}
