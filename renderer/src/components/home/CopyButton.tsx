import { useState } from 'react';
import { useT } from '../../i18n/i18n';
import { Button } from '../ui/Button';

/** Copies `text`; its accessible name is "Copy <label>", its visible text `visibleLabel` (default "Copy"). */
export function CopyButton({ text, label, visibleLabel }: { text: string; label: string; visibleLabel?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="sm"
      variant={copied ? 'subtle' : 'secondary'}
      icon={copied ? 'check' : 'copy'}
      aria-label={visibleLabel ? undefined : `${t.copy} ${label}`}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          setCopied(false);
        }
      }}
    >
      {copied ? t.copied : (visibleLabel ?? t.copy)}
    </Button>
  );
}
