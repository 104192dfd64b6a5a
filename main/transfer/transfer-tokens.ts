/**
 * The one-time tokens of data connections: `issue` gives the token for one side of one transfer, `claim` takes it
 * back exactly once when that side connects, `forget` drops the ones never used. A port, so a cluster (where the two
 * data connections of one transfer may reach different instances) can keep them in a shared store instead.
 */
import { randomBytes } from 'node:crypto';
import type { DataRole } from './relay-pipe.js';

/** What a token stands for: plain data, so a shared store can hold it. */
export interface DataTicket {
  transfer: string;
  role: DataRole;
}

export interface TransferTokens {
  /** A new, unguessable token for this ticket. */
  issue(ticket: DataTicket): string;
  /** The ticket for `token`, once; the token is gone afterwards. */
  claim(token: string): DataTicket | undefined;
  /** Drops a token that will not be used (its transfer ended). */
  forget(token: string): void;
}

/** Tokens in this process's memory (a single host). */
export class MemoryTransferTokens implements TransferTokens {
  private readonly tickets = new Map<string, DataTicket>();

  issue(ticket: DataTicket): string {
    const token = randomBytes(24).toString('base64url');
    this.tickets.set(token, { ...ticket });
    return token;
  }

  claim(token: string): DataTicket | undefined {
    const ticket = this.tickets.get(token);
    this.tickets.delete(token);
    return ticket;
  }

  forget(token: string): void {
    this.tickets.delete(token);
  }

  get size(): number {
    return this.tickets.size;
  }
}
