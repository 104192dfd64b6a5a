/**
 * One validator per IPC channel. Both the Electron IPC wrappers and the browser-mode bridge run these before any
 * handler sees a payload. Limits here are transport sanity bounds; the semantic checks (nickname rules, text size in
 * bytes, banned words) stay with the code that owns them and come back as their own error codes.
 */
import type { InvokeChannel, InvokeRequest } from '@contract/ipc-contract';
import { discoverySubnets } from './settings-store.js';
import { array, bool, int, nothing, object, oneOf, optional, str, type Validator } from './validate.js';

const nick = str({ min: 1, max: 256 });
const text = str({ min: 0, max: 64 * 1024 });
const id = str({ min: 1, max: 128 });
const port = int({ min: 1, max: 65_535 });
const hostName = str({ min: 1, max: 253 });
const roomId = str({ min: 1, max: 300 });
const inRoom = object({ roomId });
const cid = str({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ });
const roomKey = str({ min: 1, max: 300 });
const entryId = int({ min: 0 });
const pageSize = int({ min: 1, max: 500 });
/** A room of a many-room host by name: the wire's bound (128 bytes is at most 128 characters); the host checks 19.1. */
const roomName = str({ max: 128 });

type Schemas = { [C in InvokeChannel]: Validator<InvokeRequest<C>> };

const offerAnswer: Validator<InvokeRequest<'files.answer'>> = (value, path = '') => {
  const decision = (value as { decision?: unknown } | null)?.decision;
  if (decision === 'decline') return object({ offerId: id, decision: oneOf('decline') })(value, path);
  return object({
    offerId: id,
    decision: oneOf('accept'),
    indices: optional(array(int({ min: 0, max: 10_000 }), { min: 1, max: 10_000 })),
    chooseFolder: optional(bool),
    alwaysAccept: optional(bool),
  })(value, path);
};

export const payloadSchemas: Schemas = {
  'app.ready': nothing,
  'window.setUnread': object({ count: int({ min: 0, max: 1_000_000 }) }),
  'link.open': object({ url: str({ min: 1, max: 8_192 }) }),

  'settings.get': nothing,
  'settings.update': object({
    nickname: optional(str({ max: 256 })),
    language: optional(oneOf('en', 'ko')),
    theme: optional(oneOf('system', 'light', 'dark')),
    askWhereToSave: optional(bool),
    notifications: optional(bool),
    hostPort: optional(port),
    historyRetention: optional(oneOf('forever', '30d', 'off')),
    discoverySubnets: optional(discoverySubnets),
  }),
  'settings.chooseDownloadDir': nothing,
  'settings.forgetRoom': object({ host: hostName, port, room: optional(roomName) }),
  'identity.get': nothing,

  'host.start': object({
    port: int({ min: 0, max: 65_535 }),
    maxUsers: int({ min: 2, max: 10_000 }),
    roomName: optional(str({ max: 64 })),
    password: optional(str({ max: 256 })),
    bannedWords: optional(array(str({ min: 1, max: 64 }), { max: 500 })),
    history: optional(int({ min: 0, max: 100_000 })),
    announce: optional(bool),
  }),
  'host.stop': object({ message: optional(str({ max: 512 })) }),
  'host.state': nothing,
  'host.selfCheck': nothing,

  'discovery.start': nothing,
  'discovery.stop': nothing,
  'discovery.search': nothing,
  'discovery.rooms': object({ host: hostName, port }),

  'room.join': object({
    host: hostName,
    port,
    nick,
    room: optional(roomName),
    password: optional(str({ max: 256 })),
    code: optional(str({ max: 64 })),
    trustNewIdentity: optional(bool),
  }),
  'room.leave': inRoom,
  'room.say': object({ roomId, text, scope: optional(oneOf('room', 'dm')), cid: optional(cid) }),
  'room.whisper': object({ roomId, to: nick, text, cid: optional(cid) }),
  'room.retry': object({ roomId, cid }),
  'room.discard': object({ roomId, cid }),
  'room.list': inRoom,
  'room.sleep': object({ roomId, text: optional(str({ max: 1_024 })) }),
  'room.wakeup': inRoom,
  'room.with': object({ roomId, to: nick }),
  'room.withAnswer': object({ roomId, from: nick, accept: bool }),
  'room.end': inRoom,
  'room.rename': object({ roomId, nick }),
  'room.ping': inRoom,

  'files.pick': nothing,
  'files.registerPaths': object({ paths: array(str({ min: 1, max: 32_768 }), { min: 1, max: 1_000 }) }),
  'files.fromText': object({ name: str({ min: 1, max: 256 }), text: str({ min: 1, max: 4 * 1024 * 1024 }) }),
  'files.offer': object({ to: array(nick, { min: 1, max: 100 }), fileIds: array(id, { min: 1, max: 1_000 }) }),
  'files.offerRoom': object({ fileIds: array(id, { min: 1, max: 1_000 }) }),
  'files.answer': offerAnswer,
  'files.cancel': object({ transferId: id }),
  'files.resume': object({ transferId: id }),
  'files.showInFolder': object({ transferId: id }),
  'files.clearFinished': nothing,

  'history.page': object({ roomKey, before: optional(entryId), limit: pageSize }),
  'history.around': object({ roomKey, messageId: entryId, limit: optional(pageSize) }),
  'history.countAfter': object({ roomKey, afterId: entryId }),
  'history.search': object({ query: str({ max: 512 }), roomKey: optional(roomKey), limit: int({ min: 1, max: 200 }) }),
  'history.clear': object({ roomKey: optional(roomKey) }),
  'history.rooms': nothing,
};

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.hasOwn(payloadSchemas, value);
}
