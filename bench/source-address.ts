/**
 * Where the bench's clients connect from. A room started as users start it (`--launch`) admits at most 16
 * connections per address that have not logged in yet (main/security/password-guard.ts), and the bench opens
 * hundreds at once: with `spreadSourceAddresses()` client i connects from its own loopback address (Linux routes
 * all of 127.0.0.0/8 to lo), 16 clients to an address. Otherwise every client connects from 127.0.0.1.
 */
const PER_ADDRESS = 16;
let spread = false;

export function spreadSourceAddresses(): void {
  spread = true;
}

/** The local address client `index` binds to, or undefined (the system picks 127.0.0.1). */
export function sourceAddress(index: number): string | undefined {
  if (!spread) return undefined;
  const slot = Math.floor(index / PER_ADDRESS);
  return `127.1.${Math.floor(slot / 250)}.${1 + (slot % 250)}`;
}
