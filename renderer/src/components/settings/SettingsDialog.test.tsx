import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fail, makeSettings } from '../../test-support/fake-api';
import { renderWithApp } from '../../test-support/render';
import { SettingsDialog } from './SettingsDialog';

function setup() {
  const onClose = vi.fn();
  const h = renderWithApp(<SettingsDialog settings={makeSettings()} onClose={onClose} />);
  return { ...h, onClose };
}

describe('SettingsDialog', () => {
  it('is a labelled modal showing the current settings', () => {
    setup();
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect((screen.getByLabelText('Nickname') as HTMLInputElement).value).toBe('atom');
    expect(screen.getByText('/home/atom/Downloads')).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Light' }).getAttribute('aria-checked')).toBe('true');
  });

  it('applies language, theme and the switches at once', async () => {
    const { user, api, store } = setup();
    await user.click(screen.getByRole('radio', { name: '한국어' }));
    await user.click(screen.getByRole('radio', { name: 'Dark' }));
    await user.click(screen.getByRole('switch', { name: 'Ask where to save each time' }));
    await user.click(screen.getByRole('switch', { name: 'Notifications' }));
    expect(api.callsTo('settings.update')).toEqual([
      { language: 'ko' },
      { theme: 'dark' },
      { askWhereToSave: true },
      { notifications: false },
    ]);
    expect(store.getState().settings).toMatchObject({
      language: 'ko',
      theme: 'dark',
      askWhereToSave: true,
      notifications: false,
    });
  });

  it('saves a new nickname and host port together', async () => {
    const { user, api, onClose } = setup();
    await user.clear(screen.getByLabelText('Nickname'));
    await user.type(screen.getByLabelText('Nickname'), 'nova');
    await user.clear(screen.getByLabelText('Default host port'));
    await user.type(screen.getByLabelText('Default host port'), '31000');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.callsTo('settings.update')).toEqual([{ nickname: 'nova', hostPort: 31000 }]);
    expect(onClose).toHaveBeenCalled();
  });

  it('shows why a nickname was refused and stays open', async () => {
    const { user, api, onClose } = setup();
    api.handle('settings.update', () => fail('nick_invalid'));
    await user.clear(screen.getByLabelText('Nickname'));
    await user.type(screen.getByLabelText('Nickname'), 'bad');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/not allowed/);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('changes the download folder through the native dialog', async () => {
    const { user, api, store } = setup();
    api.handle('settings.chooseDownloadDir', () => ({ ok: true, result: makeSettings({ downloadDir: '/data/in' }) }));
    await user.click(screen.getByRole('button', { name: 'Change…' }));
    expect(store.getState().settings?.downloadDir).toBe('/data/in');
  });
});

describe('SettingsDialog: your key', () => {
  it('shows my key code from the app, with copy', async () => {
    const { api } = setup();
    expect(await screen.findByText('K7QX-2M9D-4HBT-Z0PA-8E3C')).toBeTruthy();
    expect(screen.getByText('Your key')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy Your key' })).toBeTruthy();
    expect(api.callsTo('identity.get')).toHaveLength(1);
  });
});
