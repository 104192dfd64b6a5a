// My offer to everyone in the room, in the conversation: a drop on the room offers it; its card shows each person.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { EventPayload, HistoryCardFile, TransferInfo } from '@contract/ipc-contract';
import { Room } from '../../screens/Room';
import { renderWithApp } from '../../test-support/render';
import { labRoom, roomSnapshot } from '../../test-support/room-fixture';

const file = (receivers: HistoryCardFile['receivers']): HistoryCardFile => ({
  name: 'slides.pdf',
  size: 4000,
  index: 0,
  state: 'running',
  receivers,
});

function groupCard(files: HistoryCardFile[]): EventPayload<'room'> {
  return {
    t: 'file',
    roomId: labRoom.roomId,
    ts: Date.now(),
    from: 'atom',
    to: '*',
    scope: 'room',
    own: true,
    file: { direction: 'send', offerId: 'g1', peer: '*', files },
    historyId: 9,
  };
}

function transfer(patch: Partial<TransferInfo>): TransferInfo {
  return {
    transferId: 'g1:0@0',
    offerId: 'g1',
    direction: 'send',
    peer: 'hana',
    name: 'slides.pdf',
    size: 4000,
    bytes: 0,
    state: 'running',
    resumable: false,
    canShowInFolder: false,
    createdAt: 1,
    index: 0,
    group: true,
    ...patch,
  };
}

const line = (nick: string) =>
  within(screen.getByRole('list', { name: 'Who gets slides.pdf' }))
    .getAllByRole('listitem')
    .find((li) => li.getAttribute('data-receiver') === nick)!;

describe('files to everyone in the room', () => {
  it('a drop on the conversation registers the files, then offers them to the room', async () => {
    const { api } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    const dropped = new File(['data'], 'data.bin');
    const log = screen.getByRole('log', { name: 'Messages' });
    fireEvent.dragOver(log, { dataTransfer: { types: ['Files'], files: [dropped] } });
    expect(screen.getByText(/Drop to offer the files to everyone in the room/)).toBeTruthy();
    fireEvent.drop(log, { dataTransfer: { types: ['Files'], files: [dropped] } });
    await waitFor(() => expect(api.callsTo('files.offerRoom')).toEqual([{ fileIds: ['file-1'] }]));
    expect(api.callsTo('files.offer')).toEqual([]);
  });

  it('"Send to everyone" in Send files picks files and offers them to the room', async () => {
    const { user, api } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    api.handle('files.pick', () => ({ ok: true, result: [{ fileId: 'f1', name: 'x', size: 1 }] }));
    await user.click(screen.getByRole('button', { name: 'Send files' }));
    const dialog = screen.getByRole('dialog', { name: 'Send files' });
    await user.click(within(dialog).getByRole('button', { name: 'Send to everyone' }));
    await waitFor(() => expect(api.callsTo('files.offerRoom')).toEqual([{ fileIds: ['f1'] }]));
  });

  it("shows each person's own state and progress under the file, and cancels the live ones", async () => {
    const { emit, user, api } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    emit(
      'room',
      groupCard([
        file([
          { nick: 'hana', transferId: 'g1:0@0', state: 'running' },
          { nick: 'jun', transferId: 'g1:0@1', state: 'declined', reason: 'declined' },
        ]),
      ]),
    );
    emit('transfer.update', transfer({}));
    emit('transfer.update', transfer({ transferId: 'g1:0@1', peer: 'jun', state: 'declined', reason: 'declined' }));
    emit('transfer.progress', { items: [{ transferId: 'g1:0@0', bytes: 1000, size: 4000, bytesPerSec: 1, etaMs: 1 }] });
    const card = screen.getByRole('article', { name: 'Files from atom: slides.pdf' });
    expect(screen.getByText('to everyone in the room')).toBeTruthy();
    expect(within(line('hana')).getByText(/Transferring · 25%/)).toBeTruthy();
    expect(within(line('hana')).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(within(line('jun')).getByText('Declined')).toBeTruthy();
    await user.click(within(card).getByRole('button', { name: 'Cancel' }));
    expect(api.callsTo('files.cancel')).toEqual([{ transferId: 'g1:0@0' }]);

    emit('transfer.update', transfer({ state: 'verified', bytes: 4000 }));
    expect(within(line('hana')).getByText('Verified')).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('a stored card whose transfers are gone (the app restarted) shows them interrupted, the ended ones as they were', () => {
    const { emit } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    emit(
      'room',
      groupCard([
        file([
          { nick: 'hana', transferId: 'g1:0@0', state: 'running' },
          { nick: 'jun', transferId: 'g1:0@1', state: 'verified' },
        ]),
      ]),
    );
    expect(within(line('hana')).getByText('Interrupted')).toBeTruthy();
    expect(within(line('jun')).getByText('Verified')).toBeTruthy();
  });
});
