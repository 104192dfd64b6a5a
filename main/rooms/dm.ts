/**
 * The 1:1 state machine. A user asks (`with`), the other accepts or declines (`with.answer`) or the request expires;
 * while in a 1:1 both are each other's `dmPeer`; `end` or a disconnect ends it. Every end reaches both sides as
 * `with.ended` with a reason.
 */
import type { DmEndReason, ServerMessage } from '../protocol/messages.js';
import type { Member } from './member.js';
import { contained, type Reporter } from '../gateway/contain.js';
import { RoomError } from './room-error.js';

export interface DmHost {
  send(member: Member, message: ServerMessage): void;
  /** Status (active / away / dm) of `member` may have changed. */
  statusChanged(member: Member): void;
  report: Reporter;
  /** A request's time is up: `expire` ends it (default: at once; a cluster puts it in the room's order first). */
  expiring?(asker: Member, expire: () => void): void;
}

interface PendingRequest {
  from: Member;
  to: Member;
  timer: NodeJS.Timeout;
}

export class DmManager {
  /** Open requests, by the member who asked (one each). */
  private readonly pending = new Map<Member, PendingRequest>();

  constructor(
    private readonly host: DmHost,
    private readonly timeoutMs: number,
  ) {}

  request(from: Member, to: Member): void {
    if (from === to) throw new RoomError('self_target', 'You cannot start a 1:1 with yourself.');
    if (from.dmPeer)
      throw new RoomError('already_in_dm', `You are already in a 1:1 with ${from.dmPeer.nick}; /end it first.`);
    const mine = this.pending.get(from);
    if (mine)
      throw new RoomError('request_pending', `You are already waiting for ${mine.to.nick} to answer; /end cancels it.`);
    if (to.away) throw new RoomError('user_away', `${to.nick} is away.`);
    if (to.dmPeer) throw new RoomError('user_busy', `${to.nick} is in a 1:1 with someone else.`);
    const theirs = this.pending.get(to);
    if (theirs?.to === from) {
      // Both asked each other: that is a yes from both.
      this.clear(theirs);
      this.start(to, from);
      return;
    }
    const request: PendingRequest = {
      from,
      to,
      timer: setTimeout(
        () =>
          contained(this.host.report, '1:1 expiry', () => {
            if (this.host.expiring) this.host.expiring(from, () => this.expire(request));
            else this.expire(request);
          }),
        this.timeoutMs,
      ),
    };
    request.timer.unref();
    this.pending.set(from, request);
    this.host.send(to, { t: 'with.request', from: from.nick, expiresInMs: this.timeoutMs });
  }

  answer(to: Member, from: Member, accept: boolean): void {
    const request = this.pending.get(from);
    if (!request || request.to !== to) {
      throw new RoomError('no_pending_request', `${from.nick} has not asked you for a 1:1.`);
    }
    if (accept && to.dmPeer)
      throw new RoomError('already_in_dm', `You are already in a 1:1 with ${to.dmPeer.nick}; /end it first.`);
    this.clear(request);
    if (accept) this.start(from, to);
    else this.ended(from, to, 'declined', to);
  }

  /** Ends the member's 1:1, or cancels the request it is waiting on. */
  end(member: Member): void {
    const peer = member.dmPeer;
    if (peer) {
      member.dmPeer = undefined;
      peer.dmPeer = undefined;
      this.ended(member, peer, 'ended', member);
      this.ended(peer, member, 'ended', member);
      this.host.statusChanged(member);
      this.host.statusChanged(peer);
      return;
    }
    const request = this.pending.get(member);
    if (!request) throw new RoomError('not_in_dm', 'You are not in a 1:1 and have no request waiting.');
    this.clear(request);
    this.ended(member, request.to, 'cancelled', member);
    this.ended(request.to, member, 'cancelled', member);
  }

  /** Askers waiting for `member`'s answer, oldest first. */
  askers(member: Member): Member[] {
    return [...this.pending.values()].filter((request) => request.to === member).map((request) => request.from);
  }

  memberLeft(member: Member): void {
    const peer = member.dmPeer;
    if (peer) {
      member.dmPeer = undefined;
      peer.dmPeer = undefined;
      this.ended(peer, member, 'left', member);
      this.host.statusChanged(peer);
    }
    for (const request of [...this.pending.values()]) {
      if (request.from === member) {
        this.clear(request);
        this.ended(request.to, member, 'left', member);
      } else if (request.to === member) {
        this.clear(request);
        this.ended(request.from, member, 'left', member);
      }
    }
  }

  stop(): void {
    for (const request of this.pending.values()) clearTimeout(request.timer);
    this.pending.clear();
  }

  private start(asker: Member, answerer: Member): void {
    // Anything else either of them had open is moot now.
    for (const request of [...this.pending.values()]) {
      const involved = [asker, answerer];
      if (involved.includes(request.from) || involved.includes(request.to)) {
        this.clear(request);
        const busy = involved.includes(request.to) ? request.to : request.from;
        this.ended(request.from, request.to, 'busy', busy);
        this.ended(request.to, request.from, 'busy', busy);
      }
    }
    asker.dmPeer = answerer;
    answerer.dmPeer = asker;
    this.host.send(asker, { t: 'with.started', peer: answerer.nick });
    this.host.send(answerer, { t: 'with.started', peer: asker.nick });
    this.host.statusChanged(asker);
    this.host.statusChanged(answerer);
  }

  /** Ends `asker`'s request as expired, if it is still open. */
  expireFor(asker: Member): void {
    const request = this.pending.get(asker);
    if (request) this.expire(request);
  }

  private expire(request: PendingRequest): void {
    if (this.pending.get(request.from) !== request) return;
    this.pending.delete(request.from);
    this.ended(request.from, request.to, 'expired');
    this.ended(request.to, request.from, 'expired');
  }

  private clear(request: PendingRequest): void {
    clearTimeout(request.timer);
    this.pending.delete(request.from);
  }

  /** Tells `member` that its 1:1 (or request) with `peer` ended. */
  private ended(member: Member, peer: Member, reason: DmEndReason, by?: Member): void {
    this.host.send(
      member,
      by ? { t: 'with.ended', peer: peer.nick, reason, by: by.nick } : { t: 'with.ended', peer: peer.nick, reason },
    );
  }
}
