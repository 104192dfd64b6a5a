/**
 * Where the session is in the room's history: the host's history `run` (from the welcome) and the highest message id
 * seen in it, so a re-login asks for exactly what it missed (`history: {run, after}`) and a first login for the
 * recent messages (`history: {max}`). Ids seen while a login is under way count for that connection's run only once
 * the login succeeded.
 */
import type { HistoryWanted, WelcomeMessage } from '../protocol/messages.js';

export class HistoryCursor {
  private run: string | undefined;
  private after = 0;
  /** The run of the connection logging in, and the highest id it has shown so far. */
  private attempt: { run: string | undefined; after: number } | undefined;

  /** `max`: how many recent messages a first login asks for (undefined: the host's default). */
  constructor(private readonly max: number | undefined) {}

  /** The run named by the last successful login, and the highest message id seen in it. */
  get position(): { run: string; after: number } | undefined {
    return this.run === undefined ? undefined : { run: this.run, after: this.after };
  }

  /** What a login on a connection with this welcome asks to be replayed (undefined: leave it to the host). */
  wanted(welcome: WelcomeMessage): HistoryWanted | undefined {
    this.attempt = { run: welcome.history?.run, after: 0 };
    const max = this.max === undefined ? {} : { max: this.max };
    if (this.run !== undefined) return { run: this.run, after: this.after, ...max };
    return this.max === undefined ? undefined : max;
  }

  /** A `msg` with this id arrived (live or replayed). */
  seen(mid: number, loggedIn: boolean): void {
    if (loggedIn) this.after = Math.max(this.after, mid);
    else if (this.attempt) this.attempt.after = Math.max(this.attempt.after, mid);
  }

  /** The login succeeded: its run is the one to continue from. */
  loggedIn(): void {
    const attempt = this.attempt;
    this.attempt = undefined;
    if (!attempt) return;
    if (attempt.run === this.run) this.after = Math.max(this.after, attempt.after);
    else {
      this.run = attempt.run;
      this.after = attempt.after;
    }
  }
}
