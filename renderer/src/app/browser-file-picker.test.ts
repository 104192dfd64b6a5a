import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SarangbangApi } from '@contract/ipc-contract';
import { en } from '../i18n/en';
import { createFakeApi, fail } from '../test-support/fake-api';
import { testStore } from '../test-support/render';
import { roomSnapshot } from '../test-support/room-fixture';
import { createRoomActions } from './room-actions';

afterEach(() => {
  vi.restoreAllMocks();
  delete window.sarangbang;
});

/** The page's file input, as if the person chose `files` in the browser's picker. */
function pickerChooses(files: File[]) {
  return vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(function (this: HTMLInputElement) {
    Object.defineProperty(this, 'files', { value: files });
    this.dispatchEvent(new Event('change'));
  });
}

function setup() {
  const snapshot = roomSnapshot();
  const api = createFakeApi(snapshot);
  api.handle('files.pick', () => fail('cancelled', 'No file was chosen.'));
  const store = testStore();
  store.dispatchNow({ type: 'snapshot', snapshot, now: Date.now() });
  return { api, actions: createRoomActions(api, store, () => en) };
}

describe('Choose files… when the app has no native dialog to answer', () => {
  it('in browser mode, opens the browser’s picker and offers the chosen files', async () => {
    const file = new File(['hello'], 'hello.txt');
    const click = pickerChooses([file]);
    const { api, actions } = setup();
    await actions.pickAndSend(['hana']);
    expect(click).toHaveBeenCalledTimes(1);
    expect(api.dropped).toEqual([[file]]);
    expect(api.callsTo('files.offer')).toEqual([{ to: ['hana'], fileIds: ['file-1'] }]);
  });

  it('in the desktop app, a cancelled native dialog does nothing', async () => {
    const click = pickerChooses([new File(['x'], 'x.txt')]);
    const { api, actions } = setup();
    window.sarangbang = api as SarangbangApi;
    await actions.pickAndSend(['hana']);
    expect(click).not.toHaveBeenCalled();
    expect(api.callsTo('files.offer')).toEqual([]);
  });
});
