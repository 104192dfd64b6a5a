import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { forkRoomProcess } from '../main/host/fork-room-process.js';
import { FramedTestClient } from '../main/gateway/test-support.js';

// Electron's utilityProcess, played by the real room process under Node's fork(): the parent side's API
// (postMessage, 'message', 'exit', kill) bridged to the fork channel that the entry also speaks.
const forks: { modulePath: string; args: string[] | undefined; options: Record<string, unknown> | undefined }[] = [];
const children: EventEmitter[] = [];
vi.mock('electron', () => ({
  utilityProcess: {
    fork(modulePath: string, args?: string[], options?: Record<string, unknown>) {
      forks.push({ modulePath, args, options });
      const link = forkRoomProcess();
      const child = Object.assign(new EventEmitter(), {
        postMessage: (message: never) => link.send(message),
        kill: () => {
          link.kill();
          return true;
        },
      });
      link.onMessage((message) => child.emit('message', message));
      link.onExit((code) => child.emit('exit', code ?? 1));
      children.push(child);
      return child;
    },
  },
}));
const { utilityRoomProcess, ROOM_PROCESS_BUNDLE } = await import('./utility-room-process.js');
const { roomProcessStarter } = await import('../main/app/room-process-server.js');
const { LOOPBACK_ROOM } = await import('../main/app/test-support.js');

afterEach(() => {
  for (const child of children.splice(0)) (child as unknown as { kill(): void }).kill();
  forks.length = 0;
});

describe('the hosted room in an Electron utility process', () => {
  it('starts the bundle beside the main bundle, hosts through it, and ends it on stop', async () => {
    const start = roomProcessStarter(() => utilityRoomProcess('/opt/Sarangbang/resources/app.asar/out/main'));
    const server = await start(LOOPBACK_ROOM);
    expect(forks).toEqual([
      {
        modulePath: join('/opt/Sarangbang/resources/app.asar/out/main', ROOM_PROCESS_BUNDLE),
        args: [],
        options: expect.objectContaining({ serviceName: 'Sarangbang room' }),
      },
    ]);
    const ann = await FramedTestClient.login(server.port, 'ann');
    const exited = new Promise((resolve) => children[0]!.once('exit', resolve));
    const notice = ann.next((frame) => frame.t === 'notice');
    await server.close('Closing now.');
    expect(await notice).toMatchObject({ code: 'host_stopping', text: 'Closing now.' });
    await exited;
    ann.close();
  });
});
