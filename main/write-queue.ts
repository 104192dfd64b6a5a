/**
 * One write at a time, in the order asked (a store that rewrites its whole file must not interleave two of them),
 * and a way to wait until every write asked for so far has ended: the app waits for it before it quits, so no write
 * lands in its profile after that. Used by every store that writes a file: settings, People, KnownHosts.
 */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `write` after the writes before it; its promise says how this one went. */
  run(write: () => Promise<void>): Promise<void> {
    const done = this.tail.then(write);
    this.tail = done.catch(() => undefined);
    return done;
  }

  /** Resolves once every write asked for so far has ended, failed ones too. */
  settled(): Promise<void> {
    return this.tail;
  }
}
