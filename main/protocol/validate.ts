/**
 * Checks the shape of each client frame before the server acts on it. A frame that fails gets an `error` reply
 * (with the request's `id` when it has a usable one) and the connection goes on. Unknown extra fields are ignored,
 * so newer clients can add optional fields.
 */
import type { FrameObject } from './codec.js';
import type { ErrorCode } from './errors.js';
import { MAX_TEXT_BYTES } from './limits.js';
import type { ClientMessage } from './messages.js';

export type Validation =
  | { ok: true; kind: 'message'; message: ClientMessage }
  /** A `file.*` frame: its shape is checked by the file-transfer handler. */
  | { ok: true; kind: 'file'; frame: FrameObject & { id?: number } }
  | { ok: false; id?: number; code: ErrorCode; message: string };

export const MAX_AWAY_TEXT_BYTES = 256;
export const MAX_PASSWORD_BYTES = 256;
const MAX_APP_BYTES = 200;
/** `hello.room` (section 19.2): longer is `bad_request`; a name's own rules (19.1) are the server's `room_invalid`. */
const MAX_ROOM_BYTES = 128;

type Field = 'string' | 'string?' | 'boolean' | 'scope?' | 'count?' | 'cid?';
const REQUESTS: Record<string, Record<string, Field>> = {
  login: { nick: 'string', password: 'string?' },
  say: { text: 'string', scope: 'scope?', cid: 'cid?' },
  whisper: { to: 'string', text: 'string', cid: 'cid?' },
  list: { after: 'count?' },
  sleep: { text: 'string?' },
  wakeup: {},
  with: { to: 'string' },
  'with.answer': { from: 'string', accept: 'boolean' },
  end: {},
  nick: { nick: 'string' },
  version: {},
  rooms: { after: 'string?' },
};

/** A client message id (`say`/`whisper` `cid`). */
export const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function isId(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function fieldError(name: string, field: Field, value: unknown): string | undefined {
  switch (field) {
    case 'string':
      return typeof value === 'string' ? undefined : `"${name}" must be a string`;
    case 'string?':
      return value === undefined || typeof value === 'string' ? undefined : `"${name}" must be a string when present`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `"${name}" must be true or false`;
    case 'count?':
      return value === undefined || isId(value, 0)
        ? undefined
        : `"${name}" must be a non-negative integer when present`;
    case 'scope?':
      return value === undefined || value === 'room' || value === 'dm' ? undefined : `"${name}" must be "room" or "dm"`;
    case 'cid?':
      return value === undefined || (typeof value === 'string' && CLIENT_ID.test(value))
        ? undefined
        : `"${name}" must be 1 to 64 characters of A-Z a-z 0-9 _ -`;
  }
}

export function validateClientMessage(frame: FrameObject): Validation {
  const { t } = frame;
  if (t === 'hello') {
    if (!isId(frame.v, 0)) return { ok: false, code: 'bad_request', message: 'hello needs an integer version "v"' };
    if (frame.app !== undefined && (typeof frame.app !== 'string' || Buffer.byteLength(frame.app) > MAX_APP_BYTES)) {
      return { ok: false, code: 'bad_request', message: `"app" must be a string of at most ${MAX_APP_BYTES} bytes` };
    }
    if (
      frame.room !== undefined &&
      (typeof frame.room !== 'string' || Buffer.byteLength(frame.room) > MAX_ROOM_BYTES)
    ) {
      return { ok: false, code: 'bad_request', message: `"room" must be a string of at most ${MAX_ROOM_BYTES} bytes` };
    }
    return { ok: true, kind: 'message', message: frame as unknown as ClientMessage };
  }
  if (t === 'ping' || t === 'pong') {
    if (!isId(frame.id, 0))
      return { ok: false, code: 'bad_request', message: `${t} needs a non-negative integer "id"` };
    return { ok: true, kind: 'message', message: frame as unknown as ClientMessage };
  }
  if (t === 'bye') {
    if (frame.reason !== undefined && typeof frame.reason !== 'string') {
      return { ok: false, code: 'bad_request', message: '"reason" must be a string when present' };
    }
    return { ok: true, kind: 'message', message: frame as unknown as ClientMessage };
  }
  const id = isId(frame.id, 1) ? frame.id : undefined;
  if (t.startsWith('file.')) return { ok: true, kind: 'file', frame: frame as FrameObject & { id?: number } };
  const fields = Object.hasOwn(REQUESTS, t) ? REQUESTS[t] : undefined;
  if (!fields) return { ok: false, id, code: 'unknown_type', message: `unknown message type "${t.slice(0, 40)}"` };
  if (id === undefined) return { ok: false, code: 'bad_request', message: `${t} needs a positive integer "id"` };
  for (const [name, field] of Object.entries(fields)) {
    const problem = fieldError(name, field, frame[name]);
    if (problem) return { ok: false, id, code: 'bad_request', message: `${t}: ${problem}` };
  }
  if (t === 'login' && typeof frame.password === 'string' && Buffer.byteLength(frame.password) > MAX_PASSWORD_BYTES) {
    return { ok: false, id, code: 'bad_request', message: `the password is at most ${MAX_PASSWORD_BYTES} bytes` };
  }
  const historyProblem = t === 'login' ? historyWantedError(frame.history) : undefined;
  if (historyProblem) return { ok: false, id, code: 'bad_request', message: `login: "history" ${historyProblem}` };
  if (t === 'login' && frame.pake !== undefined && !isPake(frame.pake)) {
    return { ok: false, id, code: 'bad_request', message: 'login: "pake" must be {Y, tag}, two short strings' };
  }
  return { ok: true, kind: 'message', message: frame as unknown as ClientMessage };
}

export const MAX_RUN_CHARS = 64;

/** `login.history` (absent, or `{run?, after?, max?}`): what is wrong with it, if anything. */
function historyWantedError(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'must be an object {run?, after?, max?}';
  const { run, after, max } = value as { run?: unknown; after?: unknown; max?: unknown };
  if (run !== undefined && (typeof run !== 'string' || run.length > MAX_RUN_CHARS))
    return `"run" must be a string of at most ${MAX_RUN_CHARS} characters`;
  if (after !== undefined && !isId(after, 0)) return '"after" must be a non-negative integer (a message id)';
  if (max !== undefined && !isId(max, 0)) return '"max" must be a non-negative integer';
  return undefined;
}

/** `login.pake`: two b64u strings (32 bytes each; the exact decoding is checked by CPace). */
function isPake(value: unknown): value is { Y: string; tag: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { Y, tag } = value as { Y?: unknown; tag?: unknown };
  return typeof Y === 'string' && typeof tag === 'string' && Y.length <= 64 && tag.length <= 64;
}

export type TextCheck = { ok: true } | { ok: false; code: ErrorCode; message: string };

// Tab and newline are fine in a message; other C0 controls, DEL and the C1 controls (U+0080–U+009F, e.g. the 8-bit
// CSI U+009B) could drive a terminal or blow up JSON escaping. A lone surrogate is not text at all (JSON can carry
// "\ud800"; UTF-8 cannot).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|\p{Cs}/u;

const CONTROL_MESSAGE = 'contains control characters or broken Unicode (only tab and newline are allowed).';

/** Checks chat text (say, whisper, 1:1): not blank, at most MAX_TEXT_BYTES of UTF-8, no control characters. */
export function checkChatText(text: string, maxBytes = MAX_TEXT_BYTES): TextCheck {
  if (text.trim().length === 0) return { ok: false, code: 'text_empty', message: 'The message is empty.' };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    return { ok: false, code: 'text_too_long', message: `The message is ${bytes} bytes; the limit is ${maxBytes}.` };
  }
  if (CONTROL.test(text)) return { ok: false, code: 'bad_request', message: `The message ${CONTROL_MESSAGE}` };
  return { ok: true };
}

/** Checks an away text (already trimmed; empty means none): at most MAX_AWAY_TEXT_BYTES, no control characters. */
export function checkAwayText(text: string): TextCheck {
  if (Buffer.byteLength(text, 'utf8') > MAX_AWAY_TEXT_BYTES) {
    return { ok: false, code: 'text_too_long', message: `The away text is at most ${MAX_AWAY_TEXT_BYTES} bytes.` };
  }
  if (CONTROL.test(text)) return { ok: false, code: 'bad_request', message: `The away text ${CONTROL_MESSAGE}` };
  return { ok: true };
}
