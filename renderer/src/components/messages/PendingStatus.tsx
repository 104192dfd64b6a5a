/**
 * Under one of my messages the room has not posted yet: "Sending…", or "Not sent" with the reason and the Retry and
 * Delete buttons (named after the message, for screen readers and keyboard users).
 */
import { errorText } from '../../app/error-text';
import { useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import type { PendingMessage } from '../../store/model';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';

export interface PendingHandlers {
  onRetry: (cid: string) => void;
  onDiscard: (cid: string) => void;
}

export function PendingStatus({ pending, handlers }: { pending: PendingMessage; handlers?: PendingHandlers }) {
  const t = useT();
  if (pending.state === 'sent') return null;
  if (pending.state === 'sending')
    return (
      <p className="mt-0.5 flex items-center gap-1 text-[11px] text-faint" data-state="sending">
        <Icon name="clock" className="size-3" />
        {t.outboxSending}
      </p>
    );
  const excerpt = displayName(pending.text, 40);
  const reason =
    pending.error?.code === 'not_connected'
      ? t.outboxOffline
      : pending.error
        ? errorText(t, pending.error, pending.to ?? '')
        : t.errorGeneric;
  return (
    <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs" data-state="failed">
      <p className="flex min-w-0 items-start gap-1 font-medium text-danger">
        <Icon name="alert" className="mt-px size-3.5 shrink-0" />
        <span className="min-w-0">
          {t.outboxFailed} {reason}
        </span>
      </p>
      {handlers && (
        <span className="flex gap-1.5">
          <Button
            size="sm"
            variant="secondary"
            icon="refresh"
            aria-label={t.outboxRetry(excerpt)}
            onClick={() => handlers.onRetry(pending.cid)}
          >
            {t.retry}
          </Button>
          <Button
            size="sm"
            variant="ghost"
            icon="x"
            aria-label={t.outboxDelete(excerpt)}
            onClick={() => handlers.onDiscard(pending.cid)}
          >
            {t.delete}
          </Button>
        </span>
      )}
    </div>
  );
}
