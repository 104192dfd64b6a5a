/**
 * The consent rules for incoming files: whose offers are accepted without asking ("always accept files from this
 * person"), and when the user is asked where to save an offer's files.
 *
 * Trust is keyed by `trustKey` alone: the sender's key fingerprint as the host stamped it on them in the room's user
 * list, never the nickname. A sender without a key is never accepted automatically, and someone else who later joins
 * under a trusted person's nickname is asked about like anyone new. Trust is remembered in People (people.json).
 */
import type { IncomingOffer } from '@contract/ipc-contract';
import { AppFailure } from './app-error.js';
import type { DesktopPlatform } from './platform.js';

/** The key fingerprint of a member of the current room, by nickname (undefined: no such member, or no key). */
export type FingerprintOf = (nick: string) => string | undefined;

/** Where trust is remembered (People). */
export interface TrustStore {
  isTrusted(fingerprint: string): boolean;
  setTrusted(fingerprint: string, trusted: boolean): Promise<void>;
}

/** What identifies a sender for trust: every trust check goes through here. Undefined: cannot be trusted. */
export function trustKey(offer: Pick<IncomingOffer, 'from'>, fingerprintOf: FingerprintOf): string | undefined {
  return fingerprintOf(offer.from);
}

/** How an incoming offer is answered: at once (its sender is trusted), or by asking the user. */
export type Consent = 'auto_accept' | 'ask';

/** The senders (keys) whose files are accepted without asking. */
export class TrustedSenders {
  /** Keys trusted in this app run (what `store` also remembers, or all there is without one). */
  private readonly trusted = new Set<string>();

  constructor(
    private readonly fingerprintOf: FingerprintOf,
    private readonly store?: TrustStore,
  ) {}

  /** The user answered "always accept files from this person": trusts their key (nothing when they have none). */
  async trust(offer: Pick<IncomingOffer, 'from'>): Promise<void> {
    const key = trustKey(offer, this.fingerprintOf);
    if (key === undefined) return;
    this.trusted.add(key);
    await this.store?.setTrusted(key, true);
  }

  consentFor(offer: Pick<IncomingOffer, 'from'>): Consent {
    const key = trustKey(offer, this.fingerprintOf);
    if (key === undefined) return 'ask';
    return this.trusted.has(key) || this.store?.isTrusted(key) ? 'auto_accept' : 'ask';
  }
}

/**
 * The folder an accepted offer's files go to when the user must be asked ("Save to…", or asked every time by the
 * settings); undefined when they go to the download folder. Throws `cancelled` when the user closes the dialog (the
 * offer stays open).
 */
export async function askSaveFolder(
  answer: { chooseFolder?: boolean | undefined },
  offer: Pick<IncomingOffer, 'from'>,
  settings: { askWhereToSave: boolean; downloadDir: string },
  dialogs: DesktopPlatform['dialogs'],
): Promise<string | undefined> {
  if (!answer.chooseFolder && !settings.askWhereToSave) return undefined;
  const folder = await dialogs.pickFolder({
    title: `Save files from ${offer.from} in`,
    defaultPath: settings.downloadDir,
  });
  if (folder === null) throw new AppFailure('cancelled', 'No folder was chosen; the offer is still open.');
  return folder;
}
