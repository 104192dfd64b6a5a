import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientSession } from '../client/session.js';
import type { FileAcceptedEvent, FileE2e, FileEndedEvent, FileOfferEvent } from '../protocol/file-messages.js';
import { wireLength } from '../security/file-crypto.js';
import { openDataLink } from './data-link.js';
import { startRoom, type TestRoom } from './test-support.js';

let room: TestRoom;
let sessions: ClientSession[] = [];

afterEach(async () => {
  for (const s of sessions) await s.close();
  sessions = [];
  await room?.stop();
});

const fake = (tag: string, n?: string): FileE2e => ({
  eph: `eph${tag}`,
  spki: `spki${tag}`,
  sig: `sig${tag}`,
  ...(n ? { n } : {}),
});
const SIZE = 200_000;
const OFFSET = 1000;

/** Two bare sessions: `a` offers one file to `b` with `offerE2e`, `b` accepts from OFFSET with `answerE2e`. */
async function offerAndAccept(offerE2e: unknown, answerE2e: unknown) {
  room = await startRoom();
  const [a, b] = ['sender1', 'receiver1'].map(
    // Unencrypted sessions: these tests are about the e2e objects the relay passes on, with bare tokens.
    (nick) =>
      new ClientSession({
        host: '127.0.0.1',
        port: room.port,
        nick,
        reconnect: false,
        rttIntervalMs: 0,
        security: { insecure: true },
      }),
  ) as [ClientSession, ClientSession];
  sessions = [a, b];
  for (const s of sessions) await s.connect();
  const offered = new Promise<FileOfferEvent>((resolve) => b.on('file.offer', resolve));
  const accepted = new Promise<FileAcceptedEvent>((resolve) => a.on('file.accepted', resolve));
  const ended = new Promise<FileEndedEvent>((resolve) => b.on('file.ended', resolve));
  const sha256 = createHash('sha256').update('x').digest('hex');
  await a.request('file.offer', {
    to: 'receiver1',
    files: [{ name: 'x', size: SIZE, sha256 }],
    ...(offerE2e === undefined ? {} : { e2e: offerE2e as FileE2e }),
  });
  const offer = await offered;
  const { transfers } = await b.request('file.answer', {
    offer: offer.offer,
    accept: [{ index: 0, offset: OFFSET }],
    ...(answerE2e === undefined ? {} : { e2e: answerE2e as FileE2e }),
  });
  return { offer, accepted: await accepted, receiverToken: transfers[0]!.token, ended };
}

describe('the relay and end-to-end offers', () => {
  it('relays both e2e objects untouched, announces the sealed length, and cuts a sender that writes more', async () => {
    const { offer, accepted, receiverToken, ended } = await offerAndAccept(fake('A', 'nonce'), fake('B'));
    expect(offer.e2e).toEqual(fake('A', 'nonce'));
    expect(accepted.e2e).toEqual(fake('B'));
    const receiver = await openDataLink('127.0.0.1', room.port, receiverToken, 5000).promise;
    receiver.socket.on('error', () => undefined);
    receiver.socket.resume();
    expect(receiver.ready.length).toBe(wireLength(SIZE - OFFSET));
    const sender = await openDataLink('127.0.0.1', room.port, accepted.transfers[0]!.token, 5000).promise;
    expect(sender.ready.length).toBe(wireLength(SIZE - OFFSET));
    sender.socket.on('error', () => undefined);
    sender.socket.end(Buffer.alloc(wireLength(SIZE - OFFSET) + 1));
    expect(await ended).toMatchObject({ reason: 'protocol' });
  });

  it('an answer without keys makes it raw: the plain length, and no e2e to the sender', async () => {
    const { accepted, receiverToken } = await offerAndAccept(fake('A', 'nonce'), undefined);
    expect(accepted.e2e).toBeUndefined();
    const receiver = await openDataLink('127.0.0.1', room.port, receiverToken, 5000).promise;
    receiver.socket.destroy();
    expect(receiver.ready.length).toBe(SIZE - OFFSET);
  });

  it.each([[{ eph: 'a', spki: 'b' }], ['text'], [{ eph: 'a', spki: 'b', sig: 'c', n: 'not base64!' }]])(
    'refuses a malformed e2e %j with bad_request',
    async (e2e) => {
      await expect(offerAndAccept(e2e, undefined)).rejects.toMatchObject({ code: 'bad_request' });
    },
  );
});
