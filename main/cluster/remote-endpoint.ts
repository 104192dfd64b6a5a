/**
 * The endpoint of a member connected to another instance of the cluster: this instance's copy of the room lists
 * it, checks nicknames and whisper targets against it, and delivers nothing to it (its own instance does). It
 * counts as unable to take files here: file transfers between instances are refused (`transfer_unsupported`).
 */
import type { LeaveReason } from '../protocol/messages.js';
import type { MemberEndpoint } from '../rooms/member.js';
import type { JoinFacts } from '../rooms/room-op.js';

export class RemoteEndpoint implements MemberEndpoint {
  readonly isTextClient = true;
  readonly remoteAddress: string;
  readonly secure: boolean;
  readonly fingerprint: string | undefined;
  readonly clientName = 'another instance';

  constructor(
    facts: JoinFacts,
    /** The instance the member is connected to. */
    readonly instance: string,
  ) {
    this.remoteAddress = `instance ${instance}`;
    this.secure = facts.secure;
    this.fingerprint = facts.fp;
  }

  deliver(): void {}

  disconnect(_reason: LeaveReason, _message: string): void {}
}

export function isRemote(endpoint: MemberEndpoint): endpoint is RemoteEndpoint {
  return endpoint instanceof RemoteEndpoint;
}
