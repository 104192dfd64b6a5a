/**
 * Requests put off with "Later" (or Escape): a 1:1 request or a file offer stays here, one button each to answer it,
 * until it is answered or expires (then the host ends it and it leaves the list).
 */
import { useNow } from '../../hooks/use-now';
import { useT } from '../../i18n/i18n';
import { Icon } from '../ui/Icon';

export interface PendingRequest {
  key: string;
  text: string;
  expiresAt: number;
}

export function PendingConsent({ items, onOpen }: { items: readonly PendingRequest[]; onOpen: (key: string) => void }) {
  const t = useT();
  const now = useNow();
  const live = items.filter((item) => item.expiresAt > now);
  if (live.length === 0) return null;
  return (
    <section
      aria-label={t.waitingAnswers}
      className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1.5 border-b border-line bg-accent-soft px-5 py-2 text-[13px] text-accent"
    >
      <Icon name="clock" className="size-4 shrink-0" />
      {live.map((item) => (
        <button
          key={item.key}
          type="button"
          onClick={() => onOpen(item.key)}
          className="inline-flex min-w-0 items-center gap-2 rounded-md text-left font-medium hover:underline"
        >
          <bdi dir="auto" className="bidi-isolate min-w-0 truncate">
            {item.text}
          </bdi>
          <span className="shrink-0 rounded-md bg-accent px-2 py-0.5 text-xs font-semibold text-accent-fg">
            {t.answer}
          </span>
        </button>
      ))}
    </section>
  );
}
