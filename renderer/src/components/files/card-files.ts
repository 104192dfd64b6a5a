/**
 * A file card's files as they are now: the card's stored state, overlaid with the live transfer (state, bytes,
 * speed, preview) and the live offer. A card whose files were on their way when the app last stopped (no live
 * transfer or offer any more) shows them as interrupted.
 */
import type { HistoryCardFile, TransferFailReason, TransferState } from '@contract/ipc-contract';
import type { FileCardEntry, OfferView, TransferView } from '../../store/model';

export interface CardFileView {
  key: string;
  name: string;
  size: number;
  bytes: number;
  state: TransferState;
  reason?: TransferFailReason;
  transferId?: string;
  previewUrl?: string;
  canShowInFolder: boolean;
}

const LIVE: ReadonlySet<TransferState> = new Set(['waiting', 'accepted', 'running', 'verifying']);

/** Only thumbnail URLs the app gives out (its own scheme, or its own route on the page's origin). */
export function isPreviewUrl(url: string | undefined): url is string {
  return url !== undefined && /^(sbfile:\/\/preview\/|\/sbfile\/)[0-9a-f]{32}$/.test(url);
}

export function cardFiles(
  entry: FileCardEntry,
  transfers: readonly TransferView[],
  offer: OfferView | undefined,
): CardFileView[] {
  return entry.file.files.map((file: HistoryCardFile, i) => {
    const live = file.transferId === undefined ? undefined : transfers.find((t) => t.transferId === file.transferId);
    const stored = file.state ?? 'waiting';
    const gone = !live && LIVE.has(stored) && !(stored === 'waiting' && offer);
    const state: TransferState = live?.state ?? (gone ? 'interrupted' : stored);
    const reason = live?.reason ?? file.reason;
    const previewUrl = live?.previewUrl ?? file.previewUrl;
    return {
      key: file.transferId ?? `${i}`,
      name: file.name,
      size: live?.size ?? file.size,
      bytes: live?.bytes ?? (state === 'verified' ? file.size : 0),
      state,
      ...(reason ? { reason } : {}),
      ...(file.transferId ? { transferId: file.transferId } : {}),
      ...(isPreviewUrl(previewUrl) ? { previewUrl } : {}),
      canShowInFolder: live?.canShowInFolder ?? false,
    };
  });
}

export const isLiveState = (state: TransferState): boolean => LIVE.has(state);
