/**
 * Files in the conversation: every offer made to me or by me becomes a card in the room's log (or the 1:1's, when
 * the other side is my 1:1 partner at that moment), kept in the conversation store under its offer id and rewritten
 * as its files change state, so a reload or a restart shows each file's last state. Fed with the app's own events
 * (`file.offer`, `transfer.update`, `file.offerClosed`) and my declines; each change goes to the page as a `file`
 * room event carrying the card's entry id.
 */
import type {
  EventName,
  EventPayload,
  HistoryCardFile,
  HistoryCardReceiver,
  HistoryFileCard,
  IncomingOffer,
  OfferClosedReason,
  RoomId,
  RoomKey,
  TransferInfo,
  TransferState,
} from '@contract/ipc-contract';
import { nickKey } from '../protocol/nickname.js';
import type { EventSink } from './event-outbox.js';
import type { HistoryStore } from './history/history-store.js';
import { transferKey } from './transfer-mapping.js';

export interface CardContext {
  roomId: RoomId;
  roomKey: RoomKey;
  nick: string;
  dmPeer?: string;
}

interface Card {
  /** Its offer, and for a send the receiver (one offer may reach several people, each with their own card). */
  key: string;
  roomId: RoomId;
  roomKey: RoomKey;
  ts: number;
  from: string;
  to: string;
  scope: 'room' | 'dm';
  own: boolean;
  file: HistoryFileCard;
  historyId?: number;
}

/** An offer that went away unanswered: what its waiting files became. */
const CLOSED: Record<OfferClosedReason, Pick<HistoryCardFile, 'state' | 'reason'>> = {
  expired: { state: 'expired', reason: 'expired' },
  cancelled: { state: 'cancelled', reason: 'cancelled_by_peer' },
  sender_left: { state: 'failed', reason: 'peer_left' },
  disconnected: { state: 'interrupted', reason: 'disconnected' },
};

/** The peer of my group offer's card (its receivers are on each file). */
const EVERYONE = '*';

/** How many cards are followed at once (the oldest are let go; their stored copy keeps its last state). */
const MAX_CARDS = 500;

export class FileCards {
  private readonly cards = new Map<string, Card>();
  private failures = 0;

  constructor(
    private readonly deps: {
      emit: EventSink;
      history: HistoryStore | undefined;
      context: () => CardContext | undefined;
    },
  ) {}

  /** Sees every event the app sends to the page. */
  observe<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (event === 'file.offer') this.offered(payload as IncomingOffer);
    else if (event === 'transfer.update') this.transfer(payload as TransferInfo);
    else if (event === 'file.offerClosed') {
      const closed = payload as EventPayload<'file.offerClosed'>;
      this.settleWaiting(closed.offerId, CLOSED[closed.reason]);
    }
  }

  /** I declined an offer made to me. */
  declined(offerId: string): void {
    this.settleWaiting(offerId, { state: 'declined', reason: 'declined' });
  }

  private offered(offer: IncomingOffer): void {
    if (this.cards.has(cardKey('receive', offer.offerId, offer.from))) return;
    const files = offer.files.map((f) => ({
      name: f.name,
      size: f.size,
      index: f.index,
      transferId: transferKey(offer.offerId, f.index),
      state: 'waiting' as TransferState,
    }));
    this.create(offer.offerId, 'receive', offer.from, files);
  }

  private transfer(info: TransferInfo): void {
    if (info.group) return this.groupTransfer(info);
    const card = this.cards.get(cardKey(info.direction, info.offerId, info.peer));
    const next: HistoryCardFile = {
      name: info.name,
      size: info.size,
      index: info.index ?? (Number(info.transferId.slice(info.offerId.length + 1)) || 0),
      transferId: info.transferId,
      state: info.state,
      ...(info.reason ? { reason: info.reason } : {}),
      ...(info.previewUrl ? { previewUrl: info.previewUrl } : {}),
    };
    if (!card) {
      // My offer: its card starts with its first file (the others follow at once).
      if (info.direction === 'send') this.create(info.offerId, 'send', info.peer, [next]);
      return;
    }
    const files = [...card.file.files];
    const at = files.findIndex((f) => f.transferId === info.transferId);
    if (at >= 0 && sameFile(files[at]!, next)) return;
    if (at >= 0) files[at] = next;
    else files.push(next);
    this.change(card, files);
  }

  /** One receiver's transfer of my group offer: a row under its file on the offer's one card. */
  private groupTransfer(info: TransferInfo): void {
    const receiver: HistoryCardReceiver = {
      nick: info.peer,
      transferId: info.transferId,
      state: info.state,
      ...(info.reason ? { reason: info.reason } : {}),
    };
    const index = info.index ?? 0;
    const card = this.cards.get(cardKey('send', info.offerId, EVERYONE));
    const files = card ? [...card.file.files] : [];
    let at = files.findIndex((f) => f.index === index);
    if (at < 0) {
      files.push({ name: info.name, size: info.size, index, state: info.state, receivers: [] });
      files.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      at = files.findIndex((f) => f.index === index);
    }
    const file = files[at]!;
    const receivers = [...(file.receivers ?? [])];
    const mine = receivers.findIndex((r) => r.transferId === info.transferId);
    if (mine >= 0 && sameReceiver(receivers[mine]!, receiver)) return;
    if (mine >= 0) receivers[mine] = receiver;
    else receivers.push(receiver);
    files[at] = { ...file, state: overall(receivers), receivers };
    if (card) this.change(card, files);
    else this.create(info.offerId, 'send', EVERYONE, files);
  }

  private settleWaiting(offerId: string, end: Pick<HistoryCardFile, 'state' | 'reason'>): void {
    const card = [...this.cards.values()].find((c) => c.file.direction === 'receive' && c.file.offerId === offerId);
    if (!card) return;
    if (!card.file.files.some((f) => f.state === 'waiting')) return;
    this.change(
      card,
      card.file.files.map((f) => (f.state === 'waiting' ? { ...f, ...end } : f)),
    );
  }

  private create(
    offerId: string,
    direction: 'send' | 'receive',
    peer: string,
    files: HistoryCardFile[],
  ): Card | undefined {
    const context = this.deps.context();
    if (!context) return undefined;
    const own = direction === 'send';
    const dm = context.dmPeer !== undefined && nickKey(context.dmPeer) === nickKey(peer);
    const card: Card = {
      key: cardKey(direction, offerId, peer),
      roomId: context.roomId,
      roomKey: context.roomKey,
      ts: Date.now(),
      from: own ? context.nick : peer,
      to: own ? peer : context.nick,
      scope: dm ? 'dm' : 'room',
      own,
      file: { direction, offerId, peer, files },
    };
    const historyId = this.guard(() =>
      this.deps.history?.addFileCard(card.roomKey, {
        ts: card.ts,
        from: card.from,
        to: card.to,
        scope: card.scope,
        own: card.own,
        file: card.file,
        key: card.key,
      }),
    );
    if (historyId !== undefined) card.historyId = historyId;
    this.cards.set(card.key, card);
    if (this.cards.size > MAX_CARDS) this.cards.delete(this.cards.keys().next().value!);
    this.send(card);
    return card;
  }

  private change(card: Card, files: HistoryCardFile[]): void {
    card.file = { ...card.file, files };
    this.guard(() => this.deps.history?.updateFileCard(card.roomKey, card.key, card.file));
    this.send(card);
  }

  private send(card: Card): void {
    const { roomId, ts, from, to, scope, own, file, historyId } = card;
    this.deps.emit('room', {
      t: 'file',
      roomId,
      ts,
      from,
      to,
      scope,
      own,
      file,
      ...(historyId === undefined ? {} : { historyId }),
    });
  }

  /** A store failure (disk full…) never breaks the transfer: logged a few times at most. */
  private guard<T>(write: () => T): T | undefined {
    try {
      return write();
    } catch (error) {
      if (++this.failures <= 3) console.error('[history] could not store a file card:', error);
      return undefined;
    }
  }
}

function cardKey(direction: 'send' | 'receive', offerId: string, peer: string): string {
  return direction === 'send' ? `${offerId}>${nickKey(peer)}` : offerId;
}

/** What one file of a group offer is, over its receivers: live while anyone's is, else verified if anyone's is. */
function overall(receivers: readonly HistoryCardReceiver[]): TransferState {
  const states = receivers.map((r) => r.state);
  for (const live of ['running', 'verifying', 'accepted', 'waiting'] as const) if (states.includes(live)) return live;
  if (states.includes('verified')) return 'verified';
  return states[0] ?? 'waiting';
}

function sameReceiver(a: HistoryCardReceiver, b: HistoryCardReceiver): boolean {
  return a.state === b.state && a.reason === b.reason;
}

function sameFile(a: HistoryCardFile, b: HistoryCardFile): boolean {
  return a.state === b.state && a.reason === b.reason && a.previewUrl === b.previewUrl && a.size === b.size;
}
