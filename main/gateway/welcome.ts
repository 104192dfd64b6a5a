/**
 * The `welcome` a server sends every client after `hello`: room facts, limits (with the rate limit when on) and the
 * history run, a random name for this server start's message ids (PROTOCOL.md "History and replay").
 */
import { randomBytes } from 'node:crypto';
import { MAX_FRAME_BYTES, MAX_NICK_CHARS, MAX_TEXT_BYTES, PROTOCOL_VERSION } from '../protocol/limits.js';
import type { WelcomeMessage } from '../protocol/messages.js';
import { rateLimitShape, type RateLimitSetting } from './rate-limit.js';

export interface WelcomeFacts {
  server: string;
  roomName: string;
  passwordRequired: boolean;
  maxUsers: number;
  rateLimit: RateLimitSetting;
  /** Messages the room keeps (0: history off). */
  kept: number;
}

/** A fresh run id: 12 base64url characters (72 random bits). */
export function newRunId(): string {
  return randomBytes(9).toString('base64url');
}

export function buildWelcome(facts: WelcomeFacts, run: string = newRunId()): WelcomeMessage {
  const limits: WelcomeMessage['limits'] = {
    frameBytes: MAX_FRAME_BYTES,
    textBytes: MAX_TEXT_BYTES,
    nickChars: MAX_NICK_CHARS,
  };
  const rate = rateLimitShape(facts.rateLimit);
  if (rate) limits.rate = rate;
  return {
    t: 'welcome',
    v: PROTOCOL_VERSION,
    server: facts.server,
    room: { name: facts.roomName, passwordRequired: facts.passwordRequired, maxUsers: facts.maxUsers },
    limits,
    history: { run, kept: facts.kept },
  };
}
