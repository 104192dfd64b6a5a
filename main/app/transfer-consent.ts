/**
 * The consent rules for incoming files: whose offers are accepted without asking ("always accept from this person
 * in this room", for this room session only), and when the user is asked where to save an offer's files.
 *
 * Trust is keyed by `trustKey` alone, so changing what identifies a sender (today the nickname, later the identity's
 * fingerprint) is a change to that one function.
 */
import type { IncomingOffer } from '@contract/ipc-contract';
import { nickKey } from '../protocol/nickname.js';
import { AppFailure } from './app-error.js';
import type { DesktopPlatform } from './platform.js';

/** What identifies a sender for trust: every trust check goes through here. */
export function trustKey(offer: Pick<IncomingOffer, 'from'>): string {
  return nickKey(offer.from);
}

/** How an incoming offer is answered: at once (its sender is trusted), or by asking the user. */
export type Consent = 'auto_accept' | 'ask';

/** The senders trusted in the current room session. */
export class TrustedSenders {
  private trusted = new Set<string>();

  /** A new room session: nobody is trusted any more. */
  reset(): void {
    this.trusted = new Set();
  }

  /** The user answered "always accept from this person in this room". */
  trust(offer: Pick<IncomingOffer, 'from'>): void {
    this.trusted.add(trustKey(offer));
  }

  consentFor(offer: Pick<IncomingOffer, 'from'>): Consent {
    return this.trusted.has(trustKey(offer)) ? 'auto_accept' : 'ask';
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
