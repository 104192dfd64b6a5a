/**
 * Room names of a many-room server (docs/PROTOCOL.md section 19.1): `checkRoomName` says whether a name may name a
 * room, `roomKey` is what makes two names the same room. The one validator for the server, the rooms file, the CLI
 * and links.
 */

export const MAX_ROOM_NAME_CHARS = 32;

/** Letters and digits of any script, combining marks after a letter, `-`, `_`, `.`; no `.`/`-` at either end. */
const ROOM_NAME = /^(?![.-])(?:\p{L}\p{M}*|\p{N}|[-_.])+(?<![.-])$/u;

export type RoomNameCheck = { ok: true; name: string } | { ok: false; reason: string };

/** The name after NFC if it follows 19.1, else why not (a sentence for people). */
export function checkRoomName(raw: string): RoomNameCheck {
  const name = raw.normalize('NFC');
  const chars = [...name].length;
  if (chars === 0) return { ok: false, reason: 'A room name cannot be empty.' };
  if (chars > MAX_ROOM_NAME_CHARS)
    return { ok: false, reason: `A room name is at most ${MAX_ROOM_NAME_CHARS} characters.` };
  if (!ROOM_NAME.test(name))
    return {
      ok: false,
      reason: 'A room name has letters, digits, "-", "_" and "." only, and does not start or end with "." or "-".',
    };
  return { ok: true, name };
}

/** Two names are the same room when their keys are equal: NFC, then Unicode lower case. */
export function roomKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
