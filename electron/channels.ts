/**
 * Runtime lists derived from the IPC contract (the contract itself is types only). The type assertions below fail
 * to compile if a channel is added to the contract and not here, or the other way round.
 */
import type { InvokeChannel } from '@contract/ipc-contract';

/** The single IPC channel main uses to push events: `(eventName, payload)`. */
export const EVENT_CHANNEL = 'sarangbang:event';

/**
 * Preload → main only, outside the contract (the page's API cannot name it): `{ paths }` the preload resolved with
 * webUtils.getPathForFile from a drop, recorded by main for a few seconds (path-gate.ts).
 */
export const DROP_CHANNEL = 'sarangbang:files-dropped';

export const INVOKE_CHANNELS = [
  'app.ready',
  'window.setUnread',
  'link.open',
  'settings.get',
  'settings.update',
  'settings.chooseDownloadDir',
  'settings.forgetRoom',
  'identity.get',
  'host.start',
  'host.stop',
  'host.state',
  'host.selfCheck',
  'discovery.start',
  'discovery.stop',
  'discovery.search',
  'discovery.rooms',
  'room.join',
  'room.leave',
  'room.say',
  'room.whisper',
  'room.retry',
  'room.discard',
  'room.list',
  'room.sleep',
  'room.wakeup',
  'room.with',
  'room.withAnswer',
  'room.end',
  'room.rename',
  'room.ping',
  'files.pick',
  'files.registerPaths',
  'files.fromText',
  'files.offer',
  'files.offerRoom',
  'files.answer',
  'files.cancel',
  'files.resume',
  'files.showInFolder',
  'files.clearFinished',
  'history.page',
  'history.around',
  'history.countAfter',
  'history.search',
  'history.clear',
  'history.rooms',
] as const satisfies readonly InvokeChannel[];

type Missing = Exclude<InvokeChannel, (typeof INVOKE_CHANNELS)[number]>;
const everyChannelListed: [Missing] extends [never] ? true : Missing = true;
void everyChannelListed;

/** Only the preload itself may call these (with paths it resolved from dropped files); the page may not. */
export { PAGE_FORBIDDEN_CHANNELS as PRELOAD_ONLY_CHANNELS } from '../main/app/channel-policy.js';
