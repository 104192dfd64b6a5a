import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test-support/render';
import { Composer } from './Composer';

function setup(nicks = ['atom', 'hana', 'hyun', 'jun']) {
  const onSubmit = vi.fn<(text: string) => Promise<boolean>>(async () => true);
  const h = renderWithApp(<Composer placeholder="Message lab" nicks={nicks} self="atom" onSubmit={onSubmit} />);
  const box = screen.getByRole('textbox', { name: 'Message lab' }) as HTMLTextAreaElement;
  return { ...h, onSubmit, box };
}

describe('Composer', () => {
  it('sends on Enter and clears the box', async () => {
    const { user, box, onSubmit } = setup();
    await user.type(box, 'hello{Enter}');
    expect(onSubmit).toHaveBeenCalledWith('hello');
    expect(box.value).toBe('');
  });

  it('adds a new line on Shift+Enter instead of sending', async () => {
    const { user, box, onSubmit } = setup();
    await user.type(box, 'one{Shift>}{Enter}{/Shift}two');
    expect(box.value).toBe('one\ntwo');
    expect(onSubmit).not.toHaveBeenCalled();
    await user.keyboard('{Enter}');
    expect(onSubmit).toHaveBeenCalledWith('one\ntwo');
  });

  it('does not send blank text', async () => {
    const { user, box, onSubmit } = setup();
    await user.type(box, '   {Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('recalls the last message with Up in an empty box', async () => {
    const { user, box } = setup();
    await user.type(box, 'first{Enter}');
    await user.keyboard('{ArrowUp}');
    expect(box.value).toBe('first');
  });

  it('does not send while an IME composition is in progress (Korean input)', () => {
    const { box, onSubmit } = setup();
    fireEvent.change(box, { target: { value: '안녕' } });
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true });
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('offers slash commands, navigates them with the arrows and completes with Enter', async () => {
    const { user, box, onSubmit } = setup();
    await user.type(box, '/');
    const list = screen.getByRole('listbox');
    const options = screen.getAllByRole('option');
    expect(options[0]?.textContent).toContain('/help');
    expect(list.textContent).toContain('/sleep');
    expect(box.getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{ArrowDown}');
    expect(screen.getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowUp}{Enter}');
    expect(box.value).toBe('/help ');
    expect(onSubmit).not.toHaveBeenCalled();
    await user.keyboard('{Enter}');
    expect(onSubmit).toHaveBeenCalledWith('/help ');
  });

  it('completes nicknames for commands that take one, and never offers my own', async () => {
    const { user, box } = setup();
    await user.type(box, '/to h');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      expect.stringContaining('hana'),
      expect.stringContaining('hyun'),
    ]);
    await user.keyboard('{Tab}');
    expect(box.value).toBe('/to hana ');
    await user.clear(box);
    await user.type(box, '/with a');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('closes the suggestions with Escape', async () => {
    const { user, box } = setup();
    await user.type(box, '/s');
    expect(screen.getByRole('listbox')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('takes a suggestion with the mouse', async () => {
    const { user, box } = setup();
    await user.type(box, '/wa');
    await user.click(screen.getByRole('option', { name: /wakeup/ }));
    expect(box.value).toBe('/wakeup ');
  });
});
