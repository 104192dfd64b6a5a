/**
 * My group offers in the app (`files.offerRoom`): who each went to, so every event of the transfer core (which names
 * the receiver) finds that receiver's own TransferInfo. Ids: `<offer>:<file index>@<receiver's place in the offer>`,
 * short and stable whatever the nicknames; a one-to-one offer keeps `<offer>:<file index>` (transferKey).
 */
import { nickKey } from '../protocol/nickname.js';
import { transferKey } from './transfer-mapping.js';

/** How many group offers are remembered (the oldest are let go; their transfers ended long ago). */
const MAX_GROUPS = 200;

export class GroupSends {
  /** Offer id → the receivers' nick keys, in the order the host listed them. */
  private readonly groups = new Map<string, string[]>();

  add(offer: string, to: readonly string[]): void {
    this.groups.set(offer, to.map(nickKey));
    if (this.groups.size > MAX_GROUPS) this.groups.delete(this.groups.keys().next().value!);
  }

  has(offer: string): boolean {
    return this.groups.has(offer);
  }

  /** The app's id of file `index` of `offer` to `peer` (for a one-to-one offer, or one made to me: transferKey). */
  key(offer: string, index: number, peer: string): string {
    const slot = this.groups.get(offer)?.indexOf(nickKey(peer)) ?? -1;
    return slot < 0 ? transferKey(offer, index) : groupTransferKey(offer, index, slot);
  }
}

export function groupTransferKey(offer: string, index: number, slot: number): string {
  return `${transferKey(offer, index)}@${slot}`;
}
