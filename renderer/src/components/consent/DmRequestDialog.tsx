import { useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import type { DmRequestView } from '../../store/model';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { Countdown } from './Countdown';

const REQUEST_MS = 60_000;

/** Someone asks for a 1:1: accept or decline before the countdown ends; Later (or Escape) answers neither. */
export function DmRequestDialog({
  request,
  onAnswer,
  onLater,
}: {
  request: DmRequestView;
  onAnswer: (accept: boolean) => void;
  onLater: () => void;
}) {
  const t = useT();
  return (
    <Dialog
      alert
      width="sm"
      icon={<Avatar nick={request.from} size="lg" />}
      title={t.dmRequestTitle}
      description={
        <span dir="auto" className="bidi-isolate">
          {t.dmRequestBody(displayName(request.from, 40))}
        </span>
      }
      onClose={onLater}
      footer={
        <>
          <Button variant="ghost" onClick={onLater}>
            {t.later}
          </Button>
          <Button onClick={() => onAnswer(false)}>{t.decline}</Button>
          <Button variant="primary" onClick={() => onAnswer(true)} data-autofocus>
            {t.accept}
          </Button>
        </>
      }
    >
      <Countdown expiresAt={request.expiresAt} totalMs={REQUEST_MS} />
    </Dialog>
  );
}
