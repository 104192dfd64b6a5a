import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApp } from '../test-support/render';
import { roomSnapshot } from '../test-support/room-fixture';
import { Room } from './Room';

describe('the Transfers panel in the room', () => {
  it('opens beside the people list, which stays, and closes back to it', async () => {
    const { store, user } = renderWithApp(<Room />, { snapshot: roomSnapshot() });
    expect(screen.queryByRole('heading', { name: 'Transfers' })).toBeNull();
    act(() => store.dispatchNow({ type: 'panel', panel: 'transfers' }));
    const transfers = screen.getByRole('heading', { name: 'Transfers' }).closest('section')!;
    const people = screen.getByRole('heading', { name: /People — 3/ }).closest('section')!;
    expect(within(people).getByRole('button', { name: 'Whisper: hana' })).toBeTruthy();
    expect(people.compareDocumentPosition(transfers) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await user.click(within(transfers).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('heading', { name: 'Transfers' })).toBeNull();
    expect(screen.getByRole('heading', { name: /People — 3/ })).toBeTruthy();
  });
});
