/**
 * Sends a chat message through the room's outbox under a client message id of its own. Resolves as soon as the outbox
 * holds it (its first `outbox` event: from then on it shows in the conversation as sending, then posted or failed,
 * and is never lost), or with main's refusal when it never got there (no room, a bad request).
 */
import type { Reply, RoomId, SarangbangApi } from '@contract/ipc-contract';

export type PostRequest = { roomId: RoomId; text: string } & ({ scope: 'room' | 'dm' } | { to: string });

/** A fresh client message id: 32 hex digits (the protocol allows 1–64 of A–Z a–z 0–9 _ -). */
export function newClientId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

export function postMessage(
  api: SarangbangApi,
  request: PostRequest,
  cid = newClientId(),
): Promise<Reply<{ cid: string }>> {
  return new Promise((resolve) => {
    let queued = false;
    const accepted = (): void => {
      queued = true;
      off();
      resolve({ ok: true, result: { cid } });
    };
    const off = api.on('outbox', (item) => {
      if (item.cid === cid) accepted();
    });
    const reply =
      'to' in request
        ? api.invoke('room.whisper', { roomId: request.roomId, to: request.to, text: request.text, cid })
        : api.invoke('room.say', { roomId: request.roomId, text: request.text, scope: request.scope, cid });
    void reply.then((answer) => {
      off();
      // Once queued, a refusal shows on the message itself (failed, with Retry and Delete).
      if (queued) return;
      resolve(answer.ok ? { ok: true, result: { cid } } : answer);
    });
  });
}
