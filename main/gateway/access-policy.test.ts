/**
 * The access policy on real sockets: guessing limits on the framed and plain-text password logins (with an injected
 * clock), the cap on unauthenticated connections per address, and the plain-text policy.
 */
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../protocol/codec.js';
import { PREAMBLE } from '../protocol/limits.js';
import { defaultPlainText, ENCRYPTION_REQUIRED_LINE } from './access-policy.js';
import { FramedTestClient, TextTestClient, useTestRoom } from './test-support.js';

let clock = 1_000_000;
const room = useTestRoom({ textGreetingMs: 200, passwordGuard: { now: () => clock } });
/** A password room that still lets cleartext clients in (the legacy password path is what is limited here). */
const passwordRoom = { password: 'right', plainText: 'allow' } as const;

/** Connects, says hello, and returns the client with the server's first answer (welcome or a refusal). */
async function hello(port: number): Promise<{ client: FramedTestClient; first: Record<string, unknown> }> {
  const client = room.track(await FramedTestClient.connect(port, false));
  client.socket.write(Buffer.concat([PREAMBLE, encodeFrame({ t: 'hello', v: 1, app: 'test' })]));
  const first = await client.next((frame) => frame.t === 'welcome' || frame.t === 'error');
  return { client, first };
}

async function welcomed(port: number): Promise<FramedTestClient> {
  const { client, first } = await hello(port);
  expect(first.t).toBe('welcome');
  return client;
}

describe('guessing limits', () => {
  it('refuses the 4th attempt inside the wait without checking the password, lets it through after', async () => {
    clock = 1_000_000;
    const port = await room.start(passwordRoom);
    const guesser = await welcomed(port);
    for (let i = 0; i < 3; i++) {
      expect(await guesser.request('login', { nick: 'eve', password: `guess${i}` })).toMatchObject({
        code: 'wrong_password',
      });
    }
    clock += 4_000; // the wait after the 3rd failure is 5 s
    const early = await welcomed(port);
    early.send({ t: 'login', id: 1, nick: 'eve', password: 'right' });
    // Fatal: an error frame without the request's id (the password was not looked at), then bye and close.
    const error = await early.nextOf('error');
    expect(error).toMatchObject({ code: 'too_many_attempts', fatal: true, retryAfterMs: 1_000 });
    expect(error.id).toBeUndefined();
    await early.closed();

    clock += 1_000;
    const late = await welcomed(port);
    expect(await late.request('login', { nick: 'eve', password: 'right' })).toMatchObject({ t: 'ok' });
  }, 20_000);

  it('a right password clears the address: three more guesses are free again', async () => {
    clock = 2_000_000;
    const port = await room.start(passwordRoom);
    const guesser = await welcomed(port);
    for (let i = 0; i < 3; i++) await guesser.request('login', { nick: 'eve', password: 'no' });
    clock += 5_000;
    await guesser.ok('login', { nick: 'eve', password: 'right' });
    const again = await welcomed(port);
    for (let i = 0; i < 3; i++) {
      expect(await again.request('login', { nick: 'mallory', password: 'no' })).toMatchObject({
        code: 'wrong_password',
      });
    }
    const fourth = await welcomed(port);
    fourth.send({ t: 'login', id: 1, nick: 'mallory', password: 'no' });
    expect(await fourth.nextOf('error')).toMatchObject({ code: 'too_many_attempts', fatal: true });
  });

  it('limits the plain-text /login path the same way', async () => {
    clock = 3_000_000;
    const port = await room.start(passwordRoom);
    const nc = room.track(await TextTestClient.connect(port));
    for (let i = 0; i < 3; i++) {
      nc.line(`/login eve guess${i}`);
      expect(await nc.next(/^!/u)).toBe('! Wrong password. (wrong_password)');
    }
    nc.line('/login eve right');
    expect(await nc.next(/^!/u)).toMatch(
      /^! Too many wrong passwords from your address; try again in 5 s\. \(too_many_attempts\)$/u,
    );
    await nc.closed();
    clock += 5_000;
    const later = room.track(await TextTestClient.connect(port));
    later.line('/login eve right');
    await later.next(/채팅 서버에 접속되었습니다/u);
  });

  it('a guessing loop of 50 connections over a minute gets 6 passwords checked (3 free, then waits of 5, 10, 20 s)', async () => {
    clock = 4_000_000;
    const port = await room.start(passwordRoom);
    let checked = 0;
    let refused = 0;
    for (let i = 0; i < 50; i++) {
      const guesser = await welcomed(port);
      guesser.send({ t: 'login', id: 1, nick: 'eve', password: `guess${i}` });
      const answer = await guesser.nextOf('error');
      if (answer.code === 'wrong_password') checked++;
      else if (answer.code === 'too_many_attempts') refused++;
      guesser.close();
      clock += 1_200; // 50 attempts in 60 s
    }
    expect(checked).toBe(6);
    expect(refused).toBe(44);
  }, 30_000);
});

describe('unauthenticated connections per address', () => {
  it('refuses the 17th (framed: an error frame; plain text: a line) and admits again after a login or a close', async () => {
    clock = 5_000_000;
    const port = await room.start();
    const waiting: FramedTestClient[] = [];
    for (let i = 0; i < 16; i++) waiting.push(await welcomed(port));
    const framed = await hello(port);
    expect(framed.first).toMatchObject({ t: 'error', code: 'too_many_connections', fatal: true });
    await framed.client.closed();
    const nc = room.track(await TextTestClient.connect(port));
    nc.line('hello');
    expect(await nc.next(/^!/u)).toMatch(/\(too_many_connections\)$/u);
    await nc.closed();
    expect(nc.unread()).toEqual([]);

    await waiting[0]!.ok('login', { nick: 'atom' });
    const afterLogin = await welcomed(port);
    waiting[1]!.close();
    await expect.poll(async () => (await hello(port)).first.t).toBe('welcome');
    afterLogin.close();
  }, 20_000);
});

describe('plain-text policy', () => {
  it('defaults: an open room allows unencrypted clients, a password room refuses them', () => {
    expect(defaultPlainText(false)).toBe('allow');
    expect(defaultPlainText(true)).toBe('refuse');
  });

  it('a refusing room turns plain text away with one line, and cleartext framed with encryption_required', async () => {
    const port = await room.start({ password: 'right', plainText: 'refuse' });
    const nc = room.track(await TextTestClient.connect(port));
    nc.line('/login eve right');
    await nc.closed();
    expect(nc.unread()).toEqual([ENCRYPTION_REQUIRED_LINE]);
    expect(ENCRYPTION_REQUIRED_LINE).toBe(
      'This room accepts only encrypted connections: use the Sarangbang app or `sarangbang join`.',
    );
    const { client, first } = await hello(port);
    expect(first).toMatchObject({ t: 'error', code: 'encryption_required', fatal: true });
    await client.closed();
  });

  it('an open room allows plain text by default and refuses it with plainText: refuse', async () => {
    const open = await room.start();
    await room.text(open, 'nc');
    await room.server.close();
    // A silent client is greeted after 200 ms with the refusal; the connection waits for a late TLS handshake until
    // the framed login deadline, then closes.
    const closed = await room.start({ plainText: 'refuse', loginTimeoutMs: 600 });
    const nc = room.track(await TextTestClient.connect(closed));
    await nc.next(`* ${ENCRYPTION_REQUIRED_LINE}`);
    await nc.closed();
    expect(nc.unread()).toEqual([]);
  });
});
