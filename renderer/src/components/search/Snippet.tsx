/** A search result's text with the matched words marked: React text and <mark> elements, never HTML. */
import type { HistorySearchHit } from '@contract/ipc-contract';
import { displayText } from '../../lib/display-text';
import { highlightParts } from '../../lib/highlight';

export function Snippet({ snippet }: { snippet: HistorySearchHit['snippet'] }) {
  const parts = highlightParts(snippet.text, snippet.ranges);
  return (
    <p dir="auto" className="bidi-isolate line-clamp-3 whitespace-pre-wrap break-words text-[13px] text-fg">
      {snippet.cutStart && '…'}
      {parts.map((part, i) =>
        part.match ? (
          <mark key={i} className="rounded-sm bg-warn-soft px-0.5 text-fg">
            {displayText(part.text)}
          </mark>
        ) : (
          displayText(part.text)
        ),
      )}
      {snippet.cutEnd && '…'}
    </p>
  );
}
