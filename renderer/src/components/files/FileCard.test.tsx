import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EventPayload, HistoryFileCard, IncomingOffer, TransferInfo } from '@contract/ipc-contract';
import { Room } from '../../screens/Room';
import { renderWithApp, type Harness } from '../../test-support/render';
import { labRoom, roomSnapshot } from '../../test-support/room-fixture';

const PREVIEW = '/sbfile/0123456789abcdef0123456789abcdef';

const offer: IncomingOffer = {
  offerId: 'o1',
  from: 'hana',
  files: [{ index: 0, name: 'cat.png', size: 2048 }],
  totalBytes: 2048,
  expiresInMs: 60_000,
  autoAccepted: false,
};

function card(
  files: HistoryFileCard['files'],
  patch: Partial<Extract<EventPayload<'room'>, { t: 'file' }>> = {},
): EventPayload<'room'> {
  return {
    t: 'file',
    roomId: labRoom.roomId,
    ts: Date.now(),
    from: 'hana',
    to: 'atom',
    scope: 'room',
    own: false,
    file: { direction: 'receive', offerId: 'o1', peer: 'hana', files },
    historyId: 7,
    ...patch,
  };
}

const waiting = { name: 'cat.png', size: 2048, index: 0, transferId: 'o1:0', state: 'waiting' as const };

function transfer(patch: Partial<TransferInfo>): TransferInfo {
  return {
    transferId: 'o1:0',
    offerId: 'o1',
    direction: 'receive',
    peer: 'hana',
    name: 'cat.png',
    size: 2048,
    bytes: 0,
    state: 'accepted',
    resumable: false,
    canShowInFolder: false,
    createdAt: 1,
    ...patch,
  };
}

const theCard = () => screen.getByRole('article', { name: 'Files from hana: cat.png' });

/** An offer to me, its dialog put away with Later: the card is what answers it. */
async function offered(): Promise<Harness> {
  const h = renderWithApp(<Room />, { snapshot: roomSnapshot() });
  h.emit('file.offer', offer);
  h.emit('room', card([waiting]));
  const dialog = screen.getByRole('alertdialog', { name: 'Incoming files' });
  await h.user.click(within(dialog).getByRole('button', { name: 'Later' }));
  expect(screen.queryByRole('alertdialog')).toBeNull();
  return h;
}

describe('file cards in the conversation', () => {
  it('shows an offer to me with who, name, size and Accept, and accepts it from the card', async () => {
    const { user, api } = await offered();
    const c = theCard();
    expect(within(c).getByText('cat.png')).toBeTruthy();
    expect(within(c).getAllByText('2.0 KB').length).toBeGreaterThan(0);
    expect(within(c).getByText('Offered to you: nothing is saved until you accept.')).toBeTruthy();
    await user.click(within(c).getByRole('button', { name: 'Accept' }));
    expect(api.callsTo('files.answer')).toEqual([{ offerId: 'o1', decision: 'accept', chooseFolder: false }]);
    expect(within(theCard()).queryByRole('button', { name: 'Accept' })).toBeNull();
  });

  it('declines from the card, and Save to… asks for a folder like the dialog', async () => {
    const { user, api, unmount } = await offered();
    await user.click(within(theCard()).getByRole('button', { name: 'Save to…' }));
    expect(api.callsTo('files.answer')).toEqual([{ offerId: 'o1', decision: 'accept', chooseFolder: true }]);
    unmount();

    const second = await offered();
    await second.user.click(within(theCard()).getByRole('button', { name: 'Decline' }));
    expect(second.api.callsTo('files.answer')).toEqual([{ offerId: 'o1', decision: 'decline' }]);
  });

  it('follows a transfer: starting, a progress bar while running, Cancel while live', async () => {
    const { emit, user, api } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    emit('room', card([{ ...waiting, state: 'accepted' }]));
    emit('transfer.update', transfer({ state: 'accepted' }));
    expect(within(theCard()).getByText('Starting…')).toBeTruthy();
    emit('transfer.update', transfer({ state: 'running' }));
    emit('transfer.progress', { items: [{ transferId: 'o1:0', bytes: 1024, size: 2048, bytesPerSec: 10, etaMs: 1 }] });
    const bar = within(theCard()).getByRole('progressbar', { name: 'cat.png' });
    expect(bar.getAttribute('aria-valuenow')).toBe('50');
    expect(within(theCard()).getByText(/Transferring · 50%/)).toBeTruthy();
    await user.click(within(theCard()).getByRole('button', { name: 'Cancel' }));
    expect(api.callsTo('files.cancel')).toEqual([{ transferId: 'o1:0' }]);
  });

  it('shows a verified image with its thumbnail and Show in folder; no thumbnail from any other URL', async () => {
    const { emit, user, api } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    const verified = { ...waiting, state: 'verified' as const, previewUrl: PREVIEW };
    emit('room', card([verified]));
    emit('transfer.update', transfer({ state: 'verified', bytes: 2048, canShowInFolder: true, previewUrl: PREVIEW }));
    const c = theCard();
    expect(within(c).getByText('Verified')).toBeTruthy();
    const img = within(c).getByRole('img', { name: 'Preview of cat.png' }) as HTMLImageElement;
    expect(img.getAttribute('src')).toBe(PREVIEW);
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['240', '160']);
    expect(within(c).queryByRole('progressbar')).toBeNull();
    await user.click(within(c).getByRole('button', { name: 'Show in folder' }));
    expect(api.callsTo('files.showInFolder')).toEqual([{ transferId: 'o1:0' }]);

    const elsewhere = { ...verified, transferId: 'o2:0', previewUrl: 'file:///etc/passwd' };
    emit(
      'room',
      card([elsewhere], {
        historyId: 8,
        file: { direction: 'receive', offerId: 'o2', peer: 'hana', files: [elsewhere] },
      }),
    );
    const second = screen.getAllByRole('article')[1]!;
    expect(within(second).getByText('Verified')).toBeTruthy();
    expect(within(second).queryByRole('img')).toBeNull();
  });

  it('says why a file failed, and that a declined or cancelled one ended', () => {
    const { emit } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    emit('room', card([{ ...waiting, state: 'failed', reason: 'hash_mismatch' }]));
    expect(within(theCard()).getByText(/Failed · the file arrived damaged/)).toBeTruthy();
    emit('room', card([{ ...waiting, state: 'declined', reason: 'declined' }]));
    expect(within(theCard()).getByText('Declined')).toBeTruthy();
    emit('room', card([{ ...waiting, state: 'cancelled', reason: 'cancelled_by_peer' }]));
    expect(within(theCard()).getByText(/Cancelled · the other side cancelled it/)).toBeTruthy();
    expect(screen.getAllByRole('article')).toHaveLength(1);
  });

  it('shows my own offer as sent to them, waiting for their answer, without Accept', () => {
    const { emit } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    emit(
      'room',
      card([{ ...waiting }], {
        from: 'atom',
        to: 'hana',
        own: true,
        file: { direction: 'send', offerId: 'o1', peer: 'hana', files: [waiting] },
      }),
    );
    emit('transfer.update', transfer({ direction: 'send', state: 'waiting' }));
    const c = screen.getByRole('article', { name: 'Files from atom: cat.png' });
    expect(within(c).getByText('Waiting for answer')).toBeTruthy();
    expect(screen.getByText('to hana')).toBeTruthy();
    expect(within(c).queryByRole('button', { name: 'Accept' })).toBeNull();
    expect(within(c).getByRole('button', { name: 'Cancel' })).toBeTruthy();
  });

  it('one offer sent to two people shows a card for each, each updated on its own', () => {
    const { emit } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    const mine = (to: string, state: 'waiting' | 'verified', historyId: number) =>
      card([{ ...waiting, transferId: `g:0:${to}`, state }], {
        from: 'atom',
        to,
        own: true,
        historyId,
        file: { direction: 'send', offerId: 'g', peer: to, files: [{ ...waiting, transferId: `g:0:${to}`, state }] },
      });
    emit('room', mine('hana', 'waiting', 20));
    emit('room', mine('jun', 'waiting', 21));
    emit('room', mine('jun', 'verified', 21));
    emit('transfer.update', transfer({ transferId: 'g:0:hana', offerId: 'g', direction: 'send', state: 'waiting' }));
    const [toHana, toJun] = screen.getAllByRole('article', { name: 'Files from atom: cat.png' });
    expect(within(toHana!).getByText('Waiting for answer')).toBeTruthy();
    expect(within(toJun!).getByText('Verified')).toBeTruthy();
  });

  it('a stored card whose transfer is gone (the app restarted mid-way) says it was interrupted', () => {
    const { store } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    const load = () =>
      store.dispatchNow({
        type: 'history-page',
        roomId: labRoom.roomId,
        older: false,
        page: {
          entries: [
            {
              kind: 'file',
              id: 3,
              roomKey: labRoom.roomKey,
              ts: 1,
              from: 'hana',
              to: 'atom',
              scope: 'room',
              own: false,
              file: { direction: 'receive', offerId: 'old', peer: 'hana', files: [{ ...waiting, state: 'running' }] },
            },
          ],
          hasOlder: false,
          hasNewer: false,
        },
      });
    act(load);
    expect(within(theCard()).getByText('Interrupted')).toBeTruthy();
    expect(within(theCard()).queryByRole('button')).toBeNull();
  });

  it('puts a card offered between 1:1 partners into the 1:1 panel', () => {
    const { emit } = renderWithApp(<Room />, { snapshot: roomSnapshot({ room: { ...labRoom, dmPeer: 'hana' } }) });
    emit('room', card([waiting], { scope: 'dm' }));
    const dmLog = screen.getByRole('log', { name: /hana/ });
    expect(within(dmLog).getByRole('article', { name: 'Files from hana: cat.png' })).toBeTruthy();
    expect(within(screen.getByRole('log', { name: 'Messages' })).queryByRole('article')).toBeNull();
  });

  it('shows a hostile file name or nickname as text, never as markup', () => {
    const { emit, container } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    const name = '<img src=x onerror="window.pwned=1">.png';
    emit('room', card([{ ...waiting, name, state: 'failed', reason: 'disconnected' }], { from: '<b>hana</b>' }));
    expect(screen.getByText(name)).toBeTruthy();
    expect(container.querySelector('img[src="x"], b')).toBeNull();
  });

  it('works in Korean', () => {
    const { emit } = renderWithApp(<Room />, { snapshot: roomSnapshot(), language: 'ko' });
    emit('room', card([{ ...waiting, state: 'failed', reason: 'disk_full' }]));
    expect(screen.getByRole('article', { name: 'hana님의 파일: cat.png' })).toBeTruthy();
    expect(screen.getByText(/실패 · 디스크 공간이 부족합니다/)).toBeTruthy();
  });
});
