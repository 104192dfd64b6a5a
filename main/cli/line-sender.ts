/**
 * The terminal client's side of the session outbox: each typed (or piped) chat line goes into the outbox without
 * holding up the input, so lines typed while reconnecting wait there and go out in order afterwards. A line the room
 * refuses is printed as an error and remembered; at the end the client lists every line that was not sent (stderr)
 * and exits with code 4. While connected, each line waits for the chat lines before it (`settled`), so a script's
 * output follows its input.
 */
import { ConnectionError } from '../client/errors.js';
import { newClientId } from '../client/outbox.js';
import type { ClientSession } from '../client/session.js';
import type { SessionEvents } from '../client/session-types.js';
import { formatError } from './format.js';

/** Printed once per lost connection, at the first line typed while it is down. */
export const QUEUED_LINE = 'Queued: will send when reconnected.';

export class LineSender {
  private readonly unsent: string[] = [];
  private toldQueued = false;

  constructor(
    private readonly session: ClientSession,
    private readonly print: (text: string) => void,
  ) {
    session.on('connected', () => {
      this.toldQueued = false;
    });
  }

  /** Sends the chat line `line` (`send` gets its client message id and calls say or whisper with it). */
  send(line: string, send: (cid: string) => Promise<unknown>): void {
    if (this.session.state !== 'connected' && !this.toldQueued) {
      this.toldQueued = true;
      this.print(QUEUED_LINE);
    }
    const cid = newClientId();
    send(cid).catch((error: unknown) => {
      this.unsent.push(line);
      this.session.outbox.discard(cid);
      // Lines given up because we are leaving are only listed at the end.
      if (error instanceof ConnectionError && error.code === 'offline' && this.session.state === 'closed') return;
      this.print(formatError(error instanceof Error ? error.message : String(error)));
    });
  }

  /** The lines that could not be sent, in the order they were typed. */
  notSent(): readonly string[] {
    return this.unsent;
  }

  /** Resolves once the chat lines typed so far are sent or failed, or at once while not connected. */
  async settled(): Promise<void> {
    while (this.session.state === 'connected' && this.session.outbox.pending > 0) {
      await this.until(['disconnected']);
    }
  }

  /**
   * At the end of input: waits for every chat line to be sent or to fail, through reconnects (the outbox gives up
   * by itself after its offline bound), but for at most `connectedMs` of connected time.
   */
  async drain(connectedMs: number): Promise<void> {
    let left = connectedMs;
    const { session } = this;
    while (session.outbox.pending > 0 && session.state !== 'closed' && left > 0) {
      if (session.state !== 'connected') {
        await this.until(['connected', 'disconnected']);
        continue;
      }
      const started = Date.now();
      await this.until(['disconnected'], left);
      left -= Date.now() - started;
    }
  }

  /** Waits until the outbox is idle, one of these events comes, or `ms` pass. */
  private async until(events: (keyof SessionEvents)[], ms?: number): Promise<void> {
    const stops: (() => void)[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.session.outbox.idle(),
        ...events.map((type) => new Promise((resolve) => stops.push(this.session.once(type, resolve)))),
        ...(ms === undefined ? [] : [new Promise((resolve) => (timer = setTimeout(resolve, ms)))]),
      ]);
    } finally {
      for (const stop of stops) stop();
      clearTimeout(timer);
    }
  }
}
