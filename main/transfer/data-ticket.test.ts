/**
 * Data tickets on the real relay: a member on TLS opens its data connection with the ticket bound to its chat
 * connection (CB_data); the token alone, copied to another connection, or a ticket made with another connection's
 * binding gets `bad_token`, and the right ticket still works afterwards. Unencrypted members keep the bare token.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientSession } from '../client/session.js';
import type { FileAcceptedEvent } from '../protocol/file-messages.js';
import { openDataLink } from './data-link.js';
import { joinUser, startRoom, type TestRoom, type TestUser } from './test-support.js';

let room: TestRoom | undefined;
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await room?.stop();
  room = undefined;
});

/** `sender` offers one small file to a new user who accepts it; resolves with the sender's tokens. */
async function acceptedOffer(sender: ClientSession): Promise<{ bora: TestUser; accepted: FileAcceptedEvent }> {
  const bora = await joinUser(room!, 'bora');
  cleanups.push(() => bora.leave());
  const accepted = new Promise<FileAcceptedEvent>((resolve) => sender.on('file.accepted', resolve));
  const bytes = randomBytes(100);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await sender.request('file.offer', { to: 'bora', files: [{ name: 'a.bin', size: 100, sha256 }] });
  await bora.files.accept((await bora.next('offer')).offer);
  return { bora, accepted: await accepted };
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
    const eve = await member('eve');
    const { accepted } = await acceptedOffer(mallory);
    const token = accepted.transfers[0]!.token;
    const ticket = mallory.dataTicket(token);
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
    const { accepted } = await acceptedOffer(plain);
    const token = accepted.transfers[0]!.token;
    expect(plain.dataTicket(token)).toEqual({ token });
    const link = await openDataLink('127.0.0.1', room.port, { token }, 5000).promise;
    expect(link.ready).toMatchObject({ t: 'ok' });
    link.socket.destroy();
  });
});
