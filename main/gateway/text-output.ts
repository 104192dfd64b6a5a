/**
 * The plain-text output path's bytes: lines end with CR LF (a multi-line message's inner newlines too), or go as
 * the course's 128-byte blocks to a client in block mode (text-blocks.ts), in the connection's encoding. Room events
 * whose lines are the same for every viewer (room chat, joins, leaves, renames, notices) are encoded once per
 * message, encoding and form, and shared by every plain-text recipient, as frames are for framed ones, so a
 * broadcast to a crowd costs one formatting and one buffer, not one per member.
 */
import type { ServerMessage } from '../protocol/messages.js';
import type { Envelope } from '../rooms/member.js';
import { lineBlocks } from './text-blocks.js';
import { formatEvent } from './text-format.js';
import { encodeText, type TextEncoding } from './text-encoding.js';

/** The bytes that show `lines` to a plain-text client (`blocks`: one in block mode). */
export function encodeLines(lines: readonly string[], encoding: TextEncoding, blocks = false): Buffer {
  if (!blocks) return encodeText(lines.map((line) => `${line.replace(/\n/g, '\r\n')}\r\n`).join(''), encoding);
  const physical = lines.flatMap((line) => line.split('\n'));
  return Buffer.concat(physical.flatMap((line) => lineBlocks(encodeText(line, encoding), encoding)));
}

/** Whether everyone who sees this event sees the same lines (formatEvent does not look at the viewer). */
export function viewerIndependent(message: ServerMessage): boolean {
  switch (message.t) {
    case 'msg':
      return message.scope !== 'whisper';
    case 'joined':
    case 'left':
    case 'renamed':
    case 'notice':
      return true;
    default:
      return false;
  }
}

const LINE_KEYS: Record<TextEncoding, string> = { 'utf-8': 'text:utf-8', 'euc-kr': 'text:euc-kr' };
const BLOCK_KEYS: Record<TextEncoding, string> = { 'utf-8': 'blocks:utf-8', 'euc-kr': 'blocks:euc-kr' };

const encodeShared = (message: ServerMessage, key: string): Buffer =>
  encodeLines(formatEvent(message, ''), key.endsWith('euc-kr') ? 'euc-kr' : 'utf-8', key.startsWith('blocks'));

/** The shared bytes of a viewer-independent event in one form (lines or blocks), made on the first recipient's turn. */
export function sharedLines(envelope: Envelope, encoding: TextEncoding, blocks: boolean): Buffer {
  return envelope.shared((blocks ? BLOCK_KEYS : LINE_KEYS)[encoding], encodeShared);
}
