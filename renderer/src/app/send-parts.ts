/**
 * Sends the parts of a split message one after the other, each only once the room accepted the one before, so they
 * arrive in order. A part the room refuses as too fast is sent again after the wait the room asks for; any other
 * refusal stops: the caller keeps the unsent parts.
 */
import type { AppError, Reply } from '@contract/ipc-contract';

const MAX_RETRIES_PER_PART = 10;
const DEFAULT_WAIT_MS = 1_000;

export interface PartsOutcome {
  /** How many parts the room accepted (the first `sent` of them). */
  sent: number;
  error?: AppError;
}

export async function sendInOrder(
  parts: readonly string[],
  send: (text: string) => Promise<Reply<unknown>>,
  onProgress?: (sent: number, total: number) => void,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<PartsOutcome> {
  for (let i = 0; i < parts.length; i++) {
    onProgress?.(i, parts.length);
    let reply = await send(parts[i]!);
    for (let retry = 0; !reply.ok && reply.error.code === 'rate_limited' && retry < MAX_RETRIES_PER_PART; retry++) {
      const ms = reply.error.details?.retryAfterMs ?? DEFAULT_WAIT_MS;
      await wait(Math.min(Math.max(ms, 50), 10_000));
      reply = await send(parts[i]!);
    }
    if (!reply.ok) return { sent: i, error: reply.error };
  }
  onProgress?.(parts.length, parts.length);
  return { sent: parts.length };
}
