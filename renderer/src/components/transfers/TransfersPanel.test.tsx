import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { TransferView } from '../../store/model';
import { renderWithApp } from '../../test-support/render';
import { TransfersPanel } from './TransfersPanel';

const base: TransferView = {
  transferId: 't',
  offerId: 'o',
  direction: 'send',
  peer: 'hana',
  name: 'a.bin',
  size: 10 * 1024 * 1024,
  bytes: 0,
  state: 'running',
  resumable: false,
  canShowInFolder: false,
  createdAt: 1,
  bytesPerSec: 0,
  etaMs: null,
};

function setup(transfers: TransferView[]) {
  const handlers = { onCancel: vi.fn(), onResume: vi.fn(), onShowInFolder: vi.fn() };
  const onClearFinished = vi.fn();
  const h = renderWithApp(
    <TransfersPanel transfers={transfers} handlers={handlers} onClearFinished={onClearFinished} onClose={() => {}} />,
  );
  return { ...h, handlers, onClearFinished };
}

describe('TransfersPanel', () => {
  it('offers "Clear finished" only when an ended transfer leaves nothing to do', async () => {
    const running = { ...base, transferId: 'run' };
    const resumable = { ...base, transferId: 'cut', state: 'interrupted' as const, resumable: true };
    const first = setup([running, resumable]);
    expect(screen.queryByRole('button', { name: 'Clear finished' })).toBeNull();
    first.unmount();
    const { user, onClearFinished } = setup([running, resumable, { ...base, transferId: 'done', state: 'verified' }]);
    await user.click(screen.getByRole('button', { name: 'Clear finished' }));
    expect(onClearFinished).toHaveBeenCalledTimes(1);
  });

  it('shows progress, speed and time left for a running transfer, and cancels it', async () => {
    const { user, handlers } = setup([
      { ...base, transferId: 'run', bytes: 4 * 1024 * 1024, bytesPerSec: 2 * 1024 * 1024, etaMs: 3000 },
    ]);
    const bar = screen.getByRole('progressbar', { name: 'a.bin' });
    expect(bar.getAttribute('aria-valuenow')).toBe('40');
    expect(screen.getByText(/4\.0 MB \/ 10\.0 MB/)).toBeTruthy();
    expect(screen.getByText(/2\.0 MB\/s · 0:03 left/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(handlers.onCancel).toHaveBeenCalledWith('run');
  });

  it('puts the status under the progress bar, not beside the file name, so a long name keeps the row', () => {
    const long = 'workshop-video-recording-2026-final.mp4';
    setup([{ ...base, name: long, bytes: 3 * 1024 * 1024 }]);
    const bar = screen.getByRole('progressbar', { name: long });
    const status = screen.getByText('Transferring');
    expect(status.textContent).toBe('Transferring· 30%');
    expect(bar.compareDocumentPosition(status) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const nameRow = screen.getByTitle(long).closest('div.flex');
    expect(nameRow?.contains(status)).toBe(false);
  });

  it('says "Verified" and offers Show in folder for a received, verified file', async () => {
    const { user, handlers } = setup([
      { ...base, transferId: 'done', direction: 'receive', state: 'verified', bytes: base.size, canShowInFolder: true },
    ]);
    const item = screen.getByRole('listitem', { name: /a\.bin — Verified/ });
    expect(within(item).queryByRole('progressbar')).toBeNull();
    expect(within(item).queryByRole('button', { name: 'Cancel' })).toBeNull();
    await user.click(within(item).getByRole('button', { name: 'Show in folder' }));
    expect(handlers.onShowInFolder).toHaveBeenCalledWith('done');
  });

  it('offers Resume for a send that was cut off, and shows why transfers stopped', async () => {
    const { user, handlers } = setup([
      {
        ...base,
        transferId: 'cut',
        direction: 'send',
        state: 'interrupted',
        resumable: true,
        bytes: 1024,
        message: 'The connection was lost.',
      },
      {
        ...base,
        transferId: 'in',
        direction: 'receive',
        state: 'interrupted',
        resumable: false,
        bytes: 1024,
        createdAt: 0,
      },
      { ...base, transferId: 'bad', state: 'failed', message: 'Disk full', createdAt: 0 },
    ]);
    expect(screen.getByText(/Ask the sender to send it again/)).toBeTruthy();
    expect(screen.getByText('The connection was lost.')).toBeTruthy();
    expect(screen.getByText('Disk full')).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Resume' })).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(handlers.onResume).toHaveBeenCalledWith('cut');
  });

  it('lists newest first and explains the empty state', () => {
    setup([
      { ...base, transferId: 'old', name: 'old.txt', createdAt: 1 },
      { ...base, transferId: 'new', name: 'new.txt', createdAt: 2 },
    ]);
    const names = screen.getAllByRole('listitem').map((li) => li.getAttribute('aria-label'));
    expect(names[0]).toMatch(/^new\.txt/);
    screen.getByRole('button', { name: 'Close' });
  });

  it('shows a hint when there are no transfers', () => {
    setup([]);
    expect(screen.getByText(/No transfers yet/)).toBeTruthy();
  });
});
