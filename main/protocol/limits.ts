/** Protocol version spoken in `hello` / `welcome`. */
export const PROTOCOL_VERSION = 1;

/** Four bytes a framed client sends first on every connection ("SBNG"). Anything else is a plain-text client. */
export const PREAMBLE = Buffer.from('SBNG', 'latin1');

/** Largest JSON payload of one frame, in bytes (the 4-byte length header is not counted). */
export const MAX_FRAME_BYTES = 16 * 1024;

/** Largest chat text, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 4 * 1024;

/** Nickname length in Unicode code points, after NFC normalisation. */
export const MIN_NICK_CHARS = 1;
export const MAX_NICK_CHARS = 24;

/** Longest line a plain-text client may send, in bytes, before it is cut off. */
export const MAX_TEXT_LINE_BYTES = MAX_TEXT_BYTES + 512;

export const DEFAULT_PORT = 30000;
export const DEFAULT_MAX_USERS = 100;

/**
 * Files in one offer. Bounded so that the host's `file.accepted` answer (about 100 bytes of ticket per file) always
 * fits one frame; the offer itself is also checked against the frame limit.
 */
export const MAX_FILES_PER_OFFER = 100;

/** How long a 1:1 request or a file offer waits for an answer. */
export const CONSENT_TIMEOUT_MS = 60_000;
