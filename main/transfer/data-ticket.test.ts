/**
 * Data tickets on the real relay: a member on TLS opens its data connection with the ticket bound to its chat
 * connection (CB_data); the token alone, copied to another connection, or a ticket made with another connection's
 * binding gets `bad_token`, and the right ticket still works afterwards. Unencrypted members keep the bare token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientSession } from '../client/session.js';
import { openDataLink } from './data-link.js';
import { startRoom, type TestRoom } from './test-support.js';

let room: TestRoom | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await room?.stop();
  room = undefined;
});

/**
 * `sender` offers one file to `receiver`, who accepts it by hand (nobody opens a data connection by itself);
 * resolves with the receiver's token (the host gives a receiver its go-ahead as soon as it connects).
 */
async function receiverToken(sender: ClientSession, receiver: ClientSession): Promise<string> {
  const offered = new Promise<{ offer: string }>((resolve) => receiver.on('file.offer', resolve));
  const sha256 = createHash('sha256').update(randomBytes(100)).digest('hex');
  await sender.request('file.offer', { to: receiver.nick, files: [{ name: 'a.bin', size: 100, sha256 }] });
  const answer = { offer: (await offered).offer, accept: [{ index: 0, offset: 0 }] };
  const { transfers } = await receiver.request('file.answer', answer);
  return transfers[0]!.token;
}

async function member(nick: string, insecure = false): Promise<ClientSession> {
  const session = new ClientSession({
    host: '127.0.0.1',
    port: room!.port,
    nick,
    reconnect: false,
    rttIntervalMs: 0,
    ...(insecure ? { security: { insecure: true } as const } : {}),
  });
  await session.connect();
  cleanups.push(() => session.close());
  return session;
}

describe('data-connection tickets', () => {
  it('a copied token (or a ticket of another connection) is refused; the bound ticket works', async () => {
    room = await startRoom();
    const mallory = await member('mallory');
    const bora = await member('bora');
    const eve = await member('eve');
    const token = await receiverToken(mallory, bora);
    const ticket = bora.dataTicket(token);
    expect(ticket).toEqual({ ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });

    await expect(openDataLink('127.0.0.1', room.port, { token }, 5000).promise).rejects.toMatchObject({
      code: 'bad_token',
    });
    await expect(openDataLink('127.0.0.1', room.port, eve.dataTicket(token), 5000).promise).rejects.toMatchObject({
      code: 'bad_token',
    });
    const link = await openDataLink('127.0.0.1', room.port, ticket, 5000).promise;
    expect(link.ready).toMatchObject({ t: 'ok' });
    link.socket.destroy();
  });

  it('an unencrypted member presents the token itself', async () => {
    room = await startRoom();
    const plain = await member('plain', true);
    const bora = await member('bora', true);
    const token = await receiverToken(plain, bora);
    expect(bora.dataTicket(token)).toEqual({ token });
    const link = await openDataLink('127.0.0.1', room.port, { token }, 5000).promise;
    expect(link.ready).toMatchObject({ t: 'ok' });
    link.socket.destroy();
  });
});
