/**
 * A file card's files as they are now: the card's stored state, overlaid with the live transfer (state, bytes,
 * speed, preview) and the live offer. A card whose files were on their way when the app last stopped (no live
 * transfer or offer any more) shows them as interrupted.
 */
import type { HistoryCardFile, HistoryCardReceiver, TransferFailReason, TransferState } from '@contract/ipc-contract';
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
  /** My group offer: each person's own state and progress for this file. */
  receivers?: ReceiverView[];
}

export interface ReceiverView {
  nick: string;
  transferId?: string;
  state: TransferState;
  reason?: TransferFailReason;
  bytes: number;
  size: number;
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
    if (file.receivers) return groupFile(file, i, transfers);
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

/** A file of my group offer: its rows are its receivers; the file is live while anyone's transfer is. */
function groupFile(file: HistoryCardFile, i: number, transfers: readonly TransferView[]): CardFileView {
  const receivers = (file.receivers ?? []).map((r) => receiverView(r, file.size, transfers));
  const states = receivers.map((r) => r.state);
  const state =
    (['running', 'verifying', 'accepted', 'waiting'] as const).find((s) => states.includes(s)) ??
    (states.includes('verified') ? 'verified' : (states[0] ?? 'waiting'));
  return {
    key: `${file.index ?? i}`,
    name: file.name,
    size: file.size,
    bytes: Math.max(0, ...receivers.map((r) => r.bytes)),
    state,
    canShowInFolder: false,
    receivers,
  };
}

/** One receiver of my group offer as now: the stored state, overlaid with their live transfer. */
function receiverView(receiver: HistoryCardReceiver, size: number, transfers: readonly TransferView[]): ReceiverView {
  const live =
    receiver.transferId === undefined ? undefined : transfers.find((t) => t.transferId === receiver.transferId);
  const state: TransferState = live?.state ?? (LIVE.has(receiver.state) ? 'interrupted' : receiver.state);
  const reason = live?.reason ?? receiver.reason;
  return {
    nick: receiver.nick,
    ...(receiver.transferId ? { transferId: receiver.transferId } : {}),
    state,
    ...(reason ? { reason } : {}),
    bytes: live?.bytes ?? (state === 'verified' ? size : 0),
    size,
  };
}

export const isLiveState = (state: TransferState): boolean => LIVE.has(state);
