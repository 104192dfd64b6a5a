import { useId, useState } from 'react';
import type { OfferAnswer } from '@contract/ipc-contract';
import { useLocale, useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import { formatBytes } from '../../lib/format';
import type { OfferView } from '../../store/model';
import { Avatar } from '../ui/Avatar';
import { Button } from '../ui/Button';
import { Dialog } from '../ui/Dialog';
import { Icon } from '../ui/Icon';
import { Countdown } from './Countdown';

/**
 * A file offer: who, what, how big. Nothing is written before Accept (or Save to…). With several files, each has a
 * checkbox (all ticked at first) and only the ticked ones are accepted; the others are declined. Later (or Escape)
 * puts the dialog away without an answer: the offer's card in the conversation still has Accept and Decline.
 */
export function OfferDialog({
  offer,
  onAnswer,
  onLater,
}: {
  offer: OfferView;
  onAnswer: (answer: OfferAnswer) => void;
  /** Closed without an answer (Later, Escape): the offer stays open on its card in the conversation. */
  onLater: () => void;
}) {
  const t = useT();
  const locale = useLocale();
  const [always, setAlways] = useState(false);
  const [chosen, setChosen] = useState<ReadonlySet<number>>(() => new Set(offer.files.map((file) => file.index)));
  const alwaysId = useId();
  const from = displayName(offer.from, 40);
  const several = offer.files.length > 1;
  const all = chosen.size === offer.files.length;
  const chosenBytes = offer.files.reduce((sum, file) => sum + (chosen.has(file.index) ? file.size : 0), 0);
  const toggle = (index: number) =>
    setChosen((before) => {
      const next = new Set(before);
      if (!next.delete(index)) next.add(index);
      return next;
    });
  const accept = (chooseFolder: boolean) =>
    onAnswer({
      offerId: offer.offerId,
      decision: 'accept',
      ...(all ? {} : { indices: offer.files.filter((file) => chosen.has(file.index)).map((file) => file.index) }),
      chooseFolder,
      alwaysAccept: always,
    });
  return (
    <Dialog
      alert
      icon={<Avatar nick={offer.from} size="lg" />}
      title={t.offerTitle}
      description={
        <span dir="auto" className="bidi-isolate">
          {t.offerBody(from, offer.files.length)}
        </span>
      }
      onClose={onLater}
      footer={
        <>
          <Button variant="ghost" onClick={onLater} className="mr-auto">
            {t.later}
          </Button>
          <Button onClick={() => onAnswer({ offerId: offer.offerId, decision: 'decline' })}>{t.decline}</Button>
          <Button icon="folder" onClick={() => accept(true)} disabled={chosen.size === 0}>
            {t.saveTo}
          </Button>
          <Button
            variant="primary"
            icon="download"
            onClick={() => accept(false)}
            disabled={chosen.size === 0}
            data-autofocus
          >
            {t.accept}
          </Button>
        </>
      }
    >
      <ul
        className="scrollbar-thin max-h-56 divide-y divide-line overflow-y-auto rounded-xl border border-line bg-sidebar"
        aria-label={t.files}
      >
        {offer.files.map((file) => (
          <li key={file.index} className="flex items-center gap-3 px-3 py-2.5">
            {several ? (
              <input
                type="checkbox"
                checked={chosen.has(file.index)}
                onChange={() => toggle(file.index)}
                aria-label={t.receiveFile(displayName(file.name, 80))}
                className="size-4 shrink-0 accent-[var(--sb-accent)]"
              />
            ) : null}
            <Icon name="file" className="size-5 shrink-0 text-muted" />
            <span className="min-w-0 flex-1">
              <bdi
                className="bidi-isolate block truncate text-sm font-medium text-fg"
                title={displayName(file.name, 255)}
              >
                {displayName(file.name, 80)}
              </bdi>
              {file.resumeFrom ? (
                <span className="text-xs text-ok">{t.resumeFrom(formatBytes(file.resumeFrom, locale))}</span>
              ) : null}
            </span>
            <span className="shrink-0 text-xs tabular-nums text-muted">{formatBytes(file.size, locale)}</span>
          </li>
        ))}
      </ul>
      <div className="mt-2 flex justify-between px-1 text-xs text-muted">
        <span>{all ? t.total : t.chosenTotal(chosen.size, offer.files.length)}</span>
        <span className="tabular-nums font-medium text-fg">{formatBytes(chosenBytes, locale)}</span>
      </div>
      <label htmlFor={alwaysId} className="mt-4 flex cursor-pointer items-center gap-2.5 text-sm text-fg">
        <input
          id={alwaysId}
          type="checkbox"
          checked={always}
          onChange={(e) => setAlways(e.target.checked)}
          className="size-4 accent-[var(--sb-accent)]"
        />
        {t.alwaysAccept}
      </label>
      <div className="mt-4">
        <Countdown expiresAt={offer.expiresAt} totalMs={offer.expiresInMs} />
      </div>
    </Dialog>
  );
}
