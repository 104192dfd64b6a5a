/**
 * The composer's count near the room's limit: "1,204 bytes left", or "230 bytes over the limit" in the warning
 * colour. The textarea points at it (aria-describedby); screen readers hear it politely only when the state changes
 * (near, over, back under), not on every keystroke.
 */
import { useEffect, useState } from 'react';
import { useLocale, useT } from '../../i18n/i18n';
import { formatCount } from '../../lib/format';
import type { MessageSize } from './use-message-size';

export function LengthMeter({ id, size }: { id: string; size: MessageSize }) {
  const t = useT();
  const locale = useLocale();
  const state = size.over ? 'over' : size.near ? 'near' : 'ok';
  // Rendered with the room on every frame messages arrive: a cached formatter (toLocaleString builds one per call).
  const count = (n: number) => formatCount(n, locale);
  const sentence = size.over
    ? t.bytesOver(count(size.bytes - size.limit))
    : t.bytesLeft(count(size.limit - size.bytes));
  const [announced, setAnnounced] = useState('');
  useEffect(() => {
    setAnnounced(state === 'ok' ? '' : sentence);
    // Only a change of state is announced (the sentence at that moment says how far), not every keystroke.
  }, [state]);
  return (
    <>
      {state !== 'ok' && (
        <p
          id={id}
          title={t.limitExplained(count(size.limit))}
          data-state={state}
          className={`shrink-0 tabular-nums ${size.over ? 'font-semibold text-danger' : 'text-muted'}`}
        >
          {sentence}
        </p>
      )}
      <span className="sr-only" aria-live="polite">
        {announced}
      </span>
    </>
  );
}
