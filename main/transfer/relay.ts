/**
 * The host's side of file transfer, plugged into the room server through its hooks:
 *
 *   const relay = new FileRelay();
 *   const server = createRoomServer({ hooks: relay.hooks });
 *
 * Offers and consent arrive as `file.*` requests; each accepted file gets a transfer id and two one-time tokens
 * (sender, receiver), kept behind the `TransferTokens` port; a side on TLS must present the token's ticket (HMAC with
 * its chat connection's CB_data, security/data-ticket.ts) instead, so a copied token is refused. The bytes arrive on data connections and are relayed by
 * DataPipe. The host never stores a file. Every way a transfer can end reaches both sides as `file.ended` with a
 * reason (or `file.done`). Offers hold member ids, never Member objects: members are looked up in their room through
 * the `RoomHub` when a message goes out, and departures arrive through `hub.on('left')`.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { encodeFrame } from '../protocol/codec.js';
import type {
  FileDescriptor,
  FileE2e,
  FileEndReason,
  FileServerMessage,
  TransferTicket,
} from '../protocol/file-messages.js';
import { DATA_PAIR_TIMEOUT_MS } from '../protocol/file-messages.js';
import { CONSENT_TIMEOUT_MS, MAX_FRAME_BYTES } from '../protocol/limits.js';
import type { LeaveReason } from '../protocol/messages.js';
import type { FileRequestContext, ServerHooks } from '../gateway/context.js';
import type { DataCredential } from '../gateway/transport.js';
import { dataTicket } from '../security/data-ticket.js';
import type { MemberId, RoomId } from '../rooms/ids.js';
import type { Member } from '../rooms/member.js';
import type { Room } from '../rooms/room.js';
import type { RoomHub } from '../rooms/room-hub.js';
import { wireLength } from '../security/file-crypto.js';
import { checkAnswer, checkIds, checkOffer, clientReason } from './relay-validate.js';
import { DataPipe, type Pipe, type PipeFactory } from './relay-pipe.js';
import { RelayProcess, type RelayUsage } from './relay-process.js';
import { endedEvent } from './end-messages.js';
import { GroupRelay } from './relay-group.js';
import { RELAY_WINDOW_BYTES } from './fanout-pipe.js';
import { MemoryTransferTokens, type TransferTokens } from './transfer-tokens.js';

export interface FileRelayOptions {
  /** How long an offer waits for the receiver's answer. Default 60 s. */
  offerTimeoutMs?: number;
  /** How long one side's data connection waits for the other's. Default 60 s. */
  pairTimeoutMs?: number;
  /** A transfer making no progress for this long is given up. Default 120 s. */
  stallTimeoutMs?: number;
  /** After a data connection closes early, how long the host waits for a `file.cancel` giving the reason. Default 1 s. */
  explainGraceMs?: number;
  /** Largest file the host relays. Default: no limit below 2^53-1 bytes. */
  maxFileBytes?: number;
  /** Unanswered offers one user may have waiting before further offers get `user_busy`. Default 8. */
  maxPendingOffers?: number;
  /**
   * Where the bytes are relayed: on the room's own event loop, or in a child process so chat never waits behind
   * them (plain Node only: see relay-process.ts). Default 'in-process'.
   */
  byteRelay?: 'in-process' | 'child-process';
  /** Where data-connection tokens are kept. Default: this process's memory. */
  tokens?: TransferTokens;
  /** Group offers: bytes of a file the host keeps for receivers behind the fastest. Default 16 MiB. */
  windowBytes?: number;
  /** Group offers: how long, in all, a receiver may hold that window full before it is cut (`lagging`). Default 3 s. */
  lagGraceMs?: number;
}

/** One side of an offer: its member id, and the nickname it last had (for messages after it left). */
interface Party {
  id: MemberId;
  nick: string;
}

interface Offer {
  id: string;
  hub: RoomHub;
  room: RoomId;
  sender: Party;
  receiver: Party;
  files: FileDescriptor[];
  /** The sender's end-to-end keys, relayed untouched; the bytes are sealed when the answer has keys too. */
  e2e: FileE2e | undefined;
  accepted: boolean;
  timer: NodeJS.Timeout | undefined;
  /** Runs while an accepted offer has transfers left but no data connection: nobody may stall it forever. */
  idleTimer?: NodeJS.Timeout | undefined;
  transfers: Set<Transfer>;
}

interface Transfer {
  id: string;
  offer: Offer;
  index: number;
  pipe: Pipe;
  tokens: string[];
  /** The data tickets of the sides on TLS (dataTicket of the token with that member's CB_data). */
  tickets: string[];
  relayed: boolean;
  /** Runs from the last byte relayed until the receiver's `file.verified`. */
  verifyTimer?: NodeJS.Timeout | undefined;
}

const newId = (bytes: number): string => randomBytes(bytes).toString('base64url');

export class FileRelay {
  readonly hooks: ServerHooks = {
    fileHandler: (request) => this.handle(request),
    onDataConnection: (credential, socket, leftover) => this.dataConnection(credential, socket, leftover),
  };
  /** ticket → token, for members on TLS; their tokens open a data connection only through the ticket. */
  private readonly tickets = new Map<string, string>();
  private readonly ticketOnly = new Set<string>();
  private readonly offers = new Map<string, Offer>();
  private readonly transfers = new Map<string, Transfer>();
  private readonly tokens: TransferTokens;
  private readonly hubs = new Set<RoomHub>();
  private readonly options: Required<Omit<FileRelayOptions, 'tokens'>>;
  private readonly byteProcess: RelayProcess | undefined;
  private readonly createPipe: PipeFactory;
  /** Offers to several people at once, uploaded once and fanned out (relay-group.ts). */
  readonly group: GroupRelay;

  constructor(options: FileRelayOptions = {}) {
    this.options = {
      offerTimeoutMs: options.offerTimeoutMs ?? CONSENT_TIMEOUT_MS,
      pairTimeoutMs: options.pairTimeoutMs ?? DATA_PAIR_TIMEOUT_MS,
      stallTimeoutMs: options.stallTimeoutMs ?? 120_000,
      explainGraceMs: options.explainGraceMs ?? 1000,
      maxFileBytes: options.maxFileBytes ?? Number.MAX_SAFE_INTEGER,
      maxPendingOffers: options.maxPendingOffers ?? 8,
      byteRelay: options.byteRelay ?? 'in-process',
      windowBytes: options.windowBytes ?? RELAY_WINDOW_BYTES,
      lagGraceMs: options.lagGraceMs ?? 3000,
    };
    this.group = new GroupRelay(this.options, {
      issue: (transfer, role, hub, room, member) => {
        const token = this.tokens.issue({ transfer, role });
        this.bindMember(hub, room, member, token);
        return token;
      },
      forget: (token) => {
        this.tokens.forget(token);
        this.ticketOnly.delete(token);
        for (const [ticket, of] of this.tickets) if (of === token) this.tickets.delete(ticket);
      },
    });
    this.tokens = options.tokens ?? new MemoryTransferTokens();
    this.byteProcess = this.options.byteRelay === 'child-process' ? new RelayProcess(this.options) : undefined;
    this.createPipe =
      this.byteProcess?.createPipe ??
      ((id, offset, length, events, after) => {
        // Kept, not looked up: the previous transfer is forgotten when it ends, and its end time still counts.
        const previous = after === undefined ? undefined : this.transfers.get(after)?.pipe;
        return new DataPipe(id, offset, length, events, this.options, () =>
          previous instanceof DataPipe ? previous : undefined,
        );
      });
  }

  /** Follows the departures of the hub's rooms (done automatically on the first file request). */
  attach(hub: RoomHub): void {
    if (this.hubs.has(hub)) return;
    this.hubs.add(hub);
    hub.on('left', (member, reason, room) => this.memberLeft(hub, room, member, reason));
  }

  /** Offers waiting for an answer plus transfers not yet finished (for tests and the host's status). */
  get activeCount(): { offers: number; transfers: number } {
    return { offers: [...this.offers.values()].filter((o) => !o.accepted).length, transfers: this.transfers.size };
  }

  /** Host stopping: ends everything with `host_stopped` and closes every data connection. */
  close(): void {
    for (const offer of [...this.offers.values()]) this.endAll(offer, 'host_stopped');
    this.group.close();
    this.byteProcess?.close();
  }

  /** Memory and CPU time of the byte-relay child, when there is one running (the host's usage includes it). */
  byteRelayUsage(): Promise<RelayUsage | undefined> {
    return this.byteProcess?.usage() ?? Promise.resolve(undefined);
  }

  private handle(request: FileRequestContext): void {
    this.attach(request.hub);
    const { frame } = request;
    switch (frame.t) {
      case 'file.offer':
        return typeof frame.to === 'string' && frame.to !== '*' ? this.offer(request) : this.groupOffer(request);
      case 'file.answer':
        return this.group.hasOffer(frame.offer) ? this.group.answer(request) : this.answer(request);
      case 'file.cancel':
        return this.cancel(request);
      case 'file.verified':
        return this.group.hasTransfer(frame.transfer) ? this.group.verified(request) : this.verified(request);
      case 'file.key':
        return this.group.key(request);
      default:
        return request.fail('unknown_type', `unknown request "${request.frame.t}"`);
    }
  }

  private offer(request: FileRequestContext): void {
    const { member, room, hub } = request;
    const checked = checkOffer(request.frame);
    if (!checked.ok) return request.fail('bad_request', checked.message);
    const { files, e2e } = checked.value;
    const to = String(checked.value.to);
    const receiver = room.find(to);
    if (!receiver) return request.fail('no_such_user', `Nobody called ${to} is here.`);
    if (receiver.id === member.id) return request.fail('self_target', 'You cannot send files to yourself.');
    if (receiver.isTextClient) {
      return request.fail(
        'transfer_unsupported',
        `${receiver.nick} uses a plain-text client (nc/telnet), which cannot receive files.`,
      );
    }
    if (receiver.away) return request.fail('user_away', `${receiver.nick} is away and cannot answer a file offer now.`);
    const tooBig = files.find((f) => f.size > this.options.maxFileBytes);
    if (tooBig)
      return request.fail(
        'file_too_large',
        `${tooBig.name} is over this host's limit of ${this.options.maxFileBytes} bytes.`,
      );
    const waiting = [...this.offers.values()].filter((o) => o.receiver.id === receiver.id && !o.accepted).length;
    if (waiting >= this.options.maxPendingOffers) {
      return request.fail('user_busy', `${receiver.nick} already has ${waiting} file offers waiting; try again later.`);
    }
    const offer: Offer = {
      id: newId(9),
      hub,
      room: room.id,
      sender: { id: member.id, nick: member.nick },
      receiver: { id: receiver.id, nick: receiver.nick },
      files,
      e2e,
      accepted: false,
      timer: undefined,
      transfers: new Set(),
    };
    const event: FileServerMessage = {
      t: 'file.offer',
      offer: offer.id,
      from: member.nick,
      files,
      expiresInMs: this.options.offerTimeoutMs,
      ...(e2e ? { e2e } : {}),
    };
    if (Buffer.byteLength(JSON.stringify(event)) > MAX_FRAME_BYTES)
      return request.fail('bad_request', 'The offer is too large for one message; offer fewer files.');
    this.offers.set(offer.id, offer);
    offer.timer = setTimeout(() => this.endOffer(offer, 'expired'), this.options.offerTimeoutMs);
    offer.timer.unref();
    receiver.send(event);
    request.reply({ offer: offer.id, expiresInMs: this.options.offerTimeoutMs });
  }

  /** `to: "*"` (everyone else who can receive files) or a list of nicks: one upload fanned out (relay-group.ts). */
  private groupOffer(request: FileRequestContext): void {
    const { member, room } = request;
    const checked = checkOffer(request.frame);
    if (!checked.ok) return request.fail('bad_request', checked.message);
    const { to, files } = checked.value;
    const tooBig = files.find((f) => f.size > this.options.maxFileBytes);
    if (tooBig)
      return request.fail(
        'file_too_large',
        `${tooBig.name} is over this host's limit of ${this.options.maxFileBytes} bytes.`,
      );
    const receivers: Member[] = [];
    if (to === '*') {
      receivers.push(...room.members().filter((m) => m.id !== member.id && !m.isTextClient && !m.away));
      if (receivers.length === 0) return request.fail('no_such_user', 'Nobody else here can receive files now.');
    } else {
      for (const nick of to as string[]) {
        const receiver = room.find(nick);
        if (!receiver) return request.fail('no_such_user', `Nobody called ${nick} is here.`);
        if (receiver.id === member.id) return request.fail('self_target', 'You cannot send files to yourself.');
        if (receiver.isTextClient)
          return request.fail(
            'transfer_unsupported',
            `${receiver.nick} uses a plain-text client (nc/telnet), which cannot receive files.`,
          );
        if (receiver.away)
          return request.fail('user_away', `${receiver.nick} is away and cannot answer a file offer now.`);
        if (!receivers.includes(receiver)) receivers.push(receiver);
      }
    }
    this.group.offer(request, receivers, files);
  }

  private answer(request: FileRequestContext): void {
    const offer = this.offers.get(String(request.frame.offer));
    if (!offer || offer.accepted || offer.receiver.id !== request.member.id) {
      return request.fail(
        'no_such_offer',
        'That file offer is not waiting for your answer (it may have expired or been cancelled).',
      );
    }
    const checked = checkAnswer(request.frame, offer.files);
    if (!checked.ok) return request.fail('bad_request', checked.message);
    const { accept, reason } = checked.value;
    // End to end only when both sides gave keys; the go-ahead then announces the sealed stream's length.
    const e2e = offer.e2e && checked.value.e2e;
    if (accept.length === 0) {
      request.reply({ transfers: [] });
      return this.endOffer(offer, reason === 'cancelled' ? 'declined' : reason, request.member.id);
    }
    clearTimeout(offer.timer);
    offer.accepted = true;
    const forReceiver: TransferTicket[] = [];
    const forSender: TransferTicket[] = [];
    let after: string | undefined;
    for (const { index, offset } of accept) {
      const id = newId(9);
      const tokens = {
        sender: this.tokens.issue({ transfer: id, role: 'sender' }),
        receiver: this.tokens.issue({ transfer: id, role: 'receiver' }),
      };
      const tickets = [
        this.bind(offer, offer.sender, tokens.sender),
        this.bind(offer, offer.receiver, tokens.receiver),
      ];
      const plain = offer.files[index]!.size - offset;
      const length = e2e ? wireLength(plain) : plain;
      const transfer: Transfer = {
        id,
        offer,
        index,
        tokens: [tokens.sender, tokens.receiver],
        tickets: tickets.filter((ticket) => ticket !== undefined),
        relayed: false,
        pipe: undefined as unknown as Pipe,
      };
      transfer.pipe = this.createPipe(
        id,
        offset,
        length,
        {
          relayed: () => {
            transfer.relayed = true;
            transfer.verifyTimer = setTimeout(
              () => this.endTransfer(transfer, 'timeout', undefined, 'The receiver did not confirm the file in time.'),
              this.options.stallTimeoutMs,
            );
            transfer.verifyTimer.unref();
          },
          failed: (why, message) => this.endTransfer(transfer, why, undefined, message),
          progress: (bytes) => {
            if (this.transfers.get(id) !== transfer) return; // ended meanwhile: the sender has its verdict
            this.send(offer, offer.sender, { t: 'file.progress', offer: offer.id, transfer: id, bytes });
          },
        },
        after,
      );
      after = id;
      this.transfers.set(id, transfer);
      offer.transfers.add(transfer);
      forReceiver.push({ transfer: id, index, token: tokens.receiver, offset });
      forSender.push({ transfer: id, index, token: tokens.sender, offset });
    }
    const taken = new Set(accept.map((a) => a.index));
    const skipped = offer.files.map((_, i) => i).filter((i) => !taken.has(i));
    request.reply({ transfers: forReceiver });
    this.watchIdle(offer);
    this.send(offer, offer.sender, {
      t: 'file.accepted',
      offer: offer.id,
      to: this.nick(offer, offer.receiver),
      transfers: forSender,
      skipped,
      ...(e2e ? { e2e } : {}),
    });
  }

  private cancel(request: FileRequestContext): void {
    const checked = checkIds(request.frame);
    if (!checked.ok) return request.fail('bad_request', checked.message);
    const { member } = request;
    const reason = clientReason(request.frame.reason, 'cancelled');
    const { offer: offerId, transfer: transferId } = checked.value;
    if (transferId !== undefined ? this.group.hasTransfer(transferId) : this.group.hasOffer(offerId))
      return this.group.cancel(request, checked.value, reason);
    if (checked.value.transfer !== undefined) {
      const transfer = this.transfers.get(checked.value.transfer);
      if (!transfer || !this.isParty(transfer.offer, member.id))
        return request.fail('no_such_transfer', 'That transfer has already ended.');
      request.reply({});
      return this.endTransfer(transfer, reason, member.id);
    }
    const offer = this.offers.get(checked.value.offer ?? '');
    if (!offer || !this.isParty(offer, member.id))
      return request.fail('no_such_offer', 'That file offer has already ended.');
    request.reply({});
    if (!offer.accepted) {
      const declined = member.id === offer.receiver.id && reason === 'cancelled';
      return this.endOffer(offer, declined ? 'declined' : reason, member.id);
    }
    this.endAll(offer, reason, member.id);
  }

  private verified(request: FileRequestContext): void {
    const transfer = this.transfers.get(String(request.frame.transfer));
    if (!transfer || transfer.offer.receiver.id !== request.member.id)
      return request.fail('no_such_transfer', 'That transfer has already ended.');
    if (!transfer.relayed) return request.fail('bad_request', 'Not every byte of that file has been relayed yet.');
    this.forget(transfer);
    request.reply({});
    this.send(transfer.offer, transfer.offer.sender, {
      t: 'file.done',
      offer: transfer.offer.id,
      transfer: transfer.id,
      index: transfer.index,
    });
  }

  /**
   * For a member on TLS, the ticket its data connection will present instead of the token (the token alone is then
   * refused); undefined for an unencrypted member, who presents the token itself.
   */
  private bind(offer: Offer, party: Party, token: string): string | undefined {
    return this.bindMember(offer.hub, offer.room, party.id, token);
  }

  private bindMember(hub: RoomHub, room: RoomId, member: MemberId, token: string): string | undefined {
    const binding = hub.find(room)?.member(member)?.dataBinding;
    if (!binding) return undefined;
    const ticket = dataTicket(binding, token);
    this.tickets.set(ticket, token);
    this.ticketOnly.add(token);
    return ticket;
  }

  private dataConnection(credential: DataCredential, socket: Socket, leftover: Buffer): void {
    const token =
      'ticket' in credential
        ? this.tickets.get(credential.ticket)
        : this.ticketOnly.has(credential.token)
          ? undefined
          : credential.token;
    if ('ticket' in credential) this.tickets.delete(credential.ticket);
    if (token !== undefined) this.ticketOnly.delete(token);
    const ticket = token === undefined ? undefined : this.tokens.claim(token);
    const transfer = ticket && this.transfers.get(ticket.transfer);
    if (ticket && !transfer && this.group.attach(ticket, socket, leftover)) return;
    if (!ticket || !transfer) {
      socket.on('error', () => undefined);
      socket.end(encodeFrame({ t: 'error', code: 'bad_token', message: 'Unknown or already used transfer token.' }));
      setTimeout(() => socket.destroy(), 2000).unref();
      return;
    }
    clearTimeout(transfer.offer.idleTimer);
    transfer.pipe.attach(ticket.role, socket, leftover);
  }

  private memberLeft(hub: RoomHub, room: Room, member: Member, leave: LeaveReason): void {
    this.group.memberLeft(hub, room.id, member, leave === 'server_shutdown');
    for (const offer of [...this.offers.values()]) {
      if (offer.hub !== hub || offer.room !== room.id || !this.isParty(offer, member.id)) continue;
      const party = member.id === offer.sender.id ? offer.sender : offer.receiver;
      party.nick = member.nick;
      const reason: FileEndReason =
        leave === 'server_shutdown' ? 'host_stopped' : party === offer.sender ? 'sender_left' : 'receiver_left';
      if (offer.accepted) this.endAll(offer, reason, member.id);
      else this.endOffer(offer, reason, member.id);
    }
  }

  private isParty(offer: Offer, member: MemberId): boolean {
    return offer.sender.id === member || offer.receiver.id === member;
  }

  /** The party's current nickname while it is in the room, else the last one seen. */
  private nick(offer: Offer, party: Party): string {
    const member = offer.hub.find(offer.room)?.member(party.id);
    if (member) party.nick = member.nick;
    return party.nick;
  }

  /** Sends to one side of the offer, if it is still in the room. */
  private send(offer: Offer, party: Party, event: FileServerMessage): void {
    offer.hub.find(offer.room)?.member(party.id)?.send(event);
  }

  /** Who caused an ending, by nickname. */
  private byNick(offer: Offer, by: MemberId | undefined): string | undefined {
    if (by === undefined) return undefined;
    return this.nick(offer, by === offer.sender.id ? offer.sender : offer.receiver);
  }

  private endOffer(offer: Offer, reason: FileEndReason, by?: MemberId): void {
    if (this.offers.get(offer.id) !== offer) return;
    clearTimeout(offer.timer);
    this.offers.delete(offer.id);
    const event = endedEvent({ offer: offer.id }, reason, {
      by: this.byNick(offer, by),
      receiver: this.nick(offer, offer.receiver),
      sender: this.nick(offer, offer.sender),
      timeoutMs: this.options.offerTimeoutMs,
    });
    this.send(offer, offer.sender, event);
    this.send(offer, offer.receiver, event);
  }

  private endAll(offer: Offer, reason: FileEndReason, by?: MemberId): void {
    if (!offer.accepted) return this.endOffer(offer, reason, by);
    for (const transfer of [...offer.transfers]) this.endTransfer(transfer, reason, by);
    this.offers.delete(offer.id);
  }

  private endTransfer(transfer: Transfer, reason: FileEndReason, by?: MemberId, detail?: string): void {
    if (this.transfers.get(transfer.id) !== transfer) return;
    const { offer } = transfer;
    this.forget(transfer);
    const event = endedEvent(
      { offer: offer.id, transfer },
      reason,
      {
        by: this.byNick(offer, by),
        receiver: this.nick(offer, offer.receiver),
        sender: this.nick(offer, offer.sender),
        name: offer.files[transfer.index]!.name,
      },
      detail,
    );
    this.send(offer, offer.sender, event);
    this.send(offer, offer.receiver, event);
  }

  private forget(transfer: Transfer): void {
    transfer.pipe.close();
    clearTimeout(transfer.verifyTimer);
    this.transfers.delete(transfer.id);
    for (const token of transfer.tokens) {
      this.tokens.forget(token);
      this.ticketOnly.delete(token);
    }
    for (const ticket of transfer.tickets) this.tickets.delete(ticket);
    transfer.offer.transfers.delete(transfer);
    if (transfer.offer.transfers.size === 0) {
      clearTimeout(transfer.offer.idleTimer);
      this.offers.delete(transfer.offer.id);
    } else this.watchIdle(transfer.offer);
  }

  /** The next file of an accepted offer must start within the pairing timeout once the previous one ended. */
  private watchIdle(offer: Offer): void {
    clearTimeout(offer.idleTimer);
    if ([...offer.transfers].some((t) => t.pipe.connected)) return;
    offer.idleTimer = setTimeout(() => this.endAll(offer, 'timeout'), this.options.pairTimeoutMs);
    offer.idleTimer.unref();
  }
}
