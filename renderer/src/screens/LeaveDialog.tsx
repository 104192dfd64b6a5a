/** "Leave this room?": what leaving ends (a 1:1, transfers in progress), with Stay as the safe default. */
import { ConfirmDialog } from '../components/ui/ConfirmDialog';
import { useT } from '../i18n/i18n';
import { displayName } from '../lib/display-text';

export function LeaveDialog({
  dmPeer,
  liveTransfers,
  onLeave,
  onStay,
}: {
  dmPeer: string | undefined;
  liveTransfers: number;
  onLeave: () => void;
  onStay: () => void;
}) {
  const t = useT();
  const ends = [
    ...(dmPeer ? [t.leaveConfirmDm(displayName(dmPeer, 24))] : []),
    ...(liveTransfers > 0 ? [t.leaveConfirmTransfers(liveTransfers)] : []),
  ];
  return (
    <ConfirmDialog
      title={t.leaveConfirmTitle}
      description={[t.leaveConfirmBody, ...ends].join(' ')}
      confirmLabel={t.leave}
      cancelLabel={t.stay}
      danger
      onConfirm={onLeave}
      onCancel={onStay}
    />
  );
}
