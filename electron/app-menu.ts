/** The application menu. App-specific items are forwarded to the UI as `menu` events. */
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '@contract/ipc-contract';

export function menuTemplate(options: {
  isMac: boolean;
  isDev: boolean;
  appName: string;
  send: (command: MenuCommand) => void;
}): MenuItemConstructorOptions[] {
  const { isMac, isDev, appName, send } = options;
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => send(command),
    ...(accelerator ? { accelerator } : {}),
  });
  const room: MenuItemConstructorOptions = {
    label: 'Room',
    submenu: [
      item('Host a Room…', 'host-room', 'CmdOrCtrl+Shift+H'),
      item('Join a Room…', 'join-room', 'CmdOrCtrl+J'),
      item('Leave Room', 'leave-room'),
      { type: 'separator' },
      item('Send Files…', 'send-files', 'CmdOrCtrl+O'),
      item('Transfers', 'show-transfers', 'CmdOrCtrl+Shift+T'),
      item('Away', 'toggle-away', 'CmdOrCtrl+Shift+A'),
      ...(isMac
        ? []
        : [
            { type: 'separator' } as const,
            item('Settings…', 'open-settings', 'CmdOrCtrl+,'),
            { role: 'quit' } as const,
          ]),
    ],
  };
  return [
    ...(isMac
      ? [
          {
            label: appName,
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              item('Settings…', 'open-settings', 'CmdOrCtrl+,'),
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    room,
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(isDev
          ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const]
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
