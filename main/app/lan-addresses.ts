/** The addresses other machines can use to reach a room hosted here, most useful first. */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { LanAddress } from '@contract/ipc-contract';

function rank(address: LanAddress): number {
  if (address.family === 'IPv6') return 3;
  if (/^(192\.168|10)\./.test(address.address)) return 0;
  if (/^172\.(1[6-9]|2\d|3[01])\./.test(address.address)) return 1;
  return 2;
}

export function lanAddresses(
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
): LanAddress[] {
  const out: LanAddress[] = [];
  for (const [iface, infos] of Object.entries(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      // Link-local IPv6 needs a zone id that differs on every machine: useless to share.
      if (info.family === 'IPv6' && /^fe80:/i.test(info.address)) continue;
      const display = info.family === 'IPv6' ? `[${info.address}]:${port}` : `${info.address}:${port}`;
      out.push({ iface, address: info.address, family: info.family, display });
    }
  }
  return out.sort((a, b) => rank(a) - rank(b));
}
