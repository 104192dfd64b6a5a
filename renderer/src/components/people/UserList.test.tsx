import { createEvent, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { UserInfo } from '@contract/ipc-contract';
import { renderWithApp } from '../../test-support/render';
import { UserList } from './UserList';

const users: UserInfo[] = [
  { nick: 'hana', status: 'active' },
  { nick: 'atom', status: 'active' },
  { nick: 'jun', status: 'away', awayText: 'lunch' },
  { nick: 'mira', status: 'dm' },
];

function setup(canDm = true) {
  const handlers = { onWhisper: vi.fn(), onAskDm: vi.fn(), onSendFiles: vi.fn(), onDropFiles: vi.fn() };
  const h = renderWithApp(<UserList users={users} self="atom" canDm={canDm} handlers={handlers} />);
  return { ...h, handlers };
}

function fileDrop(target: Element, files: File[]) {
  const dataTransfer = { types: ['Files'], files, dropEffect: 'none' };
  const over = createEvent.dragOver(target, { dataTransfer });
  fireEvent(target, over);
  fireEvent.drop(target, { dataTransfer });
  return over;
}

describe('UserList', () => {
  it('lists everyone with live status, me first, away text shown', () => {
    setup();
    expect(screen.getByRole('heading', { name: 'People — 4' })).toBeTruthy();
    const rows = screen.getAllByRole('listitem');
    expect(rows[0]?.getAttribute('aria-label')).toBe('atom — Active');
    expect(screen.getByRole('listitem', { name: 'jun — Away' }).textContent).toContain('lunch');
    expect(screen.getByRole('listitem', { name: 'mira — In a 1:1' })).toBeTruthy();
  });

  it('offers whisper, 1:1 and send files for others but not for me', async () => {
    const { user, handlers } = setup();
    const me = screen.getByRole('listitem', { name: /^atom/ });
    expect(within(me).queryAllByRole('button')).toHaveLength(0);
    const hana = screen.getByRole('listitem', { name: /^hana/ });
    await user.click(within(hana).getByRole('button', { name: 'Whisper: hana' }));
    await user.click(within(hana).getByRole('button', { name: 'Ask for a 1:1: hana' }));
    await user.click(within(hana).getByRole('button', { name: 'Send files: hana' }));
    expect(handlers.onWhisper).toHaveBeenCalledWith('hana');
    expect(handlers.onAskDm).toHaveBeenCalledWith('hana');
    expect(handlers.onSendFiles).toHaveBeenCalledWith('hana');
  });

  it('disables asking for a 1:1 while I am already in one, and says why', async () => {
    const { user, handlers } = setup(false);
    const button = screen.getByRole('button', { name: 'Ask for a 1:1: hana' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(button.getAttribute('title')).toBe('You are already in a 1:1.');
    await user.click(button);
    expect(handlers.onAskDm).not.toHaveBeenCalled();
  });

  it('disables asking someone away or already in a 1:1, with the reason as description and tooltip', async () => {
    const { user, handlers } = setup();
    const busy = screen.getByRole('button', { name: 'Ask for a 1:1: mira' });
    expect(busy.getAttribute('aria-disabled')).toBe('true');
    expect(busy.getAttribute('title')).toBe('mira is already in a 1:1.');
    const describedBy = busy.getAttribute('aria-describedby');
    expect(describedBy && document.getElementById(describedBy)?.textContent).toBe('mira is already in a 1:1.');
    const away = screen.getByRole('button', { name: 'Ask for a 1:1: jun' });
    expect(away.getAttribute('title')).toBe('jun is away.');
    await user.click(busy);
    await user.click(away);
    expect(handlers.onAskDm).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Ask for a 1:1: hana' }).getAttribute('aria-disabled')).toBeNull();
  });

  it('accepts files dropped on a person and hands them over for that person', () => {
    const { handlers } = setup();
    const file = new File(['hello'], 'hello.txt', { type: 'text/plain' });
    const over = fileDrop(screen.getByRole('listitem', { name: /^hana/ }), [file]);
    expect(over.defaultPrevented).toBe(true);
    expect(handlers.onDropFiles).toHaveBeenCalledWith('hana', [file]);
  });

  it('ignores drops on my own row', () => {
    const { handlers } = setup();
    fileDrop(screen.getByRole('listitem', { name: /^atom/ }), [new File(['x'], 'x.txt')]);
    expect(handlers.onDropFiles).not.toHaveBeenCalled();
  });
});

describe('UserList: security markers', () => {
  it('marks unencrypted members and nicknames on a new device, in the row and its name', () => {
    const handlers = { onWhisper: vi.fn(), onAskDm: vi.fn(), onSendFiles: vi.fn(), onDropFiles: vi.fn() };
    renderWithApp(
      <UserList
        users={[
          { nick: 'atom', status: 'active', secure: true },
          { nick: 'nc', status: 'active', secure: false },
          { nick: 'hana', status: 'active', secure: true, newDevice: true },
          { nick: 'jun', status: 'active', secure: true },
        ]}
        self="atom"
        canDm
        handlers={handlers}
      />,
    );
    const nc = screen.getByRole('listitem', { name: 'nc — Active, unencrypted' });
    expect(within(nc).getByText('unencrypted').getAttribute('title')).toMatch(/not encrypted/);
    const hana = screen.getByRole('listitem', { name: 'hana — Active, new device' });
    expect(within(hana).getByText('new device').getAttribute('title')).toMatch(/another key/);
    const jun = screen.getByRole('listitem', { name: 'jun — Active' });
    expect(within(jun).queryByText('unencrypted')).toBeNull();
    expect(within(jun).queryByText('new device')).toBeNull();
  });
});
