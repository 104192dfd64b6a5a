import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { OfferAnswer } from '@contract/ipc-contract';
import type { OfferView } from '../../store/model';
import { renderWithApp } from '../../test-support/render';
import { DmRequestDialog } from './DmRequestDialog';
import { OfferDialog } from './OfferDialog';

describe('DmRequestDialog', () => {
  it('is a labelled modal with a countdown, and answers accept or decline', async () => {
    const onAnswer = vi.fn<(accept: boolean) => void>();
    const { user } = renderWithApp(
      <DmRequestDialog
        request={{ from: 'hana', expiresAt: Date.now() + 42_000 }}
        onAnswer={onAnswer}
        onLater={vi.fn()}
      />,
    );
    const dialog = screen.getByRole('alertdialog', { name: '1:1 request' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-describedby')).toBeTruthy();
    expect(within(dialog).getByText(/hana would like a private 1:1/)).toBeTruthy();
    expect(within(dialog).getByText(/4[12]s left/)).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Accept');
    await user.click(within(dialog).getByRole('button', { name: 'Decline' }));
    expect(onAnswer).toHaveBeenLastCalledWith(false);
    await user.click(within(dialog).getByRole('button', { name: 'Accept' }));
    expect(onAnswer).toHaveBeenLastCalledWith(true);
  });

  it('keeps keyboard focus inside the dialog, and Escape means later: no answer', async () => {
    const onAnswer = vi.fn<(accept: boolean) => void>();
    const onLater = vi.fn();
    const { user } = renderWithApp(
      <>
        <button type="button">outside</button>
        <DmRequestDialog
          request={{ from: 'hana', expiresAt: Date.now() + 60_000 }}
          onAnswer={onAnswer}
          onLater={onLater}
        />
      </>,
    );
    const dialog = screen.getByRole('alertdialog');
    for (let i = 0; i < 5; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    await user.tab({ shift: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(onLater).toHaveBeenCalledTimes(1);
    expect(onAnswer).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Later' }));
    expect(onLater).toHaveBeenCalledTimes(2);
    expect(onAnswer).not.toHaveBeenCalled();
  });
});

describe('OfferDialog', () => {
  const offer: OfferView = {
    offerId: 'o1',
    from: 'hana',
    totalBytes: 3_145_728 + 614_400,
    expiresInMs: 60_000,
    expiresAt: Date.now() + 60_000,
    autoAccepted: false,
    files: [
      { index: 0, name: 'report.pdf', size: 3_145_728 },
      { index: 1, name: 'notes.txt', size: 614_400, resumeFrom: 1024 },
    ],
  };

  function setup() {
    const onAnswer = vi.fn<(answer: OfferAnswer) => void>();
    const onLater = vi.fn();
    const h = renderWithApp(<OfferDialog offer={offer} onAnswer={onAnswer} onLater={onLater} />);
    return { ...h, onAnswer, onLater, dialog: screen.getByRole('alertdialog', { name: 'Incoming files' }) };
  }

  it('shows the sender, every file with its size, the total and resume offsets', () => {
    const { dialog } = setup();
    expect(within(dialog).getByText('hana wants to send you 2 files.')).toBeTruthy();
    expect(within(dialog).getByText('report.pdf')).toBeTruthy();
    expect(within(dialog).getByText('3.0 MB')).toBeTruthy();
    expect(within(dialog).getByText('600 KB')).toBeTruthy();
    expect(within(dialog).getByText('resumes from 1.0 KB')).toBeTruthy();
    expect(within(dialog).getByText('Total').parentElement?.textContent).toBe('Total3.6 MB');
  });

  it('accepts into the download folder', async () => {
    const { user, dialog, onAnswer } = setup();
    await user.click(within(dialog).getByRole('button', { name: 'Accept' }));
    expect(onAnswer).toHaveBeenCalledWith({
      offerId: 'o1',
      decision: 'accept',
      chooseFolder: false,
      alwaysAccept: false,
    });
  });

  it('"Save to…" asks for a folder, and "always accept" is passed along', async () => {
    const { user, dialog, onAnswer } = setup();
    await user.click(within(dialog).getByRole('checkbox', { name: 'Always accept files from this person' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save to…' }));
    expect(onAnswer).toHaveBeenCalledWith({
      offerId: 'o1',
      decision: 'accept',
      chooseFolder: true,
      alwaysAccept: true,
    });
  });

  it('accepts only the ticked files, totals them, and cannot accept none', async () => {
    const { user, dialog, onAnswer } = setup();
    await user.click(within(dialog).getByRole('checkbox', { name: 'Receive notes.txt' }));
    expect(within(dialog).getByText('1 of 2 files').parentElement?.textContent).toBe('1 of 2 files3.0 MB');
    await user.click(within(dialog).getByRole('button', { name: 'Save to…' }));
    expect(onAnswer).toHaveBeenLastCalledWith({
      offerId: 'o1',
      decision: 'accept',
      indices: [0],
      chooseFolder: true,
      alwaysAccept: false,
    });
    await user.click(within(dialog).getByRole('checkbox', { name: 'Receive report.pdf' }));
    const acceptButton = within(dialog).getByRole('button', { name: 'Accept' }) as HTMLButtonElement;
    expect(acceptButton.disabled).toBe(true);
    await user.click(acceptButton);
    expect(onAnswer).toHaveBeenCalledTimes(1);
  });

  it('a single file has no checkbox to untick', () => {
    const single: OfferView = { ...offer, files: [offer.files[0]!], totalBytes: 3_145_728 };
    renderWithApp(<OfferDialog offer={single} onAnswer={vi.fn()} onLater={vi.fn()} />);
    expect(screen.queryByRole('checkbox', { name: /^Receive/ })).toBeNull();
  });

  it('declines with the button; Later and Escape put it away without an answer', async () => {
    const { user, dialog, onAnswer, onLater } = setup();
    await user.click(within(dialog).getByRole('button', { name: 'Decline' }));
    expect(onAnswer).toHaveBeenLastCalledWith({ offerId: 'o1', decision: 'decline' });
    await user.keyboard('{Escape}');
    await user.click(within(dialog).getByRole('button', { name: 'Later' }));
    expect(onLater).toHaveBeenCalledTimes(2);
    expect(onAnswer).toHaveBeenCalledTimes(1);
  });
});
