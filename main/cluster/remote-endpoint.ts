/**
 * The endpoint of a member connected to another instance of the cluster: this instance's copy of the room lists
 * it, checks nicknames and whisper targets against it, and delivers it nothing of the room (its own instance does).
 * File events are the exception: the file relay of this instance holds the transfers its members offered, so what
 * it sends a member of another instance (`file.*`) is passed to that instance (cluster-files.ts), and the member's
 * `dataBinding` is the hop key its instance uses to pass its data connections on here (cluster-hop.ts).
 */
import type { LeaveReason } from '../protocol/messages.js';
import type { MemberId, RoomId } from '../rooms/ids.js';
import type { Envelope, MemberEndpoint } from '../rooms/member.js';
import type { JoinFacts } from '../rooms/room-op.js';
import type { ServerMessage } from '../protocol/messages.js';

/** Where a remote member's file events go, and its hop binding. */
export interface RemoteFiles {
  forward(instance: string, room: RoomId, member: MemberId, message: ServerMessage): void;
  binding(member: MemberId): Buffer;
}

export class RemoteEndpoint implements MemberEndpoint {
  readonly isTextClient: boolean;
  readonly remoteAddress: string;
  readonly secure: boolean;
  readonly fingerprint: string | undefined;
  readonly clientName = 'another instance';
  readonly dataBinding: Buffer | undefined;

  constructor(
    private readonly facts: JoinFacts,
    /** The instance the member is connected to. */
    readonly instance: string,
    private readonly room?: RoomId,
    private readonly files?: RemoteFiles,
  ) {
    this.remoteAddress = `instance ${instance}`;
    this.secure = facts.secure;
    this.fingerprint = facts.fp;
    // Without a file route, a remote member cannot take files here (it counts as a plain-text client).
    this.isTextClient = facts.textClient || !files;
    this.dataBinding = files?.binding(facts.id);
  }

  deliver(envelope: Envelope): void {
    const { message } = envelope;
    if (this.files && this.room !== undefined && message.t.startsWith('file.'))
      this.files.forward(this.instance, this.room, this.facts.id, message);
  }

  disconnect(_reason: LeaveReason, _message: string): void {}
}

export function isRemote(endpoint: MemberEndpoint): endpoint is RemoteEndpoint {
  return endpoint instanceof RemoteEndpoint;
}
