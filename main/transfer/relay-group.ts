/**
 * The host's group offers (docs/PROTOCOL.md "Files", "Group offers"): one `file.offer` to everyone in the room (`to:
 * "*"`) or to a list of nicks. Every invitee answers for itself and gets its own transfers; once every invitee has
 * answered (or the offer expired) and, end to end, every accepted receiver has its wrapped content key, the sender
 * gets one `file.upload` ticket per file and uploads each file once; a FanoutPipe per file fans the bytes out.
 * FileRelay routes the group's requests and data connections here.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FileDescriptor, FileE2e, FileEndReason, FileServerMessage } from '../protocol/file-messages.js';
import { MAX_FRAME_BYTES } from '../protocol/limits.js';
import type { FileRequestContext } from '../gateway/context.js';
import type { MemberId, RoomId } from '../rooms/ids.js';
import type { Member } from '../rooms/member.js';
import type { RoomHub } from '../rooms/room-hub.js';
import { wireLength } from '../security/file-crypto.js';
import { endedEvent } from './end-messages.js';
import { FanoutPipe, type FanoutTiming } from './fanout-pipe.js';
import type { PreviousFile } from './pair-wait.js';
import { checkAnswer, checkE2e } from './relay-validate.js';

/** Issues one-time tokens (with a ticket for a member on TLS) and forgets them; FileRelay's token desk. */
export interface TokenDesk {
  issue(transfer: string, role: 'sender' | 'receiver', hub: RoomHub, room: RoomId, member: MemberId): string;
  forget(token: string): void;
}

export interface GroupTiming extends FanoutTiming {
  offerTimeoutMs: number;
  stallTimeoutMs: number;
}

interface Party {
  id: MemberId;
  nick: string;
}

interface Invitee extends Party {
  state: 'pending' | 'accepted' | 'ended';
  keyed: boolean;
  transfers: Set<GroupTransfer>;
}

interface GroupTransfer {
  id: string;
  offer: GroupOffer;
  invitee: Invitee;
  index: number;
  token: string;
  relayed: boolean;
  verifyTimer?: NodeJS.Timeout;
}

interface GroupOffer {
  id: string;
  hub: RoomHub;
  room: RoomId;
  sender: Party;
  files: FileDescriptor[];
  e2e: FileE2e | undefined;
  invitees: Map<MemberId, Invitee>;
  timer: NodeJS.Timeout | undefined;
  pipes: FanoutPipe[];
  uploadTokens: string[];
  uploading: boolean;
  /** Per file: when its last receiver's transfer ended (verified or not), for the next file's pairing wait. */
  endedAt: (number | undefined)[];
}

const newId = (bytes: number): string => randomBytes(bytes).toString('base64url');

export class GroupRelay {
  /** Bytes read from senders' upload connections, the fullest any window got and the most memory one held. */
  readonly stats = { bytesFromSenders: 0, peakWindowBytes: 0, peakBufferedBytes: 0 };
  private readonly offers = new Map<string, GroupOffer>();
  private readonly transfers = new Map<string, GroupTransfer>();
  /** Upload id → its offer and file index. */
  private readonly uploads = new Map<string, { offer: GroupOffer; index: number }>();

  constructor(
    private readonly timing: GroupTiming,
    private readonly desk: TokenDesk,
  ) {}

  hasOffer(id: unknown): boolean {
    return this.offers.has(String(id));
  }

  hasTransfer(id: unknown): boolean {
    return this.transfers.has(String(id));
  }

  /** The FanoutPipes of running uploads (tests and the benchmark read their byte counts). */
  pipes(): FanoutPipe[] {
    return [...this.offers.values()].flatMap((o) => o.pipes);
  }

  /** `receivers`: the members the offer goes to, already checked by FileRelay. */
  offer(request: FileRequestContext, receivers: Member[], files: FileDescriptor[]): void {
    const e2e = checkE2e(request.frame.e2e);
    if (!e2e.ok) return request.fail('bad_request', e2e.message);
    const { member, room, hub } = request;
    const offer: GroupOffer = {
      id: newId(9),
      hub,
      room: room.id,
      sender: { id: member.id, nick: member.nick },
      files,
      e2e: e2e.value,
      invitees: new Map(),
      timer: undefined,
      pipes: [],
      uploadTokens: [],
      uploading: false,
      endedAt: [],
    };
    const event: FileServerMessage = {
      t: 'file.offer',
      offer: offer.id,
      from: member.nick,
      files,
      expiresInMs: this.timing.offerTimeoutMs,
      ...(e2e.value ? { e2e: e2e.value } : {}),
      group: true,
    };
    if (Buffer.byteLength(JSON.stringify(event)) > MAX_FRAME_BYTES)
      return request.fail('bad_request', 'The offer is too large for one message; offer fewer files.');
    for (const receiver of receivers) {
      offer.invitees.set(receiver.id, {
        id: receiver.id,
        nick: receiver.nick,
        state: 'pending',
        keyed: false,
        transfers: new Set(),
      });
    }
    offer.pipes = files.map((file, index) => {
      const upload = newId(9);
      this.uploads.set(upload, { offer, index });
      return new FanoutPipe(
        upload,
        offer.e2e ? wireLength(file.size) : file.size,
        {
          relayed: (transfer) => this.relayed(transfer),
          failed: (transfer, reason, message) => this.endTransferById(transfer, reason, undefined, message),
          uploadFailed: (reason, message) => this.uploadFailed(offer, index, reason, message),
        },
        this.timing,
        () => (index > 0 ? this.previousFile(offer, index - 1) : undefined),
        () => offer.uploading,
      );
    });
    this.offers.set(offer.id, offer);
    offer.timer = setTimeout(() => this.expire(offer), this.timing.offerTimeoutMs);
    offer.timer.unref();
    for (const receiver of receivers) receiver.send(event);
    request.reply({ offer: offer.id, expiresInMs: this.timing.offerTimeoutMs, to: receivers.map((r) => r.nick) });
  }

  answer(request: FileRequestContext): void {
    const offer = this.offers.get(String(request.frame.offer));
    const invitee = offer?.invitees.get(request.member.id);
    if (!offer || !invitee || invitee.state !== 'pending') {
      return request.fail('no_such_offer', 'That file offer is not waiting for your answer.');
    }
    const checked = checkAnswer(request.frame, offer.files);
    if (!checked.ok) return request.fail('bad_request', checked.message);
    const { accept, reason } = checked.value;
    if (accept.some((a) => a.offset !== 0))
      return request.fail('bad_request', 'file.answer: a group offer is received from offset 0 (resume one to one)');
    if (accept.length === 0) {
      request.reply({ transfers: [] });
      return this.endInvitee(offer, invitee, reason === 'cancelled' ? 'declined' : reason, invitee.id);
    }
    if (offer.e2e && !checked.value.e2e) {
      request.reply({ transfers: [] });
      return this.endInvitee(
        offer,
        invitee,
        'unverified',
        invitee.id,
        `${invitee.nick} has no key, and this offer is end-to-end encrypted for everyone; send to ${invitee.nick} alone.`,
      );
    }
    invitee.state = 'accepted';
    const tickets = accept.map(({ index }) => {
      const id = newId(9);
      const token = this.desk.issue(id, 'receiver', offer.hub, offer.room, invitee.id);
      const transfer: GroupTransfer = { id, offer, invitee, index, token, relayed: false };
      invitee.transfers.add(transfer);
      this.transfers.set(id, transfer);
      offer.pipes[index]!.addReceiver(id);
      return { transfer: id, index, token, offset: 0 };
    });
    const taken = new Set(accept.map((a) => a.index));
    request.reply({ transfers: tickets });
    this.send(offer, offer.sender, {
      t: 'file.accepted',
      offer: offer.id,
      to: this.nick(offer, invitee),
      transfers: tickets.map((t) => ({ ...t, token: '' })),
      skipped: offer.files.map((_, i) => i).filter((i) => !taken.has(i)),
      ...(offer.e2e ? { e2e: checked.value.e2e! } : {}),
    });
    this.settle(offer);
  }

  key(request: FileRequestContext): void {
    const offer = this.offers.get(String(request.frame.offer));
    if (!offer || offer.sender.id !== request.member.id || !offer.e2e)
      return request.fail('no_such_offer', 'That file offer has already ended.');
    const invitee = [...offer.invitees.values()].find((i) => i.nick === request.frame.to && i.state === 'accepted');
    const key = request.frame.key;
    if (typeof key !== 'string' || key.length === 0 || key.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(key))
      return request.fail('bad_request', '"key" must be a base64url string');
    if (!invitee || invitee.keyed) return request.fail('no_such_user', 'That person is not waiting for a key.');
    invitee.keyed = true;
    request.reply({});
    this.send(offer, invitee, { t: 'file.key', offer: offer.id, key });
    this.settle(offer);
  }

  cancel(request: FileRequestContext, ids: { offer?: string; transfer?: string }, reason: FileEndReason): void {
    const { member } = request;
    if (ids.transfer !== undefined) {
      const transfer = this.transfers.get(ids.transfer);
      if (!transfer || (transfer.offer.sender.id !== member.id && transfer.invitee.id !== member.id))
        return request.fail('no_such_transfer', 'That transfer has already ended.');
      request.reply({});
      return this.endTransfer(transfer, reason, member.id);
    }
    const offer = this.offers.get(ids.offer ?? '');
    if (!offer) return request.fail('no_such_offer', 'That file offer has already ended.');
    if (offer.sender.id === member.id && request.frame.to !== undefined) return this.cancelFor(request, offer, reason);
    if (offer.sender.id === member.id) {
      request.reply({});
      return this.endOffer(offer, reason, member.id);
    }
    const invitee = offer.invitees.get(member.id);
    if (!invitee || invitee.state === 'ended')
      return request.fail('no_such_offer', 'That file offer has already ended.');
    request.reply({});
    if (invitee.state === 'pending')
      this.endInvitee(offer, invitee, reason === 'cancelled' ? 'declined' : reason, member.id);
    else for (const transfer of [...invitee.transfers]) this.endTransfer(transfer, reason, member.id);
  }

  /** The sender's `file.cancel {offer, to}`: ends one invitee's part (its answer, or its transfers); the rest go on. */
  private cancelFor(request: FileRequestContext, offer: GroupOffer, reason: FileEndReason): void {
    const to = request.frame.to;
    if (typeof to !== 'string') return request.fail('bad_request', '"to" must be the nick of one invitee');
    const invitee = [...offer.invitees.values()].find((i) => i.nick === to && i.state !== 'ended');
    if (!invitee || (invitee.state === 'accepted' && invitee.transfers.size === 0))
      return request.fail('no_such_user', `${to} is no longer part of that offer.`);
    request.reply({});
    if (invitee.state === 'pending') return this.endInvitee(offer, invitee, reason, offer.sender.id);
    for (const transfer of [...invitee.transfers]) this.endTransfer(transfer, reason, offer.sender.id);
  }

  verified(request: FileRequestContext): void {
    const transfer = this.transfers.get(String(request.frame.transfer));
    if (!transfer || transfer.invitee.id !== request.member.id)
      return request.fail('no_such_transfer', 'That transfer has already ended.');
    if (!transfer.relayed) return request.fail('bad_request', 'Not every byte of that file has been relayed yet.');
    this.forget(transfer);
    request.reply({});
    const { offer } = transfer;
    this.send(offer, offer.sender, { t: 'file.done', offer: offer.id, transfer: transfer.id, index: transfer.index });
    this.finishIfDone(offer);
  }

  /** A data connection whose token named an upload or a group transfer; false when it is neither. */
  attach(claim: { transfer: string; role: 'sender' | 'receiver' }, socket: Socket, leftover: Buffer): boolean {
    if (claim.role === 'sender') {
      const upload = this.uploads.get(claim.transfer);
      if (!upload) return false;
      upload.offer.pipes[upload.index]!.attachSender(socket, leftover);
      return true;
    }
    const transfer = this.transfers.get(claim.transfer);
    if (!transfer) return false;
    transfer.offer.pipes[transfer.index]!.attachReceiver(transfer.id, socket, leftover);
    return true;
  }

  memberLeft(hub: RoomHub, room: RoomId, member: Member, shutdown: boolean): void {
    for (const offer of [...this.offers.values()]) {
      if (offer.hub !== hub || offer.room !== room) continue;
      if (offer.sender.id === member.id) {
        offer.sender.nick = member.nick;
        this.endOffer(offer, shutdown ? 'host_stopped' : 'sender_left', member.id);
        continue;
      }
      const invitee = offer.invitees.get(member.id);
      if (!invitee || invitee.state === 'ended') continue;
      invitee.nick = member.nick;
      const reason = shutdown ? 'host_stopped' : 'receiver_left';
      if (invitee.state === 'pending') this.endInvitee(offer, invitee, reason, member.id);
      else for (const transfer of [...invitee.transfers]) this.endTransfer(transfer, reason, member.id);
    }
  }

  close(): void {
    for (const offer of [...this.offers.values()]) this.endOffer(offer, 'host_stopped');
  }

  /** Consent over (nobody pending) and every end-to-end receiver keyed: the sender uploads. */
  private settle(offer: GroupOffer): void {
    if (offer.uploading || !this.offers.has(offer.id)) return;
    const invitees = [...offer.invitees.values()];
    if (invitees.some((i) => i.state === 'pending')) return;
    clearTimeout(offer.timer);
    const accepted = invitees.filter((i) => i.state === 'accepted');
    if (accepted.length === 0) return this.endOffer(offer, 'declined', undefined, 'Nobody accepted the files.');
    if (offer.e2e && accepted.some((i) => !i.keyed)) {
      offer.timer ??= setTimeout(() => this.expire(offer), this.timing.offerTimeoutMs);
      return;
    }
    offer.uploading = true;
    const uploads = offer.pipes.flatMap((pipe, index) => {
      const wanted = accepted.some((i) => [...i.transfers].some((t) => t.index === index));
      if (!wanted) {
        pipe.close();
        return [];
      }
      const token = this.desk.issue(pipe.upload, 'sender', offer.hub, offer.room, offer.sender.id);
      offer.uploadTokens.push(token);
      return [{ upload: pipe.upload, index, token, length: pipe.length }];
    });
    this.send(offer, offer.sender, { t: 'file.upload', offer: offer.id, uploads });
  }

  /** The offer's time ran out: pending invitees expire; accepted ones the sender never keyed are refused. */
  private expire(offer: GroupOffer): void {
    offer.timer = undefined;
    for (const invitee of [...offer.invitees.values()]) {
      if (invitee.state === 'pending') this.endInvitee(offer, invitee, 'expired');
      else if (invitee.state === 'accepted' && offer.e2e && !invitee.keyed) {
        for (const transfer of [...invitee.transfers]) this.endTransfer(transfer, 'unverified');
      }
    }
    this.settle(offer);
  }

  private relayed(id: string): void {
    const transfer = this.transfers.get(id);
    if (!transfer) return;
    transfer.relayed = true;
    transfer.verifyTimer = setTimeout(
      () => this.endTransfer(transfer, 'timeout', undefined, 'The receiver did not confirm the file in time.'),
      this.timing.stallTimeoutMs,
    );
    transfer.verifyTimer.unref();
  }

  private uploadFailed(offer: GroupOffer, index: number, reason: FileEndReason, message: string): void {
    for (const transfer of [...this.transfers.values()]) {
      if (transfer.offer === offer && transfer.index === index && !transfer.relayed)
        this.endTransfer(transfer, reason, undefined, message);
    }
  }

  private endInvitee(offer: GroupOffer, invitee: Invitee, reason: FileEndReason, by?: MemberId, detail?: string): void {
    if (invitee.state === 'ended') return;
    invitee.state = 'ended';
    const event = endedEvent(
      { offer: offer.id, to: invitee.nick },
      reason,
      {
        by: by === undefined ? undefined : by === offer.sender.id ? offer.sender.nick : invitee.nick,
        receiver: invitee.nick,
        sender: offer.sender.nick,
        timeoutMs: this.timing.offerTimeoutMs,
      },
      detail,
    );
    this.send(offer, offer.sender, event);
    this.send(offer, invitee, event);
    this.settle(offer);
  }

  private endTransferById(id: string, reason: FileEndReason, by?: MemberId, detail?: string): void {
    const transfer = this.transfers.get(id);
    if (transfer) this.endTransfer(transfer, reason, by, detail);
  }

  private endTransfer(transfer: GroupTransfer, reason: FileEndReason, by?: MemberId, detail?: string): void {
    if (this.transfers.get(transfer.id) !== transfer) return;
    const { offer, invitee } = transfer;
    this.forget(transfer);
    offer.pipes[transfer.index]?.drop(transfer.id);
    const event = endedEvent(
      { offer: offer.id, transfer },
      reason,
      {
        by: by === undefined ? undefined : by === offer.sender.id ? offer.sender.nick : invitee.nick,
        receiver: this.nick(offer, invitee),
        sender: offer.sender.nick,
        name: offer.files[transfer.index]!.name,
      },
      detail,
    );
    this.send(offer, offer.sender, event);
    this.send(offer, invitee, event);
    if (invitee.state === 'accepted' && invitee.transfers.size === 0 && !offer.uploading) invitee.state = 'ended';
    this.settle(offer);
    this.finishIfDone(offer);
  }

  /** The whole offer ends: every invitee and transfer still open hears `reason`; the sender hears the offer end. */
  private endOffer(offer: GroupOffer, reason: FileEndReason, by?: MemberId, detail?: string): void {
    if (this.offers.get(offer.id) !== offer) return;
    offer.uploading = true; // nothing settles or uploads any more
    for (const invitee of offer.invitees.values()) {
      if (invitee.state === 'pending') this.endInvitee(offer, invitee, reason, by, detail);
      for (const transfer of [...invitee.transfers]) this.endTransfer(transfer, reason, by, detail);
    }
    const byNick = by === undefined ? undefined : offer.sender.nick;
    this.send(
      offer,
      offer.sender,
      endedEvent({ offer: offer.id }, reason, { by: byNick, receiver: 'everyone', sender: offer.sender.nick }, detail),
    );
    this.dispose(offer);
  }

  private finishIfDone(offer: GroupOffer): void {
    if (!offer.uploading || !this.offers.has(offer.id)) return;
    if ([...offer.invitees.values()].some((i) => i.transfers.size > 0)) return;
    this.dispose(offer);
  }

  private dispose(offer: GroupOffer): void {
    clearTimeout(offer.timer);
    this.offers.delete(offer.id);
    for (const pipe of offer.pipes) {
      pipe.close();
      this.uploads.delete(pipe.upload);
      this.stats.bytesFromSenders += pipe.bytesFromSender;
      this.stats.peakWindowBytes = Math.max(this.stats.peakWindowBytes, pipe.peakWindowBytes);
      this.stats.peakBufferedBytes = Math.max(this.stats.peakBufferedBytes, pipe.peakBufferedBytes);
    }
    for (const token of offer.uploadTokens) this.desk.forget(token);
  }

  /**
   * File `index` of the offer, as the next file's pairing wait sees it: once its upload began, open while its bytes
   * move or any receiver of it has not reported (each is bounded: the pipe's pairing and stall timers, the verify
   * timer).
   */
  private previousFile(offer: GroupOffer, index: number): PreviousFile {
    const pipe = offer.pipes[index]!;
    const receiving = [...offer.invitees.values()].some((i) => [...i.transfers].some((t) => t.index === index));
    return { open: pipe.uploadBegun && (receiving || pipe.moving), endedAt: offer.endedAt[index] };
  }

  private forget(transfer: GroupTransfer): void {
    clearTimeout(transfer.verifyTimer);
    this.transfers.delete(transfer.id);
    this.desk.forget(transfer.token);
    transfer.invitee.transfers.delete(transfer);
    transfer.offer.endedAt[transfer.index] = Date.now();
  }

  private nick(offer: GroupOffer, party: Party): string {
    const member = offer.hub.find(offer.room)?.member(party.id);
    if (member) party.nick = member.nick;
    return party.nick;
  }

  private send(offer: GroupOffer, party: Party, event: FileServerMessage): void {
    offer.hub.find(offer.room)?.member(party.id)?.send(event);
  }
}
