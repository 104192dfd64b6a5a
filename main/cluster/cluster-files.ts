/**
 * Files between members of different instances. A transfer lives on the instance of the member who offered it (its
 * file relay holds the offer, the tokens and the byte pipe). Over each instance's own Redis channel
 * (`inst:<id>:files`) travel:
 *
 * - `event`: what that relay sends a member of another instance (`file.offer`, `file.key`, `file.ended`…), passed by
 *   its RemoteEndpoint and delivered here to the member's session;
 * - `req` / `res`: a member's `file.answer`, `file.cancel` or `file.verified` about an offer that lives on another
 *   instance, run there by its relay as that member's request, and the answer back.
 *
 * The tokens in a forwarded `file.answer` result are remembered here with their ticket (the member's own CB_data),
 * so the member's data connection is checked here as usual and then hopped to the owning instance (cluster-hop.ts).
 * When an instance dies, its offers end here for our members (`sender_left`); the other way round, its members'
 * departure ends their transfers on the owning instance through the relay's usual `left` handling.
 */
import type { FileRequestContext, ServerHooks } from '../gateway/context.js';
import type { DataCredential } from '../gateway/transport.js';
import type { FrameObject } from '../protocol/codec.js';
import type { ErrorCode } from '../protocol/errors.js';
import type { ServerMessage } from '../protocol/messages.js';
import type { MemberId, RoomId } from '../rooms/ids.js';
import type { Member } from '../rooms/member.js';
import type { RoomHub } from '../rooms/room-hub.js';
import { dataTicket } from '../security/data-ticket.js';
import { endedEvent } from '../transfer/end-messages.js';
import type { Socket } from 'node:net';
import { hop, hopBinding } from './cluster-hop.js';
import { instanceKeys, KEY_PREFIX } from './keys.js';
import type { RedisLink } from './redis-link.js';
import { isRemote, type RemoteFiles } from './remote-endpoint.js';

/** How long a forwarded request waits for the owning instance's answer. */
const FORWARD_TIMEOUT_MS = 10_000;

type Wire =
  | { t: 'event'; from: string; room: RoomId; member: MemberId; message: ServerMessage }
  | { t: 'req'; from: string; req: number; room: RoomId; member: MemberId; frame: FrameObject }
  | { t: 'res'; req: number; result?: object; code?: ErrorCode; message?: string };

/** An offer (or one transfer of it) to one of our members that lives on another instance. */
interface Route {
  owner: string;
  room: RoomId;
  member: MemberId;
  offer: string;
  /** The offering member's nickname (for the ending we tell if its instance dies). */
  from: string;
  transfer?: { id: string; index: number };
}

/** A data-connection credential of one of our members for a transfer on another instance. */
interface Credential {
  owner: string;
  member: MemberId;
  token: string;
  transfer: string;
}

interface Waiting {
  request: FileRequestContext;
  route: Route;
  timer: NodeJS.Timeout;
}

export interface ClusterFilesOptions {
  link: RedisLink;
  instance: string;
  /** The cluster's hop key (shared-identity.ts). */
  hopKey: Buffer;
  /** Where an instance's data connections are reached (`host:port`), from the presence facts. */
  addressOf: (instance: string) => Promise<string | undefined>;
  report: (error: unknown, where: string) => void;
  prefix?: string;
}

export class ClusterFiles implements RemoteFiles {
  private readonly channel: string;
  private readonly prefix: string;
  /** `o:<offer>` and `t:<transfer>` → route. */
  private readonly routes = new Map<string, Route>();
  /** `k:<ticket>` (members on TLS) and `t:<token>` (cleartext members) → where the data connection goes. */
  private readonly credentials = new Map<string, Credential>();
  private readonly waiting = new Map<number, Waiting>();
  private nextReq = 1;
  private hub: RoomHub | undefined;
  private inner: ServerHooks | undefined;

  constructor(private readonly options: ClusterFilesOptions) {
    this.prefix = options.prefix ?? KEY_PREFIX;
    this.channel = instanceKeys(options.instance, this.prefix).files;
    options.link.on('message', (channel, text) => {
      if (channel === this.channel) this.received(text);
    });
  }

  /** Listens to this instance's channel. */
  async start(): Promise<void> {
    await this.options.link.subscribe(this.channel);
  }

  /** The server's hooks with the cluster's routing around them. */
  wrap(inner: ServerHooks, hub: RoomHub): ServerHooks {
    this.inner = inner;
    this.hub = hub;
    hub.on('left', (member, reason) => this.memberLeft(member, reason));
    return {
      fileHandler: (request) => this.request(request),
      onDataConnection: (credential, socket, leftover) => this.dataConnection(credential, socket, leftover),
    };
  }

  forward(instance: string, room: RoomId, member: MemberId, message: ServerMessage): void {
    this.publish(instance, { t: 'event', from: this.options.instance, room, member, message });
  }

  binding(member: MemberId): Buffer {
    return hopBinding(this.options.hopKey, member);
  }

  private publish(instance: string, wire: Wire): Promise<unknown> {
    const channel = instanceKeys(instance, this.prefix).files;
    return this.options.link.commands.publish(channel, JSON.stringify(wire)).catch((error: unknown) => {
      if (this.options.link.up) this.options.report(error, 'cluster files');
      throw error;
    });
  }

  private received(text: string): void {
    let wire: Wire;
    try {
      wire = JSON.parse(text) as Wire;
    } catch (error) {
      return this.options.report(error, 'cluster files');
    }
    if (wire.t === 'event') this.deliver(wire);
    else if (wire.t === 'req') this.run(wire);
    else if (wire.t === 'res') this.answered(wire);
  }

  /** A file event for one of our members from the relay of another instance. */
  private deliver(wire: Wire & { t: 'event' }): void {
    const member = this.hub?.find(wire.room)?.member(wire.member);
    if (!member || isRemote(member.endpoint)) return;
    const { message } = wire;
    if (message.t === 'file.offer')
      this.routes.set(`o:${message.offer}`, {
        owner: wire.from,
        room: wire.room,
        member: member.id,
        offer: message.offer,
        from: message.from,
      });
    else if (message.t === 'file.ended') {
      if (message.transfer !== undefined) this.forgetTransfer(message.transfer);
      else this.forgetOffer(message.offer);
    }
    member.send(message);
  }

  /** A member's request about an offer of another instance goes there; anything else stays here. */
  private request(request: FileRequestContext): void | Promise<void> {
    const { frame, member } = request;
    const byTransfer = typeof frame.transfer === 'string' ? this.routes.get(`t:${frame.transfer}`) : undefined;
    const route = byTransfer ?? (typeof frame.offer === 'string' ? this.routes.get(`o:${frame.offer}`) : undefined);
    if (frame.t === 'file.offer' || !route || route.member !== member.id) return this.inner!.fileHandler(request);
    const req = this.nextReq++;
    const timer = setTimeout(() => {
      this.waiting.delete(req);
      request.fail(
        frame.transfer === undefined ? 'no_such_offer' : 'no_such_transfer',
        'The server holding this transfer did not answer; it has ended.',
      );
    }, FORWARD_TIMEOUT_MS);
    timer.unref();
    this.waiting.set(req, { request, route, timer });
    const wire: Wire = { t: 'req', from: this.options.instance, req, room: route.room, member: member.id, frame };
    this.publish(route.owner, wire).catch(() => {
      if (!this.waiting.delete(req)) return;
      clearTimeout(timer);
      request.fail(
        'cluster_paused',
        'The cluster cannot reach its Redis right now; nothing was sent. Try again shortly.',
      );
    });
  }

  /** The answer to one of our forwarded requests. */
  private answered(wire: Wire & { t: 'res' }): void {
    const waiting = this.waiting.get(wire.req);
    if (!waiting) return;
    this.waiting.delete(wire.req);
    clearTimeout(waiting.timer);
    const { request, route } = waiting;
    if (wire.code !== undefined) return request.fail(wire.code, wire.message ?? '');
    const result = wire.result ?? {};
    if (request.frame.t === 'file.answer') this.accepted(route, result);
    if (request.frame.t === 'file.verified') this.forgetTransfer(String(request.frame.transfer));
    request.reply(result);
  }

  /** The transfers of an offer our member accepted: their routes, and the credentials its data connections show. */
  private accepted(route: Route, result: { transfers?: unknown }): void {
    if (!Array.isArray(result.transfers)) return;
    const binding = this.hub?.find(route.room)?.member(route.member)?.dataBinding;
    for (const ticket of result.transfers as { transfer: string; index: number; token: string }[]) {
      this.routes.set(`t:${ticket.transfer}`, { ...route, transfer: { id: ticket.transfer, index: ticket.index } });
      const key = binding ? `k:${dataTicket(binding, ticket.token)}` : `t:${ticket.token}`;
      this.credentials.set(key, {
        owner: route.owner,
        member: route.member,
        token: ticket.token,
        transfer: ticket.transfer,
      });
    }
  }

  /** Another instance's member asks about an offer that lives here: our relay answers it as that member's request. */
  private run(wire: Wire & { t: 'req' }): void {
    let done = false;
    const answer = (body: { result?: object; code?: ErrorCode; message?: string }): void => {
      if (done) return;
      done = true;
      void this.publish(wire.from, { t: 'res', req: wire.req, ...body }).catch(() => undefined);
    };
    const room = this.hub?.find(wire.room);
    const member = room?.member(wire.member);
    if (
      !this.hub ||
      !this.inner ||
      !room ||
      !member ||
      !isRemote(member.endpoint) ||
      member.endpoint.instance !== wire.from
    )
      return answer({ code: 'no_such_offer', message: 'That file offer has already ended.' });
    const outcome = this.inner.fileHandler({
      frame: wire.frame,
      member,
      room,
      hub: this.hub,
      reply: (result) => answer({ result }),
      fail: (code, message) => answer({ code, message }),
    });
    if (outcome instanceof Promise)
      outcome.catch((error: unknown) => {
        this.options.report(error, 'cluster file request');
        answer({ code: 'internal', message: 'The server hit an internal error handling a file request.' });
      });
  }

  private dataConnection(credential: DataCredential, socket: Socket, leftover: Buffer): void {
    const key = 'ticket' in credential ? `k:${credential.ticket}` : `t:${credential.token}`;
    const found = this.credentials.get(key);
    if (!found) return this.inner!.onDataConnection(credential, socket, leftover);
    this.credentials.delete(key);
    const binding = this.binding(found.member);
    const { report } = this.options;
    this.options.addressOf(found.owner).then(
      (address) => hop(address ?? '', binding, found.token, socket, leftover, report),
      (error: unknown) => {
        report(error, 'cluster file hop');
        hop('', binding, found.token, socket, leftover, report);
      },
    );
  }

  private memberLeft(member: Member, reason: string): void {
    if (!isRemote(member.endpoint)) return this.forgetMember(member.id);
    if (reason !== 'server_failed') return; // a live instance's relay ends its own offers
    // Its instance died: the offers it held end for our members, as if their sender had left.
    const dead = member.endpoint.instance;
    const routes = [...this.routes.values()].filter((route) => route.owner === dead);
    for (const route of routes) {
      const offerOnly = route.transfer === undefined;
      if (offerOnly && routes.some((other) => other.offer === route.offer && other.transfer)) continue;
      const receiver = this.hub?.find(route.room)?.member(route.member);
      const event = endedEvent(
        { offer: route.offer, ...(offerOnly ? {} : { transfer: route.transfer }) },
        'sender_left',
        {
          sender: route.from,
          receiver: receiver?.nick ?? '',
        },
      );
      receiver?.send(event);
    }
    for (const route of routes) this.routes.delete(route.transfer ? `t:${route.transfer.id}` : `o:${route.offer}`);
    for (const [key, credential] of this.credentials) if (credential.owner === dead) this.credentials.delete(key);
  }

  private forgetMember(member: MemberId): void {
    for (const [key, route] of this.routes) if (route.member === member) this.routes.delete(key);
    for (const [key, credential] of this.credentials) if (credential.member === member) this.credentials.delete(key);
  }

  private forgetOffer(offer: string): void {
    for (const [key, route] of this.routes) if (route.offer === offer) this.routes.delete(key);
    for (const [key, credential] of this.credentials)
      if (!this.routes.has(`t:${credential.transfer}`)) this.credentials.delete(key);
  }

  /** One transfer ended: its route and credential go, and the offer's once it has no transfer left. */
  private forgetTransfer(transfer: string): void {
    const route = this.routes.get(`t:${transfer}`);
    if (!route) return;
    this.routes.delete(`t:${transfer}`);
    for (const [key, credential] of this.credentials)
      if (credential.transfer === transfer) this.credentials.delete(key);
    const left = [...this.routes.values()].some((other) => other.offer === route.offer && other.transfer);
    if (!left) this.routes.delete(`o:${route.offer}`);
  }
}
