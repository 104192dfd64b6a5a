/**
 * Room names of a many-room host, as the page compares them: two names are the same room when their keys are equal
 * (docs/PROTOCOL.md section 19.1: NFC, then lower case). The host is the judge of what a valid name is.
 */
export function roomKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

export function sameRoom(a: string, b: string): boolean {
  return roomKey(a) === roomKey(b);
}
