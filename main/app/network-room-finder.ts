/** The real RoomFinder: main/discovery's mDNS browser and subnet probe. */
import { browseRooms } from '../discovery/room-browser.js';
import { localPrivateSubnets, probeRoom, probeSubnets } from '../discovery/subnet-probe.js';
import type { RoomFinder } from './room-finder.js';

export const networkRoomFinder: RoomFinder = {
  browse: () => browseRooms(),
  probeRoom: (host, port) => probeRoom(host, port, { timeoutMs: 1500 }),
  localSubnets: () => localPrivateSubnets(),
  probeSubnets: (options) => probeSubnets(options),
};
