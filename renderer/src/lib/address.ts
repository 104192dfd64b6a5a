export const DEFAULT_PORT = 30000;

/** "192.168.0.5:30000", "host", "[fe80::1]:30000", "fe80::1" → host and port; null when it is not an address. */
export function parseAddress(input: string): { host: string; port: number } | null {
  const text = input.trim();
  if (!text || /\s/.test(text)) return null;
  let host = text;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
  } else if ((text.match(/:/g) ?? []).length === 1) {
    [host, portText] = text.split(':') as [string, string];
  }
  if (!host || /[/?#@]/.test(host)) return null;
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host, port };
}

export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Another nickname to offer when one is taken: atom → atom2, atom2 → atom3. */
export function nextNick(nick: string): string {
  const match = /^(.*?)(\d+)$/.exec(nick);
  if (match) return `${match[1]}${Number(match[2]) + 1}`;
  return `${nick}2`;
}

/**
 * The room link to copy: `sarangbang://HOST:PORT/ROOM?code=ROOMCODE` (IPv6 in brackets; ROOM, percent-encoded, only for
 * a room of a many-room host that is not its default room; the code left out when the room has none). Same form as
 * main/discovery/room-link.ts formatRoomLink, which the app parses.
 */
export function roomLink(host: string, port: number, code?: string, room?: string): string {
  const base = `sarangbang://${formatAddress(host, port)}/${room ? encodeURIComponent(room.normalize('NFC')) : ''}`;
  return code ? `${base}?code=${encodeURIComponent(code)}` : base;
}
