import { memo } from 'react';
import { displayText } from '../../lib/display-text';
import { splitLinks } from '../../lib/links';
import { useOpenLink } from './LinkOpener';

/** Peer text as React text nodes: escapes stripped, bidi isolated, http(s) links that ask before opening. */
export const MessageText = memo(function MessageText({ text }: { text: string }) {
  const openLink = useOpenLink();
  const segments = splitLinks(displayText(text));
  return (
    <div dir="auto" className="bidi-isolate whitespace-pre-wrap break-words select-text">
      {segments.map((segment, i) =>
        segment.kind === 'text' ? (
          segment.text
        ) : (
          <a
            key={i}
            href={segment.href}
            rel="noreferrer noopener"
            className="text-accent underline decoration-accent/40 underline-offset-2 hover:decoration-accent"
            onClick={(event) => {
              event.preventDefault();
              openLink(segment.href);
            }}
            onAuxClick={(event) => event.preventDefault()}
          >
            {segment.text}
          </a>
        ),
      )}
    </div>
  );
});
