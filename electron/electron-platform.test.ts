import { describe, expect, it, vi } from 'vitest';

const opened: string[] = [];
const state = { openDialog: { canceled: false, filePaths: ['/home/u/a.txt'] }, messageBoxResponse: 0 };
const messageBoxes: unknown[] = [];

vi.mock('electron', () => ({
  app: { getVersion: () => '1.0.0', getLocale: () => 'en', getPath: (name: string) => `/fake/${name}` },
  dialog: {
    showOpenDialog: async () => state.openDialog,
    showMessageBox: async (...args: unknown[]) => {
      messageBoxes.push(args.at(-1));
      return { response: state.messageBoxResponse };
    },
  },
  Notification: { isSupported: () => false },
  shell: { openExternal: async (url: string) => void opened.push(url) },
}));

const { createElectronPlatform } = await import('./electron-platform.js');

describe('the Electron platform', () => {
  it("tells the path gate what main's own file dialog returned, and nothing when it was cancelled", async () => {
    const picked: string[][] = [];
    const platform = createElectronPlatform(
      () => undefined,
      (paths) => picked.push([...paths]),
    );
    expect(await platform.dialogs.pickFiles()).toEqual(['/home/u/a.txt']);
    state.openDialog = { canceled: true, filePaths: [] };
    expect(await platform.dialogs.pickFiles()).toBeNull();
    expect(picked).toEqual([['/home/u/a.txt']]);
  });

  it('opens a link only after the native question is answered "Open link"', async () => {
    const platform = createElectronPlatform(() => undefined);
    state.messageBoxResponse = 0;
    await platform.openExternal('https://example.com/x');
    expect(opened).toEqual([]);
    state.messageBoxResponse = 1;
    await platform.openExternal('https://example.com/x');
    expect(opened).toEqual(['https://example.com/x']);
    expect(messageBoxes).toHaveLength(2);
  });
});
