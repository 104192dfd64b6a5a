import { useT } from '../../i18n/i18n';
import { ConfirmDialog } from '../ui/ConfirmDialog';

/**
 * The room at an address we pinned shows another identity: say what that can mean, show both room codes, and let the
 * user go back (the default, focused) or explicitly trust the new identity.
 */
export function IdentityChangedDialog({
  where,
  oldCode,
  newCode,
  onCancel,
  onTrust,
}: {
  where: string;
  oldCode?: string | undefined;
  newCode?: string | undefined;
  onCancel: () => void;
  onTrust: () => void;
}) {
  const t = useT();
  return (
    <ConfirmDialog
      danger
      title={t.identityChangedTitle}
      description={t.identityChangedBody(where)}
      confirmLabel={t.trustNewIdentity}
      cancelLabel={t.cancel}
      onCancel={onCancel}
      onConfirm={onTrust}
    >
      {(oldCode || newCode) && (
        <dl className="grid grid-cols-[auto_1fr] items-baseline gap-x-4 gap-y-1.5 rounded-lg border border-line bg-sidebar px-3 py-2.5 text-[13px]">
          {oldCode && (
            <>
              <dt className="text-muted">{t.identityOldCode}</dt>
              <dd className="font-mono text-fg">{oldCode}</dd>
            </>
          )}
          {newCode && (
            <>
              <dt className="text-muted">{t.identityNewCode}</dt>
              <dd className="font-mono font-semibold text-danger">{newCode}</dd>
            </>
          )}
        </dl>
      )}
    </ConfirmDialog>
  );
}
