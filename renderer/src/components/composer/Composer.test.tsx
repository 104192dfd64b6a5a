import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApp } from '../../test-support/render';
import { Composer, type ComposerProps } from './Composer';

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
    const list = screen.getByRole('listbox', { name: 'Suggestions' });
    const options = screen.getAllByRole('option');
    expect(options[0]?.textContent).toContain('/help');
    expect(list.textContent).toContain('/sleep');
    // A textarea may not be a combobox: the box points at the list and its active option instead of aria-expanded.
    expect(box.getAttribute('aria-expanded')).toBeNull();
    expect(box.getAttribute('aria-controls')).toBe(list.id);
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]?.id);
    await user.keyboard('{ArrowDown}');
    expect(screen.getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[1]?.id);
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

describe('Composer: long messages', () => {
  function setupLong(limitBytes = 100, language: 'en' | 'ko' = 'en') {
    const onSubmit = vi.fn<(text: string) => Promise<boolean>>(async () => true);
    const onSendLong = vi.fn<NonNullable<ComposerProps['onSendLong']>>(async () => '');
    const h = renderWithApp(
      <Composer
        placeholder="Message lab"
        nicks={[]}
        self="atom"
        onSubmit={onSubmit}
        limitBytes={limitBytes}
        onSendLong={onSendLong}
      />,
      { language },
    );
    const box = screen.getByRole('textbox', { name: 'Message lab' }) as HTMLTextAreaElement;
    const type = (value: string) => fireEvent.change(box, { target: { value } });
    return { ...h, onSubmit, onSendLong, box, type };
  }

  it('shows nothing far from the limit, then the bytes left from 80 %, tied to the box for screen readers', () => {
    const { box, type } = setupLong(100);
    type('x'.repeat(79));
    expect(screen.queryByText(/bytes left/)).toBeNull();
    expect(box.getAttribute('aria-describedby')).toBeNull();
    type('x'.repeat(80));
    const meter = screen.getByText('20 bytes left', { selector: 'p' });
    expect(box.getAttribute('aria-describedby')).toBe(meter.id);
    // Korean syllables are 3 bytes each: 27 of them leave 19.
    type('가'.repeat(27));
    expect(screen.getByText('19 bytes left', { selector: 'p' })).toBeTruthy();
    type('x'.repeat(100));
    expect(screen.getByText('0 bytes left', { selector: 'p' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Split/ })).toBeNull();
  });

  it('over the limit: says by how much, does not send on Enter, and offers to split or send a file', async () => {
    const { box, type, user, onSubmit } = setupLong(100);
    type('word '.repeat(66)); // 330 bytes
    expect(screen.getByText('230 bytes over the limit', { selector: 'p' }).className).toContain('text-danger');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    await user.type(box, '{Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(box.value).toBe('word '.repeat(66));
    expect(screen.getByRole('button', { name: 'Split into 4 messages' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send as a file' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Send' }).hasAttribute('disabled')).toBe(true);
  });

  it('announces the over-limit state politely, in Korean too', () => {
    const { type } = setupLong(100, 'ko');
    type('가'.repeat(40)); // 120 bytes
    expect(screen.getByText('제한보다 20바이트 깁니다', { selector: 'p' })).toBeTruthy();
    const live = document.querySelector('[aria-live="polite"]');
    expect(live?.textContent).toBe('제한보다 20바이트 깁니다');
    expect(screen.getByRole('button', { name: '메시지 2개로 나눠 보내기' })).toBeTruthy();
  });

  it('splitting hands over the whole text and keeps whatever the room did not take', async () => {
    const { box, type, user, onSendLong } = setupLong(100);
    const text = 'line\n'.repeat(50);
    type(text);
    onSendLong.mockResolvedValueOnce('line\n'.repeat(10));
    await user.click(screen.getByRole('button', { name: /Split into/ }));
    expect(onSendLong).toHaveBeenCalledWith(text, 'split', expect.any(Function));
    expect(box.value).toBe('line\n'.repeat(10));
    onSendLong.mockResolvedValueOnce('');
    type(text);
    await user.click(screen.getByRole('button', { name: 'Send as a file' }));
    expect(onSendLong).toHaveBeenLastCalledWith(text, 'file', expect.any(Function));
    expect(box.value).toBe('');
  });

  it('keeps the text when the room refuses the message', async () => {
    const { box, user, onSubmit } = setupLong(100);
    onSubmit.mockResolvedValueOnce(false);
    await user.type(box, 'not accepted{Enter}');
    expect(onSubmit).toHaveBeenCalledWith('not accepted');
    expect(box.value).toBe('not accepted');
    await user.keyboard('{Enter}');
    expect(box.value).toBe('');
  });

  it('keeps what was typed while a message was on its way', async () => {
    let accept: (ok: boolean) => void = () => undefined;
    const { box, user, onSubmit } = setupLong(100);
    onSubmit.mockImplementationOnce(() => new Promise<boolean>((resolve) => (accept = resolve)));
    await user.type(box, 'first{Enter}');
    await user.type(box, ' more');
    await act(async () => accept(true));
    expect(box.value).toBe(' more');
  });
});
