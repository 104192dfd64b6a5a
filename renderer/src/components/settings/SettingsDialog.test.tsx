import { screen, within } from '@testing-library/react';
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

describe('SettingsDialog: history', () => {
  it('keeps conversations forever or 30 days at once; off asks first, then deletes what is kept', async () => {
    const { user, api, store } = setup();
    const keep = screen.getByRole('radiogroup', { name: 'Keep conversations' });
    expect(within(keep).getByRole('radio', { name: 'Forever' }).getAttribute('aria-checked')).toBe('true');
    await user.click(within(keep).getByRole('radio', { name: '30 days' }));
    expect(api.callsTo('settings.update')).toEqual([{ historyRetention: '30d' }]);

    await user.click(within(keep).getByRole('radio', { name: 'Off' }));
    const ask = screen.getByRole('alertdialog', { name: 'Stop keeping conversations?' });
    await user.click(within(ask).getByRole('button', { name: 'Cancel' }));
    expect(api.callsTo('settings.update')).toHaveLength(1);

    await user.click(within(keep).getByRole('radio', { name: 'Off' }));
    await user.click(screen.getByRole('button', { name: 'Turn off and delete' }));
    expect(api.callsTo('settings.update').at(-1)).toEqual({ historyRetention: 'off' });
    expect(store.getState().settings?.historyRetention).toBe('off');
  });

  it('clears history only after the confirmation', async () => {
    const { user, api } = setup();
    await user.click(screen.getByRole('button', { name: 'Clear history…' }));
    const ask = screen.getByRole('alertdialog', { name: 'Clear all history?' });
    expect(api.callsTo('history.clear')).toEqual([]);
    await user.click(within(ask).getByRole('button', { name: 'Clear history' }));
    expect(api.callsTo('history.clear')).toEqual([{}]);
    expect(await screen.findByText('History cleared.')).toBeTruthy();
  });
});
