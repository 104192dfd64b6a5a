/** A message over the room's limit, from the room screen: split into parts sent in order, or offered as a file. */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from '../App';
import { fail, ok } from '../test-support/fake-api';
import { renderWithApp } from '../test-support/render';
import { labRoom, roomSnapshot } from '../test-support/room-fixture';

const snapshot = () => roomSnapshot({ room: { ...labRoom, limits: { textBytes: 1000, historyKept: 100 } } });
const paste = (text: string) =>
  fireEvent.change(screen.getByRole('textbox', { name: 'Message lab' }), { target: { value: text } });
const box = () => screen.getByRole('textbox', { name: 'Message lab' }) as HTMLTextAreaElement;

describe('long messages in the room', () => {
  it('splits 3,000 lines into parts the room accepts, sent in order, and the whole text arrives', async () => {
    const { user, api } = renderWithApp(<App />, { snapshot: snapshot() });
    const text = Array.from({ length: 3_000 }, (_, i) => `줄 ${i + 1}`).join('\n');
    paste(text);
    expect(box().value).toBe(text);
    await user.click(screen.getByRole('button', { name: /^Split into \d+ messages$/ }));
    await waitFor(() => expect(box().value).toBe(''));
    const said = api.callsTo('room.say');
    expect(said.length).toBeGreaterThan(20);
    expect(said.map((s) => s.text).join('')).toBe(text);
    for (const s of said) expect(new TextEncoder().encode(s.text).length).toBeLessThanOrEqual(1000);
    expect(said.every((s) => s.scope === 'room' && s.roomId === labRoom.roomId)).toBe(true);
  });

  it('keeps the unsent parts in the box and says why when the room stops taking them', async () => {
    const { user, api } = renderWithApp(<App />, { snapshot: snapshot() });
    let n = 0;
    api.handle('room.say', () => (++n <= 2 ? ok({ mid: n }) : fail('not_connected', 'socket closed')));
    const text = `${'a'.repeat(900)} ${'b'.repeat(900)} ${'c'.repeat(900)}`;
    paste(text);
    await user.click(screen.getByRole('button', { name: 'Split into 3 messages' }));
    await waitFor(() => expect(box().value).toBe('c'.repeat(900)));
    expect(await screen.findByText(/You are not connected to the room right now/)).toBeTruthy();
    expect(screen.queryByText('socket closed')).toBeNull();
  });

  it('sends it as a file to the people picked', async () => {
    const { user, api } = renderWithApp(<App />, { snapshot: snapshot() });
    api.handle('files.fromText', ({ name, text }) => ok({ fileId: 'text-1', name, size: text.length }));
    const text = 'x'.repeat(5_000);
    paste(text);
    await user.click(screen.getByRole('button', { name: 'Send as a file' }));
    const dialog = screen.getByRole('dialog', { name: 'Send the message as a file' });
    await user.click(within(dialog).getByLabelText(/hana/));
    await user.click(within(dialog).getByRole('button', { name: 'Send as a file' }));
    await waitFor(() => expect(box().value).toBe(''));
    const [made] = api.callsTo('files.fromText');
    expect(made?.text).toBe(text);
    expect(made?.name).toMatch(/^message-\d{4}-\d\d-\d\d-\d{4}\.txt$/);
    expect(api.callsTo('files.offer')).toEqual([{ to: ['hana'], fileIds: ['text-1'] }]);
  });

  it('keeps the text when the file dialog is closed', async () => {
    const { user, api } = renderWithApp(<App />, { snapshot: snapshot() });
    paste('y'.repeat(2_000));
    await user.click(screen.getByRole('button', { name: 'Send as a file' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(box().value).toBe('y'.repeat(2_000));
    expect(api.callsTo('files.fromText')).toEqual([]);
  });
});
