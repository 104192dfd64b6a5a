/**
 * A room its host closed: said plainly where the composer was, with the way home and the way back in (the
 * conversation above stays readable). A failed rejoin says why and leaves both buttons.
 */
import { useId, useState } from 'react';
import type { AppError } from '@contract/ipc-contract';
import { errorText } from '../../app/error-text';
import { useT } from '../../i18n/i18n';
import { Button } from '../ui/Button';
import { Icon } from '../ui/Icon';

export function RoomClosed({
  onHome,
  onRejoin,
}: {
  onHome: () => void;
  /** Resolves with the error to show, or null once joined. */
  onRejoin: () => Promise<AppError | null>;
}) {
  const t = useT();
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const rejoin = async () => {
    setBusy(true);
    setError(null);
    const failed = await onRejoin();
    setBusy(false);
    setError(failed);
  };
  return (
    <section
      aria-labelledby={titleId}
      className="flex shrink-0 flex-col items-center gap-3 border-t border-line bg-sidebar px-5 py-6 text-center"
    >
      <span className="flex size-10 items-center justify-center rounded-xl bg-danger-soft text-danger">
        <Icon name="server" className="size-5" />
      </span>
      <div role="status">
        <h2 id={titleId} className="text-[15px] font-semibold tracking-tight text-fg">
          {t.roomClosedTitle}
        </h2>
      </div>
      <p className="max-w-md text-[13px] text-muted">{t.roomClosedBody}</p>
      <div className="flex flex-wrap justify-center gap-2">
        <Button variant="primary" icon="home" onClick={onHome} data-autofocus>
          {t.backHome}
        </Button>
        <Button icon="refresh" onClick={() => void rejoin()} disabled={busy}>
          {busy ? t.rejoining : t.rejoin}
        </Button>
      </div>
      {error && (
        <p role="alert" className="max-w-md text-[13px] text-danger">
          {errorText(t, error)}
        </p>
      )}
    </section>
  );
}
