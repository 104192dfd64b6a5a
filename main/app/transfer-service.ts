/**
 * Files in the desktop app: offers I make and receive, consent, transfers with progress, "always accept from this
 * person in this room", and "show in folder". Wraps the file-transfer core (main/transfer).
 */
import type { IncomingOffer, OfferAnswer, TransferInfo } from '../../electron/ipc-contract.js';
import type { ClientSession } from '../client/session.js';
import { AppFailure } from './app-error.js';
import type { EventSink } from './event-outbox.js';
import type { FileRegistry } from './file-registry.js';
import type { DesktopPlatform } from './platform.js';
import type { SettingsStore } from './settings-store.js';

export interface TransferServiceDeps {
  emit: EventSink;
  files: FileRegistry;
  settings: SettingsStore;
  platform: DesktopPlatform;
}

const NOT_YET = 'File sending is not available in this build yet.';

export class TransferService {
  private readonly transfers = new Map<string, TransferInfo>();
  private readonly offers = new Map<string, IncomingOffer>();

  constructor(private readonly deps: TransferServiceDeps) {}

  attach(_session: ClientSession): void {}

  pendingOffers(): IncomingOffer[] {
    return [...this.offers.values()];
  }

  list(): TransferInfo[] {
    return [...this.transfers.values()];
  }

  async offer(_to: string[], fileIds: string[]): Promise<{ offerIds: string[] }> {
    for (const id of fileIds) this.deps.files.get(id);
    throw new AppFailure('transfer_unsupported', NOT_YET);
  }

  async answer(answer: OfferAnswer): Promise<null> {
    throw new AppFailure('no_such_offer', `There is no pending offer ${answer.offerId}.`);
  }

  async cancel(transferId: string): Promise<null> {
    return this.missing(transferId);
  }

  async resume(transferId: string): Promise<null> {
    return this.missing(transferId);
  }

  async showInFolder(transferId: string): Promise<null> {
    return this.missing(transferId);
  }

  dispose(): void {}

  private missing(transferId: string): never {
    throw new AppFailure('no_such_transfer', `There is no transfer ${transferId}.`);
  }
}
