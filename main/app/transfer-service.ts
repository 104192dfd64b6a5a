/**
 * Files in the desktop app, on the transfer core (main/transfer FileTransfers, one per session): wires offers I make
 * and receive, transfers with throttled progress, cancel, resume and "show in folder" (never open) for verified files
 * to the IPC contract. The rules live beside it: consent in transfer-consent.ts, resume in transfer-resume.ts, the
 * shapes in transfer-mapping.ts.
 */
import type { IncomingOffer, OfferAnswer, TransferInfo } from '@contract/ipc-contract';
import type { ClientSession } from '../client/session.js';
import { FileTransfers } from '../transfer/file-transfers.js';
import { ProtocolError } from '../client/errors.js';
import { nickKey } from '../protocol/nickname.js';
import { isTransferError, TransferError } from '../transfer/transfer-error.js';
import type { OutgoingOffer, TransferResult } from '../transfer/transfer-types.js';
import { AppFailure } from './app-error.js';
import type { EventSink } from './event-outbox.js';
import type { FilePreviews } from './file-previews.js';
import type { FileRegistry } from './file-registry.js';
import { groupTransferKey, GroupSends } from './group-sends.js';
import type { ReceivedFiles } from './notifier.js';
import type { DesktopPlatform } from './platform.js';
import { moveIntoFolder } from './save-location.js';
import { commandFailure } from './session-failure.js';
import type { People } from '../security/people.js';
import { askSaveFolder, TrustedSenders } from './transfer-consent.js';
import type { SettingsStore } from './settings-store.js';
import {
  endState,
  newTransfer,
  offerClosedReason,
  toIncomingOffer,
  toProgress,
  transferKey,
} from './transfer-mapping.js';
import { canResume, resumeSource } from './transfer-resume.js';

export interface TransferServiceDeps {
  emit: EventSink;
  files: FileRegistry;
  settings: SettingsStore;
  platform: DesktopPlatform;
  /** Every file I accepted from one offer has ended (none cancelled by me): for a notification. */
  onReceived?: (files: ReceivedFiles) => void;
  /** Where "always accept files from" is remembered, by key (none: trust lasts for the room session only). */
  people?: People;
  /** The key the host stamped on a member of the current room, if any. */
  fingerprintOf?: (nick: string) => string | undefined;
  /** Gives a received, verified image its thumbnail URL. */
  previews?: FilePreviews;
  /** I declined an offer, or the files of it I did not choose (its file card says so). */
  onDeclined?: (offerId: string) => void;
}

interface Tracked {
  info: TransferInfo;
  /** The core's transfer id, once accepted. */
  coreId?: string;
  /** Sender: the local path (for resume). Receiver: where the verified file is. */
  path?: string;
  /** Receiver: the folder the user chose for this offer, if not the download folder. */
  saveTo?: string;
  cancelledByMe?: boolean;
}

const TERMINAL = new Set(['verified', 'declined', 'expired', 'cancelled', 'failed', 'interrupted']);

export class TransferService {
  private core: FileTransfers | undefined;
  private coreDir = '';
  private readonly tracked = new Map<string, Tracked>();
  private readonly offers = new Map<string, IncomingOffer>();
  /** My group offers: which receiver each transfer is (group-sends.ts). */
  private readonly groups = new GroupSends();
  /** Senders (by key) whose offers are accepted automatically. */
  private readonly trusted: TrustedSenders;

  constructor(private readonly deps: TransferServiceDeps) {
    this.trusted = new TrustedSenders(deps.fingerprintOf ?? (() => undefined), deps.people);
  }

  attach(session: ClientSession): void {
    this.core?.dispose();
    this.coreDir = this.deps.settings.get().downloadDir;
    const core = new FileTransfers(session, { downloadDir: this.coreDir });
    this.core = core;
    core.on('offer', (offer) => void this.onOffer(offer));
    core.on('offer-accepted', ({ offer, to, accepted, skipped }) => {
      for (const index of accepted) this.update(this.groups.key(offer, index, to), { state: 'accepted' });
      for (const index of skipped)
        this.update(this.groups.key(offer, index, to), {
          state: 'declined',
          reason: 'declined',
          finishedAt: Date.now(),
        });
    });
    core.on('offer-ended', (ended) => {
      if (this.offers.delete(ended.offer))
        this.deps.emit('file.offerClosed', { offerId: ended.offer, reason: offerClosedReason(ended.reason) });
      // In my group offer, one invitee declined, expired or left: only their transfers end.
      const only = this.groups.has(ended.offer) && ended.peer !== '*' ? nickKey(ended.peer) : undefined;
      for (const [id, t] of this.tracked) {
        if (t.info.offerId !== ended.offer || TERMINAL.has(t.info.state)) continue;
        if (only !== undefined && nickKey(t.info.peer) !== only) continue;
        this.update(id, {
          ...endState(ended.reason, t.info.direction, !!t.cancelledByMe, false),
          message: ended.message,
          finishedAt: Date.now(),
        });
      }
    });
    core.on('started', (info) => {
      const id = this.groups.key(info.offer, info.index, info.peer);
      const t = this.tracked.get(id);
      if (t) t.coreId = info.transfer;
      this.update(id, { state: 'running', bytes: info.offset });
    });
    core.on('progress', (p) => {
      const id = this.groups.key(p.offer, p.index, p.peer);
      const t = this.tracked.get(id);
      if (!t) return;
      t.info.bytes = p.bytes;
      this.deps.emit('transfer.progress', { items: [toProgress(id, p)] });
    });
    core.on('ended', (result) => void this.onEnded(result));
  }

  pendingOffers(): IncomingOffer[] {
    return [...this.offers.values()];
  }

  list(): TransferInfo[] {
    return [...this.tracked.values()].map((t) => ({ ...t.info }));
  }

  async offer(to: string[], fileIds: string[]): Promise<{ offerIds: string[] }> {
    const paths = fileIds.map((id) => this.deps.files.get(id).path);
    const core = this.requireCore();
    let results: (OutgoingOffer | Error)[];
    try {
      results = await core.sendToMany(to, paths);
    } catch (error) {
      throw new AppFailure('file_unreadable', error instanceof Error ? error.message : String(error));
    }
    const offerIds: string[] = [];
    let firstError: unknown;
    results.forEach((result, i) => {
      if (result instanceof Error) {
        firstError ??= result;
        this.deps.emit('room', { t: 'notice', code: 'app.offer_refused', text: `${to[i]}: ${result.message}` });
        return;
      }
      offerIds.push(result.offer);
      for (const [index, file] of result.files.entries()) {
        const info = newTransfer({
          transferId: transferKey(result.offer, index),
          offerId: result.offer,
          direction: 'send',
          peer: result.to,
          name: file.name,
          size: file.size,
          state: 'waiting',
        });
        this.tracked.set(info.transferId, { info, path: file.path });
        this.deps.emit('transfer.update', { ...info });
      }
    });
    if (offerIds.length === 0) throw commandFailure(firstError);
    return { offerIds };
  }

  /**
   * Offers the files to everyone else in the room at once: one group offer, each file uploaded once however many
   * accept; each receiver gets their own TransferInfo per file (waiting until they answer).
   */
  async offerRoom(fileIds: string[]): Promise<{ offerIds: string[] }> {
    const paths = fileIds.map((id) => this.deps.files.get(id).path);
    const core = this.requireCore();
    let offer: OutgoingOffer;
    try {
      offer = await core.sendGroup('*', paths);
    } catch (error) {
      if (error instanceof ProtocolError) throw commandFailure(error);
      throw new AppFailure('file_unreadable', error instanceof Error ? error.message : String(error));
    }
    const to = offer.group ?? [];
    this.groups.add(offer.offer, to);
    to.forEach((peer, slot) => {
      for (const [index, file] of offer.files.entries()) {
        const info = newTransfer({
          transferId: groupTransferKey(offer.offer, index, slot),
          offerId: offer.offer,
          direction: 'send',
          peer,
          name: file.name,
          size: file.size,
          state: 'waiting',
        });
        this.tracked.set(info.transferId, { info: { ...info, index, group: true }, path: file.path });
        this.deps.emit('transfer.update', { ...info, index, group: true });
      }
    });
    return { offerIds: [offer.offer] };
  }

  async answer(answer: OfferAnswer): Promise<null> {
    const offer = this.offers.get(answer.offerId);
    if (!offer)
      throw new AppFailure(
        'no_such_offer',
        'That offer is no longer waiting for an answer (it expired or was cancelled).',
      );
    const core = this.requireCore();
    if (answer.decision === 'decline') {
      this.offers.delete(offer.offerId);
      this.deps.onDeclined?.(offer.offerId);
      await core.decline(offer.offerId).catch((error: unknown) => this.ignoreGone(error));
      return null;
    }
    const saveTo = await askSaveFolder(answer, offer, this.deps.settings.get(), this.deps.platform.dialogs);
    if (answer.alwaysAccept) await this.trusted.trust(offer);
    await this.accept(offer, answer.indices, saveTo);
    return null;
  }

  async cancel(transferId: string): Promise<null> {
    const t = this.find(transferId);
    if (TERMINAL.has(t.info.state)) return null;
    t.cancelledByMe = true;
    const core = this.requireCore();
    const gone = (error: unknown): void => this.ignoreGone(error);
    if (t.coreId === undefined && t.info.direction === 'send' && this.groups.has(t.info.offerId)) {
      // One receiver's file of my group offer, before the upload started: that file if they accepted it, else their
      // answer; never the offer to everyone else.
      const peer = nickKey(t.info.peer);
      const mine = core
        .transfers()
        .find((x) => x.offer === t.info.offerId && x.index === t.info.index && nickKey(x.peer) === peer);
      if (mine) await core.cancel(mine.transfer).catch(gone);
      else await core.cancelFor(t.info.offerId, t.info.peer).catch(gone);
      return null;
    }
    await core.cancel(t.coreId ?? t.info.offerId).catch(gone);
    return null;
  }

  async resume(transferId: string): Promise<{ offerIds: string[] }> {
    const t = this.find(transferId);
    const [registered] = await this.deps.files.register([resumeSource(t.info, t.path)]);
    return this.offer([t.info.peer], [registered!.fileId]);
  }

  /** Forgets every transfer that is over, except a send that can still be resumed. */
  clearFinished(): { transferIds: string[] } {
    const transferIds: string[] = [];
    for (const [id, t] of this.tracked) {
      if (!TERMINAL.has(t.info.state) || t.info.resumable) continue;
      this.tracked.delete(id);
      transferIds.push(id);
    }
    return { transferIds };
  }

  async showInFolder(transferId: string): Promise<null> {
    const t = this.find(transferId);
    if (t.info.direction !== 'receive' || t.info.state !== 'verified' || !t.path) {
      throw new AppFailure('not_finished', 'Only a received, verified file can be shown in its folder.');
    }
    this.deps.platform.showItemInFolder(t.path);
    return null;
  }

  dispose(): void {
    this.core?.dispose();
    this.core = undefined;
  }

  private async onOffer(core: Parameters<typeof toIncomingOffer>[0]): Promise<void> {
    const auto = this.trusted.consentFor(core) === 'auto_accept';
    const offer = toIncomingOffer(core, auto);
    this.offers.set(offer.offerId, offer);
    this.deps.emit('file.offer', offer);
    if (auto) await this.accept(offer, undefined, undefined).catch((error: unknown) => this.ignoreGone(error));
  }

  private async accept(offer: IncomingOffer, indices: number[] | undefined, saveTo: string | undefined): Promise<void> {
    const chosen = indices ?? offer.files.map((f) => f.index);
    const downloadDir = this.deps.settings.get().downloadDir;
    const folder = saveTo ?? (downloadDir !== this.coreDir ? downloadDir : undefined);
    this.offers.delete(offer.offerId);
    for (const file of offer.files.filter((f) => chosen.includes(f.index))) {
      const info = newTransfer({
        transferId: transferKey(offer.offerId, file.index),
        offerId: offer.offerId,
        direction: 'receive',
        peer: offer.from,
        name: file.name,
        size: file.size,
        state: 'accepted',
        bytes: file.resumeFrom ?? 0,
      });
      this.tracked.set(info.transferId, { info, ...(folder ? { saveTo: folder } : {}) });
      this.deps.emit('transfer.update', { ...info });
    }
    // The files not chosen are declined (the chosen ones are accepted by now).
    if (chosen.length < offer.files.length) this.deps.onDeclined?.(offer.offerId);
    try {
      await this.requireCore().accept(offer.offerId, chosen);
    } catch (error) {
      for (const index of chosen)
        this.update(transferKey(offer.offerId, index), {
          state: 'failed',
          reason: 'protocol_error',
          message: 'The offer could not be accepted.',
          finishedAt: Date.now(),
        });
      // The core's own refusals (the offer is no longer waiting, the folder cannot be used) reach the UI as
      // no_such_offer, with the core's sentence.
      throw commandFailure(error instanceof TransferError ? new AppFailure('no_such_offer', error.message) : error);
    }
  }

  private async onEnded(result: TransferResult): Promise<void> {
    const id = this.groups.key(result.offer, result.index, result.peer);
    const t = this.tracked.get(id);
    if (!t) return;
    if (result.ok) {
      let path = result.path;
      if (path && t.saveTo) {
        path = await moveIntoFolder(path, t.saveTo).catch(() => path);
      }
      if (t.info.direction === 'receive') t.path = path;
      const previewUrl = t.info.direction === 'receive' && path ? await this.deps.previews?.register(path) : undefined;
      this.update(id, {
        state: 'verified',
        bytes: result.size,
        canShowInFolder: t.info.direction === 'receive' && !!path,
        ...(previewUrl ? { previewUrl } : {}),
        finishedAt: Date.now(),
        message: result.message,
      });
    } else {
      const reason = result.reason ?? 'interrupted';
      const end = endState(reason, t.info.direction, !!t.cancelledByMe, result.keptForResume);
      const resumable = canResume(t.info.direction, end);
      this.update(id, { ...end, bytes: result.bytes, message: result.message, resumable, finishedAt: Date.now() });
    }
    if (t.info.direction === 'receive') this.reportReceived(result.offer);
  }

  /** Tells `onReceived` once the last file I accepted from `offerId` has ended, unless I cancelled any of them. */
  private reportReceived(offerId: string): void {
    const mine = [...this.tracked.values()].filter((t) => t.info.offerId === offerId && t.info.direction === 'receive');
    if (mine.length === 0 || mine.some((t) => !TERMINAL.has(t.info.state) || t.cancelledByMe)) return;
    const verified = mine.filter((t) => t.info.state === 'verified').map((t) => t.info.name);
    const failed = mine.filter((t) => t.info.state !== 'verified').map((t) => t.info.name);
    this.deps.onReceived?.({ from: mine[0]!.info.peer, verified, failed });
  }

  private update(id: string, patch: Partial<TransferInfo>): void {
    const t = this.tracked.get(id);
    if (!t) return;
    t.info = { ...t.info, ...patch };
    this.deps.emit('transfer.update', { ...t.info });
  }

  private find(transferId: string): Tracked {
    const t = this.tracked.get(transferId);
    if (!t) throw new AppFailure('no_such_transfer', 'That transfer is not known (any more).');
    return t;
  }

  private requireCore(): FileTransfers {
    if (!this.core) throw new AppFailure('not_connected', 'You are not in a room.');
    return this.core;
  }

  /** The other side ended it at the same moment: nothing left to do. */
  private ignoreGone(error: unknown): void {
    if (error instanceof AppFailure) throw error;
    if (isTransferError(error, 'offer_not_pending')) return;
    throw commandFailure(error);
  }
}
