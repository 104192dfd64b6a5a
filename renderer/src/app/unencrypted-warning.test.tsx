import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Room } from '../screens/Room';
import { renderWithApp } from '../test-support/render';
import { labRoom, roomSnapshot } from '../test-support/room-fixture';

/** The client message id the page gives each message (the protocol's cid). */
const anyCid = expect.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

const snapshot = roomSnapshot({
  room: {
    ...labRoom,
    users: [
      { nick: 'atom', status: 'active', secure: true },
      { nick: 'nc', status: 'active', secure: false },
      { nick: 'hana', status: 'active', secure: true },
    ],
  },
});
const warning = /nc’s connection is not encrypted: others on the network can read what you whisper/;

describe('the warning before a private conversation with an unencrypted member', () => {
  it('comes once per person per room session, before the first whisper or 1:1 with them, and never for others', async () => {
    const { user, api } = renderWithApp(<Room />, { snapshot });
    await user.click(screen.getByRole('button', { name: 'Whisper: hana' }));
    expect(screen.queryByText(warning)).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Whisper: nc' }));
    expect(screen.getAllByText(warning)).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Whisper: nc' }));
    const composer = screen.getByRole('textbox', { name: /Message/ });
    await user.clear(composer);
    await user.type(composer, '/to nc hi{Enter}');
    expect(screen.getAllByText(warning)).toHaveLength(1);
    expect(api.callsTo('room.whisper')).toEqual([{ roomId: labRoom.roomId, to: 'nc', text: 'hi', cid: anyCid }]);
  });

  it('warns before asking them for a 1:1', async () => {
    const { user, api } = renderWithApp(<Room />, { snapshot });
    await user.click(screen.getByRole('button', { name: 'Ask for a 1:1: nc' }));
    expect(screen.getAllByText(warning)).toHaveLength(1);
    expect(api.callsTo('room.with')).toEqual([{ roomId: labRoom.roomId, to: 'nc' }]);
  });

  it('warns before a whisper typed as a command too', async () => {
    const { user } = renderWithApp(<Room />, { snapshot });
    await user.type(screen.getByRole('textbox', { name: /Message/ }), '/to nc hello{Enter}');
    expect(screen.getAllByText(warning)).toHaveLength(1);
  });
});
