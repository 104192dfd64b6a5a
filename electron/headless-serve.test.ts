import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';

// Headless mode must not need Electron beyond `app`: importing electron at all would fail the test.
vi.mock('electron', () => {
  throw new Error('headless-serve must not import electron');
});
const { runHeadlessServe, serveArguments } = await import('./headless-serve.js');

function io() {
  const out = new PassThrough();
  const errors = new PassThrough();
  let text = '';
  let errorText = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  errors.on('data', (chunk: Buffer) => (errorText += chunk.toString()));
  return { streams: { out, errors }, text: () => text, errors: () => errorText };
}

function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
}

describe('--serve (headless room)', () => {
  it('finds --serve anywhere in argv and keeps only the serve options', () => {
    expect(
      serveArguments(['/usr/bin/sarangbang', '--no-sandbox', '--serve', '--port', '31000', '--disable-gpu']),
    ).toEqual(['--port', '31000']);
    expect(serveArguments(['electron', '.', '--serve'])).toEqual([]);
    expect(serveArguments(['/usr/bin/sarangbang'])).toBeUndefined();
  });

  it('runs the room with no window until SIGTERM, takes clients, then exits 0', async () => {
    const app = { exit: vi.fn(), dock: { hide: vi.fn() } };
    const output = io();
    const done = runHeadlessServe(app, ['--port', '0', '--host', '127.0.0.1', '--name', 'lab'], output.streams);
    await until(() => /open on port \d+/.test(output.text()));
    expect(app.dock.hide).toHaveBeenCalled();
    const port = Number(/open on port (\d+)/.exec(output.text())?.[1]);

    const socket = connect(port, '127.0.0.1');
    let greeting = '';
    socket.on('data', (chunk: Buffer) => (greeting += chunk.toString()));
    socket.write('hello\n'); // a plain-text client (nc) is welcomed too
    await until(() => greeting.length > 0);
    socket.destroy();

    process.emit('SIGTERM');
    expect(await done).toBe(0);
    expect(app.exit).toHaveBeenCalledWith(0);
    expect(output.text()).toContain('Room closed.');
  });

  it('exits 2 with a clear message on bad options, and 1 when the port is taken', async () => {
    const app = { exit: vi.fn() };
    const bad = io();
    expect(await runHeadlessServe(app, ['--port', 'abc'], bad.streams)).toBe(2);
    expect(bad.errors()).toMatch(/port/i);
    expect(app.exit).toHaveBeenLastCalledWith(2);
    expect(await runHeadlessServe(app, ['--frobnicate'], io().streams)).toBe(2);

    const blocker = (await import('node:net')).createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    const busy = io();
    expect(await runHeadlessServe(app, ['--port', String(taken), '--host', '127.0.0.1'], busy.streams)).toBe(1);
    expect(busy.errors()).toMatch(/already in use/);
    blocker.close();
  });
});
