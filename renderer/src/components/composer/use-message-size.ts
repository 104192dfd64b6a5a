/**
 * How the composer's text stands against the room's limit: its message body's size in UTF-8 bytes, whether to show
 * the count (from NEAR_SHARE of the limit), whether it is over, and into how many parts it would split.
 */
import { useMemo } from 'react';
import { messageBody } from '../../app/commands';
import { splitMessage, utf8Length } from '../../lib/split-message';

export const NEAR_SHARE = 0.8;

export interface MessageSize {
  bytes: number;
  limit: number;
  near: boolean;
  over: boolean;
  /** Over the limit: the number of parts a split sends (0 otherwise, or for text that is not a message). */
  parts: number;
  /** The text is a message (plain or a whisper) that can be split or sent as a file. */
  sendable: boolean;
}

export function useMessageSize(text: string, limit: number | undefined): MessageSize {
  return useMemo(() => {
    const body = limit ? messageBody(text) : undefined;
    if (!limit || !body) return { bytes: 0, limit: limit ?? 0, near: false, over: false, parts: 0, sendable: false };
    const bytes = utf8Length(body.text);
    const over = bytes > limit;
    const sendable = body.text.trim().length > 0;
    return {
      bytes,
      limit,
      near: bytes >= limit * NEAR_SHARE,
      over,
      parts: over && sendable ? splitMessage(body.text, limit).length : 0,
      sendable,
    };
  }, [text, limit]);
}
